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


def test_a_migration_that_changes_a_columns_type_costs_one_failed_question_not_a_broken_pool(
        app):
    """A statement prepared before a migration changed the type of a column it returns cannot
    run again on that connection ("cached plan must not change result type"): the connection
    and its pool are replaced, as after a restart, rather than failing every request after."""
    from sqlalchemy.exc import DBAPIError

    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE migrated (id integer, label varchar(10))"))
        connection.execute(text("INSERT INTO migrated VALUES (1, 'before')"))
    by_id = text("SELECT label FROM migrated WHERE id = :id")
    try:
        with db.engine.connect() as connection:
            for _ in range(6):  # prepared on the fifth
                assert connection.execute(by_id, {"id": 1}).scalar() == "before"
                connection.rollback()
            with db.engine.connect() as migration:  # another process's `flask db upgrade`
                migration.execute(text("ALTER TABLE migrated ALTER COLUMN label "
                                       "TYPE varchar(40)"))
                migration.commit()
            with pytest.raises(DBAPIError) as failed:
                connection.execute(by_id, {"id": 1})
            assert failed.value.connection_invalidated
        with db.engine.connect() as connection:  # the pool's next connection works
            for _ in range(6):
                assert connection.execute(by_id, {"id": 1}).scalar() == "before"
                connection.rollback()
    finally:
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE migrated"))


def test_a_page_whose_question_a_migration_changed_is_one_503_then_works(
        client, signed_in_victim):
    path, reference, _pids = signed_in_victim
    for _ in range(12):  # every question on the page prepared on the connections it used
        assert client.get(path).status_code == 200
    column = ("SELECT character_maximum_length FROM information_schema.columns "
              "WHERE table_name = 'login_session' AND column_name = 'end_reason'")
    migration = create_engine(db.engine.url.render_as_string(hide_password=False),
                              poolclass=NullPool)
    with migration.connect() as connection:
        length = connection.execute(text(column)).scalar()
    try:
        with migration.begin() as connection:  # another process's `flask db upgrade`
            connection.execute(text("ALTER TABLE login_session ALTER COLUMN end_reason "
                                    f"TYPE varchar({length + 1})"))
        failed = client.get(path)
        assert failed.status_code == 503
        assert "Sorry, there is a problem with the service" in visible_text(failed)
        assert reference not in visible_text(failed)
        for _ in range(3):  # the pool was replaced: the page works from the next request
            page = client.get(path)
            assert page.status_code == 200 and reference in visible_text(page)
    finally:
        with migration.begin() as connection:
            connection.execute(text("ALTER TABLE login_session ALTER COLUMN end_reason "
                                    f"TYPE varchar({length})"))
        migration.dispose()
