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
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import event, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import update as sa_update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class PageChange(db.Model):
    """One row a change that may show on any victim's page; the newest id is the version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# Tables no victim page reads.
NOT_SHOWN = frozenset({
    "audit_event", "login_session", "recovery_code", "sign_in_challenge", "inbound_text",
    "dev_outbox_message", "notification", "delivery_attempt", "supporter_notification",
    "obligation_record", "bulk_job", "bulk_job_victim", "case_review", "task", "page_change",
})
# Columns of shown tables that no victim page reads: a change to only these bumps nothing.
NOT_SHOWN_COLUMNS = {
    "case": frozenset({"next_due_at", "next_due_kind", "next_due_note", "due_refreshed_at",
                       "due_stale", "page_version"}),
    "caseworker": frozenset({"password_hash", "totp_secret", "totp_last_step",
                             "totp_pending_secret", "setup_token_hash", "setup_expires_at",
                             "locale"}),
}
_CHUNK = 500


def _changed_columns(obj) -> set[str]:
    state = sa_inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


def _note(changes: dict, obj, table: str, *, dirty: bool) -> None:
    if table in NOT_SHOWN:
        return
    if dirty:
        changed = _changed_columns(obj)
        if not changed or changed <= NOT_SHOWN_COLUMNS.get(table, frozenset()):
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


@event.listens_for(Session, "before_flush")
def _note_changes(session, flush_context, instances) -> None:
    changes = session.info.setdefault("page_changes", {
        "cases": set(), "victims": set(), "updates": set(), "everything": False})
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


@event.listens_for(Session, "do_orm_execute")
def _bulk_statements(orm_execute_state) -> None:
    """``session.execute(update(...))`` and the like change rows the flush never sees: unless
    the statement touches only what no page shows, every victim's pages are drawn again."""
    if not (orm_execute_state.is_update or orm_execute_state.is_delete
            or orm_execute_state.is_insert):
        return
    mapper = orm_execute_state.bind_mapper
    target = getattr(orm_execute_state.statement, "table", None)  # a Core table's statement
    table = (mapper.local_table.name if mapper is not None
             else getattr(target, "name", None))
    if table in NOT_SHOWN:
        return
    values = getattr(orm_execute_state.statement, "_values", None) or {}
    columns = {getattr(key, "key", key) for key in values}
    if orm_execute_state.is_update and columns and columns <= NOT_SHOWN_COLUMNS.get(table, set()):
        return
    bump(orm_execute_state.session.connection(), everything=True)


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
            connection.execute(sa_update(table).where(where(ids[start:start + _CHUNK]))
                               .values(**bumped))
    if everything:
        connection.execute(insert(PageChange.__table__).values(at=utcnow()))
