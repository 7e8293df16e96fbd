"""Secure messages between a victim and the team on their case."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker, Victim
from portal.models.types import UTCDateTime, utcnow

# Who wrote a message: the victim in the portal, the victim by SMS reply, or a caseworker.
FROM_VICTIM = "victim"
FROM_SMS = "sms"
FROM_CASEWORKER = "caseworker"


class CaseMessage(db.Model):
    """One message in the thread between a victim and the case team. The thread belongs to the
    case, not to a team, so a handover carries it to the new team."""

    __table_args__ = (
        Index("ix_case_message_thread", "case_id", "victim_id", "created_at"),
        # Unread messages from victims, counted on every console page: only those rows.
        Index("ix_case_message_unread", "case_id",
              postgresql_where=text("read_at IS NULL AND author_kind IN ('victim', 'sms')"),
              sqlite_where=text("read_at IS NULL AND author_kind IN ('victim', 'sms')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    author_kind: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    # A supporter who wrote it on the victim's behalf (author_kind "victim": it is the
    # victim's thread, and the team reads it as from the victim's side).
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("supporter.id"))
    # Plain text, at most 2,000 characters, always rendered escaped.
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The provider's id for a message that arrived as an SMS reply.
    provider_id: Mapped[str | None] = mapped_column(String(64))

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
    author: Mapped[Caseworker | None] = relationship()
    supporter: Mapped["Supporter | None"] = relationship()  # noqa: F821

    @property
    def from_victim(self) -> bool:
        return self.author_kind in (FROM_VICTIM, FROM_SMS)


class InboundText(db.Model):
    """Each text a victim sent, by Twilio's message id, so that a keyword (STOP, START) or a
    reply is acted on once: a repeated or replayed callback for the same message is ignored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[str] = mapped_column(String(64), unique=True)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What was done: "opted_out", "opted_in", "stored", "no_case" or "unknown_sender".
    outcome: Mapped[str | None] = mapped_column(String(24))
