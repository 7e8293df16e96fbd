"""Reminders before each hearing a victim must go to: 7 days before and on the working day
before (HEARING_REMINDERS), in their language, inside their contact times, with what to bring
and how to get help at court. Evaluations of court reminder services (Courtbot) found they cut
missed hearings; a witness who does not come is a main reason trials collapse.

The worker calls ``schedule`` as it runs: it adds the reminders now due to be planned as
notifications (kind "reminder_<offset>", with the hearing), once each per victim, hearing and
offset. A hearing moved or cancelled has its waiting reminders cancelled
(``cancel_for``), and the next ``schedule`` plans them again for the new date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import Case, CaseVictim, Hearing, Notification, Victim
from portal.models.enums import HearingStatus
from portal.models.messaging import DeliveryStatus
from portal.services.delivery import contact_windows
from portal.services.delivery.channel_choice import next_channel
from portal.services.delivery.outbox import windows_for
from portal.services.working_days import add_working_days

PREFIX = "reminder_"
# The time of day a reminder is meant for, before the victim's own times move it.
REMINDER_TIME = dt.time(10, 0)
_OFFSET = re.compile(r"^(\d+)(d|wd)$")


@dataclass(frozen=True)
class Offset:
    number: int
    working: bool

    @property
    def kind(self) -> str:
        return f"{PREFIX}{self.number}{'wd' if self.working else 'd'}"

    def day_for(self, hearing_day: dt.date, area: str) -> dt.date:
        if self.working:
            return add_working_days(hearing_day, -self.number, area)
        return hearing_day - dt.timedelta(days=self.number)


def offsets() -> list[Offset]:
    """HEARING_REMINDERS ("7d,1wd": 7 days, 1 working day) as offsets."""
    found = []
    for item in str(current_app.config.get("HEARING_REMINDERS", "7d,1wd")).split(","):
        match = _OFFSET.match(item.strip())
        if match:
            found.append(Offset(int(match.group(1)), match.group(2) == "wd"))
    return found


def wants_reminders(victim: Victim) -> bool:
    return victim.preference is None or victim.preference.hearing_reminders is not False


def schedule(now: dt.datetime) -> int:
    """Plan every reminder that falls within the next two weeks and is not planned yet.
    Returns how many were added (committed)."""
    planned = offsets()
    if not planned:
        return 0
    horizon = now + dt.timedelta(days=max(o.number for o in planned) * 2 + 7)
    hearings = db.session.scalars(
        select(Hearing).where(Hearing.must_attend.is_(True), Hearing.starts_at > now,
                              Hearing.starts_at <= horizon,
                              Hearing.status.in_((HearingStatus.LISTED, HearingStatus.MOVED)))
        .options(selectinload(Hearing.case).selectinload(Case.victim_links)
                 .selectinload(CaseVictim.victim).selectinload(Victim.preference))).all()
    if not hearings:
        return 0
    existing = {(n.victim_id, n.hearing_id, n.kind) for n in db.session.execute(
        select(Notification.victim_id, Notification.hearing_id, Notification.kind).where(
            Notification.hearing_id.in_([h.id for h in hearings]),
            Notification.status != DeliveryStatus.CANCELLED))}
    added = 0
    for hearing in hearings:
        hearing_day = london.local_date(hearing.starts_at)
        told_at = hearing.changed_at or hearing.created_at
        for offset in planned:
            target = london.at(offset.day_for(hearing_day, hearing.case.area), REMINDER_TIME)
            if target <= told_at:  # listed or moved after it: the news itself was the reminder
                continue
            for victim in hearing.case.victims:
                if (victim.id, hearing.id, offset.kind) in existing or not wants_reminders(victim):
                    continue
                channel = next_channel(victim)
                if channel is None:
                    continue
                due = contact_windows.next_allowed(windows_for(victim, channel),
                                                   max(target, now))
                if due >= hearing.starts_at:
                    continue
                db.session.add(Notification(
                    victim=victim, case_id=hearing.case_id, hearing_id=hearing.id,
                    kind=offset.kind, channel=channel, not_before=due,
                    status=DeliveryStatus.PENDING, reason="window" if due > now else None))
                added += 1
    db.session.commit()
    return added


def cancel_for(*hearings: Hearing) -> int:
    """Cancel these hearings' waiting reminders (they moved or were cancelled), in one query
    however many there are (a change at court moves hundreds at once). The caller commits."""
    ids = [hearing.id for hearing in hearings]
    if not ids:
        return 0
    rows = db.session.scalars(select(Notification).where(
        Notification.hearing_id.in_(ids), Notification.kind.like(f"{PREFIX}%"),
        Notification.status == DeliveryStatus.PENDING,
        Notification.claimed_by.is_(None))).all()
    for row in rows:
        row.status, row.reason = DeliveryStatus.CANCELLED, "hearing_changed"
    return len(rows)


def is_reminder(kind: str) -> bool:
    return kind.startswith(PREFIX)
