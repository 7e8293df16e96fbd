"""Translations of the caseworkers' words a victim reads outside updates (update text has its
own, models.cases.UpdateTranslation): a decision's reasons, a hearing's outcome note, the answer
to a request for help at court, a reply to the victim's message, and the reasons the team gave
for the outcome of the victim's request for a review (Victims' Right to Review)."""
from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.people import Caseworker
from portal.models.types import UTCDateTime, utcnow


class WordsKind(StrEnum):
    """Which words, and so which table ``item_id`` points into."""

    DECISION_REASONS = "decision_reasons"  # Decision.reasons
    OUTCOME_NOTE = "outcome_note"  # Hearing.outcome_note
    COURT_HELP_ANSWER = "court_help_answer"  # CourtNeed.answer_note
    REPLY = "reply"  # CaseMessage.body, from a caseworker
    REVIEW_OUTCOME = "review_outcome"  # ReviewRequest.outcome_notes (models/reviews.py)


class WordsTranslation(db.Model):
    """A caseworker's words translated into a victim's language by a caseworker or a
    translator. The caseworker wrote them in English (none of these items records a language);
    the victim reads the translation, marked as one, with the English on request."""

    __table_args__ = (UniqueConstraint("kind", "item_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    item_id: Mapped[int] = mapped_column()
    language: Mapped[str] = mapped_column(String(8))
    # Plain text, always rendered escaped (as the original is).
    text: Mapped[str] = mapped_column(Text)
    translated_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    translated_by: Mapped[Caseworker | None] = relationship()
