"""A change at court for many hearings (a list moved to another day, a court closed for the day),
recorded when the caseworker confirms it and carried out by the delivery worker in chunks.

The job keeps what the caseworker confirmed on screen (the hearings' ids and a keyed hash of
them), what they wrote, where the work has got to, and a lease: a worker holds the job while
``lease_until`` is in the future, and a job whose worker died is taken up again once it runs out.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Court
from portal.models.people import Caseworker, Team
from portal.models.types import UTCDateTime, utcnow


class BulkJobStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for a worker (or for another one, after a worker stopped)
    RUNNING = "running"  # a worker holds the lease and is applying it
    DONE = "done"
    FAILED = "failed"  # stopped for the reason in ``failure``; what was done stays done


class BulkJob(db.Model):
    __tablename__ = "bulk_job"
    __table_args__ = (
        # The workers' claim: queued jobs, and running ones whose lease ran out.
        Index("ix_bulk_job_status_lease", "status", "lease_until"),
        # The team's recent jobs on the bulk page.
        Index("ix_bulk_job_team_created", "team_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who asked, for which team, and what: the court, the day, "moved" or "closed".
    caseworker_id: Mapped[int] = mapped_column(ForeignKey("caseworker.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    new_day: Mapped[dt.date | None] = mapped_column(Date)
    # The reason as the court gave it, and the update every victim is sent (sanitised HTML and
    # its text), with the plain-English checker's warnings when they sent it anyway.
    reason: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    urgent: Mapped[bool] = mapped_column(default=False)
    # The plan confirmed on screen: its hearings as [hearing id, case id] pairs in the order
    # they are applied (a case's hearings together), and a keyed hash of the hearings' ids
    # (the same one the confirmation form carried).
    plan_hearings: Mapped[list] = mapped_column(JSON, default=list)
    plan_digest: Mapped[str] = mapped_column(String(64))

    status: Mapped[str] = mapped_column(String(16), default=BulkJobStatus.QUEUED)
    hearings_total: Mapped[int] = mapped_column(default=0)
    # How far the worker has got in ``plan_hearings``: written in the same transaction as the
    # hearings themselves, so a worker taking the job over starts exactly where it stopped.
    hearings_done: Mapped[int] = mapped_column(default=0)
    # Hearings that had changed since the caseworker confirmed (moved or cancelled by someone
    # else), left as they were.
    hearings_skipped: Mapped[int] = mapped_column(default=0)
    cases_updated: Mapped[int] = mapped_column(default=0)
    victims_notified: Mapped[int] = mapped_column(default=0)

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Why it stopped, as a code the console words (services/case_file/bulk_jobs.FAILURES).
    failure: Mapped[str | None] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # How many times a worker has taken it (more than one: a worker stopped or died on it).
    claims: Mapped[int] = mapped_column(default=0)

    caseworker: Mapped[Caseworker] = relationship()
    team: Mapped[Team] = relationship()
    court: Mapped[Court] = relationship()


class BulkJobVictim(db.Model):
    """A victim a job has told: each is told once, even when on several of its cases and when
    those cases fall in different chunks."""

    __tablename__ = "bulk_job_victim"

    job_id: Mapped[int] = mapped_column(ForeignKey("bulk_job.id"), primary_key=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), primary_key=True)
