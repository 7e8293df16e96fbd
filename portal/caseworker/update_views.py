"""Posting updates: choose what it is about, edit the plain-English template, check it (here,
and as the caseworker types through the JSON checker), preview each victim's messages, send.
Also the court event that updates many hearings at once."""
from __future__ import annotations

from flask import abort, jsonify, redirect, request, url_for
from flask_babel import gettext as _

from portal import i18n
from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.case_views import parse_about, subjects
from portal.caseworker.fields import options
from portal.caseworker.forms_update import (
    BulkConfirmForm,
    BulkFindForm,
    CheckForm,
    UpdateForm,
    UpdateStartForm,
)
from portal.caseworker.page import field_error, render
from portal.models.enums import UpdateEvent
from portal.services import access
from portal.services.case_file import (
    bulk_jobs,
    bulk_update,
    court_record,
    plain_english,
    update_templates,
    updates,
    urgency,
)
from portal.services.case_file.update_text import to_html, to_text
from portal.services.errors import InvalidInput

EVENTS = {event.value for event in UpdateEvent}
# How often a change at court's progress page reloads itself while the worker is on it.
REFRESH_SECONDS = 5


@bp.route("/cases/<int:case_id>/updates/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def new_update(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    event = request.values.get("event")
    about = request.values.get("about") or ""
    if request.method == "GET":
        if event not in EVENTS:
            start = UpdateStartForm(formdata=None, event=event)
            start.about.choices = options([("", _("Not about a hearing or decision"))]
                                          + subjects(case))
            return render("caseworker/update_start.html", case=case, form=start)
        start = updates.defaults(case, person, event, about)
        form = UpdateForm(formdata=None, event=event, about=about, body=start.body,
                          language=start.language,
                          send="now" if start.urgency.urgent else "window")
        return _compose(case, form, urgency=start.urgency)

    form = UpdateForm()
    if form.event.data not in EVENTS:
        abort(400)
    if not form.validate_on_submit():
        return _compose(case, form, status=400)
    hearing_id, decision_id = parse_about(form.about.data)
    draft = updates.Draft(event=form.event.data, body=form.body.data,
                          language=form.language.data, hearing_id=hearing_id,
                          decision_id=decision_id, send_now=form.send.data == "now")
    try:
        update = updates.build(case, person, draft)
    except InvalidInput as error:
        field_error(form, error)
        return _compose(case, form, status=400)
    fingerprint = updates.preview_fingerprint(case.id, draft, form.about.data)
    if form.confirm.data and form.previewed.data == fingerprint:
        sent = updates.post(case, person, draft)
        return render("caseworker/update_sent.html", case=case, update=sent,
                      summary=updates.sending_summary(sent))
    changed = bool(form.confirm.data)
    form.previewed.data = fingerprint
    return _compose(case, form, result=updates.check(update), previews=updates.preview(update),
                    update=update, changed=changed)


def _compose(case, form, status: int = 200, **context):
    context.setdefault("urgency", updates.urgency_of(case, form.event.data, form.about.data))
    return render("caseworker/update.html", case=case, form=form,
                           event=UpdateEvent(form.event.data), target=plain_english.
                           READING_EASE_TARGET, **context), status


@bp.post("/cases/<int:case_id>/updates/check")
@staff_required(*CASEWORK)
def check_update(case_id: int):
    """The checker as JSON, for the page's script as the caseworker types. The same rules run
    again on the server when they preview and send."""
    access.team_case(signed_in_staff(), case_id)
    data = request.get_json(silent=True) or {}
    form = CheckForm(data=data, meta={"csrf": False})
    if form.event.data not in EVENTS:
        return jsonify({"error": _("Unknown kind of update")}), 400
    language = i18n.console_language(form.language.data)
    result = plain_english.check(to_text(to_html(form.body.data or "")), form.event.data,
                                 language)
    return jsonify({
        "ok": result.ok,
        "reading_ease": result.reading_ease,
        "target": result.target,
        "reading_ease_text": (_("Reading ease: %(score)d (aim for %(target)d or more)",
                                score=result.reading_ease, target=result.target)
                              if result.reading_ease is not None else None),
        "warnings": [finding.message() for finding in result.findings],
        "summary": (_("No problems found.") if result.ok else
                    _("%(count)d things to look at.", count=len(result.findings))),
    })


@bp.route("/hearings/bulk", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def bulk_find():
    person = signed_in_staff()
    form = BulkFindForm()
    form.court.choices = options([("", _("Choose a court"))] + [
        (court.id, court.name) for court in court_record.courts()])
    if form.validate_on_submit():
        try:
            plan = bulk_update.affected(person, form.court.data, form.date.data)
            if form.change.data == bulk_update.MOVED:
                bulk_update.new_starts(plan, form.new_date.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            urgent = urgency.for_court_day(form.change.data == bulk_update.CLOSED,
                                           form.date.data, form.new_date.data)
            confirm = BulkConfirmForm(
                formdata=None, send="now" if urgent.urgent else "window",
                court=str(form.court.data), date=form.date.data.isoformat(),
                change=form.change.data, reason=form.reason.data,
                new_date=form.new_date.data.isoformat() if form.new_date.data else "",
                expected=str(len(plan.hearings)), plan=plan.digest,
                body=update_templates.bulk_text(plan.court, plan.day, form.change.data,
                                                form.new_date.data, form.reason.data))
            return _bulk_confirm(plan, confirm, urgency=urgent)
    # The standard form page, with the team's recent changes at court under it.
    return render("caseworker/bulk_find.html", form=form, nav_current="bulk",
                  title=_("A change at court that affects many hearings"),
                  jobs=bulk_jobs.recent(person), status_name=bulk_jobs.STATUSES,
                  intro=_("For a list moved to another day or a court closed for the day. "
                          "You will see how many hearings and victims are affected before "
                          "anything changes.")), 400 if form.errors else 200


def _bulk_confirm(plan, form, status: int = 200, **context):
    event = (UpdateEvent.HEARING_MOVED if form.change.data == bulk_update.MOVED
             else UpdateEvent.HEARING_VACATED)
    result = plain_english.check(to_text(to_html(form.body.data or "")), event)
    return render("caseworker/bulk_confirm.html", plan=plan, form=form, result=result,
                           nav_current="bulk", **context), status


@bp.post("/hearings/bulk/confirm")
@staff_required(*CASEWORK)
def bulk_confirm():
    """Record the change for the worker and go to its progress page. The hearings are updated
    and the victims told by the worker, never in this request."""
    person = signed_in_staff()
    form = BulkConfirmForm()
    if form.day is None or form.court_id is None or form.change.data not in bulk_update.CHANGES:
        abort(400)
    if not form.validate_on_submit():
        return _bulk_confirm(bulk_update.affected(person, form.court_id, form.day), form,
                             status=400)
    try:
        job = bulk_jobs.queue(person, form.court_id, form.day, form.change.data, form.new_day,
                              form.reason.data, form.body.data, form.send.data == "now",
                              form.expected_count, form.plan.data)
    except bulk_update.PlanChanged:
        plan = bulk_update.affected(person, form.court_id, form.day)
        form.expected.data, form.plan.data = str(len(plan.hearings)), plan.digest
        return _bulk_confirm(plan, form, status=409, changed=True)
    except InvalidInput as error:
        field_error(form, error)
        return _bulk_confirm(bulk_update.affected(person, form.court_id, form.day), form,
                             status=400)
    return redirect(url_for("caseworker.bulk_job", job_id=job.id), code=303)


@bp.get("/bulk-jobs/<int:job_id>")
@staff_required(*CASEWORK)
def bulk_job(job_id: int):
    """Where a change at court has got to. It refreshes itself while the worker is on it; the
    caseworker can leave it and come back from the changes at court page."""
    job = access.team_job(signed_in_staff(), job_id)
    running = bulk_jobs.in_progress(job)
    page = render("caseworker/bulk_job.html", job=job, nav_current="bulk", running=running,
                  status_name=bulk_jobs.STATUSES, failures=bulk_jobs.FAILURES)
    # Browsers reload a page sent with Refresh as they do one with a meta refresh: no script.
    return page, 200, {"Refresh": str(REFRESH_SECONDS)} if running else {}
