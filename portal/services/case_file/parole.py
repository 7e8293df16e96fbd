"""Parole under the Victim Contact Scheme, as the probation team records it: the offender's
parole eligibility date, the Parole Board's review starting, its hearing date and its decision
(models/parole.py).

Recording the review's start owes the victims the news, with the offer of a statement for the
Parole Board and of applying to attend the hearing (obligations.PAROLE_REVIEW_TOLD, 10 working
days from the day it started); recording the decision owes them the decision
(obligations.PAROLE_DECISION_TOLD, 5 working days, 1 with enhanced rights). Either way the
console goes on to the update that tells them (``next_event``).

The latest review is edited in place until it is decided; a new review after a decision is a
new row. The rules, each an InvalidInput naming the field, before anything is saved:
- the eligibility date is given;
- a review that has started has the day it started, not in the future;
- a hearing listed has its date;
- a decision has its day, not in the future and not before the review started.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal import london
from portal.extensions import db
from portal.models import Case, Caseworker, ParoleReview
from portal.models.enums import UpdateEvent
from portal.models.parole import DECISIONS, ParoleStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInputs


@dataclass
class Entered:
    """What the probation team entered about parole."""

    eligible_on: dt.date | None
    status: str
    review_started_on: dt.date | None = None
    hearing_on: dt.date | None = None
    decided_on: dt.date | None = None


def current(case: Case) -> ParoleReview | None:
    """The review in force: the latest recorded (case.parole_reviews is oldest first)."""
    return case.parole_reviews[-1] if case.parole_reviews else None


def _problems(entered: Entered, status: ParoleStatus | None, today: dt.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if entered.eligible_on is None:
        problems["eligible_on"] = str(_l("Enter the parole eligibility date"))
    if status is None:
        problems["status"] = str(_l("Choose where the parole review is"))
        return problems
    if status is not ParoleStatus.ELIGIBLE:
        if entered.review_started_on is None:
            problems["review_started_on"] = str(_l("Enter the date the review started"))
        elif entered.review_started_on > today:
            problems["review_started_on"] = str(_l("The review must have started today or "
                                                   "before"))
    if status is ParoleStatus.HEARING_LISTED and entered.hearing_on is None:
        problems["hearing_on"] = str(_l("Enter the date of the hearing"))
    if status in DECISIONS:
        if entered.decided_on is None:
            problems["decided_on"] = str(_l("Enter the date of the decision"))
        elif entered.decided_on > today:
            problems["decided_on"] = str(_l("The decision must be today or in the past"))
        elif entered.review_started_on and entered.decided_on < entered.review_started_on:
            problems["decided_on"] = str(_l("The decision cannot be before the review started"))
    return problems


def record(actor: Caseworker, case: Case, entered: Entered,
           now: dt.datetime | None = None) -> tuple[ParoleReview, UpdateEvent | None]:
    """Keep what was entered (audited) and say which update the victims are now owed: the
    review's start, the decision, or none. InvalidInputs, saving nothing, when a rule is
    broken."""
    now = now or utcnow()
    try:
        status = ParoleStatus(entered.status)
    except ValueError:
        status = None
    problems = _problems(entered, status, london.local_date(now))
    if problems:
        raise InvalidInputs(problems)
    review = current(case)
    if review is None or (review.decided and status not in DECISIONS):
        review = ParoleReview(case_id=case.id)
        db.session.add(review)
        case.parole_reviews.append(review)
    started = status is not ParoleStatus.ELIGIBLE
    owed = None
    if started and (review.review_started_on != entered.review_started_on
                    or review.review_recorded_at is None):
        review.review_recorded_at = now
        owed = UpdateEvent.PAROLE_REVIEW_STARTED
    if status in DECISIONS and (review.decided_on != entered.decided_on
                                or review.status != status.value):
        review.decision_recorded_at = now
        owed = UpdateEvent.PAROLE_DECISION
    review.eligible_on = entered.eligible_on
    review.status = status.value
    review.review_started_on = entered.review_started_on if started else None
    if not started:
        review.review_recorded_at = None
    review.hearing_on = entered.hearing_on if started else None
    review.decided_on = entered.decided_on if status in DECISIONS else None
    if status not in DECISIONS:
        review.decision_recorded_at = None
    review.recorded_by_id = actor.id
    review.recorded_at = now
    case.updated_at = now
    db.session.flush()
    audit.record(actor, "parole.recorded", case.id, parole_review_id=review.id,
                 status=review.status)
    db.session.commit()
    return review, owed
