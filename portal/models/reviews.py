"""A victim's request for a Victims' Right to Review of a decision, asked for online
(services/victim_input/review_requests.py) and answered by the team that decided
(services/case_file/review_requests.py)."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case, Decision
from portal.models.people import Team, Victim
from portal.models.types import UTCDateTime, utcnow


class ReviewStatus(enum.StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    BEING_REVIEWED = "being_reviewed"
    UPHELD = "upheld"  # the decision stands
    OVERTURNED = "overturned"  # the decision was wrong and is changed
    WITHDRAWN = "withdrawn"  # the victim no longer wants the review


# Where a request ends: nothing more is owed on it.
FINISHED = frozenset({ReviewStatus.UPHELD, ReviewStatus.OVERTURNED, ReviewStatus.WITHDRAWN})


class ReviewRequest(db.Model):
    """One victim's request for a review of one decision (one per decision and victim)."""

    __table_args__ = (UniqueConstraint("decision_id", "victim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    # The team that made the decision (the decision's own team, else the case's team then).
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    scheme: Mapped[str] = mapped_column(String(8))  # after_decision.POLICE or CPS
    asked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The scheme's date to ask by, when the portal knew it; late: asked after it.
    ask_by: Mapped[dt.date | None] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(default=False)
    reasons: Mapped[str | None] = mapped_column(Text)  # optional: the schemes need none
    contact_by: Mapped[str] = mapped_column(String(8))  # a Channel
    status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.RECEIVED)
    status_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The team's reasons for the outcome, in words the victim reads.
    outcome_notes: Mapped[str | None] = mapped_column(Text)

    # Case.review_requests: read with the case (the victim's page and the obligations).
    case: Mapped[Case] = relationship(backref=backref("review_requests",
                                                      order_by="ReviewRequest.id"))
    decision: Mapped[Decision] = relationship()
    victim: Mapped[Victim] = relationship()
    team: Mapped[Team] = relationship()
    # Its outcome notes in other languages (models/translations.py), read with the request.
    words_translations: Mapped[list[WordsTranslation]] = relationship(  # noqa: F821
        primaryjoin="and_(foreign(WordsTranslation.item_id) == ReviewRequest.id, "
                    "WordsTranslation.kind == 'review_outcome')", viewonly=True)

    @property
    def review_status(self) -> ReviewStatus:
        return ReviewStatus(self.status)

    @property
    def is_open(self) -> bool:
        return self.review_status not in FINISHED
