"""Victim Personal Statements and the journey each takes to the court file."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker, Victim
from portal.models.types import UTCDateTime, utcnow


class PersonalStatement(db.Model):
    """A statement written in the portal or uploaded as a file. Files are stored outside
    static/ under a random name and served only to the victim and the case team."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    text: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(200))  # as the victim named it
    stored_name: Mapped[str | None] = mapped_column(String(80))  # random, on disk
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_to_prosecution_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    confirmed_on_file_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
    sent_by: Mapped[Caseworker | None] = relationship(foreign_keys=[sent_by_id])
    confirmed_by: Mapped[Caseworker | None] = relationship(foreign_keys=[confirmed_by_id])
