"""What a victim tells the case team about court: dates they cannot attend, and help they need."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker, Victim
from portal.models.types import UTCDateTime, utcnow

# Kinds of help at court a victim can ask for.
NEED_KINDS = ("screens", "video_link", "supporter", "intermediary", "court_visit", "expenses")


class DateToAvoid(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()


class CourtNeed(db.Model):
    """A request for help at court; the case team answers it and the victim sees the answer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"))
    kind: Mapped[str] = mapped_column(String(32))
    details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "agreed", "not_agreed" or "applied" (applied to the court, awaiting its decision).
    answer: Mapped[str | None] = mapped_column(String(16))
    answer_note: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
    answered_by: Mapped[Caseworker | None] = relationship()
