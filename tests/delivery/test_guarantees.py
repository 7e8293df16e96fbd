"""What must reach a victim does, at the right time: tried end to end with the clock frozen,
through the real twilio client to the fake Twilio server and the real SMTP client to aiosmtpd.

Each test reproduces a way the portal used to let a victim miss what matters."""
from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Task, TaskKind, Update
from portal.models.actions import ObligationKind
from portal.models.enums import HearingStatus, UpdateEvent
from portal.services.case_file import obligations, urgency
from portal.services.delivery import reach
from tests.delivery.helpers import notifications

WEEKDAYS_9_TO_7 = [{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "19:00"}]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return london.at(day, dt.time(hour, minute))


def hearing_news(make, case, event, starts_at, must_attend=True, **hearing_values):
    hearing = make.hearing(case, starts_at=starts_at, must_attend=must_attend, **hearing_values)
    update = Update(case=case, event=event, hearing=hearing,
                    body_html="<p>The trial is set.</p>", body_text="The trial is set.")
    db.session.add(update)
    return hearing, update


def post(update, urgent=False):
    from portal.services.delivery.outbox import notify_update

    notify_update(update, urgent=urgent)
    db.session.commit()


def test_a_key_decisions_victim_gets_a_hearing_they_must_attend_the_same_day(
        make, providers, contactable, run_worker):
    victim = contactable(channels=["email"], preference={"frequency": "key_decisions"})
    case = make.case(victims=[victim])
    with time_machine.travel(at(dt.date(2026, 12, 8), 10), tick=False):  # Tuesday
        _, update = hearing_news(make, case, UpdateEvent.HEARING_LISTED,
                                 at(dt.date(2027, 1, 12), 10))
        post(update)
        run_worker()
    assert [m["To"] for m in providers.email.messages] == [victim.email]
    # A hearing they need not attend still waits for them online only.
    with time_machine.travel(at(dt.date(2026, 12, 8), 11), tick=False):
        _, other = hearing_news(make, case, UpdateEvent.HEARING_LISTED,
                                at(dt.date(2027, 1, 13), 10), must_attend=False)
        post(other)
        run_worker()
    assert len(providers.email.messages) == 1
    assert notifications()[-1].reason == "key_decisions_only"


def test_a_weekly_victim_hears_of_thursdays_hearing_on_tuesday_not_next_monday(
        make, providers, contactable, run_worker):
    victim = contactable(channels=["sms"], preference={"frequency": "weekly_summary",
                                                       "windows": WEEKDAYS_9_TO_7})
    case = make.case(victims=[victim])
    tuesday = dt.date(2026, 12, 8)
    with time_machine.travel(at(tuesday, 8), tick=False):
        _, update = hearing_news(make, case, UpdateEvent.HEARING_LISTED, at(tuesday, 10) +
                                 dt.timedelta(days=2))
        post(update)
        run_worker()
        assert providers.sms.received == []  # before their window
        (row,) = [n for n in notifications() if n.update_id is not None]
        assert row.kind == "update" and row.not_before == at(tuesday, 9)
    with time_machine.travel(at(tuesday, 9, 1), tick=False):
        run_worker()
    assert len(providers.sms.received) == 1
    assert "10:00" in providers.sms.received[0].body  # the text says when


def test_a_hearing_moved_to_tomorrow_morning_is_urgent_and_never_goes_at_night(
        make, providers, contactable, run_worker, client, staff_login):
    victim = contactable(channels=["sms"], preference={"windows": WEEKDAYS_9_TO_7})
    worker = make.staff()
    case = make.case(victims=[victim], contact=worker)
    sunday_night = at(dt.date(2026, 12, 6), 3, 34)
    monday = dt.date(2026, 12, 7)
    with time_machine.travel(sunday_night - dt.timedelta(days=3), tick=False):
        hearing = make.hearing(case, starts_at=at(dt.date(2026, 12, 15), 10), must_attend=True)
    with time_machine.travel(sunday_night, tick=False):
        hearing.previous_starts_at, hearing.starts_at = hearing.starts_at, at(monday, 9, 30)
        hearing.status, hearing.changed_at = HearingStatus.MOVED, sunday_night
        db.session.commit()
        assessed = urgency.assess(UpdateEvent.HEARING_MOVED, hearing, case.area)
        assert assessed.urgent and assessed.reason == "moved_earlier"
        # The console ticks "now" for the caseworker, and says why.
        staff_login.sign_in_quickly(worker)
        page = client.get(f"/staff/cases/{case.id}/updates/new",
                          query_string={"event": "hearing_moved",
                                        "about": f"hearing:{hearing.id}"})
        text = page.get_data(as_text=True)
        assert "The hearing has moved earlier." in text
        assert 'value="now" checked' in text
        update = Update(case=case, event=UpdateEvent.HEARING_MOVED, hearing=hearing,
                        body_html="<p>Moved.</p>", body_text="Moved.", urgent=True)
        db.session.add(update)
        post(update, urgent=True)
        run_worker()
        assert providers.sms.received == []  # 03:34: night is never used silently
        (row,) = notifications()
        # 07:00 on Sunday: urgent news may break their weekday window in the day, not at night.
        sunday_morning = at(dt.date(2026, 12, 6), 7)
        assert row.not_before == sunday_morning and row.reason == "urgent_waits_for_morning"
    with time_machine.travel(sunday_morning + dt.timedelta(minutes=1), tick=False):
        run_worker()
    (text,) = providers.sms.received
    # The new date and time are in the text itself, before the hearing starts.
    assert "Monday, 7 December 2026 at 09:30" in text.body


def test_a_failed_message_leaves_the_duty_due_with_its_reason_and_a_task(
        make, providers, contactable, run_worker):
    victim = contactable(channels=["sms"])
    providers.sms.refuse_number(victim.phone, 400, 21211)  # an invalid number, for good
    case = make.case(victims=[victim])
    with time_machine.travel(at(dt.date(2026, 12, 8), 10), tick=False):
        hearing, update = hearing_news(make, case, UpdateEvent.HEARING_LISTED,
                                       at(dt.date(2027, 1, 12), 10))
        db.session.flush()
        from portal.models import CaseAction

        db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.HEARING_DATE_TOLD,
                                  update=update, hearing_id=hearing.id, details="Update sent"))
        post(update)
        run_worker()
        db.session.expire_all()
        told = next(o for o in obligations.for_case(case)
                    if o.kind == ObligationKind.HEARING_DATE_TOLD)
        assert not told.met and told.failure == "permanent_error"
    kinds = {t.kind for t in db.session.scalars(select(Task))}
    assert TaskKind.DELIVERY_FAILED in kinds


def test_an_email_accepted_meets_the_duty_and_a_text_once_it_is_delivered(
        make, providers, contactable, run_worker, twilio_post):
    emailed = contactable(channels=["email"])
    texted = contactable(channels=["sms"])
    case = make.case(victims=[emailed, texted])
    ten = at(dt.date(2026, 12, 8), 10)
    with time_machine.travel(ten, tick=False):
        hearing, update = hearing_news(make, case, UpdateEvent.HEARING_LISTED,
                                       at(dt.date(2027, 1, 12), 10))
        db.session.flush()
        from portal.models import CaseAction

        db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.HEARING_DATE_TOLD,
                                  update=update, hearing_id=hearing.id, details="Update sent"))
        post(update)
        run_worker()

        def told():
            db.session.expire_all()
            return next(o for o in obligations.for_case(case)
                        if o.kind == ObligationKind.HEARING_DATE_TOLD)

        assert {r.state for r in told().not_reached.values()} == {"waiting"}  # text queued
        sid = providers.sms.accepted[-1].sid
        twilio_post("/webhooks/twilio/status", {"MessageSid": sid, "MessageStatus": "sent"})
        assert not told().met  # sent, but the network may still report it undelivered
        twilio_post("/webhooks/twilio/status", {"MessageSid": sid,
                                                "MessageStatus": "delivered"})
        assert told().met and told().state(ten) == "met"


def test_a_held_hearing_with_no_outcome_owes_one_and_a_sentence_update_tells_it(make):
    case = make.case(victims=[make.victim()])
    held = make.hearing(case, starts_at=at(dt.date(2026, 12, 1), 10))
    with time_machine.travel(at(dt.date(2026, 12, 3), 12), tick=False):
        owed = [o for o in obligations.for_case(case)
                if o.kind == ObligationKind.HEARING_OUTCOME_TOLD]
        assert len(owed) == 1 and owed[0].hearing == held
        assert owed[0].due_date == dt.date(2026, 12, 2)  # 1 working day after the hearing
        assert owed[0].state(london.at(dt.date(2026, 12, 3), dt.time(12))) == "overdue"


def test_the_deadline_to_tell_of_a_hearing_is_never_after_it_starts_and_a_call_is_due(
        make, contactable, run_worker, providers):
    victim = contactable(channels=["email"], preference={"windows": WEEKDAYS_9_TO_7,
                                                         "urgent_may_break_window": False})
    case = make.case(victims=[victim])
    friday_evening = at(dt.date(2026, 12, 11), 20)
    with time_machine.travel(friday_evening, tick=False):
        hearing, update = hearing_news(make, case, UpdateEvent.HEARING_LISTED,
                                       at(dt.date(2026, 12, 14), 8, 30))  # Monday 08:30
        post(update, urgent=True)
        told = next(o for o in obligations.for_case(case)
                    if o.kind == ObligationKind.HEARING_DATE_TOLD)
        assert told.due_at == hearing.starts_at
        # Their window opens at 09:00 on Monday, after the hearing starts: call them now.
        call = db.session.scalars(select(Task).where(Task.kind == TaskKind.PHONE_CALL)).one()
        assert call.due_by == hearing.starts_at
        assert call.detail["reason"] == "message_too_late"


def test_reach_counts_a_text_sent_an_hour_ago_and_not_reported_failed():
    now = dt.datetime(2026, 12, 8, 12, tzinfo=dt.timezone.utc)
    row = reach._Row(1, 1, 1, "sms", "sent", None, now, now - dt.timedelta(minutes=61), None,
                     None)
    assert reach._reach([row], {}, {}, None, now).reached_at == row.sent_at
    young = reach._Row(2, 1, 1, "sms", "sent", None, now, now - dt.timedelta(minutes=5), None,
                       None)
    assert reach._reach([young], {}, {}, None, now).state == "waiting"


def test_a_victim_who_needs_an_interpreter_gets_one_booked_for_each_hearing(
        make, client, staff_login):
    from portal.services.case_file import court_record

    victim = make.victim()
    make.preferences(victim, british_sign_language=True)
    worker = make.staff()
    case = make.case(victims=[victim, make.victim()], contact=worker)
    court = make.court()
    with time_machine.travel(at(dt.date(2026, 12, 8), 10), tick=False):
        hearing = court_record.record_hearing(worker, case, court.id, "trial",
                                              dt.date(2027, 1, 12), dt.time(10), True)
        court_record.move_hearing(worker, case, hearing.id, dt.date(2027, 1, 19),
                                  dt.time(10), "The judge is ill.")
    (booking,) = db.session.scalars(select(Task).where(
        Task.kind == TaskKind.BOOK_INTERPRETER)).all()  # one, moved with the hearing
    assert booking.victim_id == victim.id and booking.detail["need"] == "bsl"
    assert booking.due_by == at(dt.date(2027, 1, 19), 10)


def test_a_decision_goes_by_post_to_a_victim_who_asked_for_no_computer_documents(
        make, contactable, run_worker, providers):
    victim = contactable(channels=["email"], preference={
        "no_computer_documents": True, "post_safe": True, "postal_address": "1 High Street"})
    case = make.case(victims=[victim])
    with time_machine.travel(at(dt.date(2026, 12, 8), 10), tick=False):
        make.update(case, UpdateEvent.NO_FURTHER_ACTION, "We will not take the case further.")
        make.update(case, UpdateEvent.GENERAL, "The officer called the witness.")
        run_worker()
    by_channel = {n.update.event: n.channel for n in notifications()}
    assert by_channel == {"no_further_action": "letter", "general": "email"}
    assert db.session.scalars(select(Task).where(Task.kind == TaskKind.LETTER)).one()


def test_the_preview_says_how_and_when_each_victim_will_get_it(make, client, staff_login):
    worker = make.staff()
    texted = make.victim(name="Gwen Jones", language="cy")
    make.preferences(texted, channels=["sms", "email"], windows=WEEKDAYS_9_TO_7,
                     sms_opted_out=True)
    weekly = make.victim(name="Layla Haddad", language="ar")
    make.preferences(weekly, channels=["email"], discreet=True, frequency="weekly_summary",
                     windows=[])
    case = make.case(victims=[texted, weekly], contact=worker)
    from tests.caseworker.test_updates import compose, preview_data
    from tests.caseworker.test_updates import post as post_form

    with time_machine.travel(at(dt.date(2026, 12, 8), 20), tick=False):  # Tuesday evening
        staff_login.sign_in_quickly(worker)
        _, data = compose(client, case, "general")
        from tests.conftest import page as parse

        soup = parse(post_form(client, case, data, check="1"))
        gwen = " ".join(soup.select_one(f"#forecast-{texted.id}").get_text(" ").split())
        layla = " ".join(soup.select_one(f"#forecast-{weekly.id}").get_text(" ").split())
        # Gwen replied STOP: not a text, an email, in Welsh, when her window opens.
        assert gwen.startswith("Wednesday, 9 December 2026 at 09:00, by email, in Cymraeg")
        assert "Your words will reach them in Cymraeg only when they are translated" in gwen
        assert layla.startswith("In their weekly summary, Monday, 14 December 2026 at 09:00, "
                                "by email, in العربية")
        assert "discreet" in layla
        sent = post_form(client, case, preview_data(post_form(client, case, data, check="1")),
                         language="en", send="window", confirm="1")
        summary = " ".join(parse(sent).select_one("#sending-summary").get_text(" ").split())
        assert "Gwen Jones: waiting until Wednesday, 9 December 2026 at 09:00" in summary
        assert "Layla Haddad: waiting until Monday, 14 December 2026 at 09:00" in summary
        assert "being sent now" not in summary


def test_reminders_come_7_days_and_1_working_day_before_a_hearing_they_must_go_to(
        make, providers, contactable, run_worker):
    victim = contactable(channels=["email"], preference={"windows": WEEKDAYS_9_TO_7})
    quiet = contactable(channels=["email"], preference={"hearing_reminders": False})
    case = make.case(victims=[victim, quiet])
    monday_hearing = at(dt.date(2026, 12, 21), 10)  # the working day before is Friday 18th
    with time_machine.travel(at(dt.date(2026, 12, 1), 12), tick=False):
        make.hearing(case, starts_at=monday_hearing, must_attend=True)
        make.hearing(case, starts_at=monday_hearing + dt.timedelta(days=1), must_attend=False)
        run_worker()
        assert providers.email.messages == []
    with time_machine.travel(at(dt.date(2026, 12, 14), 10, 1), tick=False):  # 7 days before
        run_worker()
    with time_machine.travel(at(dt.date(2026, 12, 18), 10, 1), tick=False):  # Friday
        run_worker()
    sent = [(m["To"], m["Subject"]) for m in providers.email.messages]
    assert sent == [(victim.email,
                     "Reminder: you need to go to court on Monday, 21 December 2026")] * 2
    body = providers.email.messages[0].get_body(("plain",)).get_content()
    assert "Monday, 21 December 2026 at 10:00" in body and "/court-help" in body
    assert "What to bring" in body


def test_a_moved_hearing_is_reminded_of_on_its_new_date(make, contactable, run_worker,
                                                       providers):
    from portal.services.case_file import court_record

    victim = contactable(channels=["email"])
    worker = make.staff()
    case = make.case(victims=[victim], contact=worker)
    court = make.court()
    with time_machine.travel(at(dt.date(2026, 12, 1), 12), tick=False):
        hearing = court_record.record_hearing(worker, case, court.id, "trial",
                                              dt.date(2026, 12, 21), dt.time(10), True)
        run_worker()
    with time_machine.travel(at(dt.date(2026, 12, 2), 12), tick=False):
        court_record.move_hearing(worker, case, hearing.id, dt.date(2027, 1, 11), dt.time(10),
                                  "The judge is ill.")
        run_worker()
    with time_machine.travel(at(dt.date(2027, 1, 2), 12), tick=False):  # planned when near
        run_worker()
    reminders = [n for n in notifications() if n.hearing_id == hearing.id]
    waiting = sorted(n.not_before for n in reminders if n.status == "pending")
    assert waiting == [at(dt.date(2027, 1, 4), 10), at(dt.date(2027, 1, 8), 10)]
    assert {n.reason for n in reminders if n.status == "cancelled"} == {"hearing_changed"}
