"""The console's lists of cases: the person's own, their team's, and those the team handed
on. Who may open one case is services/access.py's rule."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseEvent, Caseworker
from portal.models.enums import Stage
from portal.services.case_file import obligations


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
