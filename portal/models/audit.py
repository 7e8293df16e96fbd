"""The audit log: who viewed or changed what, and refused attempts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None]
    # A member of staff's team when they acted (a victim is shown teams, never staff names, and
    # a person may move team later).
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    # Identifiers and outcomes only: never a message body, code, password or phone number.
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
