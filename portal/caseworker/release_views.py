"""The Victim Contact Scheme on the console: record the release to come with its licence
conditions, then go on to the update that gives the victims notice; send an urgent alert
(escape, absconding, recall, open conditions, death), repeated until each victim reads it."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.forms_release import AlertForm, PlannedReleaseForm
from portal.caseworker.page import field_error, form_page
from portal.london import at
from portal.models.enums import UpdateEvent
from portal.services import access
from portal.services.case_file import alerts, release
from portal.services.errors import InvalidInput, InvalidInputs


def _starting_values(case) -> dict:
    """The form starts with the conditions recorded last, so a change edits only what
    changed."""
    now = release.current(case)
    if now is None:
        return {}
    return {"expected_on": now.expected_on, "no_contact": "yes" if now.no_contact else "no",
            "exclusion_area": now.exclusion_area, "curfew_from": now.curfew_from,
            "curfew_until": now.curfew_until, "residence": now.residence,
            "electronic_monitoring": "yes" if now.electronic_monitoring else "no"}


@bp.route("/cases/<int:case_id>/release/planned", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def plan_release(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = PlannedReleaseForm(**_starting_values(case))
    if form.validate_on_submit():
        entered = release.Planned(
            expected_on=form.expected_on.data, no_contact=form.no_contact.data == "yes",
            exclusion_area=form.exclusion_area.data, curfew_from=form.curfew_from.data,
            curfew_until=form.curfew_until.data,
            electronic_monitoring=form.electronic_monitoring.data == "yes",
            residence=form.residence.data)
        try:
            release.record_planned(person, case, entered)
        except InvalidInputs as error:
            for field, message in error.problems.items():
                field_error(form, InvalidInput(field, message))
        else:
            return redirect(url_for("caseworker.new_update", case_id=case.id,
                                    event=UpdateEvent.RELEASE_PLANNED.value))
    return form_page(form, _("Record the offender’s release to come"), case=case,
                     intro=_("The victims must be told 5 working days before the expected "
                             "release. They see the licence conditions that protect them, "
                             "never the address."))


@bp.route("/cases/<int:case_id>/alert", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_alert(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = AlertForm()
    if form.validate_on_submit():
        try:
            alerts.record(person, case, form.kind.data, at(form.occurred_on.data,
                                                           form.time.data))
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id))
    return form_page(form, _("Send an urgent alert about the offender"), case=case,
                     intro=_("The victims are sent it at once. If they have not confirmed they "
                             "read it within 2 hours, you get a task to call them."))
