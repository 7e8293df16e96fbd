"""The outbox of notifications to victims and the record of every delivery attempt."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case, Hearing, Update
from portal.models.people import Victim
from portal.models.types import UTCDateTime, utcnow


class DevOutboxMessage(db.Model):
    """A message kept for the development outbox page when no provider is configured.

    Only development mode writes or serves these; production refuses to start without providers.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeliveryStatus(enum.StrEnum):
    """Where a notification is. Provider statuses only move forward (see ``RANK``)."""

    PENDING = "pending"  # in the outbox, waiting for its time (not_before) or a worker
    QUEUED = "queued"  # the SMS provider accepted it
    SENT = "sent"  # the provider sent it (for email: the mail server accepted it)
    DELIVERED = "delivered"  # the phone network confirmed delivery
    UNDELIVERED = "undelivered"  # the network could not deliver it
    FAILED = "failed"  # refused for good, or given up after retrying for hours
    UNKNOWN = "unknown"  # the call timed out after the provider may have accepted it
    TASK = "task"  # handed to the case team: a phone call to make or a letter to post
    SKIPPED = "skipped"  # not sent because of the victim's choice (key decisions only)
    CANCELLED = "cancelled"  # not sent on this channel (for example after STOP); see fallback


#: Forward order of the provider's statuses; the end states share the top rank, so a late or
#: duplicate callback never moves a notification back or from one end state to another.
RANK = {
    DeliveryStatus.PENDING: 0,
    DeliveryStatus.QUEUED: 1,
    DeliveryStatus.SENT: 2,
    DeliveryStatus.DELIVERED: 3,
    DeliveryStatus.UNDELIVERED: 3,
    DeliveryStatus.FAILED: 3,
    DeliveryStatus.UNKNOWN: 3,
    DeliveryStatus.TASK: 3,
    DeliveryStatus.SKIPPED: 3,
    DeliveryStatus.CANCELLED: 3,
}
#: A provider took the message and has not said it failed: a text the victim has had (so their
#: next is not their first, which always says how to stop texts).
TAKEN = frozenset({DeliveryStatus.QUEUED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED})


class Notification(db.Model):
    """One message owed to one victim about one update, on one channel.

    Created in the same transaction as the update (the transactional outbox). Workers claim due
    rows with a lease; the status only ever moves forward. When a channel fails for good, a new
    notification on the victim's next channel is made, pointing back with ``fallback_from_id``.
    """

    __table_args__ = (Index("ix_notification_due", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("update.id"), index=True)
    # A reminder of this hearing (kind "reminder_7d" or "reminder_1wd").
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id"), index=True)
    # "update", or "summary" when it waits for the victim's weekly summary.
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=DeliveryStatus.PENDING)
    urgent: Mapped[bool] = mapped_column(default=False)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    provider_id: Mapped[str | None] = mapped_column(String(200), index=True)
    # Why it is in this state: a key of portal.content.delivery_states.REASONS.
    reason: Mapped[str | None] = mapped_column(String(300))
    error_code: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set when the messages of several notifications were combined into this one's message.
    combined_into_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"),
                                                         index=True)
    # The notification on the previous channel, when this one is the next channel tried.
    fallback_from_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"),
                                                         index=True)

    victim: Mapped[Victim] = relationship()
    case: Mapped[Case | None] = relationship()
    update: Mapped[Update | None] = relationship()
    hearing: Mapped[Hearing | None] = relationship()
    attempts_made: Mapped[list[DeliveryAttempt]] = relationship(
        back_populates="notification", order_by="DeliveryAttempt.started_at"
    )


class DeliveryAttempt(db.Model):
    """One call to a provider. Written before the call ("started") and finished after it, so a
    worker that dies mid-call leaves a trace and its message is reported, not resent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # started, accepted, retry, failed or unknown.
    outcome: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str | None] = mapped_column(String(200))
    error_code: Mapped[str | None] = mapped_column(String(32))
    # What went wrong in technical words (an exception's class, an HTTP status): never a body,
    # an address or the provider's own message, which can quote the phone number.
    error: Mapped[str | None] = mapped_column(String(300))
    worker: Mapped[str | None] = mapped_column(String(64))

    notification: Mapped[Notification] = relationship(back_populates="attempts_made")
