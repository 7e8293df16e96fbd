"""Column types shared by the models."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.types import DateTime, TypeDecorator


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored in UTC on every database.

    SQLite keeps no zone, and a naive datetime read back would be taken as UTC and shown an hour
    out in summer; so naive values are refused on the way in and UTC is attached on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column; attach a zone first")
        value = value.astimezone(dt.timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


def utcnow() -> dt.datetime:
    """Now, aware, in UTC. Every timestamp the portal stores comes from here."""
    return dt.datetime.now(dt.timezone.utc)
