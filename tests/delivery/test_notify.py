"""notify_update: the outbox rows an update makes, following each victim's preferences."""
from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Notification, TaskKind, Update
from portal.models.enums import UpdateEvent
from portal.services.delivery import outbox, states
from tests.delivery.helpers import notifications, tasks_of

UTC = dt.timezone.utc


def test_an_update_and_its_notifications_commit_or_vanish_together(make, contactable):
    case = make.case(victims=[contactable()])
    update = Update(case=case, event=UpdateEvent.CHARGED, body_html="<p>x</p>", body_text="x")
    db.session.add(update)
    assert len(outbox.notify_update(update)) == 1
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0


def test_each_victim_is_notified_on_their_first_usable_channel(make, contactable):
    email_first = contactable(channels=["email", "sms"])
    stopped = contactable(channels=["sms", "letter", "email"],
                          preference={"sms_opted_out": True})
    landline = contactable(channels=["sms", "phone"], phone="+442079460000")
    make.update(make.case(victims=[email_first, stopped, landline]))
    channels = {n.victim_id: n.channel for n in notifications()}
    # Letters need a postal address and post that is safe; a landline cannot take texts.
    assert channels == {email_first.id: "email", stopped.id: "email", landline.id: "phone"}


def test_key_decisions_only_skips_other_news_and_says_why(make, contactable):
    victim = contactable(preference={"frequency": "key_decisions"})
    case = make.case(victims=[victim])
    make.update(case, UpdateEvent.GENERAL)
    make.update(case, UpdateEvent.CHARGED)
    general, charged = notifications()
    assert (general.status, general.reason) == ("skipped", "key_decisions_only")
    assert (charged.status, charged.reason) == ("pending", None)


def test_a_weekly_summary_collects_the_weeks_updates_into_one_message(
        make, providers, contactable, run_worker):
    victim = contactable(channels=["email"], preference={"frequency": "weekly_summary"})
    case = make.case(victims=[victim])
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC), tick=False):
        make.update(case, UpdateEvent.GENERAL, "We spoke to a neighbour.")
        make.update(case, UpdateEvent.HEARING_LISTED, "The first hearing is in January.")
        run_worker()
    assert providers.email.messages == []
    assert {n.not_before for n in notifications()} == {dt.datetime(2026, 11, 30, 9, 0,
                                                                   tzinfo=UTC)}
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, 1, tzinfo=UTC), tick=False):
        run_worker()
    [email] = providers.email.messages
    assert email["Subject"] == "Your weekly summary of case updates"
    text = email.get_body(("plain",)).get_content()
    assert "There have been 2 updates" in text
    assert "We spoke to a neighbour." in text and "The first hearing is in January." in text


def test_a_victim_with_no_way_to_be_reached_is_reported_not_dropped(make):
    victim = make.victim(phone=None, email=None)
    case = make.case(victims=[victim])
    make.update(case)
    [row] = notifications()
    assert (row.status, row.reason) == ("failed", "no_channel")
    [task] = tasks_of(TaskKind.DELIVERY_FAILED)
    assert (task.case_id, task.victim_id, task.notification_id) == (case.id, victim.id, row.id)


def test_at_next_window_waits_for_the_next_opening_even_inside_one(make, contactable):
    mornings = [{"days": [0, 1, 2, 3, 4, 5, 6], "start": "09:00", "end": "12:00"}]
    victim = contactable(preference={"windows": mornings})
    case = make.case(victims=[victim])
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC), tick=False):
        make.update(case)
        make.update(case, at_next_window=True)
    now, later = notifications()
    assert now.not_before == dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert later.not_before == dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_delivery_states_give_every_notification_its_state_and_reason(
        make, providers, contactable, run_worker):
    texted = contactable(channels=["sms"], name="Ada Lovelace")
    skipped = contactable(preference={"frequency": "key_decisions"})
    case = make.case(victims=[texted, skipped])
    make.update(case, UpdateEvent.GENERAL)
    run_worker()
    by_victim = {s.victim_id: s for s in states.for_case(case)}
    assert (by_victim[texted.id].status, by_victim[texted.id].attempts) == ("queued", 1)
    assert by_victim[texted.id].victim_name == "Ada Lovelace"
    assert (by_victim[skipped.id].status, by_victim[skipped.id].reason) == (
        "skipped", "key_decisions_only")
    from portal.content.delivery_states import REASONS, STATUSES

    assert all(s.status in STATUSES and (s.reason is None or s.reason in REASONS)
               for s in by_victim.values())
