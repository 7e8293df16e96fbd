"""Which cases a member of staff may see.

Caseworkers and team managers see their own team's cases. A team that handed a case on still
sees that case's history (so both teams see the handover), and nothing else of it.
Administrators see no case content at all. Anything else answers NotFound, the same as a case
that does not exist, and the attempt is audited.
"""
from __future__ import annotations

from sqlalchemy import exists, select

from portal.extensions import db
from portal.models import Case, CaseEvent, Caseworker
from portal.models.enums import Role, Stage
from portal.services import audit, obligations
from portal.services.errors import NotFound

CASE_ROLES = frozenset({Role.CASEWORKER, Role.MANAGER})


def team_case(caseworker: Caseworker, case_id: int) -> Case:
    """The case, when it belongs to this person's team; otherwise NotFound (audited)."""
    case = None
    if caseworker.role in CASE_ROLES and caseworker.team_id is not None:
        case = db.session.scalar(
            select(Case).where(Case.id == case_id, Case.team_id == caseworker.team_id)
            .options(*obligations.load_options())
        )
    if case is None:
        _refuse(caseworker, case_id)
    return case


def history_case(caseworker: Caseworker, case_id: int) -> Case:
    """The case, for its history: the team that holds it, or a team that handed it on."""
    case = None
    if caseworker.role in CASE_ROLES and caseworker.team_id is not None:
        handed_on = exists().where(CaseEvent.case_id == Case.id, CaseEvent.kind == "handover",
                                   CaseEvent.from_team_id == caseworker.team_id)
        case = db.session.scalar(
            select(Case).where(Case.id == case_id)
            .where((Case.team_id == caseworker.team_id) | handed_on)
        )
    if case is None:
        _refuse(caseworker, case_id)
    return case


def _refuse(caseworker: Caseworker, case_id: int) -> None:
    audit.record_now(caseworker, "case.refused", None, requested_case_id=case_id)
    raise NotFound()


def my_cases(caseworker: Caseworker, stage: str | None = None) -> list[Case]:
    """Cases where this person is the named contact, in their team."""
    query = _team_query(caseworker, stage).where(Case.contact_id == caseworker.id)
    return list(db.session.scalars(query))


def team_cases(caseworker: Caseworker, stage: str | None = None) -> list[Case]:
    return list(db.session.scalars(_team_query(caseworker, stage)))


def _team_query(caseworker: Caseworker, stage: str | None):
    query = (select(Case).where(Case.team_id == caseworker.team_id)
             .options(*obligations.load_options()).order_by(Case.crime_reference))
    if stage in {s.value for s in Stage}:
        query = query.where(Case.stage == stage)
    return query


def handed_on_by(caseworker: Caseworker, limit: int = 20) -> list[CaseEvent]:
    """The latest handovers from this person's team to another."""
    return list(db.session.scalars(
        select(CaseEvent).where(CaseEvent.kind == "handover",
                                CaseEvent.from_team_id == caseworker.team_id)
        .order_by(CaseEvent.occurred_at.desc()).limit(limit)
    ))
