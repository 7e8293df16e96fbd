"""What victims tell us about our service: whether they understood an update, and complaints."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case, Update
from portal.models.people import Organisation, Victim
from portal.models.types import UTCDateTime, utcnow

UNDERSTOOD_ANSWERS = ("yes", "partly", "no")


class UpdateFeedback(db.Model):
    """"Did you understand this update?" One answer per victim per update; they may change it."""

    __table_args__ = (UniqueConstraint("update_id", "victim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("update.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    understood: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    update: Mapped[Update] = relationship()


class Complaint(db.Model):
    """A complaint started in the portal (right 12); the team manager sees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
