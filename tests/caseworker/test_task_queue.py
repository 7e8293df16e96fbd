"""The team's task queue: every call and letter in one list with a count, most urgent first,
done with what happened, and the outcome counting towards the duty it serves. START closes
STOP. Replies land on the case of the text they answer; "Yes" is a reply, not a keyword."""
from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import AuditEvent, CaseMessage, Task, TaskKind, Update
from portal.models.actions import ObligationKind
from portal.models.enums import UpdateEvent
from portal.services.case_file import obligations
from portal.services.delivery import dispatcher
from portal.services.delivery.outbox import notify_update
from tests.conftest import csrf_token, page, visible_text
from tests.webhooks.test_inbound import INBOUND, text_from

TUESDAY = dt.date(2026, 12, 8)


def at(day, hour, minute=0):
    return london.at(day, dt.time(hour, minute))


def phoned_victim(make, worker, **preference):
    victim = make.victim(name="Gwen Jones", language="cy", phone="+447700900301")
    make.preferences(victim, channels=["phone"], windows=[], **preference)
    case = make.case(victims=[victim], contact=worker)
    hearing = make.hearing(case, starts_at=at(dt.date(2027, 1, 12), 10), must_attend=True)
    update = Update(case=case, event=UpdateEvent.HEARING_LISTED, hearing=hearing,
                    language="cy", body_html="<p>Mae'r treial wedi'i osod.</p>",
                    body_text="Mae'r treial wedi'i osod.")
    db.session.add(update)
    db.session.flush()
    from portal.models import CaseAction

    db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.HEARING_DATE_TOLD,
                              update=update, hearing_id=hearing.id, details="Update sent"))
    notify_update(update)
    db.session.commit()
    return victim, case, hearing


def hearing_told(case):
    db.session.expire_all()
    return next(o for o in obligations.for_case(db.session.get(type(case), case.id))
                if o.kind == ObligationKind.HEARING_DATE_TOLD)


def test_a_call_not_answered_then_answered_meets_the_duty(client, make, staff_login):
    worker = make.staff()
    with time_machine.travel(at(TUESDAY, 10), tick=False):
        victim, case, hearing = phoned_victim(make, worker, interpreter=True,
                                              interpreter_language="Polish", discreet=True)
        dispatcher.run(drain=True)
        staff_login.sign_in_quickly(worker)
        listing = page(client.get("/staff/tasks"))
        # The call, and an interpreter to book for it (Gwen needs a Polish interpreter).
        assert "Tasks (2)" in listing.select_one("#navigation").get_text(" ")
        rows = [" ".join(r.get_text(" ").split()) for r in listing.select("tbody tr")]
        assert any("Book an interpreter" in r for r in rows)
        text = next(r for r in rows if "Call the victim with an update" in r)
        assert "Gwen Jones" in text
        assert "Reads Cymraeg" in text and "Needs an interpreter: Polish" in text
        assert "Discreet contact" in text and "Do not leave a voicemail" in text
        call = db.session.scalars(select(Task).where(Task.kind == TaskKind.PHONE_CALL)).one()
        path = f"/staff/tasks/{call.id}"
        assert not hearing_told(case).met

        # No answer: it stays in the list, to try again at 14:00.
        no_retry = client.post(path, data={"outcome": "no_answer",
                                           "csrf_token": csrf_token(client, path)})
        assert no_retry.status_code == 400
        assert "try again" in visible_text(no_retry)
        client.post(path, data={"outcome": "no_answer", "retry_on": ["8", "12", "2026"],
                                "retry_time": "14:00", "note": "Rang twice.",
                                "csrf_token": csrf_token(client, path)})
        db.session.expire_all()
        assert call.done_at is None and call.tries == 1 and call.retry_at == at(TUESDAY, 14)
        assert "Try again Tuesday, 8 December 2026 at 14:00" in visible_text(
            client.get("/staff/tasks"))
    with time_machine.travel(at(TUESDAY, 14, 5), tick=False):
        staff_login.sign_in_quickly(worker)  # four hours later: a new session
        done = client.post(path, data={"outcome": "reached",
                                       "csrf_token": csrf_token(client, path)})
        assert done.status_code == 302
        told = hearing_told(case)
        assert told.met and told.state(at(TUESDAY, 14, 5)) == "met"
        booking = db.session.scalars(select(Task).where(
            Task.kind == TaskKind.BOOK_INTERPRETER)).one()
        assert booking.detail == {"need": "Polish", "for": "call", "hearing_id": None}
        booked = f"/staff/tasks/{booking.id}"
        client.post(booked, data={"outcome": "booked", "csrf_token": csrf_token(client, booked)})
        assert "Nothing to do." in visible_text(client.get("/staff/tasks"))
    done = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "task.done")
                              .order_by(AuditEvent.id)).all()
    assert [event.detail["outcome"] for event in done] == ["reached", "booked"]


def test_another_teams_task_is_404_and_audited(client, make, staff_login):
    worker, outsider = make.staff(), make.staff()
    with time_machine.travel(at(TUESDAY, 10), tick=False):
        phoned_victim(make, worker)
        dispatcher.run(drain=True)
    call = db.session.scalars(select(Task)).one()
    staff_login.sign_in_quickly(outsider)
    assert client.get(f"/staff/tasks/{call.id}").status_code == 404
    assert "Nothing to do." in visible_text(client.get("/staff/tasks"))
    assert db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.refused")).one().actor_id == outsider.id


def test_start_closes_the_stop_task_and_tells_the_team(make, contactable, twilio_post):
    victim = contactable(channels=["sms", "email"])
    make.case(victims=[victim])
    twilio_post(INBOUND, text_from(victim.phone, "STOP"))
    stop = db.session.scalars(select(Task).where(Task.kind == TaskKind.SMS_STOPPED)).one()
    assert stop.done_at is None
    twilio_post(INBOUND, text_from(victim.phone, "START"))
    db.session.expire_all()
    assert stop.done_at is not None and stop.outcome == "noted"
    started = db.session.scalars(select(Task).where(Task.kind == TaskKind.SMS_STARTED)).one()
    assert started.done_at is None and started.victim_id == victim.id
    assert victim.preference.sms_opted_out is False


def test_yes_is_kept_as_a_reply(make, contactable, twilio_post):
    victim = contactable(channels=["sms"])
    case = make.case(victims=[victim])
    twilio_post(INBOUND, text_from(victim.phone, "Yes"))
    (message,) = db.session.scalars(select(CaseMessage)).all()
    assert (message.body, message.case_id) == ("Yes", case.id)
    assert db.session.scalars(select(Task)).all() == []


def test_a_reply_lands_on_the_case_of_the_text_it_answers(make, contactable, providers,
                                                          run_worker, twilio_post):
    victim = contactable(channels=["sms"])
    about_a = make.case(victims=[victim])
    about_b = make.case(victims=[victim])
    with time_machine.travel(at(TUESDAY, 10), tick=False):
        make.update(about_a, text="The trial is on Monday.")
        run_worker()
    # Case B is updated later, but nothing is texted about it (the victim reads it online).
    with time_machine.travel(at(TUESDAY, 11), tick=False):
        about_b.updated_at = at(TUESDAY, 11)
        db.session.commit()
        twilio_post(INBOUND, text_from(victim.phone, "Which court is it?"))
    (message,) = db.session.scalars(select(CaseMessage)).all()
    assert message.case_id == about_a.id
