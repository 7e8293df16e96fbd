"""The portal's edges as an attacker meets them: the Host header, cookies, the production
switch, ids out of range, downloads, Word files that unpack to gigabytes, replayed texts,
and how much one victim can hand in within an hour."""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.extensions import db
from portal.models import CaseMessage, InboundText, PersonalStatement
from portal.models.enums import Stage
from portal.services.victim_input import statements
from tests.conftest import csrf_token, page, visible_text

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "TWILIO_ACCOUNT_SID": "AC123", "TWILIO_AUTH_TOKEN": "t", "TWILIO_FROM": "+15005550006",
    "SMTP_HOST": "127.0.0.1", "DEV_OUTBOX": False, "PUBLIC_URL": "https://portal.example",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- hosts, cookies, the production switch -------------------------------------------------

def test_a_forged_host_is_refused_and_never_reflected(client):
    response = client.get("/staff", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.headers.get("Location", "")
    # The trailing-slash redirect from the portal's own host stays on it.
    assert client.get("/staff").headers["Location"] in ("/staff/", "http://localhost/staff/")


def test_production_answers_only_to_its_own_host_and_uses_a_host_only_cookie():
    app = create_app(dict(PRODUCTION), env="production")
    client = app.test_client()
    assert client.get("/sign-in", base_url="https://localhost").status_code == 400
    response = client.get("/sign-in", base_url="https://portal.example")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-portal_session=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn(env: dict, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "--bind", f"127.0.0.1:{port}", "--workers", "1",
                             "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _clean_env(**extra) -> dict:
    keep = {"PATH", "HOME", "LANG", "SYSTEMROOT"}
    return {**{k: v for k, v in os.environ.items() if k in keep}, **extra}


def test_gunicorn_without_portal_env_is_production_and_refuses_without_its_settings():
    process = _gunicorn(_clean_env(), _free_port())
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Refusing to start in production without: SECRET_KEY" in output


def test_the_server_header_names_no_version(tmp_path):
    port = _free_port()
    process = _gunicorn(_clean_env(PORTAL_ENV="development",
                                   DATABASE_URL=f"sqlite:///{tmp_path / 'portal.db'}"), port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
                    server = response.headers.get("Server", "")
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert not any(ch.isdigit() for ch in server), server


def test_demo_refuses_to_run_in_production():
    app = create_app(dict(PRODUCTION), env="production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "production" in result.output


# --- ids out of range --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/cases/99999999999999999999", "/cases/2147483648",
                                  "/cases/0", "/staff/cases/99999999999999999999"])
def test_ids_out_of_range_are_404(client, make, victim_auth, path):
    victim = make.victim()
    make.case(victims=[victim])
    victim_auth.sign_in(victim)
    assert client.get(path).status_code == 404


# --- downloads and uploads ---------------------------------------------------------------------

@pytest.fixture
def victim_case(client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim], stage=Stage.COURT)
    victim_auth.sign_in(victim)
    return victim, case


def upload(client, case, data: bytes, name: str):
    path = f"/cases/{case.id}/statement"
    return client.post(f"{path}/upload", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(client, path), "file-upload": (io.BytesIO(data), name)})


POLYGLOT = b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


@pytest.mark.parametrize("name", ["statement.html", "st\x00atement.pdf", "../../etc/x.pdf"])
def test_a_download_has_a_made_up_name_the_recorded_type_and_nosniff(client, victim_case,
                                                                     name):
    _, case = victim_case
    assert upload(client, case, POLYGLOT, name).status_code == 302
    statement = db.session.scalars(select(PersonalStatement)).one()
    assert "\x00" not in statement.file_name and "/" not in statement.file_name
    response = client.get(f"/cases/{case.id}/statements/{statement.id}/file")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=statement-{statement.id}.pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<xml/>")
        archive.writestr("word/document.xml", b"<w/>" + b"\0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def test_a_word_file_that_unpacks_to_gigabytes_is_refused(app, client, victim_case):
    _, case = victim_case
    data = _bomb()
    assert len(data) < statements.MAX_BYTES  # small on the wire
    # The folder is the session's: files other tests kept may be there already.
    before = set(Path(app.config["UPLOAD_FOLDER"]).iterdir())
    response = upload(client, case, data, "statement.docx")
    assert response.status_code == 400
    assert "PDF" in page(response).find(id="file-upload-error").text
    assert count(PersonalStatement) == 0
    assert set(Path(app.config["UPLOAD_FOLDER"]).iterdir()) == before  # nothing kept


def test_a_victim_can_send_20_messages_an_hour(client, victim_case):
    _, case = victim_case
    path = f"/cases/{case.id}/messages"
    token = csrf_token(client, path)
    statuses = [client.post(path, data={"csrf_token": token, "body": f"Message {n}"}).status_code
                for n in range(21)]
    assert statuses == [302] * 20 + [429]
    assert count(CaseMessage) == 20
    refused = client.post(path, data={"csrf_token": token, "body": "One more"})
    assert "sent a lot of messages in the last hour" in visible_text(refused)
    assert count(CaseMessage) == 20


def test_a_victim_can_upload_10_files_an_hour(client, victim_case):
    _, case = victim_case
    statuses = [upload(client, case, POLYGLOT, "s.pdf").status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
    assert count(PersonalStatement) == 10


# --- texts ------------------------------------------------------------------------------------

INBOUND = "/webhooks/twilio/inbound"


def text(victim, body: str, sid: str) -> dict:
    return {"MessageSid": sid, "From": victim.phone, "To": "+447700900000", "Body": body}


def test_a_replayed_stop_or_start_changes_nothing(twilio_post, make, contactable):
    victim = contactable(channels=["sms", "email"])
    make.case(victims=[victim])
    stop, start = "SM" + uuid.uuid4().hex, "SM" + uuid.uuid4().hex
    twilio_post(INBOUND, text(victim, "STOP", stop))
    twilio_post(INBOUND, text(victim, "START", start))
    assert victim.preference.sms_opted_out is False
    # Someone who captured the signed STOP sends it again: texts stay on.
    assert twilio_post(INBOUND, text(victim, "STOP", stop)).status_code == 200
    assert victim.preference.sms_opted_out is False
    # The victim stops texts; the old signed START, replayed, does not turn them back on.
    twilio_post(INBOUND, text(victim, "STOP", "SM" + uuid.uuid4().hex))
    assert twilio_post(INBOUND, text(victim, "START", start)).status_code == 200
    assert victim.preference.sms_opted_out is True
    assert count(InboundText) == 3


def test_a_reply_twilio_sends_twice_is_kept_once(twilio_post, make, contactable):
    victim = contactable(channels=["sms"])
    make.case(victims=[victim])
    sid = "SM" + uuid.uuid4().hex
    for _ in range(2):
        assert twilio_post(INBOUND, text(victim, "Can I bring my sister?", sid)).status_code == 200
    assert count(CaseMessage) == 1
