"""A case's history for the console: stage changes, handovers, hearings, decisions, updates
and recorded actions, newest first. Both teams of a handover see it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Case, CaseAction, CaseEvent, Update
from portal.models.enums import HearingStatus


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    # stage, handover, release, hearing_listed, hearing_moved, hearing_cancelled,
    # hearing_outcome, decision, update, action
    kind: str
    subject: Any
    actor: str | None = None


def history(case: Case) -> list[Entry]:
    entries: list[Entry] = []
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id)
        .options(selectinload(CaseEvent.actor), selectinload(CaseEvent.from_team),
                 selectinload(CaseEvent.to_team))
    )
    for event in events:
        entries.append(Entry(event.occurred_at, event.kind, event, _name(event.actor)))
    for hearing in case.hearings:
        entries.append(Entry(hearing.created_at, "hearing_listed", hearing))
        if hearing.changed_at and hearing.changed_at != hearing.created_at:
            kind = ("hearing_cancelled" if hearing.status == HearingStatus.VACATED
                    else "hearing_moved")
            entries.append(Entry(hearing.changed_at, kind, hearing))
        if hearing.outcome_recorded_at:
            entries.append(Entry(hearing.outcome_recorded_at, "hearing_outcome", hearing))
    for decision in case.decisions:
        entries.append(Entry(decision.recorded_at, "decision", decision))
    updates = db.session.scalars(
        select(Update).where(Update.case_id == case.id).options(selectinload(Update.author))
    )
    for update in updates:
        entries.append(Entry(update.created_at, "update", update, _name(update.author)))
    actions = db.session.scalars(
        select(CaseAction).where(CaseAction.case_id == case.id, CaseAction.update_id.is_(None))
        .options(selectinload(CaseAction.caseworker))
    )
    for action in actions:
        entries.append(Entry(action.at, "action", action, _name(action.caseworker)))
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _name(person) -> str | None:
    return person.name if person is not None else None
