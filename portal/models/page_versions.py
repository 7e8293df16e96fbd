"""Which victims' pages a write changes: every write bumps a version in the same transaction.

A victim's case page is kept rendered (portal/page_cache.py) under the version of its case
(``case.page_version``) and the portal-wide version (the newest ``page_change`` row), read
before anything on the page is; a page is reused only while both are unchanged. So every
write of something a victim can read must bump one of them, in the transaction that writes
it: a page showing an old hearing date is the failure this portal exists to prevent.

The rule is by exclusion, so a new table is covered before anyone thinks of it:

- a row with a ``case_id`` bumps its case (a hearing, an update, a message, a release...);
- a row with a ``victim_id`` and no case (contact preferences, an answer to "did you
  understand this update?", an urgent alert read) and the victim themselves bump every case of
  that victim;
- a translation of an update bumps the update's case;
- anything else (a court, a team, a member of staff's name or number, a translation of a
  caseworker's words, a support service) bumps the portal-wide version, as does any ORM
  statement that changes rows in bulk (``session.execute(update(...))``);
- except the tables and columns listed below, which no victim page shows: the audit log (a
  case page view writes one), sign-in bookkeeping, the delivery engine's records, the
  console's cached next duty.

Writes that bypass the ORM entirely (the delivery engine's prebuilt statements) touch only
excluded tables. Tested in tests/victim/test_page_cache.py, and by the whole suite, which runs
with the cache on.

The console's pages for a case team (its lists, a manager's first screen, supervision, the
figures and the monthly report, and the case page) are kept the same way under their team's
version: the newest ``team_change`` row of the
team, the newest for every team (``team_id`` empty) and the portal-wide version above. The
same writes bump them, and more, since staff see more than victims do:

- every case whose version is bumped bumps its team (a victim's preferences bump the teams of
  that victim's cases), and so does a row with a ``case_id`` in a table no victim sees (a task,
  a notification, a quality review); a case handed to another team bumps both teams;
- the console's cached next duty bumps its team when it changes (services/case_file/due_index.py
  says so itself, and writes nothing to a case whose next duty did not change), as does the
  delivery engine when it marks a case's duties to be worked out again (models/cases.py);
- any other write, and any bulk statement on a table a console page shows, bumps every team
  (unless its writer says it bumped its teams itself: ``versions_bumped``, as the outbox does
  for the messages an update makes);
- the delivery engine's own statements on its own connection (a message sent or failed) are
  followed in each batch by ``mark_due_stale`` for their cases, which bumps their teams;
- except ``STAFF_NOT_SHOWN`` and ``STAFF_NOT_SHOWN_COLUMNS``: sign-in bookkeeping, a message's
  lease, the audit log (no kept page shows it: the access log and history are always drawn
  afresh), the duty records the figures count (the figures are a snapshot of them kept five
  minutes: services/case_file/figures_snapshot.py), the changes at court as jobs and the
  versions themselves.

``team_change`` is written, never updated: writers in one team never wait on each other for a
version row, and cannot deadlock on one. The worker's housekeeping deletes all but the newest
row of each team (``prune``). Tested in tests/caseworker/test_staff_page_cache.py.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, delete, event, func, insert, literal, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import update as sa_update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class PageChange(db.Model):
    """One row a change that may show on any victim's page; the newest id is the version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamChange(db.Model):
    """One row a change that may show on a team's console pages (``team_id``), or on every
    team's (``team_id`` empty); the newest id of each is the version. No foreign key: a
    bookkeeping row, pruned to the newest of each team."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int | None] = mapped_column()
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_team_change_team_id_id", "team_id", "id"),)


# Tables no victim page reads.
NOT_SHOWN = frozenset({
    "audit_event", "login_session", "recovery_code", "sign_in_challenge", "inbound_text",
    "dev_outbox_message", "notification", "delivery_attempt", "supporter_notification",
    "obligation_record", "bulk_job", "bulk_job_victim", "case_review", "task", "page_change",
    "team_change",
})
# Tables no kept console page reads: the audit log (the access log and history are drawn
# afresh), sign-in bookkeeping, the duty records (the figures read a snapshot of them kept five
# minutes), the changes at court as jobs (their own pages are drawn afresh; what a job changes,
# hearings and messages, bumps its cases' teams), texts received (what they change is written
# elsewhere) and the versions themselves.
STAFF_NOT_SHOWN = frozenset({
    "audit_event", "login_session", "recovery_code", "sign_in_challenge", "dev_outbox_message",
    "obligation_record", "bulk_job", "bulk_job_victim", "inbound_text", "page_change",
    "team_change",
})
# Columns of shown tables that no victim page reads: a change to only these bumps nothing.
NOT_SHOWN_COLUMNS = {
    "case": frozenset({"next_due_at", "next_due_kind", "next_due_note", "due_refreshed_at",
                       "due_stale", "page_version"}),
    "caseworker": frozenset({"password_hash", "totp_secret", "totp_last_step",
                             "totp_pending_secret", "setup_token_hash", "setup_expires_at",
                             "locale"}),
}
# Columns no kept console page reads: a message's lease (which worker holds it, until when),
# changed twice a batch by every delivery worker, would otherwise redraw every team's pages.
STAFF_NOT_SHOWN_COLUMNS = {"notification": frozenset({"lease_until", "claimed_by"})}
# The case's cached next duty: no victim's page, but the console's lists.
NEXT_DUTY = frozenset({"next_due_at", "next_due_kind", "next_due_note"})
_CHUNK = 500


def _changed_columns(obj) -> set[str]:
    state = sa_inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _note(changes: dict, obj, table: str, *, dirty: bool) -> None:
    if table in NOT_SHOWN:
        _note_for_staff(changes, obj, table, dirty=dirty)
        return
    if dirty:
        changed = _changed_columns(obj)
        if table == "case" and "team_id" in changed:  # handed on: the old team's lists too
            changes["teams"].update(t for t in sa_inspect(obj).attrs.team_id.history.deleted
                                    if t is not None)
        if not changed or changed <= NOT_SHOWN_COLUMNS.get(table, frozenset()):
            if table == "case" and changed & NEXT_DUTY:  # the console's lists show it
                changes["team_cases"].add(obj.id)
            return
    if table == "case":
        changes["cases"].add(obj.id)
    elif getattr(obj, "case_id", None) is not None:
        changes["cases"].add(obj.case_id)
    elif table == "victim":
        changes["victims"].add(obj.id)
    elif getattr(obj, "victim_id", None) is not None:
        changes["victims"].add(obj.victim_id)
    elif table == "update_translation" and obj.update_id is not None:
        changes["updates"].add(obj.update_id)
    else:
        changes["everything"] = True


def _note_for_staff(changes: dict, obj, table: str, *, dirty: bool) -> None:
    """A row no victim sees: its team's console pages, or every team's."""
    if table in STAFF_NOT_SHOWN:
        return
    if dirty and _changed_columns(obj) <= STAFF_NOT_SHOWN_COLUMNS.get(table, frozenset()):
        return
    if getattr(obj, "case_id", None) is not None:
        changes["team_cases"].add(obj.case_id)
    else:
        changes["all_teams"] = True


def _new_changes() -> dict:
    return {"cases": set(), "victims": set(), "updates": set(), "everything": False,
            "team_cases": set(), "teams": set(), "all_teams": False}


@event.listens_for(Session, "after_flush")
def _note_changes(session, flush_context) -> None:
    """After the flush has given new rows their ids and foreign keys (a case added with its
    victims has no ids before), while new, dirty and deleted still say what it wrote."""
    changes = session.info.setdefault("page_changes", _new_changes())
    with session.no_autoflush:
        for obj in session.new:
            _note(changes, obj, obj.__table__.name, dirty=False)
        for obj in session.dirty:
            _note(changes, obj, obj.__table__.name, dirty=True)
        for obj in session.deleted:
            _note(changes, obj, obj.__table__.name, dirty=False)


@event.listens_for(Session, "after_flush_postexec")
def _bump_after_flush(session, flush_context) -> None:
    changes = session.info.pop("page_changes", None)
    if changes:
        bump(session.connection(), cases=changes["cases"], victims=changes["victims"],
             updates=changes["updates"], everything=changes["everything"])
        bump_teams(session.connection(), cases=changes["team_cases"], teams=changes["teams"],
                   every_team=changes["all_teams"])


@event.listens_for(Session, "do_orm_execute")
def _bulk_statements(orm_execute_state) -> None:
    """``session.execute(update(...))`` and the like change rows the flush never sees: unless
    the statement touches only what no page shows, every victim's pages are drawn again."""
    if not (orm_execute_state.is_update or orm_execute_state.is_delete
            or orm_execute_state.is_insert):
        return
    if orm_execute_state.execution_options.get("versions_bumped"):
        return  # the writer bumps what it changed itself (due_index.py)
    mapper = orm_execute_state.bind_mapper
    target = getattr(orm_execute_state.statement, "table", None)  # a Core table's statement
    table = (mapper.local_table.name if mapper is not None
             else getattr(target, "name", None))
    values = getattr(orm_execute_state.statement, "_values", None) or {}
    columns = {getattr(key, "key", key) for key in values}

    def hidden(tables: frozenset, columns_of: dict) -> bool:
        """Whether no such page shows what the statement changes."""
        return table in tables or bool(orm_execute_state.is_update and columns
                                       and columns <= columns_of.get(table, frozenset()))

    connection = orm_execute_state.session.connection()
    if not hidden(NOT_SHOWN, NOT_SHOWN_COLUMNS):
        bump(connection, everything=True)
    elif not hidden(STAFF_NOT_SHOWN, STAFF_NOT_SHOWN_COLUMNS):
        bump_teams(connection, every_team=True)


def bump(connection, *, cases=(), victims=(), updates=(), everything: bool = False) -> None:
    """Make every page drawn from these cases (those of these victims, of these updates; or
    every page, ``everything``) out of date. For writers outside the ORM; in the writer's
    transaction, so the bump and the change are seen together."""
    from portal.models.cases import Case, CaseVictim, Update

    table = Case.__table__
    # ``updated_at`` is named so its onupdate (if it ever gets one) is not set by a bump.
    bumped = {"page_version": table.c.page_version + 1, "updated_at": table.c.updated_at}
    targets = [
        (table.c.id.in_, sorted(i for i in cases if i is not None)),
        (lambda ids: table.c.id.in_(select(CaseVictim.case_id)
                                    .where(CaseVictim.victim_id.in_(ids))),
         sorted(i for i in victims if i is not None)),
        (lambda ids: table.c.id.in_(select(Update.case_id).where(Update.id.in_(ids))),
         sorted(i for i in updates if i is not None)),
    ]
    for where, ids in targets:
        for start in range(0, len(ids), _CHUNK):
            chunk = where(ids[start:start + _CHUNK])
            connection.execute(sa_update(table).where(chunk).values(**bumped))
            _bump_teams_where(connection, chunk)
    if everything:
        connection.execute(insert(PageChange.__table__).values(at=utcnow()))


def bump_teams(connection, *, cases=(), teams=(), every_team: bool = False) -> None:
    """Make the console pages of these cases' teams (of these teams; of every team) out of
    date, and no victim's page. In the writer's transaction."""
    from portal.models.cases import Case

    ids = sorted({i for i in cases if i is not None})
    for start in range(0, len(ids), _CHUNK):
        _bump_teams_where(connection, Case.__table__.c.id.in_(ids[start:start + _CHUNK]))
    team_ids = sorted({i for i in teams if i is not None})
    if team_ids:
        connection.execute(insert(TeamChange.__table__),
                           [{"team_id": i, "at": utcnow()} for i in team_ids])
    if every_team:
        connection.execute(insert(TeamChange.__table__).values(team_id=None, at=utcnow()))


def _bump_teams_where(connection, where) -> None:
    from portal.models.cases import Case

    table = Case.__table__
    connection.execute(insert(TeamChange.__table__).from_select(
        ["team_id", "at"], select(table.c.team_id, literal(utcnow(), UTCDateTime))
        .where(where, table.c.team_id.is_not(None)).distinct()))


def prune(connection) -> None:
    """Delete the versions' rows that are no longer the newest (the worker's housekeeping):
    a version is the newest row, so nothing kept is drawn again."""
    pages = PageChange.__table__
    connection.execute(delete(pages).where(pages.c.id < select(func.max(pages.c.id))
                                           .scalar_subquery()))
    teams = TeamChange.__table__
    newest = teams.alias("newest")
    connection.execute(delete(teams).where(teams.c.id < select(func.max(newest.c.id)).where(
        newest.c.team_id.is_not_distinct_from(teams.c.team_id)).scalar_subquery()))
