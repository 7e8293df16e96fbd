"""The printable page of a letter the delivery engine handed the case team to post. (What the
engine shows on the case page is built by services/case_file/case_page.py.)"""
from __future__ import annotations

from flask import Response

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.models import Task
from portal.services import access
from portal.services.delivery import letters


@bp.get("/cases/<int:case_id>/letters/<int:task_id>")
@staff_required(*CASEWORK)
def letter(case_id: int, task_id: int):
    """The letter to print and post, for a letter task on one of the team's cases."""
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    task = access.team_item(person, Task, task_id, case)
    return Response(letters.open_letter(task, person), mimetype="text/html")
