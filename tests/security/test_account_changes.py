"""Changing how someone gets in needs proof it is them: a fresh code or their password before
a victim's password, phone number or email address changes (then the address that was in use
is told and every other session ends), an app code before a caseworker's new recovery codes.
Victims see where they are signed in and can sign other devices out; sessions have an
absolute lifetime."""
from __future__ import annotations

import datetime as dt
import re

import pyotp
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import DevOutboxMessage, LoginSession, RecoveryCode, Victim
from portal.services.sign_in.passwords import hash_password
from tests.conftest import csrf_token, page, visible_text
from tests.victim.test_preferences import answers

UTC = dt.timezone.utc
LATER = dt.timedelta(minutes=11)  # past the 10 minutes a sign-in counts as proof


def messages_to(address: str) -> list[DevOutboxMessage]:
    return list(db.session.scalars(select(DevOutboxMessage).where(DevOutboxMessage.to == address)
                                   .order_by(DevOutboxMessage.id)))


def open_sessions(victim) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession).where(
        LoginSession.principal == "victim", LoginSession.principal_id == victim.id,
        LoginSession.ended_at.is_(None)))


def form_post(client, path: str, data: dict, page_path: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page_path or path)})


def confirm_with_a_code(client, victim, next_: str):
    path = f"/account/confirm?next={next_}"
    assert form_post(client, path, {"send-submit": "y"}).status_code == 200
    latest = db.session.scalars(select(DevOutboxMessage).order_by(DevOutboxMessage.id.desc())
                                ).first()
    assert latest.to in (victim.phone, victim.email)  # to an address already held
    code = re.search(r"\b(\d{6})\b", latest.body).group(1)
    return form_post(client, path, {"code-code": code, "code-submit": "y"})


def test_a_password_needs_a_fresh_code_then_ends_other_sessions_and_tells_the_victim(
        app, client, make, victim_auth):
    victim = make.victim(email="ana@example.org")
    make.case(victims=[victim])
    other_phone = app.test_client()
    victim_auth.sign_in(victim)
    VictimAuthOther = type(victim_auth)
    VictimAuthOther(other_phone).sign_in(victim)
    assert open_sessions(victim) == 2
    with time_machine.travel(dt.datetime.now(UTC) + LATER):
        # A session left open is not enough: the page asks for proof first.
        response = client.get("/account/password")
        assert response.status_code == 302
        assert response.headers["Location"] == "/account/confirm?next=password"
        refused = form_post(client, "/account/password",
                            {"password": "correct horse battery", "confirm":
                             "correct horse battery"}, "/account")
        assert refused.headers["Location"] == "/account/confirm?next=password"
        assert db.session.get(Victim, victim.id).password_hash is None

        confirmed = confirm_with_a_code(client, victim, "password")
        assert confirmed.status_code == 302, visible_text(confirmed)
        assert confirmed.headers["Location"] == "/account/password"
        common = form_post(client, "/account/password",
                           {"password": "password1234", "confirm": "password1234"})
        assert common.status_code == 400
        assert "most common passwords" in visible_text(common)
        saved = form_post(client, "/account/password", {
            "password": "tulips under the viaduct", "confirm": "tulips under the viaduct"})
        assert saved.headers["Location"] == "/account"
    assert db.session.get(Victim, victim.id).password_hash
    assert open_sessions(victim) == 1  # the other phone is signed out
    assert other_phone.get("/cases").status_code == 302
    told = messages_to(victim.phone)[-1]  # texts come first for this victim
    assert "account were changed. If you did not do this" in told.body


def test_a_new_email_address_needs_proof_and_the_old_one_is_told(client, make, victim_auth):
    victim = make.victim(email="sam@example.org", phone="+447700900123",
                         password_hash=hash_password("tulips under the viaduct"))
    make.case(victims=[victim])
    victim_auth.sign_in(victim)
    with time_machine.travel(dt.datetime.now(UTC) + LATER):
        change = answers(email="new.sam@example.org")
        response = form_post(client, "/preferences", change)
        assert response.headers["Location"] == "/account/confirm?next=contact"
        assert db.session.get(Victim, victim.id).email == "sam@example.org"
        # Proof by password this time; a wrong one first.
        wrong = form_post(client, "/account/confirm?next=contact",
                          {"pw-password": "not my password", "pw-submit": "y"})
        assert wrong.status_code == 400 and "password is not right" in visible_text(wrong)
        right = form_post(client, "/account/confirm?next=contact",
                          {"pw-password": "tulips under the viaduct", "pw-submit": "y"})
        assert right.headers["Location"] == "/preferences"
        assert form_post(client, "/preferences", change).status_code == 302
    assert db.session.get(Victim, victim.id).email == "new.sam@example.org"
    [told] = [m for m in messages_to("sam@example.org")
              if m.subject == "Your account details were changed"]
    assert "If you did not do this" in told.body


def test_a_code_for_proof_is_sent_only_to_the_address_already_held(client, make, victim_auth):
    victim = make.victim(email="sam@example.org", phone=None)
    make.case(victims=[victim])
    victim_auth.sign_in(victim)
    form_post(client, "/account/confirm?next=contact", {"send-submit": "y"})
    assert len(messages_to("sam@example.org")) == 2  # the sign-in code, then this one
    wrong = form_post(client, "/account/confirm?next=contact",
                      {"code-code": "000000", "code-submit": "y"})
    assert wrong.status_code == 400 and "not right" in visible_text(wrong)


def test_a_victim_sees_where_they_are_signed_in_and_signs_another_device_out(
        app, client, make, victim_auth):
    victim = make.victim()
    make.case(victims=[victim])
    laptop = app.test_client()
    type(victim_auth)(laptop).sign_in(victim)
    victim_auth.sign_in(victim)
    shown = page(client.get("/account"))
    rows = shown.select(".govuk-summary-list__row")
    assert len(rows) == 2
    assert "This device" in rows[0].text and "Another device" in rows[1].text
    other_id = rows[1].find("input", attrs={"name": "session"})["value"]
    response = form_post(client, "/account/sessions", {"session": other_id}, "/account")
    assert response.headers["Location"] == "/account"
    assert "That device has been signed out." in visible_text(client.get("/account"))
    assert laptop.get("/cases").status_code == 302  # the laptop is signed out
    assert client.get("/cases").status_code == 200  # this phone is not


def test_a_victim_cannot_end_someone_elses_session(app, client, make, victim_auth):
    victim, stranger = make.victim(), make.victim()
    make.case(victims=[victim])
    make.case(victims=[stranger])
    theirs = app.test_client()
    type(victim_auth)(theirs).sign_in(stranger)
    victim_auth.sign_in(victim)
    their_id = db.session.scalars(select(LoginSession.id).where(
        LoginSession.principal_id == stranger.id)).one()
    form_post(client, "/account/sessions", {"session": their_id}, "/account")
    assert theirs.get("/cases").status_code == 200


def test_a_victim_session_ends_after_12_hours_however_active(client, make, victim_auth):
    victim = make.victim()
    make.case(victims=[victim])
    start = dt.datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        victim_auth.sign_in(victim)
    for step in range(1, 36):  # used every 20 minutes, never idle, for 11 h 40
        with time_machine.travel(start + dt.timedelta(minutes=20 * step), tick=False):
            assert client.get("/cases").status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=12, minutes=1), tick=False):
        assert client.get("/cases").status_code == 302


def test_new_recovery_codes_need_a_code_from_the_app(client, make, staff_login):
    person = make.staff()
    staff_login.sign_in_quickly(person)
    before = set(db.session.scalars(select(RecoveryCode.code_hash).where(
        RecoveryCode.caseworker_id == person.id)))
    refused = form_post(client, "/staff/account", {"code": ""})
    assert refused.status_code == 400
    assert set(db.session.scalars(select(RecoveryCode.code_hash).where(
        RecoveryCode.caseworker_id == person.id))) == before
    made = form_post(client, "/staff/account",
                     {"code": pyotp.TOTP(person.totp_secret).now()})
    assert made.status_code == 200 and "recovery codes" in visible_text(made).lower()
    after = set(db.session.scalars(select(RecoveryCode.code_hash).where(
        RecoveryCode.caseworker_id == person.id)))
    assert after and not after & before
