"""Cases, the victims on them, and what happens on them: stage changes, hearings, decisions and
updates posted to victims."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
    true,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import update as sa_update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.extensions import db
from portal.models import page_versions
from portal.models.enums import Area, DecisionKind, HearingStatus, Stage
from portal.models.people import Caseworker, Team, Victim
from portal.models.types import UTCDateTime, utcnow


class Case(db.Model):
    # The console's lists are filtered and sorted in SQL by the next duty owed on each case
    # (services/case_file/due_index.py keeps these columns up to date).
    __table_args__ = (
        Index("ix_case_team_next_due", "team_id", "next_due_at"),
        # The team's case ids read from the index alone (counting what waits on the team's
        # cases: unread messages, tasks), also every lookup by team.
        Index("ix_case_team_cases", "team_id", "id"),
        Index("ix_case_contact_next_due", "contact_id", "next_due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    crime_reference: Mapped[str] = mapped_column(String(40), unique=True)
    offence: Mapped[str] = mapped_column(String(64))
    violent_or_sexual: Mapped[bool] = mapped_column(default=False)
    enhanced_rights: Mapped[bool] = mapped_column(default=False)
    # The choice made when the case was opened: it stands until every victim's needs are
    # assessed, then the assessments decide ``enhanced_rights`` (services/case_file/needs.py).
    enhanced_rights_opened: Mapped[bool] = mapped_column(
        default=lambda context: bool(context.get_current_parameters().get("enhanced_rights")),
        server_default=false())
    area: Mapped[str] = mapped_column(String(16), default=Area.ENGLAND)
    stage: Mapped[str] = mapped_column(String(32), default=Stage.REPORTED)
    reported_on: Mapped[dt.date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Bumped whenever something a victim sees changes; orders a victim's cases.
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The earliest unmet Victims' Code duty: its deadline and kind, and why it is not met yet
    # ("failed", "waiting", "translation"); None when nothing is owed. ``due_refreshed_at``
    # is when they were worked out; ``due_stale`` marks a case whose facts changed since.
    next_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    next_due_kind: Mapped[str | None] = mapped_column(String(32))
    next_due_note: Mapped[str | None] = mapped_column(String(32))
    due_refreshed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    due_stale: Mapped[bool] = mapped_column(default=True, server_default=true(), index=True)
    # When the retention job (services/retention.py) anonymised the case, closed longer than
    # RETENTION_YEARS: its people's details and words are gone, its figures kept.
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # One more every time something its victims read changes (services/page_versions.py):
    # a rendered victim page is kept only under the version it was drawn from (page_cache).
    page_version: Mapped[int] = mapped_column(default=0, server_default="0")

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
    # The suspect's status as history, oldest first: the last is the current one
    # (models/bail.py).
    bail_changes: Mapped[list[BailChange]] = relationship(  # noqa: F821
        back_populates="case", order_by="[BailChange.recorded_at, BailChange.id]"
    )
    # The offender's releases, oldest first: the last is the one in force (models/release.py).
    releases: Mapped[list[Release]] = relationship(  # noqa: F821
        back_populates="case", order_by="[Release.recorded_at, Release.id]"
    )
    # Referrals to the Victim Contact Scheme, oldest first (models/release.py).
    vcs_referrals: Mapped[list[VcsReferral]] = relationship(  # noqa: F821
        back_populates="case", order_by="[VcsReferral.referred_at, VcsReferral.id]"
    )
    # Parole reviews of the offender, oldest first: the last is the one in force
    # (models/parole.py).
    parole_reviews: Mapped[list[ParoleReview]] = relationship(  # noqa: F821
        back_populates="case", order_by="[ParoleReview.recorded_at, ParoleReview.id]"
    )

    @property
    def phone_to_call(self) -> str | None:
        """The one number a victim is given for this case, on every page, message and letter:
        their contact's own line when they have one, else the team's."""
        if self.contact is not None and self.contact.phone:
            return self.contact.phone
        return self.team.phone

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

    # "Recently handed to other teams" on every team page: only handovers, by the old team.
    __table_args__ = (
        Index("ix_case_event_handed_on", "from_team_id", "occurred_at",
              postgresql_where=text("kind = 'handover'"),
              sqlite_where=text("kind = 'handover'")),
    )

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
    # A court in Wales has a Welsh name too (Llys Ynadon Aberglas); Welsh readers see it.
    name_cy: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    phone: Mapped[str | None] = mapped_column(String(32))


class Hearing(db.Model):
    __table_args__ = (Index("ix_hearing_court_starts", "court_id", "starts_at"),
                      Index("ix_hearing_starts_at", "starts_at"))

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
    # Its outcome note in other languages (models/translations.py), read with the hearing.
    words_translations: Mapped[list[WordsTranslation]] = relationship(  # noqa: F821
        primaryjoin="and_(foreign(WordsTranslation.item_id) == Hearing.id, "
                    "WordsTranslation.kind == 'outcome_note')", viewonly=True)


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
    # For a sentence: whether the court ordered the offender to pay the victim compensation
    # (issue 14; None: not recorded).
    compensation_order: Mapped[bool | None]

    case: Mapped[Case] = relationship(back_populates="decisions")
    team: Mapped[Team | None] = relationship()
    # Its reasons in other languages (models/translations.py), read with the decision.
    words_translations: Mapped[list[WordsTranslation]] = relationship(  # noqa: F821
        primaryjoin="and_(foreign(WordsTranslation.item_id) == Decision.id, "
                    "WordsTranslation.kind == 'decision_reasons')", viewonly=True)

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
    # Every victim's "Did you understand this update?" answer, read with the update on the
    # case page (one query for the page, not one more).
    feedback: Mapped[list[UpdateFeedback]] = relationship(viewonly=True)  # noqa: F821


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


def mark_due_stale(connection, case_ids, *, teams_told: bool = False) -> None:
    """Mark these cases' next duty to be worked out again (services/case_file/due_index.py).
    For writers that change what meets a duty without the ORM (the delivery engine's own
    statements, status callbacks); ORM writes are caught by the session listener below.
    What they changed (a message's status) shows on their teams' console pages, which are
    made out of date too, unless ``teams_told`` (the ORM's flush has done it:
    models/page_versions.py)."""
    ids = sorted({i for i in case_ids if i is not None})
    if ids:
        table = Case.__table__
        connection.execute(sa_update(table).where(table.c.id.in_(ids)).values(due_stale=True))
        if not teams_told:
            page_versions.bump_teams(connection, cases=ids)


# What a duty depends on: a change to any of these marks its case stale.
_CASE_FACTS = ("CaseEvent", "CaseVictim", "Hearing", "Decision", "Update", "CaseAction",
               "Notification", "Task", "CaseMessage", "BailChange", "VcsReferral")


@event.listens_for(Session, "before_flush")
def _note_stale_cases(session, flush_context, instances) -> None:
    ids = session.info.setdefault("due_stale_cases", set())
    dirty = session.dirty  # worked out once: it walks the whole identity map
    for obj in list(session.new) + list(dirty) + list(session.deleted):
        name = type(obj).__name__
        if name in _CASE_FACTS:
            ids.add(getattr(obj, "case_id", None) or getattr(getattr(obj, "case", None),
                                                             "id", None))
        elif name == "UpdateTranslation":
            ids.add(getattr(obj.update, "case_id", None))
        elif name == "ContactPreference" and obj.victim is not None:
            ids.update(link.case_id for link in obj.victim.case_links)
        elif isinstance(obj, Case) and obj in dirty and _facts_changed(obj):
            obj.due_stale = True
    ids.discard(None)


def _facts_changed(case: Case) -> bool:
    """Whether a change to the case itself touches a duty (not just its cached next duty)."""
    cached = {"next_due_at", "next_due_kind", "next_due_note", "due_refreshed_at", "due_stale",
              "updated_at", "anonymised_at"}
    state = sa_inspect(case)
    return any(attr.history.has_changes() for attr in state.attrs if attr.key not in cached)


@event.listens_for(Session, "after_flush_postexec")
def _mark_stale_cases(session, flush_context) -> None:
    ids = session.info.pop("due_stale_cases", set())
    if ids:
        mark_due_stale(session.connection(), ids, teams_told=True)
