"""Bail, remand and the conditions that protect a victim (issue 14).

The suspect's or defendant's status on a case is kept as history: each change the case team
records is a ``BailChange`` holding the status after it and every condition then in force, so
the current status is simply the latest change. A victim's report that the suspect broke the
rules (contacted them, came near them) is a ``BreachReport``, which reaches the case team at
once as an urgent task.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Index, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker, Victim
from portal.models.types import UTCDateTime, utcnow


class BailStatus(enum.StrEnum):
    """Where the suspect or defendant is while the case goes on."""

    RELEASED_UNDER_INVESTIGATION = "released_under_investigation"  # no conditions
    POLICE_BAIL = "police_bail"  # before charge, with conditions
    COURT_BAIL = "court_bail"  # after charge, until the next hearing, with conditions
    REMANDED = "remanded"  # kept in custody until the next hearing
    RELEASED = "released"  # released without conditions


# Statuses that may carry bail conditions (no contact, an area, a curfew, an address).
ON_BAIL = frozenset({BailStatus.POLICE_BAIL, BailStatus.COURT_BAIL})


class BailChangeKind(enum.StrEnum):
    """What the case team recorded."""

    GRANTED = "granted"  # bail granted (police or court)
    VARIED = "varied"  # the conditions changed
    BREACHED = "breached"  # the conditions were broken (then kept, or remanded)
    REMANDED = "remanded"  # remanded in custody
    RELEASED = "released"  # remand ended, or released (under investigation, without conditions)


class OrderKind(enum.StrEnum):
    """Court orders that protect the victim, apart from bail."""

    RESTRAINING = "restraining_order"
    NON_MOLESTATION = "non_molestation_order"
    DOMESTIC_ABUSE_PROTECTION = "domestic_abuse_protection_order"


class BailChange(db.Model):
    """One change of the suspect's status, with everything in force after it."""

    __table_args__ = (Index("ix_bail_change_case_recorded", "case_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    kind: Mapped[str] = mapped_column(String(16))  # a BailChangeKind
    status: Mapped[str] = mapped_column(String(32))  # a BailStatus, after the change
    # The day the police or the court decided it (the victims' deadline runs from it).
    decided_on: Mapped[dt.date] = mapped_column(Date)
    # Conditions that protect the victim (only with police or court bail).
    no_contact: Mapped[bool] = mapped_column(default=False)
    # An area not to enter, in words ("the streets around your home"), shown to the victim.
    exclusion_area: Mapped[str | None] = mapped_column(String(200))
    curfew_from: Mapped[dt.time | None] = mapped_column(Time)
    curfew_until: Mapped[dt.time | None] = mapped_column(Time)
    # Where they must live. For the case team only: never shown or sent to a victim.
    residence: Mapped[str | None] = mapped_column(String(300))
    # A restraining or protective order, and the day it ends (None: until a court ends it).
    order_kind: Mapped[str | None] = mapped_column(String(40))
    order_ends_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="bail_changes")
    recorded_by: Mapped[Caseworker | None] = relationship()

    @property
    def bail_status(self) -> BailStatus:
        return BailStatus(self.status)

    @property
    def change_kind(self) -> BailChangeKind:
        return BailChangeKind(self.kind)

    @property
    def has_curfew(self) -> bool:
        return self.curfew_from is not None and self.curfew_until is not None

    @property
    def protects_victim(self) -> bool:
        """Whether anything in force is meant to keep the suspect away from the victim."""
        return bool(self.no_contact or self.exclusion_area or self.has_curfew
                    or self.order_kind)


class BreachReport(db.Model):
    """A victim's report that the suspect contacted them or came near them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    what_happened: Mapped[str] = mapped_column(Text)
    happened_on: Mapped[dt.date] = mapped_column(Date)
    # Roughly when in the day, in the victim's words ("about 8 in the evening"); optional.
    happened_at: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
