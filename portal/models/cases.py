"""Cases, the victims on them, and what happens on them: stage changes, hearings, decisions and
updates posted to victims."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.enums import Area, DecisionKind, HearingStatus, Stage
from portal.models.people import Caseworker, Team, Victim
from portal.models.types import UTCDateTime, utcnow


class Case(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    crime_reference: Mapped[str] = mapped_column(String(40), unique=True)
    offence: Mapped[str] = mapped_column(String(64))
    violent_or_sexual: Mapped[bool] = mapped_column(default=False)
    enhanced_rights: Mapped[bool] = mapped_column(default=False)
    area: Mapped[str] = mapped_column(String(16), default=Area.ENGLAND)
    stage: Mapped[str] = mapped_column(String(32), default=Stage.REPORTED)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped whenever something a victim sees changes; orders a victim's cases.
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team] = relationship()
    contact: Mapped[Caseworker | None] = relationship()
    victim_links: Mapped[list[CaseVictim]] = relationship(back_populates="case")
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.occurred_at"
    )
    hearings: Mapped[list[Hearing]] = relationship(
        back_populates="case", order_by="Hearing.starts_at"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="case", order_by="Decision.made_at"
    )
    updates: Mapped[list[Update]] = relationship(
        back_populates="case", order_by="Update.created_at.desc()"
    )

    @property
    def current_stage(self) -> Stage:
        return Stage(self.stage)

    @property
    def victims(self) -> list[Victim]:
        return [link.victim for link in self.victim_links]


class CaseVictim(db.Model):
    """A victim on a case. A victim may be on several cases and a case may have several victims."""

    __table_args__ = (UniqueConstraint("case_id", "victim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="victim_links")
    victim: Mapped[Victim] = relationship(back_populates="case_links")


class CaseEvent(db.Model):
    """Something in the case's history: a stage change or a handover between teams."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # "stage", "handover" or "release"
    stage: Mapped[str | None] = mapped_column(String(32))
    from_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    to_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")
    from_team: Mapped[Team | None] = relationship(foreign_keys=[from_team_id])
    to_team: Mapped[Team | None] = relationship(foreign_keys=[to_team_id])
    actor: Mapped[Caseworker | None] = relationship()


class Court(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(String(400))
    phone: Mapped[str | None] = mapped_column(String(32))


class Hearing(db.Model):
    __table_args__ = (Index("ix_hearing_court_starts", "court_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("court.id"))
    kind: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # When a hearing is moved, where it was before, so the victim sees what changed.
    previous_starts_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    must_attend: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=HearingStatus.LISTED)
    outcome: Mapped[str | None] = mapped_column(String(40))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_recorded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the date or status last changed (moved, cancelled): the victims must be told again.
    changed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Why it moved or was cancelled, as the caseworker would tell the victim.
    change_reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="hearings")
    court: Mapped[Court] = relationship()


class Decision(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # The reasons, in plain English, written by the caseworker; never empty.
    reasons: Mapped[str] = mapped_column(Text)
    # For a sentence: its length in months (0 for a non-custodial sentence).
    sentence_months: Mapped[int | None]
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="decisions")
    team: Mapped[Team | None] = relationship()

    @property
    def decision_kind(self) -> DecisionKind:
        return DecisionKind(self.kind)


class Update(db.Model):
    """An update posted to the victims on a case."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    event: Mapped[str] = mapped_column(String(40))
    # The hearing or decision the update is about, when it is about one.
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id"))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    # The language the caseworker wrote the free text in (the template parts are translated).
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Sanitised to the allow-list before it is stored, and again when rendered.
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    # The easy-read version of the caseworker's words, for victims who asked for easy read.
    easy_read_html: Mapped[str | None] = mapped_column(Text)
    easy_read_text: Mapped[str | None] = mapped_column(Text)
    # The plain-English checker's warnings when the caseworker sent anyway.
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    urgent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="updates")
    author: Mapped[Caseworker | None] = relationship()
    hearing: Mapped[Hearing | None] = relationship()
    decision: Mapped[Decision | None] = relationship()
    translations: Mapped[list[UpdateTranslation]] = relationship(back_populates="update")


class UpdateTranslation(db.Model):
    """A caseworker's words in an update, translated into a victim's language by a caseworker
    or a translator. The victim then reads (and is sent) these words instead of the English,
    marked as a translation."""

    __table_args__ = (UniqueConstraint("update_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("update.id"), index=True)
    language: Mapped[str] = mapped_column(String(8))
    body_html: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    translated_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    update: Mapped[Update] = relationship(back_populates="translations")
    translated_by: Mapped[Caseworker | None] = relationship()
