"""Organisations, their teams, the caseworkers in them, and victims."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.enums import Principal, Role, TeamKind
from portal.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from portal.models.cases import CaseVictim
    from portal.models.preferences import ContactPreference


class Organisation(db.Model):
    """A police force, a Crown Prosecution Service area or a probation region."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    # How to complain to this organisation (right 12).
    complaints_url: Mapped[str | None] = mapped_column(String(300))

    teams: Mapped[list[Team]] = relationship(back_populates="organisation")


class Team(db.Model):
    """A team that keeps victims informed: police investigators, a witness care unit, a
    prosecution victim liaison unit or a probation victim contact team."""

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(200))
    # A team in Wales has a Welsh name too; Welsh readers see it.
    name_cy: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    phone: Mapped[str] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    # Opening hours, Monday to Friday, in London time.
    opens_at: Mapped[dt.time] = mapped_column(Time, default=dt.time(9, 0))
    closes_at: Mapped[dt.time] = mapped_column(Time, default=dt.time(17, 0))

    organisation: Mapped[Organisation] = relationship(back_populates="teams")
    members: Mapped[list[Caseworker]] = relationship(back_populates="team")

    @property
    def team_kind(self) -> TeamKind:
        return TeamKind(self.kind)


class Caseworker(db.Model):
    """A member of staff: caseworker, team manager, administrator, translator or area lead."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16), default=Role.CASEWORKER)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last TOTP time step accepted, so a code cannot be replayed within its window.
    totp_last_step: Mapped[int | None]
    # A secret shown at set-up and kept here until the first code from it is confirmed.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    # Keyed hash of the single-use set-up link an administrator's invitation sends, and its end.
    setup_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    setup_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team | None] = relationship(back_populates="members")

    principal = Principal.CASEWORKER
    login_session = None  # set by the user loader
    session_token = None  # the cookie's token for that session

    @property
    def is_active(self) -> bool:
        return self.active

    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER


class Victim(db.Model):
    """A person a crime was committed against, or a bereaved family member acting for them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # E.164, parsed by phonenumbers with the UK as the default region.
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="en")
    # Set when the victim first accepts an invitation; sign-in works only after that.
    activated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the retention job anonymised the person (every case they were on closed longer than
    # RETENTION_YEARS): name, addresses and password gone, so nobody can sign in as them.
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case_links: Mapped[list[CaseVictim]] = relationship(back_populates="victim")
    preference: Mapped[ContactPreference | None] = relationship(back_populates="victim")

    principal = Principal.VICTIM
    login_session = None  # set by the user loader
    session_token = None  # the cookie's token for that session
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def first_name(self) -> str:
        return self.full_name.split()[0] if self.full_name else ""
