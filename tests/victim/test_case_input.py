"""Victims ask, tell and hand in: messages, statements, dates to avoid, court help, feedback,
complaints. Each refuses bad input with a clear message and changes nothing."""
from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    CaseMessage,
    Complaint,
    CourtNeed,
    DateToAvoid,
    Notification,
    PersonalStatement,
    Update,
    UpdateFeedback,
)
from portal.models.enums import DecisionKind, Stage, TeamKind, UpdateEvent
from portal.services.victim_input import conversations, court_needs, feedback, statements
from tests.conftest import csrf_token, page, visible_text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def victim_case(client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim], stage=Stage.COURT)
    victim_auth.sign_in(victim)
    return victim, case


def post(client, path, data, files=None):
    data = dict(data, csrf_token=csrf_token(client, path if not path.endswith("/upload")
                                            else path.rsplit("/", 1)[0]))
    if files:
        data.update(files)
        return client.post(path, data=data, content_type="multipart/form-data")
    return client.post(path, data=data)


# --- messages -----------------------------------------------------------------------------------

def test_victim_writes_to_their_contact_and_it_is_shown_escaped(client, victim_case):
    _, case = victim_case
    response = post(client, f"/cases/{case.id}/messages",
                    {"body": "When is the trial? <script>alert(1)</script>"})
    assert response.status_code == 302
    shown = client.get(f"/cases/{case.id}/messages")
    html = shown.get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "When is the trial?" in visible_text(shown)


def test_a_message_over_the_limit_is_refused_with_the_count(client, victim_case):
    _, case = victim_case
    response = post(client, f"/cases/{case.id}/messages", {"body": "x" * 2001})
    assert response.status_code == 400
    error = page(response).find(id="body-error")
    assert error is not None and "2001 characters" in error.text.replace(",", "")
    assert count(CaseMessage) == 0


def test_an_empty_message_is_refused(client, victim_case):
    _, case = victim_case
    response = post(client, f"/cases/{case.id}/messages", {"body": "   "})
    assert response.status_code == 400 and count(CaseMessage) == 0


def test_writing_on_another_victims_case_is_404(client, make, victim_case):
    other_case = make.case(victims=[make.victim()])
    token = csrf_token(client, f"/cases/{victim_case[1].id}/messages")
    for path in ("messages", "statement", "dates-to-avoid", "court-help", "complaint"):
        assert client.get(f"/cases/{other_case.id}/{path}").status_code == 404
        response = client.post(f"/cases/{other_case.id}/{path}",
                               data={"body": "hello", "csrf_token": token})
        assert response.status_code == 404
    assert count(CaseMessage) == 0


def test_an_answer_is_unread_until_seen_and_the_victim_is_told(client, make, victim_case):
    victim, case = victim_case
    worker = make.caseworker(team=case.team, name="Jo Bennett")
    conversations.post_from_victim(victim, case, "Will I need to go to court?")
    conversations.reply(worker, case, victim, "Yes, on the first day of the trial.")
    assert "1 new answer" in visible_text(client.get(f"/cases/{case.id}"))
    notification = db.session.scalars(select(Notification)).one()
    assert notification.kind == "message" and notification.victim_id == victim.id
    thread = visible_text(client.get(f"/cases/{case.id}/messages"))
    assert "Yes, on the first day of the trial." in thread and "Jo Bennett" in thread
    assert "new answer" not in visible_text(client.get(f"/cases/{case.id}"))


def test_team_inbox_lists_oldest_unanswered_first(make):
    team = make.team()
    worker = make.caseworker(team=team)
    first_victim, second_victim = make.victim(), make.victim()
    first = make.case(victims=[first_victim], team=team)
    second = make.case(victims=[second_victim], team=team)
    older = conversations.post_from_victim(second_victim, second, "Older question")
    older.created_at = older.created_at - dt.timedelta(hours=5)
    db.session.commit()
    conversations.post_from_victim(first_victim, first, "Newer question")
    inbox = conversations.team_inbox(team.id)
    assert [row.case.id for row in inbox] == [second.id, first.id]
    assert inbox[0].waiting() >= dt.timedelta(hours=5)
    conversations.reply(worker, second, second_victim, "Answered.")
    assert [row.case.id for row in conversations.team_inbox(team.id)] == [first.id]


def test_team_inbox_counts_only_what_came_after_the_last_answer(make):
    """A thread waits from the victim's first message after the team's last answer, with the
    unread ones counted; at the same instant, the message written later is the later one. The
    manager's first screen shows the same count and the longest wait."""
    import time_machine

    from portal.services.case_file import team_overview

    team = make.team()
    worker = make.caseworker(team=team)
    victim = make.victim()
    case = make.case(victims=[victim], team=team)
    start = dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone.utc)
    with time_machine.travel(start, tick=False):
        conversations.post_from_victim(victim, case, "First question")
        conversations.reply(worker, case, victim, "Answered.")
        # The same instant as the answer, but after it: waiting.
        conversations.post_from_victim(victim, case, "One more thing")
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        conversations.post_from_victim(victim, case, "And another")
        [row] = conversations.team_inbox(team.id)
        overview = team_overview.for_team(team.id)
    assert row.waiting_since == start and row.unread == 2
    assert (overview.unanswered, overview.oldest_waiting) == (1, dt.timedelta(hours=2))
    conversations.reply(worker, case, victim, "Both answered.")
    assert conversations.team_inbox(team.id) == []
    assert team_overview.for_team(team.id).unanswered == 0


def test_sms_reply_joins_the_most_recently_updated_case_and_can_be_moved(make):
    victim = make.victim()
    older = make.case(victims=[victim], stage=Stage.COURT)
    newer = make.case(victims=[victim], stage=Stage.INVESTIGATION)
    older.updated_at = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    newer.updated_at = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    db.session.commit()
    message = conversations.receive_sms(victim, "Is the trial still on?", "SM123")
    assert message.case_id == newer.id and message.author_kind == "sms"
    worker = make.caseworker(team=older.team)
    conversations.move(message, older, worker)
    assert [m.body for m in conversations.thread(older, victim)] == ["Is the trial still on?"]
    assert conversations.thread(newer, victim) == []


def test_a_handover_carries_the_thread_to_the_new_team(make):
    victim = make.victim()
    police, witness_care = make.team(), make.team()
    case = make.case(victims=[victim], team=police)
    conversations.post_from_victim(victim, case, "Any news?")
    case.team = witness_care
    db.session.commit()
    assert [row.case.id for row in conversations.team_inbox(witness_care.id)] == [case.id]
    assert conversations.team_inbox(police.id) == []


# --- personal statements ---------------------------------------------------------------------

def _png() -> bytes:
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def _zip(names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


ALLOWED_FILES = {
    "statement.pdf": (b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"),
    "statement.docx": (_zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]),
                       statements.DOCX),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
                  "image/jpeg"),
    "photo.png": (_png(), "image/png"),
}
REFUSED_FILES = {
    "program.exe": b"MZ\x90\x00" + b"\x00" * 60,
    "page.html": b"<html><script>alert(1)</script></html>",
    "spoofed.pdf": b"MZ\x90\x00" + b"\x00" * 60,
    "archive.docx": _zip(["notes.txt"]),
    "slides.docx": _zip(["[Content_Types].xml", "ppt/presentation.xml"]),
    "notes.txt": b"just some text",
    "empty.pdf": b"",
}


@pytest.mark.parametrize("name", sorted(ALLOWED_FILES))
def test_each_allowed_type_is_accepted_and_stored_outside_static(app, client, victim_case, name):
    _, case = victim_case
    data, mime = ALLOWED_FILES[name]
    response = post(client, f"/cases/{case.id}/statement/upload", {},
                    {"file-upload": (io.BytesIO(data), name)})
    assert response.status_code == 302, visible_text(response)
    statement = db.session.scalars(select(PersonalStatement)).one()
    assert statement.content_type == mime and statement.size == len(data)
    stored = Path(app.config["UPLOAD_FOLDER"]) / statement.stored_name
    assert stored.read_bytes() == data and "static" not in stored.parts
    assert name not in statement.stored_name
    download = client.get(f"/cases/{case.id}/statements/{statement.id}/file")
    assert download.status_code == 200 and download.data == data
    assert download.headers["Content-Type"].startswith(mime)
    assert "attachment" in download.headers["Content-Disposition"]


@pytest.mark.parametrize("name", sorted(REFUSED_FILES))
def test_wrong_or_spoofed_types_are_refused_and_nothing_is_stored(app, client, victim_case,
                                                                 name):
    _, case = victim_case
    before = set(Path(app.config["UPLOAD_FOLDER"]).glob("*"))
    response = post(client, f"/cases/{case.id}/statement/upload", {},
                    {"file-upload": (io.BytesIO(REFUSED_FILES[name]), name)})
    assert response.status_code == 400
    error = page(response).find(id="file-upload-error")
    assert error is not None and ("PDF" in error.text or "empty" in error.text)
    assert count(PersonalStatement) == 0
    assert set(Path(app.config["UPLOAD_FOLDER"]).glob("*")) == before


def test_a_file_over_10_mb_is_refused(app, client, victim_case):
    _, case = victim_case
    data = ALLOWED_FILES["statement.pdf"][0] + b"0" * (10 * 1024 * 1024)
    response = post(client, f"/cases/{case.id}/statement/upload", {},
                    {"file-upload": (io.BytesIO(data), "big.pdf")})
    assert response.status_code == 400
    assert "smaller than 10 MB" in page(response).find(id="file-upload-error").text
    assert count(PersonalStatement) == 0


def test_a_request_far_over_the_limit_gets_the_plain_413_page(client, victim_case):
    _, case = victim_case
    data = b"0" * (12 * 1024 * 1024)
    response = post(client, f"/cases/{case.id}/statement/upload", {},
                    {"file-upload": (io.BytesIO(data), "huge.pdf")})
    assert response.status_code == 413 and "too big" in page(response).h1.text
    assert count(PersonalStatement) == 0


def test_another_victim_cannot_download_a_statement(client, make, victim_auth, victim_case):
    victim, case = victim_case
    data, _ = ALLOWED_FILES["statement.pdf"]
    post(client, f"/cases/{case.id}/statement/upload", {},
         {"file-upload": (io.BytesIO(data), "statement.pdf")})
    statement = db.session.scalars(select(PersonalStatement)).one()
    victim_auth.sign_out()
    stranger = make.victim()
    make.case(victims=[stranger])
    victim_auth.sign_in(stranger)
    assert client.get(f"/cases/{case.id}/statements/{statement.id}/file").status_code == 404


def test_written_statement_and_its_journey_to_the_court_file(client, make, victim_case):
    victim, case = victim_case
    assert post(client, f"/cases/{case.id}/statement",
                {"write-text": "I cannot sleep since the burglary.",
                 "write-submit": "Send"}).status_code == 302
    statement = db.session.scalars(select(PersonalStatement)).one()
    assert statement.text == "I cannot sleep since the burglary."
    worker = make.caseworker(team=case.team, name="Jo Bennett")
    text = visible_text(client.get(f"/cases/{case.id}/statement"))
    assert "Not yet Sent to the prosecution" in text
    statements.mark_sent(statement, worker)
    statements.confirm_on_file(statement, worker)
    text = visible_text(client.get(f"/cases/{case.id}/statement"))
    assert "Sent to the prosecution on" in text and "by Jo Bennett" in text
    assert "Confirmed on the court file on" in text


def test_a_statement_cannot_be_confirmed_on_file_before_it_is_sent(make):
    victim = make.victim()
    case = make.case(victims=[victim])
    statement = statements.add_written(victim, case, "How it affected me.")
    with pytest.raises(Exception) as error:
        statements.confirm_on_file(statement, make.caseworker(team=case.team))
    assert getattr(error.value, "field", None) == "statement"
    assert statement.confirmed_on_file_at is None


# --- dates to avoid and help at court -----------------------------------------------------------

def test_dates_to_avoid_with_reasons_reach_witness_care(client, make, victim_case):
    _, case = victim_case
    day = dt.date.today() + dt.timedelta(days=30)
    response = post(client, f"/cases/{case.id}/dates-to-avoid",
                    {"day": [str(day.day), str(day.month), str(day.year)],
                     "reason": "Hospital appointment"})
    assert response.status_code == 302
    assert "Hospital appointment" in visible_text(client.get(f"/cases/{case.id}/dates-to-avoid"))
    assert court_needs.clashes(case) == []  # no hearing that day yet
    hearing = make.hearing(case, starts_at=dt.datetime(day.year, day.month, day.day, 10,
                                                       tzinfo=dt.timezone.utc))
    db.session.refresh(case)
    assert [(entry.reason, clash_hearing.id) for entry, clash_hearing
            in court_needs.clashes(case)] == [("Hospital appointment", hearing.id)]


@pytest.mark.parametrize("day, reason, field", [
    (["31", "2", "2030"], "Holiday", "day"),
    (["1", "1", "2020"], "Holiday", "day"),
    (["", "", ""], "Holiday", "day"),
    (["1", "6", "2030"], "", "reason"),
])
def test_bad_dates_to_avoid_are_refused(client, victim_case, day, reason, field):
    _, case = victim_case
    response = post(client, f"/cases/{case.id}/dates-to-avoid", {"day": day, "reason": reason})
    assert response.status_code == 400
    assert page(response).find(id=f"{field}-error") is not None
    assert count(DateToAvoid) == 0


def test_help_at_court_is_asked_for_and_the_answer_shown(client, make, victim_case):
    _, case = victim_case
    response = post(client, f"/cases/{case.id}/court-help",
                    {"kinds": ["screens", "court_visit"], "details": "I am very anxious."})
    assert response.status_code == 302
    needs = db.session.scalars(select(CourtNeed).order_by(CourtNeed.kind)).all()
    assert [n.kind for n in needs] == ["court_visit", "screens"]
    worker = make.caseworker(team=case.team)
    court_needs.answer(worker, needs[1], "applied", "We have asked the court for a screen.")
    text = visible_text(client.get(f"/cases/{case.id}/court-help"))
    assert "We have asked the court" in text and "We have asked the court for a screen." in text
    assert "Waiting for an answer" in text


def test_asking_for_no_help_is_refused(client, victim_case):
    _, case = victim_case
    response = post(client, f"/cases/{case.id}/court-help", {"details": "Something"})
    assert response.status_code == 400 and count(CourtNeed) == 0


# --- feedback and complaints -----------------------------------------------------------------

def test_one_tap_feedback_under_an_update_feeds_team_figures(client, victim_case):
    victim, case = victim_case
    update = Update(case=case, event=UpdateEvent.GENERAL, body_html="<p>News.</p>",
                    body_text="News.")
    db.session.add(update)
    db.session.commit()
    path = f"/cases/{case.id}/updates/{update.id}/feedback"
    token = csrf_token(client, f"/cases/{case.id}")
    assert client.post(path, data={"understood": "partly", "csrf_token": token}
                       ).status_code == 302
    assert "Thank you" in visible_text(client.get(f"/cases/{case.id}?thanks={update.id}"))
    client.post(path, data={"understood": "no", "comment": "Too many long words",
                            "csrf_token": token})
    row = db.session.scalars(select(UpdateFeedback)).one()
    assert (row.understood, row.comment) == ("no", "Too many long words")
    figures = feedback.team_figures(case.team_id)
    assert (figures.yes, figures.partly, figures.no) == (0, 0, 1)


def test_complaint_names_each_organisation_and_the_ombudsman(client, victim_case):
    _, case = victim_case
    response = client.get(f"/cases/{case.id}/complaint")
    text = visible_text(response)
    assert case.team.organisation.name in text and "Ombudsman" in text
    sent = post(client, f"/cases/{case.id}/complaint",
                {"organisation": str(case.team.organisation_id),
                 "text": "Nobody told me the hearing moved."})
    assert sent.status_code == 200 and "Your complaint has been sent" in page(sent).h1.text
    complaint = db.session.scalars(select(Complaint)).one()
    assert complaint.organisation_id == case.team.organisation_id


def test_the_prosecution_that_decided_can_be_complained_about_too(client, victim_case, make):
    _, case = victim_case
    prosecution = make.team(TeamKind.PROSECUTION)
    make.decision(case, DecisionKind.CHARGED, team_id=prosecution.id)
    soup = page(client.get(f"/cases/{case.id}/complaint"))
    choices = {label.get_text(strip=True) for label in soup.select(".govuk-radios__label")}
    assert choices == {case.team.organisation.name, prosecution.organisation.name}
    sent = post(client, f"/cases/{case.id}/complaint",
                {"organisation": str(prosecution.organisation_id), "text": "Nobody told me why."})
    assert sent.status_code == 200
    assert db.session.scalars(select(Complaint)).one().organisation_id == \
        prosecution.organisation_id


def test_an_empty_complaint_is_refused(client, victim_case):
    _, case = victim_case
    response = post(client, f"/cases/{case.id}/complaint",
                    {"organisation": str(case.team.organisation_id), "text": ""})
    assert response.status_code == 400 and count(Complaint) == 0
