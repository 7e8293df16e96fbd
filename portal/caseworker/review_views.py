"""A victim's request for a Victims' Right to Review, on the console: acknowledge it, say it
is being reviewed, give the outcome with reasons (services/case_file/review_requests.py)."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from portal import london
from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.forms_review import STATUSES, ReviewStepForm
from portal.caseworker.page import field_error, form_page
from portal.services import access
from portal.services.case_file import review_requests
from portal.services.errors import InvalidInput


@bp.route("/cases/<int:case_id>/reviews/<int:review_id>", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def review_request(case_id: int, review_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    found = review_requests.request_for(person, case, review_id)
    steps = review_requests.NEXT.get(found.review_status, ())
    if not steps:  # withdrawn or decided: nothing more to record
        return redirect(url_for("caseworker.case", case_id=case.id) + "#reviews-heading")
    form = ReviewStepForm()
    form.offer(steps)
    if steps and form.validate_on_submit():
        try:
            review_requests.record(person, case, found, form.status.data, form.notes.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id) + "#reviews-heading")
    intro = _("%(name)s asked on %(day)s. Now: %(status)s.", name=found.victim.full_name,
              day=format_date(london.local_date(found.asked_at), "long"),
              status=STATUSES[found.review_status])
    return form_page(form, _("Request for a review"), case=case, intro=intro)
