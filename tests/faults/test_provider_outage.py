"""Twilio down for 30 (simulated) minutes while a thousand updates are posted, then up again:
every notification reaches a final state, none is sent twice, and none outside the victim's
contact window. The outage is real to the portal: the fake Twilio answers 503 for fifteen
minutes, then refuses connections for fifteen more; the clock is time_machine's."""
from __future__ import annotations

import collections
import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    CaseVictim,
    ContactPreference,
    DeliveryAttempt,
    Notification,
    Update,
    Victim,
)
from portal.models.enums import UpdateEvent
from portal.services.delivery import dispatcher, outbox

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = [0, 1, 2, 3, 4]
# Four kinds of victim: any time; mornings (the window closes during the outage); after lunch
# (it opens during the outage); evenings only.
WINDOWS = [
    [],
    [{"days": WEEKDAYS, "start": "09:00", "end": "12:00"}],
    [{"days": WEEKDAYS, "start": "12:05", "end": "14:00"}],
    [{"days": [0, 1, 2, 3, 4, 5, 6], "start": "18:00", "end": "20:00"}],
]
VICTIMS, UPDATES, ROUNDS = 24, 1000, 4
EVERY = 2  # simulated minutes between the worker's runs while Twilio is down
EVERY_AFTER = dt.timedelta(minutes=5)
# Tuesday 10 March 2026, 11:40 in London (GMT): the outage runs from 11:40 to 12:10.
OUTAGE_STARTS = dt.datetime(2026, 3, 10, 11, 40, tzinfo=dt.timezone.utc)
OUTAGE = dt.timedelta(minutes=30)


def inside(windows: list[dict], moment: dt.datetime) -> bool:
    """Whether ``moment`` is inside one of these windows (none: any time), worked out here
    on its own, not with the engine's code."""
    if not windows:
        return True
    local = moment.astimezone(LONDON)
    clock = local.strftime("%H:%M")
    return any(local.weekday() in w["days"] and w["start"] <= clock < w["end"]
               for w in windows)


def post_round(cases, victim_of: dict, number: int) -> None:
    """UPDATES / ROUNDS updates, spread over the cases, each notified to the case's victim,
    as the console posts them (outbox.notify_many: the same rules as one by one)."""
    per_round = UPDATES // ROUNDS
    updates = [Update(case=cases[n % len(cases)], event=UpdateEvent.GENERAL,
                      body_text=f"Update {number}.{n}", body_html=f"<p>Update {number}.{n}</p>")
               for n in range(per_round)]
    db.session.add_all(updates)
    db.session.flush()
    outbox.notify_many([(u, [victim_of[u.case_id]]) for u in updates])
    db.session.commit()


def pending_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.status == "pending"))


def test_thirty_minutes_without_twilio_then_every_notification_once_inside_its_window(
        app, make, providers, monkeypatch):
    twilio = providers.sms
    # Retries from five minutes (doubling, with jitter) rather than thirty seconds: the same
    # rules in fewer calls, so the test stays quick.
    monkeypatch.setitem(app.config, "DELIVERY_BACKOFF_BASE_SECONDS", 300)
    with time_machine.travel(OUTAGE_STARTS, tick=False) as clock:
        now = OUTAGE_STARTS
        victim_ids = db.session.scalars(insert(Victim).returning(Victim.id), [
            {"full_name": f"Victim {n}", "email": f"v{n}@example.org",
             "phone": f"+447700900{n:03d}", "language": "en", "activated_at": now,
             "created_at": now} for n in range(VICTIMS)]).all()
        db.session.execute(insert(ContactPreference), [
            {"victim_id": i, "channels": ["sms"], "windows": WINDOWS[n % len(WINDOWS)],
             "asked_at": now, "updated_at": now} for n, i in enumerate(victim_ids)])
        team = make.team()
        cases = [make.case(team=team) for _ in victim_ids]
        db.session.execute(insert(CaseVictim), [
            {"case_id": c.id, "victim_id": i, "added_at": now}
            for c, i in zip(cases, victim_ids, strict=True)])
        db.session.commit()
        people = {v.id: v for v in db.session.scalars(
            select(Victim).options(selectinload(Victim.preference)))}
        victim_of = {c.id: people[i] for c, i in zip(cases, victim_ids, strict=True)}

        # Down: 503 for fifteen minutes, then connections refused for fifteen more. The updates
        # are posted in rounds while it is down; the worker runs every two simulated minutes.
        twilio.outage = 503
        for minute in range(0, int(OUTAGE.total_seconds() // 60), EVERY):
            clock.move_to(OUTAGE_STARTS + dt.timedelta(minutes=minute))
            if minute >= 15 and twilio.listening:
                twilio.outage = None
                twilio.refuse_connections()
            if minute % 8 == 0:
                post_round(cases, victim_of, minute // 8)
            dispatcher.run(drain=True)
        assert twilio.accepted == []
        turned_away = db.session.scalar(select(func.count()).select_from(DeliveryAttempt)
                                        .where(DeliveryAttempt.outcome == "retry"))

        # Up again: the worker runs when something next falls due (at most every five
        # simulated minutes), until nothing waits.
        twilio.accept_connections()
        clock.move_to(OUTAGE_STARTS + OUTAGE)
        for _ in range(200):
            dispatcher.run(drain=True)
            db.session.expire_all()
            due = db.session.scalar(select(func.min(Notification.not_before))
                                    .where(Notification.status == "pending"))
            if due is None:
                break
            clock.move_to(max(due, dt.datetime.now(dt.timezone.utc) + EVERY_AFTER))
        finished = dt.datetime.now(dt.timezone.utc)
    assert pending_count() == 0

    rows = list(db.session.scalars(select(Notification)))
    assert len(rows) == UPDATES  # one victim per case: a notification per update
    # Every notification reached a final state: the provider has it.
    assert {n.status for n in rows} == {"queued"}
    # None twice: each provider message carries its notifications once, and each was
    # accepted by "Twilio" exactly once.
    accepted = twilio.accepted
    sids = collections.Counter(r.sid for r in accepted)
    assert {n.provider_id for n in rows} == set(sids) and set(sids.values()) == {1}
    accepted_attempts = collections.Counter(db.session.scalars(
        select(DeliveryAttempt.notification_id).where(DeliveryAttempt.outcome == "accepted")))
    carriers = [n for n in rows if n.combined_into_id is None]
    assert len(accepted_attempts) == len(carriers) == len(accepted)
    assert set(accepted_attempts.values()) == {1}
    # None outside the victim's window, by the time "Twilio" received it.
    victims = {v.id: v for v in victim_of.values()}
    windows = {v.phone: v.preference.windows for v in victims.values()}
    outside = [r for r in accepted if not inside(
        windows[r.to], dt.datetime.fromtimestamp(r.at, dt.timezone.utc))]
    assert outside == []
    # And the engine's own record agrees.
    assert all(inside(victims[n.victim_id].preference.windows, n.sent_at) for n in rows)
    # The morning victims whose window closed during the outage got theirs the next morning.
    mornings = [n for n in rows if victims[n.victim_id].preference.windows == WINDOWS[1]]
    assert {n.sent_at.astimezone(LONDON).date() for n in mornings} == {dt.date(2026, 3, 11)}
    print(f"\n{len(rows)} notifications, {turned_away} calls failed while down "
          f"({sum(r.answered == 503 for r in twilio.received)} answered 503, the rest "
          "refused), "
          f"{len(accepted)} messages accepted after, the last at "
          f"{finished.astimezone(LONDON):%a %H:%M} London time")
