"""A victim says what was recorded about their needs is wrong or has changed (issue 14).

The words are kept (models.support.NeedsCorrection) and reach the case team as a task due in
2 working days, in the same transaction; audited without the words; limited per hour like a
victim's messages.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Case, NeedsCorrection, Task, TaskKind, Victim
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.errors import InvalidInput, LimitReached
from portal.services.working_days import add_working_days

WHAT_MAX = 1000
DUE_WORKING_DAYS = 2


def tell_team(victim: Victim, case: Case, what: str | None,
              now: dt.datetime | None = None) -> NeedsCorrection:
    now = now or utcnow()
    what = (what or "").strip().replace("\r\n", "\n")
    if not what:
        raise InvalidInput("what", str(_l("Say what is wrong or what has changed")))
    if len(what) > WHAT_MAX:
        raise InvalidInput("what", str(_l("Use no more than %(limit)d characters",
                                          limit=WHAT_MAX)))
    if attempts.take("victim_needs_change", str(victim.id),
                     current_app.config["VICTIM_MESSAGES_PER_HOUR"]):
        raise LimitReached("what", str(_l("You have sent a lot in the last hour. Your case "
                                          "team has it. Please try again later.")))
    entry = NeedsCorrection(case=case, victim=victim, what=what, created_at=now)
    db.session.add(entry)
    db.session.flush()
    from portal.services.delivery.tasks import tell_case_team

    due = london.end_of_day(add_working_days(london.local_date(now), DUE_WORKING_DAYS,
                                             case.area))
    task = tell_case_team(case, TaskKind.NEEDS_CHANGED, victim=victim, due_by=due,
                          correction_id=entry.id)
    case.updated_at = now
    db.session.flush()
    audit.record(victim, "needs.correction_sent", case.id, correction_id=entry.id,
                 task_id=task.id)
    db.session.commit()
    return entry


def for_task(task: Task) -> NeedsCorrection | None:
    """The victim's words a task is about (the task holds the id only)."""
    found_id = (task.detail or {}).get("correction_id")
    if task.kind != TaskKind.NEEDS_CHANGED or not found_id:
        return None
    found = db.session.get(NeedsCorrection, found_id)
    return found if found is not None and found.case_id == task.case_id else None


def sent_by(case: Case, victim: Victim) -> list[NeedsCorrection]:
    return list(db.session.scalars(
        select(NeedsCorrection).where(NeedsCorrection.case_id == case.id,
                                      NeedsCorrection.victim_id == victim.id)
        .order_by(NeedsCorrection.created_at.desc(), NeedsCorrection.id.desc())))
