"""Parole under the Victim Contact Scheme (issue 14): the offender's parole eligibility date,
the Parole Board's review, its hearing and its decision, as the probation team records them
(services/case_file/parole.py).

One ``ParoleReview`` per review: the latest is the one in force. A review refused may be
followed by another (a new row). ``review_started_on`` owes the victims the news of the review
with the offer of a statement for the Parole Board and the chance to apply to attend;
``decided_on`` owes them the decision (services/case_file/obligations.py).
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker
from portal.models.types import UTCDateTime, utcnow


class ParoleStatus(enum.StrEnum):
    """Where the review is: eligible (nothing started), started, a hearing listed, or one of
    the Parole Board's decisions."""

    ELIGIBLE = "eligible"
    REVIEW_STARTED = "review_started"
    HEARING_LISTED = "hearing_listed"
    RELEASE_DIRECTED = "release_directed"
    RELEASE_REFUSED = "release_refused"
    # The Board recommends a move to open conditions; the Secretary of State decides.
    OPEN_CONDITIONS = "open_conditions"


DECISIONS = frozenset({ParoleStatus.RELEASE_DIRECTED, ParoleStatus.RELEASE_REFUSED,
                       ParoleStatus.OPEN_CONDITIONS})


class ParoleReview(db.Model):
    """One parole review of the offender on a case."""

    __table_args__ = (Index("ix_parole_review_case_recorded", "case_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    eligible_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24), default=ParoleStatus.ELIGIBLE.value)
    review_started_on: Mapped[dt.date | None] = mapped_column(Date)
    # When the start was recorded: only what is said after it can tell the victims of it.
    review_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    hearing_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="parole_reviews")
    recorded_by: Mapped[Caseworker | None] = relationship()

    @property
    def parole_status(self) -> ParoleStatus:
        return ParoleStatus(self.status)

    @property
    def decided(self) -> bool:
        return self.parole_status in DECISIONS
