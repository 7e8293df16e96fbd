"""Where each message to a case's victims is, and why: what the case team sees."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Case, Notification


@dataclass(frozen=True)
class DeliveryState:
    """One notification as the caseworker sees it. ``status`` and ``reason`` are keys of
    portal.content.delivery_states.STATUSES and REASONS."""

    notification_id: int
    victim_id: int
    victim_name: str
    update_id: int | None
    event: str | None
    kind: str  # "update", "summary", a notice ("message", "case_added") or "reminder_..."
    channel: str
    status: str
    reason: str | None
    error_code: str | None
    attempts: int
    created_at: dt.datetime
    not_before: dt.datetime
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None
    combined_into_id: int | None
    fallback_from_id: int | None
    last_attempt_at: dt.datetime | None


def for_case(case: Case) -> list[DeliveryState]:
    """Every notification on the case, oldest first, with its state and the reason for it.
    A notification sent inside another's message shows that message's state."""
    rows = list(db.session.scalars(
        select(Notification).where(Notification.case_id == case.id)
        .options(selectinload(Notification.victim), selectinload(Notification.update),
                 selectinload(Notification.attempts_made))
        .order_by(Notification.created_at, Notification.id)))
    carriers = {r.id: r for r in rows}
    missing = {r.combined_into_id for r in rows if r.combined_into_id} - carriers.keys()
    if missing:
        for row in db.session.scalars(select(Notification).where(Notification.id.in_(missing))
                                      .options(selectinload(Notification.attempts_made))):
            carriers[row.id] = row
    states = []
    for row in rows:
        carrier = carriers.get(row.combined_into_id, row)
        attempts = carrier.attempts_made
        reason = row.reason
        if row.combined_into_id and reason is None:
            reason = "combined"
        states.append(DeliveryState(
            notification_id=row.id, victim_id=row.victim_id, victim_name=row.victim.full_name,
            update_id=row.update_id, event=row.update.event if row.update else None,
            kind=row.kind,
            channel=row.channel, status=row.status, reason=reason,
            error_code=row.error_code, attempts=len(attempts), created_at=row.created_at,
            not_before=row.not_before, sent_at=row.sent_at, delivered_at=row.delivered_at,
            combined_into_id=row.combined_into_id, fallback_from_id=row.fallback_from_id,
            last_attempt_at=attempts[-1].started_at if attempts else None))
    return states
