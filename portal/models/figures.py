"""What became of each Victims' Code duty, one row per duty, for the team manager's figures
(issue 16): kept by services/case_file/obligation_records.py whenever a case's next duty is
worked out again, so the figures are counted in SQL instead of working out every case."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime


class ObligationRecord(db.Model):
    # The figures count a team's duties by the week of their deadline.
    __table_args__ = (Index("ix_obligation_record_case_week", "case_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    kind: Mapped[str] = mapped_column(String(32))
    # The Monday (London) of the week the deadline falls in.
    week: Mapped[dt.date] = mapped_column(Date)
    triggered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    met_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Working days (the case's nation's) from the London day it arose to the day it was met:
    # 0 the same day. None while not met.
    working_days: Mapped[int | None] = mapped_column()
    # Who met it (the recorded action's caseworker), if anyone did.
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    # The language of the victim the duty waited on longest (the last reached, or one not
    # reached yet), and the channel that reached them (None: recorded by hand, or not reached).
    language: Mapped[str | None] = mapped_column(String(8))
    channel: Mapped[str | None] = mapped_column(String(16))
    # What it was about: "hearing:<HearingKind>" or "decision:<DecisionKind>"; None for the
    # duties of the case as a whole.
    event: Mapped[str | None] = mapped_column(String(48))
    # A message sent for it failed for good.
    failed: Mapped[bool] = mapped_column(default=False)
