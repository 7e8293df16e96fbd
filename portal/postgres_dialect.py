"""PostgreSQL through psycopg 3, keeping the statements it has prepared across a rollback.

psycopg prepares a statement on the server once a connection has run it five times, so the
server stops planning it afresh on every request (about 0.15 ms a statement here, more than
running it). But psycopg's ``rollback()`` forgets every prepared statement, and SQLAlchemy
rolls back at the end of every request that wrote nothing, to return the connection clean:
so a page that only reads, the commonest kind, had its statements planned every time, however
often it was served (docs/BENCHMARKS.md, "The pages at national scale", the run at 21:30).

This dialect sends the ROLLBACK itself through libpq, as psycopg does, without forgetting.
Nothing is lost in what a rollback means: a statement prepared on the server survives a
rollback there (PostgreSQL does not roll back a prepared statement, even one prepared in the
transaction that failed), and the server plans it again itself if a table it reads changes.
psycopg forgets as a precaution for programs that change their schema inside transactions and
roll back; the portal changes its schema only in migrations, in their own process.

One thing the server does not re-plan: a statement whose result columns a migration has changed
(a column's type, say) fails with "cached plan must not change result type", on that connection
every time it is run again. That error is treated as a lost connection: the request that meets
it gets the plain 503 page and the pool is replaced, as after a database restart, so a
migration run while the web is up costs a process one failed request, not every request after.
"""
from __future__ import annotations

from psycopg import OperationalError, pq
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

# PostgreSQL's error for a prepared statement whose result columns changed under it.
_RESULT_TYPE_CHANGED = ("0A000", "cached plan must not change result type")


class KeepPreparedPsycopg(PGDialect_psycopg):
    """``postgresql+psycopg``, with a rollback that keeps prepared statements."""

    supports_statement_cache = True  # SQLAlchemy's compiled-statement cache, as the parent's

    def is_disconnect(self, e, connection, cursor) -> bool:
        if (getattr(e, "sqlstate", None) == _RESULT_TYPE_CHANGED[0]
                and _RESULT_TYPE_CHANGED[1] in str(e)):
            return True  # its prepared statements no longer fit the schema: replace it
        return super().is_disconnect(e, connection, cursor)

    def do_rollback(self, dbapi_connection) -> None:
        pgconn = dbapi_connection.pgconn
        if pgconn.transaction_status == pq.TransactionStatus.IDLE:
            return  # nothing to roll back (as psycopg's own rollback decides)
        result = pgconn.exec_(b"ROLLBACK")
        if result.status != pq.ExecStatus.COMMAND_OK:
            # A broken connection: the same error psycopg raises, so that SQLAlchemy sees a
            # disconnect and replaces the connection.
            raise OperationalError(pgconn.get_error_message())
