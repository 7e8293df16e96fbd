"""A victim's needs and support on a case: what was recorded about their needs, in plain
words; who will contact them from a support service and how to reach it directly; and a short
form to say something is wrong or has changed (a task for the case team)."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal.content import needs as needs_words
from portal.services import access
from portal.services.case_file import needs, referrals
from portal.services.errors import InvalidInput
from portal.services.victim_input import needs_changes
from portal.victim import bp
from portal.victim.access import case_page
from portal.victim.forms import NeedsChangedForm


@bp.route("/cases/<int:case_id>/your-needs", methods=["GET", "POST"])
@case_page
def your_needs(case_id: int):
    case = access.victim_case(current_user, case_id)
    form = NeedsChangedForm()
    status = 200
    if form.validate_on_submit():
        try:
            needs_changes.tell_team(current_user, case, form.what.data)
        except InvalidInput as error:
            form.what.errors = [str(error.message)]
            status = error.status
        else:
            return redirect(url_for("victim.your_needs", case_id=case.id, sent=1))
    elif form.errors:
        status = 400
    assessment = needs.latest_for(case, current_user)
    review = needs.review_due(case, assessment) if assessment is not None else (None, None)
    return render_template(
        "victim/your_needs.html", case=case, form=form, assessment=assessment,
        review_point=review[0], referrals=referrals.for_victim(case, current_user),
        words=needs_words, sent=request.args.get("sent")), status
