"""A victim asks online for a Victims' Right to Review of a decision (issue 14).

Only where services/after_decision.py finds a scheme that allows it (never an out-of-court
disposal or a changed charge). One request per decision and victim: asking again finds the
one already made. A request after the scheme's date to ask by is still taken (the CPS scheme
allows one in exceptional circumstances) and marked late, and the victim is told so.

The request reaches the case team at once, in the same transaction: a task in their queue
due when the acknowledgement is (services/case_file/obligations.py holds the deadlines:
acknowledged within 5 working days, the outcome within 30). The victim's reasons are optional
(the schemes ask for none); the task holds identifiers only. Limited per hour like a
victim's other inputs, audited without its words.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import (
    Case,
    Decision,
    ReviewRequest,
    ReviewStatus,
    Task,
    TaskKind,
    TaskOutcome,
    Victim,
)
from portal.models.actions import ObligationKind
from portal.models.enums import Channel
from portal.models.types import utcnow
from portal.services import access, after_decision, attempts, audit
from portal.services.delivery import channel_choice
from portal.services.errors import InvalidInput, LimitReached, NotFound
from portal.services.working_days import add_working_days

REASONS_MAX = 2000


def offer(decision: Decision, victim: Victim) -> after_decision.ReviewOffer | None:
    """The review this victim may ask for online after this decision (None: no scheme)."""
    return after_decision.review_offer(decision, victim)


def existing(case: Case, decision: Decision, victim: Victim) -> ReviewRequest | None:
    """The victim's request about this decision, if they made one (read with the case)."""
    return next((r for r in case.review_requests
                 if r.decision_id == decision.id and r.victim_id == victim.id), None)


def outcome_in_language(request: ReviewRequest, victim: Victim) -> str | None:
    """The team's reasons for the outcome translated into the victim's language, where a
    translation is attached (models.translations, WordsKind.REVIEW_OUTCOME), read with the
    request's own translations; None (and no query) for a reader of English or before there
    are reasons."""
    if not request.outcome_notes or victim.language == access.WORDS_LANGUAGE:
        return None
    return next((t.text for t in request.words_translations
                 if t.language == victim.language and t.text), None)


def requests_by_decision(case: Case, victim: Victim) -> dict[int, ReviewRequest]:
    """The victim's requests on this case, by decision id (for the case page)."""
    return {r.decision_id: r for r in case.review_requests if r.victim_id == victim.id}


def contact_choices(victim: Victim) -> list[Channel]:
    """The ways the team can reach this victim about the review: their chosen channels first,
    then any other that can reach them."""
    ordered = [*channel_choice.channel_order(victim), *Channel]
    seen: list[Channel] = []
    for channel in ordered:
        if channel not in seen and channel_choice.blocked_reason(victim, channel) is None:
            seen.append(channel)
    return seen


def decision_on(case: Case, decision_id: int, victim: Victim) -> Decision:
    """A decision on the victim's case that a scheme lets them ask to review; NotFound (as for
    any other page they may not see) otherwise."""
    decision = next((d for d in case.decisions if d.id == decision_id), None)
    if decision is None or offer(decision, victim) is None:
        raise access.refuse(victim, case.id, item="decision", item_id=decision_id)
    return decision


def is_late(decision: Decision, victim: Victim, now: dt.datetime | None = None) -> bool:
    """Whether asking now is after the scheme's date to ask by (when the portal knows it)."""
    found = offer(decision, victim)
    ask_by = found.ask_by if found else None
    return ask_by is not None and london.local_date(now or utcnow()) > ask_by


def acknowledge_by(case: Case, asked_at: dt.datetime) -> dt.datetime:
    """The end of the working day the team should acknowledge a request by."""
    from portal.services.case_file import obligations

    days = obligations.RULES[ObligationKind.REVIEW_ACKNOWLEDGED].working_days
    return london.end_of_day(add_working_days(london.local_date(asked_at), days, case.area))


def ask(victim: Victim, case: Case, decision: Decision, reasons: str | None,
        contact_by: str | None, now: dt.datetime | None = None) -> ReviewRequest:
    """Make the request and tell the case team now. Returns the request already made when
    there is one. NotFound where no scheme applies; InvalidInput for reasons too long or a
    way to contact that cannot reach them; LimitReached past the hourly limit."""
    now = now or utcnow()
    found = offer(decision, victim)
    if found is None or decision.case_id != case.id:
        raise NotFound()
    already = existing(case, decision, victim)
    if already is not None:
        return already
    words = (reasons or "").strip().replace("\r\n", "\n") or None
    if words and len(words) > REASONS_MAX:
        raise InvalidInput("reasons", str(_l("Use %(limit)d characters or fewer",
                                             limit=REASONS_MAX)))
    choices = contact_choices(victim)
    if contact_by not in choices:
        raise InvalidInput("contact_by", str(_l("Choose how we should contact you")))
    if attempts.take("victim_review_request", str(victim.id),
                     current_app.config["VICTIM_MESSAGES_PER_HOUR"]):
        raise LimitReached("reasons", str(_l(
            "You have sent a lot in the last hour. Please try again later.")))
    late = found.ask_by is not None and london.local_date(now) > found.ask_by
    request = ReviewRequest(
        case=case, decision=decision, victim=victim, scheme=found.scheme,
        team_id=decision.team_id or case.team_id, asked_at=now, ask_by=found.ask_by,
        late=late, reasons=words, contact_by=contact_by, status=ReviewStatus.RECEIVED,
        status_at=now)
    db.session.add(request)
    db.session.flush()
    from portal.services.delivery.tasks import tell_case_team

    task = tell_case_team(case, TaskKind.REVIEW_REQUESTED, victim=victim,
                          due_by=acknowledge_by(case, now), request_id=request.id,
                          decision_id=decision.id, deciding_team_id=request.team_id,
                          scheme=found.scheme, late=late)
    case.updated_at = now
    db.session.flush()
    audit.record(victim, "review.requested", case.id, request_id=request.id,
                 decision_id=decision.id, task_id=task.id, late=late)
    db.session.commit()
    return request


def withdraw(victim: Victim, case: Case, request: ReviewRequest,
             now: dt.datetime | None = None) -> ReviewRequest:
    """The victim no longer wants the review: what was still owed on it stops (a duty met, or
    overdue already, stays as it was). A finished request cannot be withdrawn."""
    now = now or utcnow()
    if request.victim_id != victim.id or request.case_id != case.id:
        raise NotFound()
    if not request.is_open:
        raise InvalidInput("withdraw", str(_l("This review has already ended")))
    request.status, request.status_at, request.withdrawn_at = (ReviewStatus.WITHDRAWN, now,
                                                               now)
    # Nothing left to acknowledge: the team's task about it is done (noted).
    for task in db.session.scalars(select(Task).where(
            Task.case_id == case.id, Task.kind == TaskKind.REVIEW_REQUESTED,
            Task.done_at.is_(None))):
        if (task.detail or {}).get("request_id") == request.id:
            task.done_at, task.outcome = now, TaskOutcome.NOTED
    case.updated_at = now
    audit.record(victim, "review.withdrawn", case.id, request_id=request.id)
    db.session.commit()
    return request
