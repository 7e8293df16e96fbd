"""The two writes every message makes, kept cheap: start an attempt, record a success.

They run on the worker's own connection as statements built once, with bound parameters, so
that the engine's time per message goes on sending, not on building SQL. The other outcomes
(retry, failure, unknown) are rarer and richer, and live in ``delivery_outcomes``.
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, case, insert, update
from sqlalchemy.engine import Connection

from portal.channels.sms import Receipt
from portal.models import DeliveryAttempt, Notification
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow

_attempt = DeliveryAttempt.__table__
_notification = Notification.__table__
_rows = _notification.c.id.in_(bindparam("row_ids", expanding=True))

START = insert(_attempt).values(
    notification_id=bindparam("primary_id"), channel=bindparam("via"),
    started_at=bindparam("at"), outcome="started", worker=bindparam("by"),
).returning(_attempt.c.id)
COMBINE = update(_notification).where(_rows).values(combined_into_id=bindparam("primary_id"))
FINISH = update(_attempt).where(_attempt.c.id == bindparam("attempt_id")).values(
    finished_at=bindparam("at"), outcome="accepted", provider_id=bindparam("provider"))
# Forward only: a row a status callback has already moved on is left as it is.
SENT = update(_notification).where(_rows, _notification.c.status == DeliveryStatus.PENDING).values(
    status=bindparam("new_status"), provider_id=bindparam("provider"), sent_at=bindparam("at"),
    attempts=_notification.c.attempts + 1, lease_until=None, claimed_by=None, error_code=None,
    reason=case((_notification.c.id == bindparam("primary_id"), None), else_="combined"))


def start(connection: Connection, primary_id: int, row_ids: Sequence[int], channel: str,
          worker: str) -> int:
    """Write a "started" attempt (and which rows share the message); returns its id. The
    caller commits before calling the provider."""
    attempt_id = connection.execute(START, {"primary_id": primary_id, "via": channel,
                                            "at": utcnow(), "by": worker}).scalar_one()
    if len(row_ids) > 1:
        connection.execute(COMBINE, {"row_ids": [i for i in row_ids if i != primary_id],
                                     "primary_id": primary_id})
    return attempt_id


def accepted(connection: Connection, attempt_id: int, row_ids: Sequence[int],
             primary_id: int, receipt: Receipt) -> None:
    """The provider took the message: the attempt and every notification in the message move
    forward together. The caller commits."""
    now = utcnow()
    connection.execute(FINISH, {"attempt_id": attempt_id, "at": now,
                                "provider": receipt.provider_id})
    connection.execute(SENT, {"row_ids": list(row_ids), "new_status": receipt.status,
                              "provider": receipt.provider_id, "at": now,
                              "primary_id": primary_id})
