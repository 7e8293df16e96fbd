"""The team's task queue: what the delivery engine and the victims handed the team to do, most
urgent first, each done with what happened."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal import london
from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.forms_tasks import TaskOutcomeForm
from portal.caseworker.page import field_error, render
from portal.services.case_file import task_queue
from portal.services.errors import InvalidInput
from portal.services.victim_input import breaches, needs_changes, property_requests


@bp.get("/tasks")
@staff_required(*CASEWORK)
def tasks():
    return render("caseworker/tasks.html", rows=task_queue.queue(signed_in_staff()),
                  nav_current="tasks")


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def task(task_id: int):
    person = signed_in_staff()
    item = task_queue.task_for(person, task_id)
    form = TaskOutcomeForm().for_outcomes(task_queue.OUTCOMES.get(item.kind, ()))
    if form.validate_on_submit():
        retry_at = None
        if form.retry_on.data and form.retry_time.data:
            retry_at = london.at(form.retry_on.data, form.retry_time.data)
        try:
            task_queue.record(person, item, form.outcome.data, form.note.data, retry_at)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.tasks", done=item.id))
    status = 400 if form.errors else 200
    return render("caseworker/task.html", task=item, form=form, nav_current="tasks",
                  title=_("Record what happened"), report=breaches.for_task(item),
                  property_request=property_requests.for_task(item),
                  correction=needs_changes.for_task(item)), status
