"""The console's lists are served by the indexes made for them (issue 12), proved with
PostgreSQL's own EXPLAIN on the very statements the pages send. PostgreSQL only: SQLite's
planner is not the one that runs at national scale.

Sequential scans and whole sorts are switched off for the EXPLAIN, so the plan shows whether an
index *can* serve each page in order: at test size reading a few dozen rows and sorting them
would win, and the point is that at 100,000 cases (about 700 a team) the index is there to be
chosen, the page read off it in order (docs/BENCHMARKS.md has the timings at that size)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.services.case_file import due_index

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="EXPLAIN is PostgreSQL's; set TEST_DATABASE_URL to run it")


def statements_of(client, path: str) -> list[tuple[str, dict]]:
    """Every SELECT on "case" the page sends, with its parameters."""
    from sqlalchemy import event

    seen: list[tuple[str, dict]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and 'FROM "case"' in statement:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return seen


def plan(statement: str, parameters) -> str:
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        cursor.execute("EXPLAIN " + statement, parameters)
        lines = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_sort")
        return lines
    finally:
        connection.close()


@pytest.mark.parametrize("path, index", [
    ("/staff/team", "ix_case_team_next_due"),
    ("/staff/team?due=soon", "ix_case_team_next_due"),
    ("/staff/team?due=overdue", "ix_case_team_next_due"),
    # My cases: the caseworker's own index, or the team's (it filters by both): either reads
    # the page in order of the next duty.
    ("/staff/cases", ("ix_case_contact_next_due", "ix_case_team_next_due")),
])
def test_each_list_is_served_by_its_index(client, make, staff_login, path, index):
    worker = make.staff()
    other = make.staff()
    for person in (worker, other):
        for _ in range(30):
            make.case(contact=person, victims=[make.victim()])
    due_index.refresh_due()
    db.session.execute(text('ANALYZE "case"'))
    db.session.commit()
    staff_login.sign_in_quickly(worker)
    statements = statements_of(client, path)
    assert statements, f"{path} sent no query on cases"
    plans = [plan(statement, parameters) for statement, parameters in statements]
    # The page's list query (the one that pages through the cases, LIMIT 50) is read off the
    # list's index in order: no scan of every case, no sort of the team's cases.
    [page_query] = [p for p in plans if "Limit" in p and "Aggregate" not in p.splitlines()[0]
                    and "due_stale" not in p]
    assert any(name in page_query for name in (index if isinstance(index, tuple) else (index,))), \
        page_query
    assert not any('Seq Scan on "case"' in p for p in plans), "\n\n".join(plans)
    assert "  Sort  " not in page_query and not page_query.lstrip().startswith("Sort"), page_query
