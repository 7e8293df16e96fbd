"""Hearings and decisions as the console records them, with the rules a court date must keep.

A hearing is in the future, on a date that exists, between 07:00 and 20:00 London time (courts
do not sit outside those hours); a decision has its reasons. Each rule raises InvalidInput
naming the field, before anything is saved.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Case, Caseworker, Court, Decision, Hearing
from portal.models.enums import DecisionKind, HearingOutcome, HearingStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.delivery import reminders, tasks
from portal.services.errors import InvalidInput

EARLIEST_SITTING = dt.time(7, 0)
LATEST_SITTING = dt.time(20, 0)


def courts() -> list[Court]:
    return list(db.session.scalars(select(Court).order_by(Court.name)))


def hearing_start(day: dt.date, clock: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The moment a hearing starts, checked: today or later, not already past, and within
    court hours. Returns it in UTC."""
    now = now or utcnow()
    if day < london.local_date(now):
        raise InvalidInput("date", str(_l("The hearing date must be today or in the future")))
    if not EARLIEST_SITTING <= clock <= LATEST_SITTING:
        raise InvalidInput("time", str(_l("Courts sit between 07:00 and 20:00. Enter a time "
                                          "between 07:00 and 20:00")))
    starts = london.at(day, clock)
    if starts <= now:
        raise InvalidInput("time", str(_l("That time today has already passed")))
    return starts


def _court(court_id: int | None) -> Court:
    court = db.session.get(Court, court_id) if court_id else None
    if court is None:
        raise InvalidInput("court", str(_l("Choose the court")))
    return court


def _hearing(case: Case, hearing_id: int) -> Hearing:
    for hearing in case.hearings:
        if hearing.id == hearing_id:
            return hearing
    raise InvalidInput("hearing", str(_l("Choose a hearing on this case")))


def record_hearing(actor: Caseworker, case: Case, court_id: int, kind: str, day: dt.date,
                   clock: dt.time, must_attend: bool) -> Hearing:
    starts = hearing_start(day, clock)
    court = _court(court_id)
    now = utcnow()
    hearing = Hearing(case=case, court=court, kind=kind, starts_at=starts,
                      must_attend=must_attend, status=HearingStatus.LISTED, changed_at=now)
    db.session.add(hearing)
    case.updated_at = now
    db.session.flush()
    audit.record(actor, "hearing.recorded", case.id, hearing_id=hearing.id)
    _interpreters_for(case, hearing)
    db.session.commit()
    return hearing


def move_hearing(actor: Caseworker, case: Case, hearing_id: int, day: dt.date, clock: dt.time,
                 reason: str) -> Hearing:
    """A new date or time for a hearing (earlier or later); the old one is kept to show."""
    hearing = _hearing(case, hearing_id)
    starts = hearing_start(day, clock)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", str(_l("Say why the hearing moved")))
    if starts == hearing.starts_at:
        raise InvalidInput("date", str(_l("Enter the new date or time")))
    set_moved(hearing, starts, reason)
    case.updated_at = hearing.changed_at
    audit.record(actor, "hearing.moved", case.id, hearing_id=hearing.id)
    _interpreters_for(case, hearing)
    db.session.commit()
    return hearing


def _interpreters_for(case: Case, hearing: Hearing) -> None:
    """Each victim who needs an interpreter or BSL gets one booked for the hearing: a task
    due when it starts (moved with it)."""
    db.session.flush()
    for victim in case.victims:
        tasks.book_interpreter(case, victim, due_by=hearing.starts_at, hearing_id=hearing.id)


def set_moved(hearing: Hearing, starts: dt.datetime, reason: str) -> None:
    move_all([(hearing, starts)], reason)


def move_all(moves: list[tuple[Hearing, dt.datetime]], reason: str) -> None:
    """Move each hearing to its new start, for the same reason (one hearing, or a court's list
    moved to another day). The caller commits."""
    now = utcnow()
    for hearing, starts in moves:
        hearing.previous_starts_at = hearing.starts_at
        hearing.starts_at = starts
        hearing.status = HearingStatus.MOVED
        hearing.change_reason = reason
        hearing.changed_at = now
    reminders.cancel_for(*(hearing for hearing, _start in moves))  # planned again for the new date


def cancel_hearing(actor: Caseworker, case: Case, hearing_id: int, reason: str) -> Hearing:
    hearing = _hearing(case, hearing_id)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", str(_l("Say why the hearing was cancelled")))
    set_cancelled(hearing, reason)
    case.updated_at = hearing.changed_at
    audit.record(actor, "hearing.cancelled", case.id, hearing_id=hearing.id)
    db.session.commit()
    return hearing


def set_cancelled(hearing: Hearing, reason: str) -> None:
    cancel_all([hearing], reason)


def cancel_all(hearings: list[Hearing], reason: str) -> None:
    """Cancel each hearing, for the same reason (one hearing, or a court closed for the day).
    The caller commits."""
    now = utcnow()
    for hearing in hearings:
        hearing.status = HearingStatus.VACATED
        hearing.change_reason = reason
        hearing.changed_at = now
    reminders.cancel_for(*hearings)


def record_outcome(actor: Caseworker, case: Case, hearing_id: int, outcome: str,
                   note: str | None) -> Hearing:
    hearing = _hearing(case, hearing_id)
    if hearing.starts_at > utcnow():
        raise InvalidInput("outcome", str(_l("This hearing has not happened yet")))
    hearing.outcome = HearingOutcome(outcome)
    hearing.outcome_note = (note or "").strip() or None
    hearing.status = HearingStatus.HEARD
    hearing.outcome_recorded_at = utcnow()
    case.updated_at = hearing.outcome_recorded_at
    audit.record(actor, "hearing.outcome_recorded", case.id, hearing_id=hearing.id)
    db.session.commit()
    return hearing


def record_decision(actor: Caseworker, case: Case, kind: str, made_on: dt.date, reasons: str,
                    sentence_months: int | None,
                    compensation_order: bool | None = None) -> Decision:
    """A decision with its reasons in plain English (never empty); for a sentence, whether
    the court made a compensation order (None: not known; kept only for a sentence)."""
    kind = DecisionKind(kind)
    reasons = (reasons or "").strip()
    if not reasons:
        raise InvalidInput("reasons", str(_l("Enter the reasons for the decision, as you would "
                                             "explain them to the victim")))
    now = utcnow()
    if made_on > london.local_date(now):
        raise InvalidInput("made_on", str(_l("The date of the decision must be today or in the "
                                             "past")))
    if kind is DecisionKind.SENTENCE and sentence_months is None:
        raise InvalidInput("sentence_months", str(_l("Enter the length of the prison sentence "
                                                     "in months, or 0 if it is not in prison")))
    if sentence_months is not None and not 0 <= sentence_months <= 1200:
        raise InvalidInput("sentence_months", str(_l("Enter a number of months from 0 to "
                                                     "1200")))
    made_at = now if made_on == london.local_date(now) else london.at(made_on, dt.time(12))
    decision = Decision(case=case, kind=kind, made_at=made_at, reasons=reasons,
                        sentence_months=sentence_months if kind is DecisionKind.SENTENCE else None,
                        compensation_order=(compensation_order
                                            if kind is DecisionKind.SENTENCE else None),
                        team_id=case.team_id)
    db.session.add(decision)
    case.updated_at = now
    db.session.flush()
    audit.record(actor, "decision.recorded", case.id, decision_id=decision.id, kind=kind.value)
    db.session.commit()
    return decision
