"""A team manager's figures: whether the team meets the Victims' Code on its cases, and how
its updates read (the inspection's recommendation 2: measure quality, not only ticks)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Update
from portal.models.actions import ObligationKind
from portal.models.types import utcnow
from portal.services.case_file import obligations
from portal.services.victim_input import feedback


@dataclass
class Row:
    kind: ObligationKind
    counts: dict[str, int] = field(default_factory=lambda: {
        "met": 0, "met_late": 0, "overdue": 0, "due": 0})

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Figures:
    rows: list[Row]
    cases: int
    updates: int
    updates_with_warnings: int
    since: dt.datetime
    understanding: feedback.UnderstandingFigures
    # What victims wrote about the team's updates, newest first (the manager's page only).
    comments: list = field(default_factory=list)


def for_team(team_id: int, now: dt.datetime | None = None, days: int = 30) -> Figures:
    now = now or utcnow()
    cases = list(db.session.scalars(
        select(Case).where(Case.team_id == team_id).options(*obligations.load_options())))
    rows = {kind: Row(kind) for kind in ObligationKind}
    for owed in obligations.for_cases(cases).values():
        for obligation in owed:
            rows[obligation.kind].counts[obligation.state(now)] += 1
    since = now - dt.timedelta(days=days)
    recent = list(db.session.scalars(
        select(Update.warnings).join(Case)
        .where(Case.team_id == team_id, Update.created_at >= since)))
    return Figures(rows=[r for r in rows.values() if r.total], cases=len(cases),
                   updates=len(recent), updates_with_warnings=sum(1 for w in recent if w),
                   since=since, understanding=feedback.team_figures(team_id),
                   comments=feedback.team_comments(team_id))
