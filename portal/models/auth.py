"""Invitations, one-time sign-in codes, server-side login sessions and staff recovery codes."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Victim
from portal.models.types import UTCDateTime, utcnow


class Invitation(db.Model):
    """A single-use, expiring link that lets a victim into the portal for a case.

    Only a keyed hash of the token is stored: a copy of the database cannot be used to sign in.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    victim: Mapped[Victim] = relationship()
    case: Mapped[Case] = relationship()


class SignInChallenge(db.Model):
    """One request for a one-time code.

    A challenge is made for unknown addresses too (with no victim and no code sent), so the
    portal answers the same whether or not it knows the address.
    """

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    victim_id: Mapped[int | None] = mapped_column(ForeignKey("victim.id"), index=True)
    # Or the supporter signing in (services/sign_in/supporter_auth.py); never both.
    supporter_id: Mapped[int | None] = mapped_column(ForeignKey("supporter.id"), index=True)
    # Keyed hash of the address typed, so that failures count against it in the cool-down.
    subject_hash: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    failed_tries: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    victim: Mapped[Victim | None] = relationship()
    supporter: Mapped["Supporter | None"] = relationship()  # noqa: F821


class LoginSession(db.Model):
    """A signed-in session, kept on the server so that signing out really ends it and the idle
    and absolute time limits are enforced here, not by the browser."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    principal: Mapped[str] = mapped_column(String(16))
    principal_id: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(32))
    # When the person last proved who they are in this session (a code or their password),
    # after signing in: changing a password or a phone number or email address needs it recent.
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(db.Model):
    """A single-use code a caseworker can use instead of their authenticator app.

    The codes are random (60 bits), so a keyed hash is enough: only the hash is stored.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    caseworker_id: Mapped[int] = mapped_column(ForeignKey("caseworker.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
