"""Property the police hold for a case (issue 14; right 10 of the Victims' Code).

Each thing the police hold is a ``PropertyItem`` the case team records and keeps up to date:
what it is (in the victim's words, as the police wrote it down), why it is held, where it is
now, and where and from when it can be collected. A victim asks to have an item back with a
``PropertyRequest``, which reaches the case team as a task; one request is open per item at a
time.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker, Victim
from portal.models.tasks import Task
from portal.models.types import UTCDateTime, utcnow


class HeldBecause(enum.StrEnum):
    """Why the police hold it."""

    EVIDENCE = "evidence"  # seized as evidence
    SAFEKEEPING = "safekeeping"  # kept safe for the owner
    FOUND = "found"  # found, and handed in or recovered


class PropertyStatus(enum.StrEnum):
    """Where it is now."""

    HELD_AS_EVIDENCE = "held_as_evidence"
    READY_TO_COLLECT = "ready_to_collect"
    RETURNED = "returned"
    TO_BE_DESTROYED = "to_be_destroyed"
    KEPT_BY_COURT = "kept_by_court"


class PropertyItem(db.Model):
    """One thing the police hold for a case."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    # What it is, in the victim's words as the police recorded them ("my blue bike").
    description: Mapped[str] = mapped_column(String(200))
    held_because: Mapped[str] = mapped_column(String(16))  # a HeldBecause
    status: Mapped[str] = mapped_column(String(24))  # a PropertyStatus
    # Where and how to collect it (a police station, its hours, what to bring).
    collect_where: Mapped[str | None] = mapped_column(String(500))
    # The first day it can be collected.
    collect_from: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    recorded_by: Mapped[Caseworker | None] = relationship()

    @property
    def property_status(self) -> PropertyStatus:
        return PropertyStatus(self.status)


class PropertyRequest(db.Model):
    """A victim's request to have an item back. Its task carries the request's id, never its
    words; the request is open while its task is."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("property_item.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    # Anything the victim wants the team to know (optional, short).
    note: Mapped[str | None] = mapped_column(String(500))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[PropertyItem] = relationship()
    victim: Mapped[Victim] = relationship()
    task: Mapped[Task | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.task is None or self.task.is_open
