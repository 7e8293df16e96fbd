"""Bail and custody: record a change of the suspect's status with the conditions in force,
then go on to the update that tells the victims (urgent by default)."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.forms_case import BailForm
from portal.caseworker.page import field_error, form_page
from portal.models.enums import UpdateEvent
from portal.services import access
from portal.services.case_file import bail
from portal.services.errors import InvalidInput, InvalidInputs


def _starting_values(case) -> dict:
    """The form starts with the conditions in force now, so a variation changes only what
    changed."""
    now = bail.current(case)
    if now is None:
        return {}
    return {"status": now.status, "no_contact": "yes" if now.no_contact else "no",
            "exclusion_area": now.exclusion_area, "curfew_from": now.curfew_from,
            "curfew_until": now.curfew_until, "residence": now.residence,
            "order_kind": now.order_kind or "", "order_ends_on": now.order_ends_on}


@bp.route("/cases/<int:case_id>/bail", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_bail(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = BailForm(**_starting_values(case))
    if form.validate_on_submit():
        entered = bail.Change(
            kind=form.kind.data, status=form.status.data, decided_on=form.decided_on.data,
            no_contact=form.no_contact.data == "yes", exclusion_area=form.exclusion_area.data,
            curfew_from=form.curfew_from.data, curfew_until=form.curfew_until.data,
            residence=form.residence.data, order_kind=form.order_kind.data,
            order_ends_on=form.order_ends_on.data)
        try:
            bail.record_change(person, case, entered)
        except InvalidInputs as error:
            for field, message in error.problems.items():
                field_error(form, InvalidInput(field, message))
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.new_update", case_id=case.id,
                                    event=UpdateEvent.BAIL_CHANGED.value))
    return form_page(form, _("Record a change of bail or custody"), case=case,
                     intro=_("The victims must be told within 5 working days of the decision "
                             "(1 working day for victims with enhanced rights). They see the "
                             "conditions that protect them, never the address."))
