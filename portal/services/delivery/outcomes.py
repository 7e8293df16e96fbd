"""What the worker writes after a provider call that did not simply succeed, each in its own
short transaction (a success is ``attempt_log.accepted``).

A temporary failure waits and tries again, with exponential backoff and jitter, inside the
victim's windows; after DELIVERY_MAX_ATTEMPTS (hours, with the defaults) it gives up. A
permanent failure, or giving up, marks the notifications failed, moves each to the victim's next
channel and tells the case team. An unknown outcome is never resent: the case team is asked to
check.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from portal.channels.failures import ChannelError
from portal.channels.sms import UNSUBSCRIBED
from portal.extensions import db
from portal.models import ContactPreference, DeliveryAttempt, Notification, TaskKind, Victim
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.delivery import outbox, tasks


def retry_delay(attempt: int, base: float, ceiling: float, rng=random) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, ...): doubling from
    ``base`` up to ``ceiling``, then "equal jitter" (between half and all of it) so that many
    workers retrying after an outage do not all call again at the same moment."""
    delay = min(ceiling, base * 2 ** (attempt - 1))
    return delay / 2 + rng.uniform(0, delay / 2)


def finish_attempt(attempt_id: int, outcome: str, now: dt.datetime, *,
                   provider_id: str | None = None, error: ChannelError | None = None) -> None:
    """Close an attempt with its outcome (in the current transaction)."""
    db.session.execute(
        update(DeliveryAttempt).where(DeliveryAttempt.id == attempt_id).values(
            finished_at=now, outcome=outcome, provider_id=provider_id,
            error_code=error.code if error else None, error=error.detail if error else None))


def temporary(attempt_id: int, row_ids: Sequence[int], error: ChannelError) -> None:
    """Not sent this time: try again later, or give up after the last attempt."""
    now = utcnow()
    config = current_app.config
    rows = _count_attempt(_load(row_ids))
    tried = max(row.attempts for row in rows)
    if tried >= config["DELIVERY_MAX_ATTEMPTS"]:
        finish_attempt(attempt_id, "failed", now, error=error)
        _fail(rows, error, "gave_up", now)
        db.session.commit()
        return
    finish_attempt(attempt_id, "retry", now, error=error)
    wait = dt.timedelta(seconds=retry_delay(tried, config["DELIVERY_BACKOFF_BASE_SECONDS"],
                                            config["DELIVERY_BACKOFF_CEILING_SECONDS"]))
    for row in rows:
        later = now + wait
        row.not_before = outbox.due_time(row.victim, row.channel, urgent=row.urgent,
                                           now=later)
        row.reason, row.error_code = "retry", error.code
        row.lease_until = row.claimed_by = row.combined_into_id = None
    db.session.commit()


def permanent(attempt_id: int, row_ids: Sequence[int], error: ChannelError) -> None:
    """Refused for good: the next channel, and the case team told."""
    now = utcnow()
    finish_attempt(attempt_id, "failed", now, error=error)
    _fail(_count_attempt(_load(row_ids)), error, "permanent_error", now)
    db.session.commit()


def unknown(attempt_id: int | None, row_ids: Sequence[int], error: ChannelError | None,
            reason: str = "timeout_unknown") -> None:
    """Maybe sent, maybe not: never resent; the case team is asked to check."""
    now = utcnow()
    rows = _load(row_ids)
    if attempt_id is not None:
        finish_attempt(attempt_id, "unknown", now, error=error)
        _count_attempt(rows)
    for row in rows:
        if row.status != DeliveryStatus.PENDING:
            continue
        row.status, row.reason = DeliveryStatus.UNKNOWN, reason
        row.error_code = error.code if error else None
        row.lease_until = row.claimed_by = None
        tasks.tell_case_team(row.case_id, TaskKind.UNKNOWN_OUTCOME, victim=row.victim_id,
                             notification=row, channel=row.channel, reason=reason)
    db.session.commit()


def failed_after_sending(rows: Iterable[Notification], status: DeliveryStatus,
                         error_code: str | None) -> None:
    """The network could not deliver what the provider accepted (a status callback): the next
    channel, and the case team told. The caller has already moved the status forward."""
    now = utcnow()
    for row in rows:
        row.error_code = error_code
        row.reason = "undelivered"
        _next_channel(row, now, "undelivered")
        if error_code == str(UNSUBSCRIBED):
            opt_out(row.victim)


def _fail(rows: list[Notification], error: ChannelError, reason: str,
          now: dt.datetime) -> None:
    for row in rows:
        if row.status != DeliveryStatus.PENDING:
            continue
        row.status, row.reason, row.error_code = DeliveryStatus.FAILED, reason, error.code
        row.lease_until = row.claimed_by = None
        _next_channel(row, now, reason, error.code)
    if error.code == str(UNSUBSCRIBED) and rows:
        opt_out(rows[0].victim)


def _next_channel(row: Notification, now: dt.datetime, reason: str,
                  error_code: str | None = None) -> None:
    follow = outbox.fall_back(row, now)
    if follow is not None:
        db.session.flush()
    tasks.tell_case_team(
        row.case_id, TaskKind.DELIVERY_FAILED, victim=row.victim_id, notification=row,
        channel=row.channel, reason=reason, error_code=error_code or row.error_code,
        next_channel=follow.channel if follow else None,
        next_notification_id=follow.id if follow else None)


def opt_out(victim: Victim) -> None:
    """Texts off for this victim (they replied STOP, or the provider says they did)."""
    pref = victim.preference
    if pref is None:
        pref = ContactPreference(victim=victim)
        db.session.add(pref)
    if not pref.sms_opted_out:
        pref.sms_opted_out = True
        audit.record(None, "sms.opted_out", victim_id=victim.id)


def _count_attempt(rows: list[Notification]) -> list[Notification]:
    for row in rows:
        row.attempts += 1
    return rows


def _load(row_ids: Sequence[int]) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.id.in_(row_ids))
        .options(selectinload(Notification.victim).selectinload(Victim.preference),
                 selectinload(Notification.update))
        .order_by(Notification.id)))
