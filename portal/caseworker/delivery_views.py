"""What the delivery engine shows the case team: every message to the victims with its state
and the reason for it, the tasks it handed them, whether each victim has said how to be
contacted, and the printable page of a letter to post."""
from __future__ import annotations

from flask import Response

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.content import contact_choices, delivery_states
from portal.models import Task
from portal.services import access
from portal.services.delivery import letters, states, tasks


@bp.context_processor
def delivery_context() -> dict:
    return {
        "delivery_states": states.for_case,
        "case_tasks": tasks.open_tasks,
        "delivery_status": lambda key: delivery_states.STATUSES.get(key, key),
        "delivery_reason": lambda key: delivery_states.REASONS.get(key, key) if key else "",
        "channel_name": lambda key: contact_choices.CHANNELS.get(key, key),
        "task_title": lambda key: delivery_states.TASKS.get(key, key),
    }


@bp.get("/cases/<int:case_id>/letters/<int:task_id>")
@staff_required(*CASEWORK)
def letter(case_id: int, task_id: int):
    """The letter to print and post, for a letter task on one of the team's cases."""
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    task = access.team_item(person, Task, task_id, case)
    return Response(letters.open_letter(task, person), mimetype="text/html")
