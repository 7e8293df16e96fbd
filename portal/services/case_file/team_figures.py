"""A team manager's figures: whether the team meets the Victims' Code on its cases, and how
its updates read (the inspection's recommendation 2: measure quality, not only ticks).

Counted in SQL from the duty records (obligation_records.py), never by working out every case
of the team on each request (at 700 cases a team that took longer than the page may).
The figures week by week are in figures_over_time.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from portal.extensions import db
from portal.models import Case, ObligationRecord, Update
from portal.models.actions import ObligationKind
from portal.models.types import utcnow
from portal.services.case_file import due_index
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


def for_team(team_id: int, now: dt.datetime | None = None, days: int = 30,
             comments: bool = True) -> Figures:
    """The team's figures; with the victims' written comments unless ``comments`` is False
    (figures_snapshot reads them on each view)."""
    now = now or utcnow()
    due_index.refresh_team(team_id, now)  # the team's own changes, as its lists do
    R = ObligationRecord
    met = R.met_at.is_not(None)
    sums = [func.sum(case((condition, 1), else_=0)) for condition in (
        met & (R.met_at <= R.due_at), met & (R.met_at > R.due_at),
        ~met & (R.due_at < now), ~met & (R.due_at >= now))]
    totals = {ObligationKind(kind): numbers for kind, *numbers in db.session.execute(
        select(R.kind, *sums).join(Case, Case.id == R.case_id)
        .where(Case.team_id == team_id).group_by(R.kind))}
    rows = []
    for kind in ObligationKind:
        if kind in totals:
            met_on_time, met_late, overdue, due = (int(n or 0) for n in totals[kind])
            rows.append(Row(kind, {"met": met_on_time, "met_late": met_late,
                                   "overdue": overdue, "due": due}))
    since = now - dt.timedelta(days=days)
    # The last 30 days' updates only: a few hundred warnings lists at most.
    recent = list(db.session.scalars(
        select(Update.warnings).join(Case)
        .where(Case.team_id == team_id, Update.created_at >= since)))
    return Figures(rows=[r for r in rows if r.total],
                   cases=db.session.scalar(select(func.count()).select_from(Case)
                                           .where(Case.team_id == team_id)),
                   updates=len(recent), updates_with_warnings=sum(1 for w in recent if w),
                   since=since, understanding=feedback.team_figures(team_id),
                   comments=feedback.team_comments(team_id) if comments else [])
