"""The case team's side of a Victims' Right to Review asked for online (issue 14): they
acknowledge it, say it is being reviewed, and give the outcome with reasons.

Each step is recorded on the request (its status and when), met as a Victims' Code duty by a
recorded action (obligations.REVIEW_ACKNOWLEDGED within 5 working days, REVIEW_DECIDED within
30), audited, and shown to the victim on their case page with its date. The outcome's reasons
are words the victim reads. Giving the outcome acknowledges the request too if nobody had.
The request is loaded through access.team_item, so another team gets a 404, audited.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import (
    Case,
    CaseAction,
    Caseworker,
    ReviewRequest,
    ReviewStatus,
    Task,
    TaskKind,
    TaskOutcome,
)
from portal.models.actions import ObligationKind
from portal.models.types import utcnow
from portal.services import access, audit
from portal.services.case_file import obligations
from portal.services.errors import InvalidInput
from portal.services.working_days import add_working_days

NOTES_MAX = 4000
OUTCOMES = (ReviewStatus.UPHELD, ReviewStatus.OVERTURNED)
# What the team may record next, from each status.
NEXT = {
    ReviewStatus.RECEIVED: (ReviewStatus.ACKNOWLEDGED, ReviewStatus.BEING_REVIEWED, *OUTCOMES),
    ReviewStatus.ACKNOWLEDGED: (ReviewStatus.BEING_REVIEWED, *OUTCOMES),
    ReviewStatus.BEING_REVIEWED: OUTCOMES,
}


def deadlines(case: Case, request: ReviewRequest) -> tuple[dt.date, dt.date]:
    """The last working days to acknowledge the request and to give its outcome."""
    asked = london.local_date(request.asked_at)
    rules = obligations.RULES
    return (add_working_days(asked, rules[ObligationKind.REVIEW_ACKNOWLEDGED].working_days,
                             case.area),
            add_working_days(asked, rules[ObligationKind.REVIEW_DECIDED].working_days,
                             case.area))


def request_for(person: Caseworker, case: Case, request_id: int) -> ReviewRequest:
    """One of the case's review requests; NotFound (audited) for any other team or case."""
    return access.team_item(person, ReviewRequest, request_id, case)


def record(person: Caseworker, case: Case, request: ReviewRequest, status: str,
           notes: str | None = None, now: dt.datetime | None = None) -> ReviewRequest:
    """Move the request on (acknowledged, being reviewed, upheld or overturned). An outcome
    needs its reasons. InvalidInput, changing nothing, for a step the request cannot take."""
    now = now or utcnow()
    current = request.review_status
    try:
        status = ReviewStatus(status)
    except ValueError:
        status = None
    if status not in NEXT.get(current, ()):
        raise InvalidInput("status", str(_l("Choose a step this request can take now")))
    notes = (notes or "").strip().replace("\r\n", "\n") or None
    if status in OUTCOMES and not notes:
        raise InvalidInput("notes", str(_l("Give the reasons for the outcome, in words the "
                                           "victim will understand")))
    if notes and len(notes) > NOTES_MAX:
        raise InvalidInput("notes", str(_l("Use %(limit)d characters or fewer", limit=NOTES_MAX)))
    if request.acknowledged_at is None:
        request.acknowledged_at = now
        _met(person, request, ObligationKind.REVIEW_ACKNOWLEDGED, now,
             "Review request acknowledged")
        _task_done(person, request, now)
    if status in OUTCOMES:
        request.decided_at, request.outcome_notes = now, notes
        _met(person, request, ObligationKind.REVIEW_DECIDED, now,
             f"Review outcome given: {status.value}")
    request.status, request.status_at = status, now
    case.updated_at = now
    audit.record(person, "review.recorded", case.id, request_id=request.id,
                 status=status.value)
    db.session.commit()
    return request


def _met(person: Caseworker, request: ReviewRequest, kind: ObligationKind,
         now: dt.datetime, details: str) -> None:
    db.session.add(CaseAction(case_id=request.case_id, kind=kind, caseworker_id=person.id,
                              at=now, decision_id=request.decision_id, details=details))


def _task_done(person: Caseworker, request: ReviewRequest, now: dt.datetime) -> None:
    """The queue's task for the request is done once it is acknowledged."""
    tasks = db.session.scalars(select(Task).where(
        Task.case_id == request.case_id, Task.kind == TaskKind.REVIEW_REQUESTED,
        Task.done_at.is_(None)))
    for task in tasks:
        if (task.detail or {}).get("request_id") == request.id:
            task.done_at, task.done_by_id, task.outcome = now, person.id, TaskOutcome.NOTED


def for_task(task: Task) -> ReviewRequest | None:
    """The request a task is about (the task holds its id only)."""
    request_id = (task.detail or {}).get("request_id")
    if task.kind != TaskKind.REVIEW_REQUESTED or not request_id:
        return None
    found = db.session.get(ReviewRequest, request_id)
    return found if found is not None and found.case_id == task.case_id else None
