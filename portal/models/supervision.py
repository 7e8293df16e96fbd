"""Supervision (issue 16): a team manager's quality review of a case against a short checklist
drawn from the inspection (it found no supervisor review in 33 of 132 cases). The checklist's
items and answers are in services/case_file/supervision.py."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker
from portal.models.types import UTCDateTime, utcnow


class CaseReview(db.Model):
    # The results are counted per team and London month.
    __table_args__ = (Index("ix_case_review_team_month", "team_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    # The team whose work was reviewed (the case's team then: a case handed on keeps its
    # reviews in the figures of the team that did the work).
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("caseworker.id"))
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The first day of the London month it was recorded in (SQLite cannot turn a UTC time
    # into a London day, so it is stored, as ObligationRecord.week is).
    month: Mapped[dt.date] = mapped_column(Date)
    # How the case came to be reviewed: "random", "overdue", "not_understood" or "chosen".
    sampled_by: Mapped[str] = mapped_column(String(16))
    # Each checklist item: "yes", "partly", "no" or "not_applicable".
    needs_assessed: Mapped[str] = mapped_column(String(16))
    preferences_followed: Mapped[str] = mapped_column(String(16))
    letters_explained: Mapped[str] = mapped_column(String(16))
    statement_offered: Mapped[str] = mapped_column(String(16))
    referral_made: Mapped[str] = mapped_column(String(16))
    # The reviewer's note to the caseworker (may describe the case: anonymised by retention).
    note: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship()
    reviewer: Mapped[Caseworker] = relationship()
