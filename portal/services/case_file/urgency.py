"""Whether news about a hearing is urgent: decided by the portal from the dates, not left to the
caseworker's memory.

Urgent by default, with the reason shown to the caseworker:
- a hearing moved to an earlier date or time;
- a hearing listed, or moved, to a date within 5 working days;
- a hearing cancelled (vacated) that was due within 2 working days: the victim may be about to
  set off for court;
- any change of the suspect's bail or custody: where the suspect is, and the rules that keep
  them away, are the victim's safety;
- an urgent alert about the offender (escape, absconding, recall, open conditions, death:
  services/case_file/alerts.py), always sent urgently and repeated until read.
The caseworker can still choose otherwise; urgent news is sent at once, but never at night
unless the victim chose "at any time" (services/delivery/outbox.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal import london
from portal.models import Hearing
from portal.models.enums import UpdateEvent
from portal.models.types import utcnow
from portal.services.working_days import working_days_between

SOON_WORKING_DAYS = 5
VACATED_WORKING_DAYS = 2

REASONS = {
    "moved_earlier": _l("The hearing has moved earlier."),
    "soon": _l("The hearing is within 5 working days."),
    "vacated_soon": _l("The cancelled hearing was within 2 working days: the victim may be "
                       "about to set off for court."),
    "bail": _l("Bail and custody news is about the victim’s safety."),
    "alert": _l("News of an escape, a recall or a move is about the victim’s safety."),
}


@dataclass(frozen=True)
class Urgency:
    urgent: bool
    reason: str | None = None  # a key of REASONS

    @property
    def explanation(self):
        return REASONS.get(self.reason) if self.reason else None


def assess(event: str, hearing: Hearing | None, area: str,
           now: dt.datetime | None = None) -> Urgency:
    """How urgent news of ``event`` about ``hearing`` is now."""
    if event == UpdateEvent.BAIL_CHANGED:
        return Urgency(True, "bail")
    if event == UpdateEvent.URGENT_ALERT:
        return Urgency(True, "alert")
    if hearing is None or event not in (UpdateEvent.HEARING_LISTED, UpdateEvent.HEARING_MOVED,
                                        UpdateEvent.HEARING_VACATED):
        return Urgency(False)
    now = now or utcnow()
    if hearing.starts_at <= now:
        return Urgency(False)
    days = working_days_between(london.local_date(now), london.local_date(hearing.starts_at),
                                area)
    if event == UpdateEvent.HEARING_VACATED:
        return Urgency(True, "vacated_soon") if days <= VACATED_WORKING_DAYS else Urgency(False)
    if (event == UpdateEvent.HEARING_MOVED and hearing.previous_starts_at is not None
            and hearing.starts_at < hearing.previous_starts_at):
        return Urgency(True, "moved_earlier")
    if days <= SOON_WORKING_DAYS:
        return Urgency(True, "soon")
    return Urgency(False)


def for_court_day(closed: bool, day: dt.date, new_day: dt.date | None,
                  now: dt.datetime | None = None) -> Urgency:
    """How urgent a change at court for a whole day is: the same rules as for one hearing,
    counted with England's bank holidays (a court list is in one nation; Welsh ones are the
    same today)."""
    now = now or utcnow()
    today = london.local_date(now)
    if closed:
        soon = working_days_between(today, day, "england") <= VACATED_WORKING_DAYS
        return Urgency(True, "vacated_soon") if soon else Urgency(False)
    if new_day is not None and new_day < day:
        return Urgency(True, "moved_earlier")
    if new_day is not None and working_days_between(today, new_day, "england") <= SOON_WORKING_DAYS:
        return Urgency(True, "soon")
    return Urgency(False)
