"""The offender's release under the Victim Contact Scheme (issue 14): the release known ahead,
with the licence conditions that protect the victim, and the urgent alerts a caseworker records
(escape, absconding, recall, a move to open conditions, death).

A ``Release`` is the planned release (``expected_on``) with the conditions then set; recording
the actual release fills ``released_at``. The latest is the one in force. The residence
condition is for the team only: never shown or sent to a victim (content/release.py leaves it
out). An ``UrgentAlert`` is sent as an urgent update and repeated to each victim until they
confirm they have read it (``AlertReceipt``); unread after ALERT_ESCALATE_HOURS, the team is
given a phone task (services/delivery/alert_repeats.py).
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, ForeignKey, Index, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case, Update
from portal.models.people import Caseworker, Victim
from portal.models.types import UTCDateTime, utcnow


class Release(db.Model):
    """The offender's release: expected on a day, with the licence conditions that protect the
    victim; ``released_at`` once it has happened."""

    __table_args__ = (Index("ix_release_case_recorded", "case_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    expected_on: Mapped[dt.date] = mapped_column(Date)
    released_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    no_contact: Mapped[bool] = mapped_column(default=False)
    # An area not to enter, in words the victim reads ("the town centre of Newport").
    exclusion_area: Mapped[str | None] = mapped_column(String(200))
    curfew_from: Mapped[dt.time | None] = mapped_column(Time)
    curfew_until: Mapped[dt.time | None] = mapped_column(Time)
    electronic_monitoring: Mapped[bool] = mapped_column(default=False)
    # Where they must live. For the team only: never shown or sent to a victim.
    residence: Mapped[str | None] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="releases")
    recorded_by: Mapped[Caseworker | None] = relationship()

    @property
    def has_curfew(self) -> bool:
        return self.curfew_from is not None and self.curfew_until is not None


class AlertKind(enum.StrEnum):
    """News about the offender that is urgent for the victim's safety."""

    ESCAPED = "escaped"
    ABSCONDED = "absconded"  # from open conditions or while on licence
    RECALLED = "recalled"  # back to prison
    OPEN_CONDITIONS = "open_conditions"  # moved to an open prison
    DIED = "died"


class UrgentAlert(db.Model):
    """One urgent event about the offender, sent as an urgent update."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # an AlertKind
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("update.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    update: Mapped[Update | None] = relationship()
    receipts: Mapped[list[AlertReceipt]] = relationship(back_populates="alert")

    @property
    def alert_kind(self) -> AlertKind:
        return AlertKind(self.kind)


class AlertReceipt(db.Model):
    """One victim's copy of an alert: when it was last sent, how often, when they confirmed
    they read it, and when the team was given a call to make."""

    __table_args__ = (UniqueConstraint("alert_id", "victim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("urgent_alert.id"))
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    sends: Mapped[int] = mapped_column(default=1)
    last_sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    escalated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    alert: Mapped[UrgentAlert] = relationship(back_populates="receipts")
    victim: Mapped[Victim] = relationship()


class VcsReferral(db.Model):
    """The referral of one victim to the Victim Contact Scheme: a handover to a probation team,
    made only with the victim's consent, in the language the victim reads; their choice to join
    or not, and the victim liaison officer who is their contact (services/case_file/
    vcs_referral.py). The probation team's letter is owed within 20 working days of it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    consent: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(String(8))
    liaison_officer_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    referred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "joined" or "declined" once the victim has said; None until then.
    choice: Mapped[str | None] = mapped_column(String(16))
    choice_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="vcs_referrals")
    victim: Mapped[Victim] = relationship()
    liaison_officer: Mapped[Caseworker | None] = relationship(
        foreign_keys=[liaison_officer_id])
