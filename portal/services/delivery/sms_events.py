"""What Twilio tells us after sending: status callbacks.

Status callbacks only ever move a notification forward; a late or duplicate one changes
nothing and tells nobody. Texts victims send back are services/victim_input/sms_replies.py's.
"""
from __future__ import annotations

import logging
import re

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Notification
from portal.models.cases import mark_due_stale
from portal.models.messaging import RANK, DeliveryStatus
from portal.models.types import utcnow
from portal.services.delivery import outcomes
from portal.services.errors import InvalidInput

log = logging.getLogger(__name__)

# Twilio's MessageStatus values, as the statuses we keep.
TWILIO_STATUSES = {
    "accepted": DeliveryStatus.QUEUED,
    "scheduled": DeliveryStatus.QUEUED,
    "queued": DeliveryStatus.QUEUED,
    "sending": DeliveryStatus.QUEUED,
    "sent": DeliveryStatus.SENT,
    "delivery_unknown": DeliveryStatus.SENT,
    "partially_delivered": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.DELIVERED,
    "undelivered": DeliveryStatus.UNDELIVERED,
    "failed": DeliveryStatus.FAILED,
    "canceled": DeliveryStatus.FAILED,
}
MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")


def record_status(message_sid: str, status: str, error_code: str | None) -> int | None:
    """Apply a status callback. Returns how many notifications moved forward (0 for a late or
    duplicate callback), or None when no notification has this message id.

    Raises InvalidInput for a malformed callback.
    """
    if not MESSAGE_SID.match(message_sid or ""):
        raise InvalidInput("MessageSid", "not a message id")
    if status not in TWILIO_STATUSES:
        raise InvalidInput("MessageStatus", "not a status Twilio sends")
    if error_code is not None and not error_code.isdigit():
        raise InvalidInput("ErrorCode", "not a number")
    new = TWILIO_STATUSES[status]
    known = db.session.scalar(select(Notification.id).where(
        Notification.provider_id == message_sid).limit(1))
    if known is None:
        db.session.commit()
        return None
    lower = [s for s, rank in RANK.items() if rank < RANK[new]]
    values = {"status": new}
    if new is DeliveryStatus.DELIVERED:
        values["delivered_at"] = utcnow()
    if error_code:
        values["error_code"] = error_code
    # One statement decides: of two callbacks racing, only one moves each row forward.
    moved = list(db.session.scalars(
        update(Notification)
        .where(Notification.provider_id == message_sid, Notification.status.in_(lower))
        .values(**values).returning(Notification.id)
        .execution_options(synchronize_session=False)))
    if moved:  # a delivery or a failure changes whether a duty is met
        mark_due_stale(db.session.connection(), db.session.scalars(
            select(Notification.case_id).where(Notification.id.in_(moved))))
    if moved and new in (DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED):
        rows = db.session.scalars(select(Notification).where(Notification.id.in_(moved))
                                  .order_by(Notification.id)).all()
        outcomes.failed_after_sending(rows, new, error_code)
    db.session.commit()
    return len(moved)
