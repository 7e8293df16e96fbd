"""How, when and how often a victim wants to be contacted, and what keeps them safe."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.enums import Frequency
from portal.models.people import Victim
from portal.models.types import UTCDateTime, utcnow


class ContactPreference(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), unique=True)
    # Channels in the victim's order of preference, e.g. ["sms", "email"].
    channels: Mapped[list] = mapped_column(JSON, default=list)
    # Windows in London time: [{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "12:00"}].
    # Monday is 0. No windows means any time.
    windows: Mapped[list] = mapped_column(JSON, default=list)
    urgent_may_break_window: Mapped[bool] = mapped_column(default=True)
    frequency: Mapped[str] = mapped_column(String(24), default=Frequency.EVERY_UPDATE)
    large_print: Mapped[bool] = mapped_column(default=False)
    easy_read: Mapped[bool] = mapped_column(default=False)
    screen_reader: Mapped[bool] = mapped_column(default=False)
    british_sign_language: Mapped[bool] = mapped_column(default=False)
    interpreter: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(64))
    no_computer_documents: Mapped[bool] = mapped_column(default=False)
    other_needs: Mapped[str | None] = mapped_column(Text)
    discreet: Mapped[bool] = mapped_column(default=False)
    # Reminders before each hearing the victim must go to (7 days and 1 working day before).
    hearing_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    voicemail_safe: Mapped[bool] = mapped_column(default=False)
    post_safe: Mapped[bool] = mapped_column(default=True)
    # Where letters go, when the victim chose letters (and said post is safe).
    postal_address: Mapped[str | None] = mapped_column(Text)
    # Set after the victim replies STOP; cleared by START.
    sms_opted_out: Mapped[bool] = mapped_column(default=False)
    # When the victim was asked (first sign-in, or a caseworker on their behalf), and by whom.
    asked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    victim: Mapped[Victim] = relationship(back_populates="preference")
