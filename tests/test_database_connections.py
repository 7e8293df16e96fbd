"""How the portal uses its PostgreSQL connections (portal/postgres_dialect.py and
portal/connection_pool.py): statements stay prepared across the rollback that ends every
request that only read, a rollback still undoes everything, and a connection the server has
ended is replaced. PostgreSQL only: SQLite has neither prepared statements on a server nor a
server to restart."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import bindparam, create_engine, event, select, text
from sqlalchemy.exc import DataError
from sqlalchemy.pool import NullPool

from portal import connection_pool
from portal.extensions import db
from portal.models import Case
from tests.conftest import VictimAuth, visible_text

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="prepared statements and server restarts are PostgreSQL's; set TEST_DATABASE_URL")


def test_a_statement_run_after_rollbacks_is_prepared_on_the_server_once(app, make):
    case = make.case()
    by_id = select(Case.crime_reference).where(Case.id == bindparam("case_id"))
    with db.engine.connect() as connection:
        for _ in range(7):  # psycopg prepares on the fifth; each read ends in a rollback
            assert connection.execute(by_id, {"case_id": case.id}).scalar() \
                == case.crime_reference
            connection.rollback()
        prepared = connection.execute(text(
            "SELECT statement FROM pg_prepared_statements")).scalars().all()
    assert any('FROM "case"' in statement and "crime_reference" in statement
               for statement in prepared), prepared


def test_a_rollback_still_undoes_what_the_transaction_wrote(app, make):
    case = make.case()
    with db.engine.connect() as connection:
        for fails in (False, True):
            connection.execute(text('UPDATE "case" SET crime_reference = :r WHERE id = :id'),
                               {"r": "UNDONE/1", "id": case.id})
            if fails:  # a transaction that failed after writing is rolled back too
                with pytest.raises(DataError):
                    connection.execute(text("SELECT 1/0"))
            connection.rollback()
            assert connection.execute(
                text('SELECT crime_reference FROM "case" WHERE id = :id'),
                {"id": case.id}).scalar() == case.crime_reference


def end_connections(pids: set[int]) -> None:
    """The server ends these connections, as a restart ends every connection."""
    db.session.close()
    killer = create_engine(db.engine.url.render_as_string(hide_password=False),
                           poolclass=NullPool)
    try:
        with killer.connect() as connection:
            ended = connection.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE pid = ANY(:pids)"), {"pids": list(pids)}).scalar()
    finally:
        killer.dispose()
    assert ended == len(pids) >= 1


@pytest.fixture
def signed_in_victim(app, client, make):
    """A victim signed in and looking at their case, and the server process ids of every
    connection the app's pool opened meanwhile (the only ones the tests end: the suite's
    other engines are left alone)."""
    db.session.close()
    db.engine.dispose()
    pids: set[int] = set()

    def opened(dbapi_connection, record):
        pids.add(dbapi_connection.info.backend_pid)

    event.listen(db.engine, "connect", opened)
    try:
        victim = make.victim()
        case = make.case(victims=[victim])
        VictimAuth(client).sign_in(victim)
        path, reference = f"/cases/{case.id}", case.crime_reference
        assert client.get(path).status_code == 200
        yield path, reference, pids
    finally:
        event.remove(db.engine, "connect", opened)
        db.session.close()
        db.engine.dispose()  # nothing ended left behind for the next test


def test_a_connection_idle_a_while_is_checked_and_replaced_before_use(
        client, signed_in_victim, monkeypatch):
    path, reference, pids = signed_in_victim
    monkeypatch.setattr(connection_pool, "PING_AFTER_IDLE_SECONDS", 0.0)
    end_connections(pids)
    page = client.get(path)
    assert page.status_code == 200 and reference in visible_text(page)


def test_a_connection_used_a_moment_ago_is_not_checked_so_one_request_fails_then_the_pool_recovers(
        client, signed_in_victim, monkeypatch):
    path, reference, pids = signed_in_victim
    monkeypatch.setattr(connection_pool, "PING_AFTER_IDLE_SECONDS", 3600.0)
    end_connections(pids)
    failed = client.get(path)
    assert failed.status_code == 503
    assert "Sorry, there is a problem with the service" in visible_text(failed)
    assert reference not in visible_text(failed)
    page = client.get(path)  # the failure replaced the pool: no restart needed
    assert page.status_code == 200 and reference in visible_text(page)
