"""Urgent alerts repeated until read, then escalated (services/case_file/alerts.py).

The worker calls ``run`` every minute, next to the hearing reminders. For each victim's copy
of an alert not yet confirmed as read:
- every ALERT_REPEAT_MINUTES since it was last sent, while fewer than ALERT_MAX_SENDS have
  gone, a new urgent notification of the same update (outbox.notify_update: the victim's
  first usable channel, urgent news breaking their window only if they allow it); not while
  one is still waiting to go;
- once ALERT_ESCALATE_HOURS have passed since the alert, one phone task for the case team,
  due now (VINE's model: calls repeat until the victim confirms).
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import AlertReceipt, Notification, TaskKind, UrgentAlert
from portal.models.messaging import DeliveryStatus
from portal.services.delivery import outbox, tasks

# Alerts older than this are no longer repeated or escalated by the worker.
HORIZON = dt.timedelta(days=7)


def run(now: dt.datetime) -> tuple[int, int]:
    """Send the repeats now due and escalate what is unread too long. Returns (repeats,
    calls) made (committed)."""
    config = current_app.config
    every = dt.timedelta(minutes=int(config.get("ALERT_REPEAT_MINUTES", 30)))
    most = int(config.get("ALERT_MAX_SENDS", 4))
    escalate = dt.timedelta(hours=float(config.get("ALERT_ESCALATE_HOURS", 2)))
    receipts = db.session.scalars(
        select(AlertReceipt).join(UrgentAlert)
        .where(AlertReceipt.read_at.is_(None), UrgentAlert.created_at > now - HORIZON)
        .options(selectinload(AlertReceipt.alert).selectinload(UrgentAlert.update),
                 selectinload(AlertReceipt.victim))).all()
    if not receipts:
        return 0, 0
    waiting = {(n.update_id, n.victim_id) for n in db.session.execute(
        select(Notification.update_id, Notification.victim_id).where(
            Notification.update_id.in_([r.alert.update_id for r in receipts]),
            Notification.status == DeliveryStatus.PENDING))}
    repeats = calls = 0
    for receipt in receipts:
        alert, update = receipt.alert, receipt.alert.update
        if update is None:
            continue
        if receipt.escalated_at is None and now - alert.created_at >= escalate:
            tasks.tell_case_team(alert.case_id, TaskKind.PHONE_CALL, victim=receipt.victim,
                                 due_from=now, due_by=now, update_id=update.id,
                                 alert_id=alert.id, reason="alert_unread")
            receipt.escalated_at = now
            calls += 1
        if (receipt.sends < most and now - receipt.last_sent_at >= every
                and (update.id, receipt.victim_id) not in waiting):
            outbox.notify_update(update, urgent=True, victims=[receipt.victim])
            receipt.sends += 1
            receipt.last_sent_at = now
            repeats += 1
    db.session.commit()
    return repeats, calls
