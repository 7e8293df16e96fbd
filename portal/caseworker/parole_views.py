"""Parole on the console: the case's team records the parole eligibility date, the review
starting, its hearing and the Parole Board's decision, then goes on to the update that tells
the victims (services/case_file/parole.py)."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.forms_parole import ParoleForm
from portal.caseworker.page import field_error, form_page
from portal.services import access
from portal.services.case_file import parole
from portal.services.errors import InvalidInput, InvalidInputs


def _starting_values(case) -> dict:
    review = parole.current(case)
    if review is None:
        return {}
    return {"eligible_on": review.eligible_on, "status": review.status,
            "review_started_on": review.review_started_on, "hearing_on": review.hearing_on,
            "decided_on": review.decided_on}


@bp.route("/cases/<int:case_id>/parole", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_parole(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = ParoleForm(**_starting_values(case))
    if form.validate_on_submit():
        entered = parole.Entered(
            eligible_on=form.eligible_on.data, status=form.status.data,
            review_started_on=form.review_started_on.data, hearing_on=form.hearing_on.data,
            decided_on=form.decided_on.data)
        try:
            owed = parole.record(person, case, entered)[1]
        except InvalidInputs as error:
            for field, message in error.problems.items():
                field_error(form, InvalidInput(field, message))
        else:
            if owed is not None:
                return redirect(url_for("caseworker.new_update", case_id=case.id,
                                        event=owed.value))
            return redirect(url_for("caseworker.case", case_id=case.id))
    return form_page(form, _("Record parole"), case=case,
                     intro=_("When a review starts, the victims must be told within 10 working "
                             "days and offered a statement for the Parole Board and the "
                             "chance to apply to attend. They must be told the decision."))
