"""What became of each Victims' Code duty, one row per duty (models/figures.ObligationRecord),
so a team manager's figures are counted in SQL (issue 16).

The rows are written wherever a case's next duty is worked out again (due_index.refresh and
refresh_case), from the same obligations.for_case, so they change exactly when a case's facts
change or time alone changes them, and are as fresh as the console's lists. Whether an unmet
duty is overdue or still due is decided when counting (its deadline against now), so nothing
needs rewriting when a deadline passes. Cases that have no rows yet (written before this
table existed) are filled in by the worker a batch at a time (due_index.housekeeping).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert

from portal import london
from portal.extensions import db
from portal.models import Case, ObligationRecord
from portal.services.case_file import obligations
from portal.services.working_days import working_days_between


def week_of(day: dt.date) -> dt.date:
    """The Monday of the week a London day falls in."""
    return day - dt.timedelta(days=day.weekday())


def write(cases: list[Case], owed: dict[int, list[obligations.Obligation]]) -> None:
    """Replace these cases' rows with what is owed on them now. The caller commits."""
    if not cases:
        return
    db.session.execute(delete(ObligationRecord).where(
        ObligationRecord.case_id.in_([c.id for c in cases]))
        .execution_options(synchronize_session=False))
    rows = [_row(case, o) for case in cases for o in owed.get(case.id, [])]
    if rows:
        db.session.execute(insert(ObligationRecord.__table__), rows)


def _row(case: Case, obligation: obligations.Obligation) -> dict:
    met_at = obligation.met_at
    return {
        "case_id": case.id,
        "kind": str(obligation.kind),
        "week": week_of(london.local_date(obligation.due_at)),
        "triggered_at": obligation.triggered_at,
        "due_at": obligation.due_at,
        "met_at": met_at,
        "working_days": None if met_at is None else max(0, working_days_between(
            london.local_date(obligation.triggered_at), london.local_date(met_at),
            case.area)),
        "caseworker_id": obligation.met_by.caseworker_id if obligation.met_by else None,
        "language": _language(case, obligation),
        "channel": obligation.reached_by,
        "event": _event(obligation),
        "failed": obligation.failure is not None,
    }


def _event(obligation: obligations.Obligation) -> str | None:
    if obligation.hearing is not None:
        return f"hearing:{obligation.hearing.kind}"
    if obligation.decision is not None:
        return f"decision:{obligation.decision.decision_kind}"
    return None


def _language(case: Case, obligation: obligations.Obligation) -> str | None:
    """The language of the victim the duty waited on longest: the one reached last, else one
    not reached yet, else the case's first victim."""
    victims = {v.id: v for v in case.victims}
    for victim_id in [obligation.reached_last, *obligation.not_reached]:
        if victim_id in victims:
            return victims[victim_id].language
    return case.victims[0].language if case.victims else None
