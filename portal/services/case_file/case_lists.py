"""The console's lists of cases: the person's own, their team's, and those the team handed
on. Who may open one case is services/access.py's rule."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseEvent, Caseworker
from portal.models.enums import Role, Stage
from portal.models.types import utcnow
from portal.services.case_file import obligations, task_queue
from portal.services.victim_input import conversations, statements

# "What is due": the next obligation overdue, due within SOON working days, or nothing due.
DUE_FILTERS = ("overdue", "soon", "none")
SOON = 2


@dataclass
class CaseList:
    rows: list[tuple[Case, obligations.Obligation | None]]  # each case and its next obligation
    overdue: dict[int, int]  # statements overdue, by case id
    handed_on: list[CaseEvent]  # the team's latest handovers (team list only)
    just_handed: CaseEvent | None  # the handover just made, to confirm it
    stage: str | None
    due: str | None


def case_list(person: Caseworker, *, mine: bool, stage: str | None = None,
              due: str | None = None, handed: int | None = None,
              now: dt.datetime | None = None) -> CaseList:
    """The person's own cases (``mine``) or their team's, filtered by stage and by what is
    due, the most urgent first."""
    now = now or utcnow()
    stage = stage if stage in {s.value for s in Stage} else None
    due = due if due in DUE_FILTERS else None
    cases = (my_cases if mine else team_cases)(person, stage)
    rows = due_rows(cases, due, now)
    handed_on = [] if mine else handed_on_by(person)
    return CaseList(rows=rows, overdue=statements.overdue_counts([c.id for c, _ in rows], now),
                    handed_on=handed_on,
                    just_handed=next((e for e in handed_on if e.case_id == handed), None),
                    stage=stage, due=due)


def due_rows(cases: list[Case], due: str | None, now: dt.datetime):
    """Each case with its next outstanding obligation, kept when it matches ``due``, the
    earliest deadline first and cases with nothing due last."""
    owed = obligations.for_cases(cases, now)
    rows = []
    for case in cases:
        next_one = obligations.next_outstanding(owed[case.id])
        if due == "overdue" and not (next_one and next_one.state(now) == "overdue"):
            continue
        if due == "soon" and not (next_one and next_one.state(now) == "due"
                                  and (next_one.working_days_left(now) or 0) <= SOON):
            continue
        if due == "none" and next_one is not None:
            continue
        rows.append((case, next_one))
    rows.sort(key=lambda row: (row[1] is None, row[1].due_at if row[1] else now))
    return rows


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


@dataclass(frozen=True)
class Navigation:
    """The counts the console's navigation shows."""

    unread: int = 0  # messages from victims on the team's cases nobody has opened
    tasks: int = 0  # tasks waiting on the team's cases


def navigation(person: Caseworker) -> Navigation:
    """The navigation's counts for this member of staff (nothing to count for translators
    and administrators)."""
    if person.role not in (Role.CASEWORKER, Role.MANAGER) or person.team_id is None:
        return Navigation()
    return Navigation(unread=conversations.unread_by_team(person.team_id),
                      tasks=task_queue.count(person.team_id))
