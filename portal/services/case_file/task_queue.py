"""The team's task queue: calls to make, letters to post, messages that could not be
delivered, STOP and START, interpreters to book; most urgent first; each done with an outcome
that counts towards the Victims' Code duty it serves.

- A call reached, a letter posted: the victim was told. For a task that carried an update's
  message, services/delivery/reach.py counts it from the task's outcome; for a call raised
  because a message would have come too late, the duty is recorded as met here.
- A call not answered stays open with when to try again, and is counted as a try.
- A failed message "told another way" records the duty as met by the caseworker.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Case, CaseAction, Caseworker, Task, Update, Victim
from portal.models.actions import ObligationKind
from portal.models.enums import Channel, UpdateEvent
from portal.models.tasks import TaskKind, TaskOutcome
from portal.models.types import utcnow
from portal.services import access, audit
from portal.services.case_file import updates
from portal.services.errors import InvalidInput

NOTE_MAX = 500
# The outcomes each kind of task can be done with.
OUTCOMES: dict[str, tuple[TaskOutcome, ...]] = {
    TaskKind.PHONE_CALL: (TaskOutcome.REACHED, TaskOutcome.NO_ANSWER, TaskOutcome.WRONG_NUMBER),
    TaskKind.LETTER: (TaskOutcome.POSTED,),
    TaskKind.DELIVERY_FAILED: (TaskOutcome.TOLD_ANOTHER_WAY, TaskOutcome.NOTED),
    TaskKind.UNKNOWN_OUTCOME: (TaskOutcome.TOLD_ANOTHER_WAY, TaskOutcome.NOTED),
    TaskKind.SMS_STOPPED: (TaskOutcome.NOTED,),
    TaskKind.SMS_STARTED: (TaskOutcome.NOTED,),
    TaskKind.BOOK_INTERPRETER: (TaskOutcome.BOOKED,),
    TaskKind.DATE_CLASH: (TaskOutcome.REACHED, TaskOutcome.NOTED),
    TaskKind.BREACH_REPORTED: (TaskOutcome.REACHED, TaskOutcome.NOTED),
    TaskKind.REVIEW_REQUESTED: (TaskOutcome.NOTED,),
    TaskKind.PROPERTY_REQUESTED: (TaskOutcome.REACHED, TaskOutcome.NOTED),
    TaskKind.NEEDS_CHANGED: (TaskOutcome.REACHED, TaskOutcome.NOTED),
    TaskKind.LICENCE_SAY: (TaskOutcome.REACHED, TaskOutcome.NOTED),
}


@dataclass(frozen=True)
class Row:
    task: Task
    victim: Victim | None
    case: Case
    due: dt.datetime | None  # when it must be done by (or tried again)


def _open(team_id: int):
    return (select(Task).join(Case, Case.id == Task.case_id)
            .where(Case.team_id == team_id, Task.done_at.is_(None)))


def count(team_id: int) -> int:
    """Open tasks on the team's cases (the navigation's count)."""
    return db.session.scalar(select(func.count()).select_from(_open(team_id).subquery()))


def queue(person: Caseworker, now: dt.datetime | None = None) -> list[Row]:
    """The team's open tasks, most urgent first: those with a deadline by the deadline, then
    the rest oldest first; a call to try again later sorts by when to try."""
    tasks = db.session.scalars(_open(person.team_id).options(
        selectinload(Task.case), selectinload(Task.victim).selectinload(Victim.preference))
    ).all()
    rows = [Row(task, task.victim, task.case, task.retry_at or task.due_by) for task in tasks]
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return sorted(rows, key=lambda r: (r.due or far, r.task.created_at, r.task.id))


def task_for(person: Caseworker, task_id: int) -> Task:
    """One of the team's tasks; NotFound (audited) for any other."""
    return access.team_item(person, Task, task_id)


def record(person: Caseworker, task: Task, outcome: str, note: str | None = None,
           retry_at: dt.datetime | None = None, now: dt.datetime | None = None) -> Task:
    """Do the task with this outcome (audited). A call not answered stays open until
    ``retry_at``. Raises InvalidInput, changing nothing, for an outcome the task cannot have,
    a retry time that is not in the future, or a note too long."""
    now = now or utcnow()
    if task.done_at is not None:
        raise InvalidInput("outcome", str(_l("This task is already done")))
    allowed = OUTCOMES.get(task.kind, (TaskOutcome.NOTED,))
    if outcome not in allowed:
        raise InvalidInput("outcome", str(_l("Choose what happened")))
    note = (note or "").strip() or None
    if note and len(note) > NOTE_MAX:
        raise InvalidInput("note", str(_l("Write the note in %(max)d characters or fewer",
                                          max=NOTE_MAX)))
    if outcome == TaskOutcome.NO_ANSWER:
        if retry_at is None or retry_at <= now:
            raise InvalidInput("retry_at", str(_l("Enter a time later today or another day "
                                                  "to try again")))
        task.tries += 1
        task.retry_at, task.due_from, task.outcome = retry_at, retry_at, outcome
        task.outcome_note = note
        audit.record(person, "task.tried", task.case_id, task_id=task.id, outcome=outcome)
        db.session.commit()
        return task
    if task.kind == TaskKind.PHONE_CALL:
        task.tries += 1
    task.done_at, task.done_by_id = now, person.id
    task.outcome, task.outcome_note, task.retry_at = outcome, note, None
    _duty_met_by(task, person, outcome, now)
    audit.record(person, "task.done", task.case_id, task_id=task.id, kind=task.kind,
                 outcome=outcome)
    db.session.commit()
    return task


def _duty_met_by(task: Task, person: Caseworker, outcome: str, now: dt.datetime) -> None:
    """Record the Victims' Code duty a call or another way of telling met, when no delivered
    message will count for it (reach.py counts calls and letters that carried a message)."""
    if outcome not in (TaskOutcome.REACHED, TaskOutcome.TOLD_ANOTHER_WAY):
        return
    notification = task.notification
    if notification is not None and notification.channel in (Channel.PHONE, Channel.LETTER):
        return
    update_id = task.detail.get("update_id") or getattr(notification, "update_id", None)
    update = db.session.get(Update, update_id) if update_id else None
    hearing_id = task.detail.get("hearing_id") or getattr(update, "hearing_id", None)
    decision_id = getattr(update, "decision_id", None)
    if update is not None:
        kind = updates.MEETS.get(UpdateEvent(update.event))
    else:
        kind = ObligationKind.HEARING_DATE_TOLD if hearing_id is not None else None
    if kind is None:
        return
    db.session.add(CaseAction(
        case_id=task.case_id, kind=kind, caseworker_id=person.id, at=now,
        hearing_id=hearing_id if kind in updates.HEARING_KINDS else None,
        decision_id=decision_id if kind is ObligationKind.DECISION_LETTER else None,
        details=f"Told by the case team ({outcome})"))
