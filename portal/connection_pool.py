"""Checking that a pooled database connection still works, when it may not.

SQLAlchemy's ``pool_pre_ping`` asks the database a question each time a connection leaves the
pool: a round trip on every request, about 5% of a victim's page kept rendered
(docs/BENCHMARKS.md, "The pages at national scale", the run at 21:30). A connection back in
the pool less than ``PING_AFTER_IDLE_SECONDS`` ago was working then; it is used without
asking. One idle longer (a quiet moment, a database restarted meanwhile, a firewall that drops
idle connections) is asked first, and replaced, with every other connection in the pool, when
it does not answer.

What this gives up: when the database restarts under load, the first request of each process
to use a connection from before the restart fails (the portal's plain 503 page, "try again"),
and that failure replaces the pool, so the next request works. With a ping every time, that one
request would have worked.
"""
from __future__ import annotations

import time

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine

PING_AFTER_IDLE_SECONDS = 1.0
_RETURNED = "portal.returned_at"


def ping_after_idle(engine: Engine) -> None:
    """Have ``engine``'s pool check a connection only when it has been idle a while."""
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def returned(dbapi_connection, record) -> None:
        record.info[_RETURNED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def check(dbapi_connection, record, proxy) -> None:
        returned_at = record.info.get(_RETURNED)
        if returned_at is None or time.monotonic() - returned_at < PING_AFTER_IDLE_SECONDS:
            return  # new, or in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if not dialect.is_disconnect(error, dbapi_connection, None):
                raise
            # Replace it and every connection made before now; the pool connects afresh.
            raise exc.InvalidatePoolError() from error
