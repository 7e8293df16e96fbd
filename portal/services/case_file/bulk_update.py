"""One court event for many cases: a list moved to another day, or a court closed for the day.

Every affected hearing of the team's cases (same court, same day) is moved or cancelled, each
case gets its update, and every affected victim is notified once, even when they are on more
than one of the cases, all in one transaction, after the caseworker has seen how many.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import Case, CaseAction, CaseVictim, Caseworker, Court, Hearing, Update, Victim
from portal.models.actions import ObligationKind
from portal.models.enums import HearingStatus, UpdateEvent
from portal.models.types import utcnow
from portal.services import audit
from portal.services.case_file import plain_english
from portal.services.case_file.court_record import hearing_start, set_cancelled, set_moved
from portal.services.case_file.update_text import to_html, to_text
from portal.services.delivery import outbox
from portal.services.errors import DomainError, InvalidInput

MOVED = "moved"
CLOSED = "closed"


class PlanChanged(DomainError):
    """The hearings affected changed between showing the count and confirming it."""

    status = 409


@dataclass
class BulkPlan:
    court: Court
    day: dt.date
    hearings: list[Hearing]

    @property
    def cases(self) -> list[Case]:
        seen: dict[int, Case] = {}
        for hearing in self.hearings:
            seen.setdefault(hearing.case_id, hearing.case)
        return list(seen.values())

    @property
    def victims(self) -> list[Victim]:
        seen: dict[int, Victim] = {}
        for case in self.cases:
            for victim in case.victims:
                seen.setdefault(victim.id, victim)
        return list(seen.values())


@dataclass
class BulkResult:
    hearings: int
    updates: list[Update]
    victims_notified: int


def affected(caseworker: Caseworker, court_id: int | None, day: dt.date) -> BulkPlan:
    """The team's hearings still to come at this court on this London day."""
    court = db.session.get(Court, court_id) if court_id else None
    if court is None:
        raise InvalidInput("court", str(_l("Choose the court")))
    start = london.start_of_day(day)
    end = london.start_of_day(day + dt.timedelta(days=1))
    hearings = db.session.scalars(
        select(Hearing).join(Case)
        .where(Case.team_id == caseworker.team_id, Hearing.court_id == court.id,
               Hearing.starts_at >= start, Hearing.starts_at < end,
               Hearing.status.in_((HearingStatus.LISTED, HearingStatus.MOVED)))
        .options(selectinload(Hearing.case).selectinload(Case.victim_links)
                 .selectinload(CaseVictim.victim).selectinload(Victim.preference))
        .order_by(Hearing.starts_at, Hearing.id)
    ).all()
    return BulkPlan(court, day, list(hearings))


def new_starts(plan: BulkPlan, new_day: dt.date | None) -> dict[int, dt.datetime]:
    """Each hearing's new start: the new day, at the hearing's own time. Checked like any
    hearing date."""
    if new_day is None:
        raise InvalidInput("new_date", str(_l("Enter the new date")))
    if new_day == plan.day:
        raise InvalidInput("new_date", str(_l("The new date must be a different day")))
    starts = {}
    for hearing in plan.hearings:
        clock = london.local_time(hearing.starts_at)
        try:
            starts[hearing.id] = hearing_start(new_day, clock)
        except InvalidInput as error:
            raise InvalidInput("new_date", error.message) from None
    return starts


def apply(caseworker: Caseworker, court_id: int, day: dt.date, change: str,
          new_day: dt.date | None, reason: str, body: str, send_now: bool,
          expected: int) -> BulkResult:
    """Move or cancel every affected hearing and tell each affected victim once."""
    plan = affected(caseworker, court_id, day)
    if len(plan.hearings) != expected:
        raise PlanChanged()
    if not plan.hearings:
        raise InvalidInput("date", str(_l("There are no hearings to update on that day")))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", str(_l("Say why, as the court told you")))
    starts = new_starts(plan, new_day) if change == MOVED else {}
    body_html = to_html(body)
    if not body_html:
        raise InvalidInput("body", str(_l("Write the update")))
    body_text = to_text(body_html)
    event = UpdateEvent.HEARING_MOVED if change == MOVED else UpdateEvent.HEARING_VACATED
    warnings = plain_english.check(body_text, event).as_dicts()

    for hearing in plan.hearings:
        if change == MOVED:
            set_moved(hearing, starts[hearing.id], reason)
        else:
            set_cancelled(hearing, reason)

    updates, notified = [], set()
    for case in plan.cases:
        case_hearings = [h for h in plan.hearings if h.case_id == case.id]
        update = Update(case=case, author_id=caseworker.id, event=event,
                        hearing_id=case_hearings[0].id, language="en", body_html=body_html,
                        body_text=body_text, warnings=warnings, urgent=send_now)
        db.session.add(update)
        db.session.flush()
        for hearing in case_hearings:
            db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.HEARING_DATE_TOLD,
                                      caseworker_id=caseworker.id, update_id=update.id,
                                      hearing_id=hearing.id, details="Update sent to every "
                                      "victim affected by a change at court"))
        case.updated_at = utcnow()
        with db.session.no_autoflush:
            created = outbox.notify_update(update, urgent=send_now)
        for notification in created:
            # A victim on two affected cases is told once: the update on the other case is on
            # their case page, but no second message is owed.
            if notification.victim.id not in notified:
                notified.add(notification.victim.id)
            elif inspect(notification).persistent:
                db.session.delete(notification)
            else:
                db.session.expunge(notification)
        updates.append(update)
    audit.record(caseworker, "hearings.bulk_update", None, court_id=plan.court.id,
                 day=day.isoformat(), change=change, hearings=len(plan.hearings),
                 cases=len(updates), victims=len(notified))
    db.session.commit()
    return BulkResult(len(plan.hearings), updates, len(notified))
