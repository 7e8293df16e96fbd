"""The outbox of notifications to victims and the record of every delivery attempt."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case, Update
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


class Notification(db.Model):
    """One message owed to one victim about one update, on the channel being tried now.

    Created in the same transaction as the update (the transactional outbox). Workers claim due
    rows with a lease; the status only ever moves forward.
    """

    __table_args__ = (Index("ix_notification_due", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("update.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    urgent: Mapped[bool] = mapped_column(default=False)
    not_before: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    provider_id: Mapped[str | None] = mapped_column(String(200), index=True)
    # Why it is in this state, in words a caseworker understands.
    reason: Mapped[str | None] = mapped_column(String(300))
    error_code: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Set when the messages of several notifications were combined into this one's message.
    combined_into_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))

    victim: Mapped[Victim] = relationship()
    case: Mapped[Case | None] = relationship()
    update: Mapped[Update | None] = relationship()
    attempts_made: Mapped[list[DeliveryAttempt]] = relationship(
        back_populates="notification", order_by="DeliveryAttempt.started_at"
    )


class DeliveryAttempt(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(16))
    provider_id: Mapped[str | None] = mapped_column(String(200))
    error_code: Mapped[str | None] = mapped_column(String(32))
    error: Mapped[str | None] = mapped_column(String(300))

    notification: Mapped[Notification] = relationship(back_populates="attempts_made")
