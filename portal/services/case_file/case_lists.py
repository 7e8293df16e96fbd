"""The console's lists of cases: the person's own, their team's, and those the team handed
on. Who may open one case is services/access.py's rule."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import Case, CaseEvent, Caseworker
from portal.models.enums import Area, Role, Stage
from portal.models.types import utcnow
from portal.services.case_file import due_index, task_queue
from portal.services.victim_input import conversations, statements
from portal.services.working_days import add_working_days, working_days_between

# "What is due": the next obligation overdue, due within SOON working days, or nothing due.
DUE_FILTERS = ("overdue", "soon", "none")
SOON = 2
PAGE_SIZE = 25


@dataclass(frozen=True)
class NextDue:
    """A case's next duty as the lists show it, read from the case (due_index.py) without
    working every duty out again: the same questions an Obligation answers."""

    kind: str
    due_at: dt.datetime
    area: str
    note: str | None  # "failed", "waiting", "translation"

    met = False
    met_when = None
    waiting_on = None

    @property
    def due_date(self) -> dt.date | None:
        """The last working day, for a deadline in working days (it ends at midnight)."""
        end = london.end_of_day(london.local_date(self.due_at))
        return london.local_date(self.due_at) if self.due_at == end else None

    @property
    def failure(self) -> str | None:
        return "gave_up" if self.note == "failed" else None

    @property
    def waiting_for_translation(self) -> bool:
        return self.note == "translation"

    @property
    def waiting(self) -> bool:
        return self.note == "waiting"

    def state(self, now: dt.datetime) -> str:
        return "overdue" if now > self.due_at else "due"

    def working_days_left(self, now: dt.datetime) -> int | None:
        if self.due_date is None:
            return None
        return working_days_between(london.local_date(now), self.due_date, self.area)


@dataclass
class CaseList:
    rows: list[tuple[Case, NextDue | None]]  # each case on this page and its next duty
    total: int  # cases matching, on every page
    page: int
    pages: int
    overdue: dict[int, int]  # statements overdue, by case id
    handed_on: list[CaseEvent]  # the team's latest handovers (team list only)
    just_handed: CaseEvent | None  # the handover just made, to confirm it
    stage: str | None
    due: str | None


def case_list(person: Caseworker, *, mine: bool, stage: str | None = None,
              due: str | None = None, handed: int | None = None, page: int = 1,
              now: dt.datetime | None = None) -> CaseList:
    """The person's own cases (``mine``) or their team's, filtered by stage and by what is
    due, the most urgent first, ``PAGE_SIZE`` to a page. Filtered, sorted and counted in SQL
    on each case's next duty, which is refreshed first for the team's cases that changed."""
    now = now or utcnow()
    stage = stage if stage in {s.value for s in Stage} else None
    due = due if due in DUE_FILTERS else None
    due_index.refresh_team(person.team_id, now)
    query = select(Case).where(Case.team_id == person.team_id)
    if mine:
        query = query.where(Case.contact_id == person.id)
    if stage:
        query = query.where(Case.stage == stage)
    query = _due_filter(query, due, now)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    cases = db.session.scalars(
        query.options(selectinload(Case.contact))
        # NULLS LAST as the (team_id, next_due_at) and (contact_id, next_due_at) indexes keep
        # them, so PostgreSQL reads the page off the index in order rather than sorting the
        # team's cases (tests/caseworker/test_list_indexes.py).
        .order_by(Case.next_due_at.asc().nulls_last(), Case.crime_reference)
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    rows = [(case, NextDue(case.next_due_kind, case.next_due_at, case.area, case.next_due_note)
             if case.next_due_at is not None else None) for case in cases]
    handed_on = [] if mine else handed_on_by(person)
    return CaseList(rows=rows, total=total, page=page, pages=pages,
                    overdue=statements.overdue_counts([c.id for c, _ in rows], now),
                    handed_on=handed_on,
                    just_handed=next((e for e in handed_on if e.case_id == handed), None),
                    stage=stage, due=due)


def count_due(team_id: int, due: str, now: dt.datetime | None = None) -> int:
    """How many of the team's cases have their next duty ``due`` ("overdue", "soon" or "none"),
    counted as the team cases list filters them (a manager's first screen links to it)."""
    now = now or utcnow()
    query = _due_filter(select(Case.id).where(Case.team_id == team_id), due, now)
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def _due_filter(query, due: str | None, now: dt.datetime):
    if due == "overdue":
        return query.where(Case.next_due_at < now)
    if due == "none":
        return query.where(Case.next_due_at.is_(None))
    if due == "soon":  # due within SOON working days: the cut-off differs by nation
        today = london.local_date(now)
        return query.where(Case.next_due_at >= now, or_(*(
            and_(Case.area == area, Case.next_due_at <= london.end_of_day(
                add_working_days(today, SOON, area))) for area in Area)))
    return query


def handed_on_by(caseworker: Caseworker, limit: int = 20) -> list[CaseEvent]:
    """The latest handovers from this person's team to another."""
    return list(db.session.scalars(
        select(CaseEvent).where(CaseEvent.kind == "handover",
                                CaseEvent.from_team_id == caseworker.team_id)
        .options(selectinload(CaseEvent.case), selectinload(CaseEvent.to_team))
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
