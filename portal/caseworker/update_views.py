"""Posting updates: choose what it is about, edit the plain-English template, check it (here,
and as the caseworker types through the JSON checker), preview each victim's messages, send.
Also the court event that updates many hearings at once."""
from __future__ import annotations

from flask import abort, jsonify, request
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
from portal.caseworker.page import field_error, form_page, render
from portal.models.enums import UpdateEvent
from portal.services import access
from portal.services.case_file import (
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
                expected=str(len(plan.hearings)),
                body=update_templates.bulk_text(plan.court.name, plan.day, form.change.data,
                                                form.new_date.data, form.reason.data))
            return _bulk_confirm(plan, confirm, urgency=urgent)
    return form_page(form, _("A change at court that affects many hearings"),
                     nav_current="bulk",
                     intro=_("For a list moved to another day or a court closed for the day. "
                             "You will see how many hearings and victims are affected before "
                             "anything changes."))


def _bulk_confirm(plan, form, status: int = 200, **context):
    event = (UpdateEvent.HEARING_MOVED if form.change.data == bulk_update.MOVED
             else UpdateEvent.HEARING_VACATED)
    result = plain_english.check(to_text(to_html(form.body.data or "")), event)
    return render("caseworker/bulk_confirm.html", plan=plan, form=form, result=result,
                           nav_current="bulk", **context), status


@bp.post("/hearings/bulk/confirm")
@staff_required(*CASEWORK)
def bulk_confirm():
    person = signed_in_staff()
    form = BulkConfirmForm()
    if form.day is None or form.court_id is None or form.change.data not in (
            bulk_update.MOVED, bulk_update.CLOSED):
        abort(400)
    plan = bulk_update.affected(person, form.court_id, form.day)
    if not form.validate_on_submit():
        return _bulk_confirm(plan, form, status=400)
    try:
        result = bulk_update.apply(person, form.court_id, form.day, form.change.data,
                                   form.new_day, form.reason.data, form.body.data,
                                   form.send.data == "now", form.expected_count)
    except bulk_update.PlanChanged:
        form.expected.data = str(len(plan.hearings))
        return _bulk_confirm(plan, form, status=409, changed=True)
    except InvalidInput as error:
        field_error(form, error)
        return _bulk_confirm(plan, form, status=400)
    return render("caseworker/bulk_done.html", result=result, plan=plan,
                           nav_current="bulk")
