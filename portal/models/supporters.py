"""Nominated supporters (issue 15): a person a victim chose to help them follow a case, and
what the victim lets them do on each case."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.enums import Principal
from portal.models.people import Victim
from portal.models.types import UTCDateTime, utcnow


class Supporter(db.Model):
    """A relative, friend or advocate a victim invited. They sign in with their own codes, to
    their own email address or mobile number (normalised as victims' are), and read in their
    own language. One person, whoever invited them: an address belongs to one supporter."""

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    # A professional advocate's organisation (an IDVA's or ISVA's service), when a case team
    # added them.
    organisation: Mapped[str | None] = mapped_column(String(200))
    # They texted STOP (and not START since): no supporter updates by text.
    sms_opted_out: Mapped[bool] = mapped_column(default=False)
    # Set when they first accept an invitation; sign-in works only after that.
    activated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    accesses: Mapped[list[SupporterAccess]] = relationship(back_populates="supporter")

    principal = Principal.SUPPORTER
    login_session = None  # set by the user loader
    session_token = None  # the cookie's token for that session
    # A supporter has no contact questions, password or preferences of their own.
    preference = None
    password_hash = None
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def first_name(self) -> str:
        return self.full_name.split()[0] if self.full_name else ""


class SupporterAccess(db.Model):
    """What one supporter may do on one victim's case, as that victim chose; from the
    invitation (its token's keyed hash, shared by the cases invited together) to its end."""

    __table_args__ = (
        Index("ix_supporter_access_victim_case", "victim_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporter.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    # See the case's stage, hearings and the headlines of its updates.
    see_status: Mapped[bool] = mapped_column(default=True)
    # Be sent the case's updates too, in their own language and channel.
    receive_updates: Mapped[bool] = mapped_column(default=False)
    # Write to the case team on the victim's behalf.
    write_to_caseworker: Mapped[bool] = mapped_column(default=False)
    invitation_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    invited_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    invitation_expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # "removed" (by the victim), "case_closed", "expired"
    ended_reason: Mapped[str | None] = mapped_column(String(32))
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A professional advocate a case team added, with the victim's consent (services/
    # case_file/advocates.py): who added them, and how and when the victim agreed.
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    consent_how: Mapped[str | None] = mapped_column(String(16))
    consent_on: Mapped[dt.date | None] = mapped_column(Date)

    supporter: Mapped[Supporter] = relationship(back_populates="accesses")
    victim: Mapped[Victim] = relationship()
    case: Mapped[Case] = relationship()

    @property
    def permissions(self) -> list[str]:
        """What the victim lets them do here, by name (services/supporters.PERMISSIONS)."""
        return [name for name in ("see_status", "receive_updates", "write_to_caseworker")
                if getattr(self, name)]

    @property
    def active(self) -> bool:
        return self.accepted_at is not None and self.ended_at is None


class SupporterNotification(db.Model):
    """An update owed to a supporter who may receive the case's updates: written with the
    update (the same transaction), sent by the worker in the supporter's language and channel.
    When the victim asked for discreet messages, the supporter's say only that there is news."""

    id: Mapped[int] = mapped_column(primary_key=True)
    supporter_id: Mapped[int] = mapped_column(ForeignKey("supporter.id"), index=True)
    # The victim who chose them: it is in that victim's information (services/victim_data).
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("update.id"))
    channel: Mapped[str] = mapped_column(String(16))
    discreet: Mapped[bool] = mapped_column(default=False)
    # "pending"; "sending" while one worker has it; then "sent", "failed" (the provider
    # refused, or failed every try), "unknown" (the provider may have taken it: never sent
    # again) or "not_sent" (access ended, or nothing reaches them now).
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Tries that failed for now (the provider down), and when to try again: the delivery
    # engine's backoff (services/delivery/outcomes.retry_delay).
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    not_before: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Why it was not sent: "retry", "gave_up", "permanent_error", "timeout_unknown", with the
    # provider's error code (never its message text, which can quote the number).
    reason: Mapped[str | None] = mapped_column(String(32))
    error_code: Mapped[str | None] = mapped_column(String(32))

    supporter: Mapped[Supporter] = relationship()
    victim: Mapped[Victim] = relationship()
    case: Mapped[Case] = relationship()
    update: Mapped["Update"] = relationship()  # noqa: F821
