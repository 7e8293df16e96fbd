"""Telling a case team what they must do or know: calls, letters, failures, STOP, replies.

``tell_case_team`` adds the task to the caller's transaction; the caller commits, so a task
exists exactly when the change that caused it does.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Caseworker, Notification, Task, TaskKind, Victim
from portal.models.types import utcnow
from portal.services import access, audit


def tell_case_team(case: Case | int, kind: TaskKind, *, victim: Victim | int | None = None,
                   notification: Notification | None = None,
                   due_from: dt.datetime | None = None, due_by: dt.datetime | None = None,
                   **detail) -> Task:
    """Add a task for the team responsible for ``case``. ``detail`` holds identifiers, codes
    and times only, never a message body or an address.

    A second task of the same kind for the same notification is not added: the first is
    returned, so a duplicate callback cannot tell the team twice.
    """
    if notification is not None and notification.id is not None:
        existing = db.session.scalar(select(Task).where(
            Task.notification_id == notification.id, Task.kind == kind))
        if existing is not None:
            return existing
    task = Task(
        case_id=case if isinstance(case, int) else case.id,
        victim_id=victim if isinstance(victim, int) or victim is None else victim.id,
        notification=notification, kind=kind, due_from=due_from, due_by=due_by,
        detail=detail,
    )
    db.session.add(task)
    if kind == TaskKind.PHONE_CALL and victim is not None:
        book_interpreter(task.case_id, victim, due_by=due_by, call=True)
    return task


def interpreter_needed(victim: Victim) -> str | None:
    """"bsl" or the spoken language the victim needs an interpreter for; None when they
    need neither."""
    pref = victim.preference
    if pref is None:
        return None
    if pref.british_sign_language:
        return "bsl"
    if pref.interpreter:
        return pref.interpreter_language or "interpreter"
    return None


def book_interpreter(case: Case | int, victim: Victim | int, *, due_by: dt.datetime | None,
                     call: bool = False, hearing_id: int | None = None) -> Task | None:
    """A task to book an interpreter (or a BSL interpreter) for a call or a hearing, when the
    victim needs one. One open task per hearing and victim."""
    person = db.session.get(Victim, victim) if isinstance(victim, int) else victim
    need = interpreter_needed(person) if person is not None else None
    if need is None:
        return None
    case_id = case if isinstance(case, int) else case.id
    if hearing_id is not None:
        existing = [t for t in db.session.scalars(select(Task).where(
            Task.case_id == case_id, Task.victim_id == person.id,
            Task.kind == TaskKind.BOOK_INTERPRETER, Task.done_at.is_(None)))
            if t.detail.get("hearing_id") == hearing_id]
        if existing:
            existing[0].due_by = due_by
            return existing[0]
    task = Task(case_id=case_id, victim_id=person.id, kind=TaskKind.BOOK_INTERPRETER,
                due_by=due_by, detail={"need": need, "for": "call" if call else "hearing",
                                       "hearing_id": hearing_id})
    db.session.add(task)
    return task


def open_tasks(case: Case) -> list[Task]:
    """The case's tasks still to do, oldest first."""
    return list(db.session.scalars(
        select(Task).where(Task.case_id == case.id, Task.done_at.is_(None))
        .order_by(Task.created_at, Task.id)))


def for_team(team_id: int, *, include_done: bool = False) -> list[Task]:
    """A team's tasks across its cases, oldest first (for the console's list)."""
    query = select(Task).join(Case).where(Case.team_id == team_id)
    if not include_done:
        query = query.where(Task.done_at.is_(None))
    return list(db.session.scalars(query.order_by(Task.created_at, Task.id)))


def complete(task_id: int, caseworker: Caseworker) -> Task:
    """Mark a task done by this caseworker (audited). NotFound, audited, outside their
    team."""
    task = access.team_item(caseworker, Task, task_id)
    if task.done_at is None:
        task.done_at = utcnow()
        task.done_by_id = caseworker.id
        audit.record(caseworker, "task.done", task.case_id, task_id=task.id, kind=task.kind)
        db.session.commit()
    return task
