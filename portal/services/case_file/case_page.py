"""The console's case page, built by one call (as services/case_view.build is the victim's):
the case, what is owed on it, what its victims handed in, how each is contacted, the tasks
and messages of the delivery engine. Everything the page shows is loaded here, in a number of
queries that does not grow with the case (tests/caseworker/test_case_page.py counts them), so
the template reads attributes and never runs a query of its own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import (
    BailChange,
    Case,
    Caseworker,
    CourtNeed,
    DateToAvoid,
    PersonalStatement,
    Task,
    Update,
)
from portal.models.types import utcnow
from portal.services import access, audit, supporters
from portal.services.case_file import (
    alerts,
    due_index,
    needs,
    obligations,
    review_requests,
    vcs_referral,
)
from portal.services.delivery import states, tasks
from portal.services.victim_input import conversations, court_needs, statements

# The updates listed on the page, newest first.
UPDATES_SHOWN = 10


@dataclass
class CaseFile:
    case: Case
    obligations: list[obligations.Obligation]
    updates: list[Update]
    statements: list[PersonalStatement]
    # Why each statement not yet sent on is overdue ("late", "sentencing"), by statement id.
    overdue_statements: dict[int, str]
    dates_to_avoid: list[DateToAvoid]
    clashes: list[tuple]
    needs: list[CourtNeed]
    unread: dict[int, int]  # unread messages from each victim, by victim id
    tasks: list[Task]
    deliveries: list[states.DeliveryState]
    now: dt.datetime
    # Requests for a review, each with its deadlines (acknowledge by, outcome by).
    reviews: list[tuple] = field(default_factory=list)
    # Needs assessments and referrals to support services (issue 14).
    support: needs.Support | None = None
    # Urgent alerts about the offender, newest first, with who has read them.
    alerts: list = field(default_factory=list)
    # The supporters each victim chose (services/supporters.py) and what each may do.
    supporters: list = field(default_factory=list)
    # The victims who declined the Victim Contact Scheme, so are not told about the offender's
    # release, licence conditions, urgent alerts or parole (vcs_referral.declined).
    not_told: list = field(default_factory=list)


def _case_options() -> list:
    return [*obligations.load_options(), joinedload(Case.team),
            selectinload(Case.updates).selectinload(Update.author),
            selectinload(Case.bail_changes).selectinload(BailChange.recorded_by)]


def build(person: Caseworker, case_id: int, now: dt.datetime | None = None) -> CaseFile:
    """The case page for this member of the case's team; NotFound (audited) for anyone else.
    The look is recorded too (committed by ``viewed``: one INSERT, nothing read for it)."""
    now = now or utcnow()
    case = access.team_case(person, case_id, options=_case_options())
    record_view(person, case.id)
    found = statements.statements_for(case, options=[selectinload(PersonalStatement.sent_by)])
    avoid = court_needs.dates_to_avoid(case)
    owed = obligations.for_case(case, now=now)
    # The lists see what this page worked out; committed by ``viewed`` once it is rendered
    # (committing now would expire everything just loaded).
    due_index.refresh_case(case, owed, now)
    return CaseFile(
        case=case,
        obligations=owed,
        updates=sorted(case.updates, key=lambda u: (u.created_at, u.id),
                       reverse=True)[:UPDATES_SHOWN],
        statements=found,
        overdue_statements={s.id: reason for s in found
                            if (reason := statements.overdue_reason(s, now))},
        dates_to_avoid=avoid,
        clashes=court_needs.clashes(case, avoid),
        needs=court_needs.needs(case),
        unread=conversations.unread_by_team_per_victim(case),
        tasks=tasks.open_tasks(case),
        deliveries=states.for_case(case),
        now=now,
        reviews=[(r, review_requests.deadlines(case, r)) for r in case.review_requests],
        support=needs.console_summary(case, now),
        alerts=(alerts.for_case(case) if case.releases
                or case.current_stage in alerts.ALERT_STAGES else []),
        supporters=supporters.on_case(case),
        not_told=vcs_referral.not_told(case),
    )



def record_view(person: Caseworker, case_id: int) -> None:
    """The audit entry saying this member of staff looked at the case (committed by
    ``viewed``), whether the page was drawn or a kept copy served (portal/page_cache.py)."""
    audit.record_look(person, "case.viewed", case_id)


def viewed() -> None:
    """Commit what building the page recorded (the look, the case's next duty), after
    rendering."""
    db.session.commit()
