"""The case team's side of what victims hand in: the team inbox and threads, SMS replies moved
to the right case, personal statements on their way to court (and overdue), dates to avoid when
listing hearings, requests for help at court, complaints for the team manager."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import time_machine
from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseMessage, Notification
from portal.models.enums import Area, HearingKind, Role, Stage, TeamKind
from portal.services.victim_input import conversations, court_needs, feedback, statements
from tests.conftest import csrf_token, page, visible_text

LONDON = dt.timezone(dt.timedelta(0))  # winter: London is on UTC


def at(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=dt.timezone.utc)


def team_with_case(make, **case_values):
    team = make.team(TeamKind.WITNESS_CARE)
    worker = make.staff(team=team)
    victim = make.victim(name="Sam Taylor")
    case = make.case(victims=[victim], team=team, contact=worker, stage=Stage.COURT,
                     **case_values)
    return team, worker, victim, case


def test_inbox_lists_the_oldest_unanswered_first_and_the_answer_tells_the_victim(
        client, make, staff_login):
    team, worker, victim, case = team_with_case(make)
    other_victim = make.victim(name="Priya Shah")
    other_case = make.case(victims=[other_victim], team=team, contact=worker)
    with time_machine.travel(at(2026, 11, 23, 9)):
        conversations.post_from_victim(other_victim, other_case, "Any news about my case?")
    with time_machine.travel(at(2026, 11, 24, 9)):
        conversations.post_from_victim(victim, case, "When is the trial?")
    with time_machine.travel(at(2026, 11, 24, 15)):
        staff_login.sign_in_quickly(worker)
        inbox = page(client.get("/staff/inbox"))
        names = [row.find("th").get_text(" ", strip=True) for row in inbox.select("tbody tr")]
        assert names[0].startswith("Priya Shah") and names[1].startswith("Sam Taylor")
        assert "Waiting 30 hours" in visible_text(client.get("/staff/inbox"))
        assert "Inbox (2 unread)" in visible_text(client.get("/staff/cases"))
        path = f"/staff/cases/{case.id}/messages/{victim.id}"
        assert "When is the trial?" in visible_text(client.get(path))
        response = client.post(path, data={"body": "On 3 March, at 10am.",
                                            "csrf_token": csrf_token(client, path)})
        assert response.status_code == 302
        rows = page(client.get("/staff/inbox")).select("tbody tr")
        assert len(rows) == 1 and "Priya Shah" in rows[0].get_text()
    notification = db.session.scalars(select(Notification)).one()
    assert (notification.victim_id, notification.kind) == (victim.id, "message")


def test_an_empty_or_overlong_answer_is_refused(client, make, staff_login):
    team, worker, victim, case = team_with_case(make)
    staff_login.sign_in_quickly(worker)
    path = f"/staff/cases/{case.id}/messages/{victim.id}"
    for body in ("", "x" * 2001):
        response = client.post(path, data={"body": body, "csrf_token": csrf_token(client, path)})
        assert response.status_code == 400
        assert page(response).find(id="body-error") is not None
    assert db.session.scalars(select(CaseMessage)).all() == []


def test_sms_reply_from_a_victim_with_two_cases_can_be_moved(client, make, staff_login):
    team, worker, victim, older = team_with_case(make)
    newer = make.case(victims=[victim], team=team, contact=worker, stage=Stage.INVESTIGATION)
    older.updated_at, newer.updated_at = at(2026, 1, 1), at(2026, 6, 1)
    db.session.commit()
    message = conversations.receive_sms(victim, "Is the trial on 3 March still happening?")
    assert message.case_id == newer.id
    staff_login.sign_in_quickly(worker)
    thread = f"/staff/cases/{newer.id}/messages/{victim.id}"
    assert "by text message" in visible_text(client.get(thread))
    response = client.post(f"/staff/cases/{newer.id}/messages/move/{message.id}",
                           data={"to_case": str(older.id),
                                 "csrf_token": csrf_token(client, thread)})
    assert response.status_code == 302
    db.session.refresh(message)
    assert message.case_id == older.id
    assert "3 March" in visible_text(client.get(f"/staff/cases/{older.id}/messages/{victim.id}"))


def test_a_statement_is_overdue_after_two_working_days_across_a_weekend(client, make,
                                                                        staff_login):
    team, worker, victim, case = team_with_case(make, area=Area.ENGLAND)
    with time_machine.travel(at(2026, 11, 27, 10)):  # a Friday
        statement = statements.add_written(victim, case, "I cannot sleep.")
    # Saturday, Sunday and Monday: within 2 working days (Monday and Tuesday).
    for day in (28, 29, 30):
        assert statements.overdue_reason(statement, at(2026, 11, day)) is None
    assert statements.overdue_reason(statement, at(2026, 12, 1)) is None  # Tuesday: due today
    assert statements.overdue_reason(statement, at(2026, 12, 2)) == "late"  # Wednesday
    with time_machine.travel(at(2026, 12, 2, 10)):
        staff_login.sign_in_quickly(worker)
        text = visible_text(client.get(f"/staff/cases/{case.id}"))
        assert "Overdue" in text and "Not sent to the prosecution within 2 working days" in text
        assert "1 personal statement overdue" in visible_text(client.get("/staff/cases"))


def test_a_statement_is_overdue_when_sentencing_is_under_five_working_days_away(make):
    team, worker, victim, case = team_with_case(make)
    received = at(2026, 12, 7, 10)  # a Monday
    with time_machine.travel(received):
        statement = statements.add_written(victim, case, "The effect on my family.")
        make.hearing(case, kind=HearingKind.SENTENCING, starts_at=at(2026, 12, 11, 10))
        db.session.refresh(case)
        assert statements.overdue_reason(statement, received) == "sentencing"
        statements.mark_sent(statement, worker)
        assert statements.overdue_reason(statement, received) is None


def test_a_sentencing_hearing_a_fortnight_away_does_not_make_it_overdue(make):
    team, worker, victim, case = team_with_case(make)
    with time_machine.travel(at(2026, 12, 7, 10)):
        statement = statements.add_written(victim, case, "The effect on my family.")
        make.hearing(case, kind=HearingKind.SENTENCING, starts_at=at(2026, 12, 21, 10))
        db.session.refresh(case)
        assert statements.overdue_reason(statement, at(2026, 12, 7, 11)) is None


def test_the_team_sends_a_statement_on_and_the_victim_sees_its_journey(
        client, make, staff_login, victim_auth):
    team, worker, victim, case = team_with_case(make)
    statement = statements.add_upload(victim, case, "my statement.pdf",
                                      b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n",
                                      Path(current_app.config["UPLOAD_FOLDER"]))
    staff_login.sign_in_quickly(worker)
    case_page = f"/staff/cases/{case.id}"
    download = client.get(f"/staff/cases/{case.id}/statements/{statement.id}/file")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    token = csrf_token(client, case_page)
    client.post(f"/staff/cases/{case.id}/statements/{statement.id}/sent",
                data={"csrf_token": token})
    client.post(f"/staff/cases/{case.id}/statements/{statement.id}/on-file",
                data={"csrf_token": token})
    db.session.refresh(statement)
    assert statement.sent_by_id == worker.id and statement.confirmed_on_file_at is not None
    staff_login.sign_out()
    victim_auth.sign_in(victim)
    text = visible_text(client.get(f"/cases/{case.id}/statement"))
    assert f"by {worker.name}" in text and "Confirmed on the court file" in text


def test_dates_to_avoid_show_when_listing_a_hearing_and_clash_with_one(client, make,
                                                                       staff_login):
    team, worker, victim, case = team_with_case(make)
    day = dt.date.today() + dt.timedelta(days=40)
    court_needs.add_date_to_avoid(victim, case, day, "Hospital appointment")
    staff_login.sign_in_quickly(worker)
    form = visible_text(client.get(f"/staff/cases/{case.id}/hearings/new"))
    assert "Dates the victims cannot go to court" in form and "Hospital appointment" in form
    make.hearing(case, starts_at=dt.datetime(day.year, day.month, day.day, 10,
                                             tzinfo=dt.timezone.utc))
    text = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Sam Taylor said they cannot go to court on" in text
    assert "Their reason: Hospital appointment" in text


def test_help_at_court_is_answered_and_the_victim_sees_the_answer(client, make, staff_login,
                                                                  victim_auth):
    team, worker, victim, case = team_with_case(make)
    need = court_needs.ask_for(victim, case, ["video_link"], "I am frightened of him.")[0]
    staff_login.sign_in_quickly(worker)
    path = f"/staff/cases/{case.id}/court-help/{need.id}"
    assert "I am frightened of him." in visible_text(client.get(path))
    refused = client.post(path, data={"answer": "agreed", "note": "",
                                      "csrf_token": csrf_token(client, path)})
    assert refused.status_code == 400
    assert client.post(path, data={"answer": "applied",
                                   "note": "We have asked the judge for a video link.",
                                   "csrf_token": csrf_token(client, path)}).status_code == 302
    staff_login.sign_out()
    victim_auth.sign_in(victim)
    text = visible_text(client.get(f"/cases/{case.id}/court-help"))
    assert "We have asked the court" in text and "video link" in text


def test_the_team_manager_sees_complaints_and_acknowledges_them(client, make, staff_login):
    team, worker, victim, case = team_with_case(make)
    manager = make.staff(team=team, role=Role.MANAGER)
    complaint = feedback.start_complaint(victim, case, case.team.organisation_id,
                                         "Nobody told me the hearing moved.")
    staff_login.sign_in_quickly(worker)
    assert client.get("/staff/complaints").status_code == 403
    staff_login.sign_out()
    staff_login.sign_in_quickly(manager)
    text = visible_text(client.get("/staff/complaints"))
    assert "Nobody told me the hearing moved." in text and "Sam Taylor" in text
    client.post(f"/staff/complaints/{complaint.id}/acknowledge",
                data={"csrf_token": csrf_token(client, "/staff/complaints")})
    assert "Acknowledged" in visible_text(client.get("/staff/complaints"))


def test_a_handover_brings_the_thread_to_the_new_teams_inbox(client, make, staff_login):
    team, worker, victim, case = team_with_case(make)
    conversations.post_from_victim(victim, case, "Who do I talk to now?")
    new_team = make.team(TeamKind.PROBATION)
    new_worker = make.staff(team=new_team)
    case.team = new_team
    db.session.commit()
    staff_login.sign_in_quickly(new_worker)
    assert "Sam Taylor" in visible_text(client.get("/staff/inbox"))
    assert client.get(f"/staff/cases/{case.id}/messages/{victim.id}").status_code == 200


def test_team_figures_show_whether_victims_understood(client, make, staff_login):
    from portal.models import Update
    from portal.models.enums import UpdateEvent

    team, worker, victim, case = team_with_case(make)
    manager = make.staff(team=team, role=Role.MANAGER)
    update = Update(case=case, event=UpdateEvent.GENERAL, body_html="<p>News.</p>",
                    body_text="News.")
    db.session.add(update)
    db.session.commit()
    feedback.record(victim, update, "partly", "Long words")
    staff_login.sign_in_quickly(manager)
    soup = page(client.get("/staff/team/figures"))
    rows = {row.dt.get_text(strip=True): row.dd.get_text(strip=True)
            for row in soup.select(".govuk-summary-list__row")}
    assert rows == {"Yes": "0", "Partly": "1", "No": "0"}
    # The comment itself, with the update it answers and a link to the case (issue 16: the
    # comments were kept and shown to nobody). Another team's comments are not shown.
    other_team, _, other_victim, other_case = team_with_case(make)
    other = Update(case=other_case, event=UpdateEvent.GENERAL, body_html="<p>x</p>",
                   body_text="x")
    db.session.add(other)
    db.session.commit()
    feedback.record(other_victim, other, "no", "Not for this team")
    soup = page(client.get("/staff/team/figures"))
    [comment] = soup.select(".portal-comments li")
    text = comment.get_text(" ", strip=True)
    assert "partly : Long words" in text and "Not for this team" not in soup.get_text()
    assert comment.find("a", href=f"/staff/cases/{case.id}") is not None


def test_a_caseworker_records_contact_answers_on_the_victims_behalf(client, make, staff_login):
    from portal.models import AuditEvent

    team, worker, victim, case = team_with_case(make)
    staff_login.sign_in_quickly(worker)
    path = f"/staff/cases/{case.id}/victims/{victim.id}/preferences"
    form = page(client.get(path))
    assert form.find("select", id="first_choice") is not None
    answers = {"first_choice": "email", "second_choice": "", "third_choice": "",
               "fourth_choice": "", "phone": victim.phone, "email": victim.email,
               "postal_address": "", "contact_times": "any", "urgent": "yes",
               "frequency": "key_decisions", "language": "en", "discreet": "yes",
               "voicemail_safe": "no", "post_safe": "no", "other_needs": "",
               "interpreter_language": "", "csrf_token": csrf_token(client, path)}
    bad = client.post(path, data={**answers, "email": "not an email"})
    assert bad.status_code == 400 and page(bad).find(id="email-error") is not None
    db.session.refresh(victim)
    assert victim.preference is None
    assert client.post(path, data=answers).status_code == 302
    db.session.refresh(victim)
    assert victim.preference.channels == ["email"] and victim.preference.discreet is True
    assert victim.preference.recorded_by_id == worker.id
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "preferences.recorded")).one()
    assert event.actor_id == worker.id and event.detail["victim_id"] == victim.id
    assert "recorded by a caseworker" in visible_text(client.get(f"/staff/cases/{case.id}"))
