"""The writes every message makes, kept cheap: hold the rows and start an attempt, record a
success, and renew the batch's lease now and then.

They run on the worker's own connection as statements built once, with bound parameters, so
that the engine's time per message goes on sending, not on building SQL. The other outcomes
(retry, failure, unknown) are rarer and richer, and live in ``delivery_outcomes``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Integer, bindparam, case, insert, update
from sqlalchemy.engine import Connection

from portal.channels.sms import Receipt
from portal.models import DeliveryAttempt, Notification
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow

_attempt = DeliveryAttempt.__table__
_notification = Notification.__table__
_rows = _notification.c.id.in_(bindparam("row_ids", expanding=True))
_ours = (_rows, _notification.c.claimed_by == bindparam("by"),
         _notification.c.status == DeliveryStatus.PENDING)

# The rows of the message about to be sent, still this worker's (another may have taken them
# when its lease ran out), held for the whole call; the others in the message point to it.
HOLD = update(_notification).where(*_ours).values(
    lease_until=bindparam("until"),
    combined_into_id=case((_notification.c.id == bindparam("primary_id"), None),
                          else_=bindparam("primary_id", type_=Integer)),
).returning(_notification.c.id)
# The batch's rows not sent yet, still this worker's: a longer lease.
RENEW = update(_notification).where(*_ours).values(
    lease_until=bindparam("until")).returning(_notification.c.id)
START = insert(_attempt).values(
    notification_id=bindparam("primary_id"), channel=bindparam("via"),
    started_at=bindparam("at"), outcome="started", worker=bindparam("by"),
).returning(_attempt.c.id)
FINISH = update(_attempt).where(_attempt.c.id == bindparam("attempt_id")).values(
    finished_at=bindparam("at"), outcome="accepted", provider_id=bindparam("provider"))
# Forward only: a row a status callback has already moved on is left as it is. A row another
# worker reported as unknown (this one's hold ran out while the database could not be reached)
# takes what the provider said, which is more than "unknown".
SENT = update(_notification).where(
    _rows, _notification.c.status.in_((DeliveryStatus.PENDING, DeliveryStatus.UNKNOWN))
).values(
    status=bindparam("new_status"), provider_id=bindparam("provider"), sent_at=bindparam("at"),
    attempts=_notification.c.attempts + 1, lease_until=None, claimed_by=None, error_code=None,
    reason=case((_notification.c.id == bindparam("primary_id"), None), else_="combined"))


def start(connection: Connection, primary_id: int, row_ids: Sequence[int], channel: str,
          worker: str, hold_until: dt.datetime) -> int | None:
    """Hold the message's rows until ``hold_until`` and write a "started" attempt; returns its
    id, or None when any of the rows is no longer this worker's (then the caller rolls back
    and does not send). The caller commits before calling the provider."""
    held = connection.execute(HOLD, {"row_ids": list(row_ids), "by": worker,
                                     "until": hold_until, "primary_id": primary_id}).all()
    if len(held) != len(row_ids):
        return None
    return connection.execute(START, {"primary_id": primary_id, "via": channel,
                                      "at": utcnow(), "by": worker}).scalar_one()


def renew(connection: Connection, row_ids: Sequence[int], worker: str,
          until: dt.datetime) -> set[int]:
    """Lengthen the lease of rows still this worker's; returns their ids. The caller commits."""
    if not row_ids:
        return set()
    return set(connection.execute(RENEW, {"row_ids": list(row_ids), "by": worker,
                                           "until": until}).scalars())


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
