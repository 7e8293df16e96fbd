"""A team manager's first screen: what needs the team now, each figure a link to the list
behind it (issue 16). Counted as those lists count, so the number and the list agree."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Case, Task
from portal.models.tasks import TaskKind
from portal.models.types import utcnow
from portal.services.case_file import case_lists, due_index, task_queue
from portal.services.victim_input import conversations

# Tasks that say a message did not reach a victim, or may not have.
FAILURES = (TaskKind.DELIVERY_FAILED, TaskKind.UNKNOWN_OUTCOME)


@dataclass(frozen=True)
class Overview:
    overdue: int  # cases whose next Victims' Code duty is overdue
    due_soon: int  # ... due within the team cases list's "soon"
    tasks: int  # open tasks on the team's cases
    failures: int  # of those, messages that did not reach a victim, or may not have
    unanswered: int  # threads whose last word is the victim's
    oldest_waiting: dt.timedelta | None  # how long the longest of those has waited


def for_team(team_id: int, now: dt.datetime | None = None) -> Overview:
    now = now or utcnow()
    due_index.refresh_team(team_id, now)  # as the lists do before they count
    unanswered, oldest = conversations.team_inbox_summary(team_id)
    failures = db.session.scalar(
        select(func.count()).select_from(Task).join(Case, Case.id == Task.case_id)
        .where(Case.team_id == team_id, Task.done_at.is_(None), Task.kind.in_(FAILURES)))
    return Overview(
        overdue=case_lists.count_due(team_id, "overdue", now),
        due_soon=case_lists.count_due(team_id, "soon", now),
        tasks=task_queue.count(team_id),
        failures=failures,
        unanswered=unanswered,
        oldest_waiting=now - oldest if oldest else None)
