"""A victim's report that the suspect contacted them or came near them, against the rules
that protect them (bail conditions or a protective order).

The report reaches the case team at once: an urgent task due now, at the top of the team's
queue, in the same transaction as the report. It is audited without its words, limited per
hour like a victim's messages (a stolen session cannot bury a team in reports), and shown back
to the victim as received. It never replaces 999: every page that offers it says so first.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import BreachReport, Case, Task, TaskKind, Victim
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.errors import InvalidInputs, LimitReached

WHAT_MAX = 2000
WHEN_MAX = 60


def report(victim: Victim, case: Case, what_happened: str | None, happened_on: dt.date | None,
           happened_at: str | None, now: dt.datetime | None = None) -> BreachReport:
    """Keep the report and tell the case team now. InvalidInputs (nothing kept) for a value
    that breaks a rule; LimitReached past the hourly limit."""
    now = now or utcnow()
    what = (what_happened or "").strip().replace("\r\n", "\n")
    when = (happened_at or "").strip() or None
    problems = {}
    if not what:
        problems["what_happened"] = str(_l("Say what happened"))
    elif len(what) > WHAT_MAX:
        problems["what_happened"] = str(_l("Use no more than %(limit)d characters to say what "
                                           "happened", limit=WHAT_MAX))
    if happened_on is None:
        problems["happened_on"] = str(_l("Enter the date it happened, for example 27 3 2027"))
    elif happened_on > london.local_date(now):
        problems["happened_on"] = str(_l("The date cannot be in the future"))
    if when and len(when) > WHEN_MAX:
        problems["happened_at"] = str(_l("Use %(limit)d characters or fewer for the time",
                                         limit=WHEN_MAX))
    if problems:
        raise InvalidInputs(problems)
    if attempts.take("victim_breach_report", str(victim.id),
                     current_app.config["VICTIM_MESSAGES_PER_HOUR"]):
        raise LimitReached("what_happened", str(_l(
            "You have sent a lot of reports in the last hour. Your case team has them. If you "
            "are in danger, call 999.")))
    entry = BreachReport(case=case, victim=victim, what_happened=what, happened_on=happened_on,
                         happened_at=when, created_at=now)
    db.session.add(entry)
    db.session.flush()
    from portal.services.delivery.tasks import tell_case_team

    task = tell_case_team(case, TaskKind.BREACH_REPORTED, victim=victim, due_by=now,
                          report_id=entry.id, urgent=True)
    case.updated_at = now
    db.session.flush()
    audit.record(victim, "breach.reported", case.id, report_id=entry.id, task_id=task.id)
    db.session.commit()
    return entry


def reports_for(case: Case, victim: Victim) -> list[BreachReport]:
    """The victim's own reports on this case, newest first."""
    return list(db.session.scalars(
        select(BreachReport).where(BreachReport.case_id == case.id,
                                   BreachReport.victim_id == victim.id)
        .order_by(BreachReport.created_at.desc(), BreachReport.id.desc())))


def for_task(task: Task) -> BreachReport | None:
    """The report a task is about (the task holds its id only, never the words)."""
    report_id = (task.detail or {}).get("report_id")
    if task.kind != TaskKind.BREACH_REPORTED or not report_id:
        return None
    found = db.session.get(BreachReport, report_id)
    return found if found is not None and found.case_id == task.case_id else None
