"""A victim asks for a Victims' Right to Review online, checks their answers, sends it, and
follows its status (services/victim_input/review_requests.py). Only where a scheme allows it;
every other decision, case or request is a 404 (services/access.py)."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.content.contact_choices import CHANNELS
from portal.models import ReviewRequest
from portal.services import access
from portal.services.errors import InvalidInput
from portal.services.victim_input import review_requests
from portal.victim import bp
from portal.victim.access import case_page
from portal.victim.forms import ReviewRequestForm, WithdrawReviewForm


@bp.route("/cases/<int:case_id>/decisions/<int:decision_id>/review", methods=["GET", "POST"])
@case_page
def ask_for_review(case_id: int, decision_id: int):
    """The form, then "check your request", then sent. A request already made is shown
    instead of a second one."""
    case = access.victim_case(current_user, case_id)
    decision = review_requests.decision_on(case, decision_id, current_user)
    already = review_requests.existing(case, decision, current_user)
    if already is not None:
        return redirect(url_for("victim.review_request", case_id=case.id,
                                request_id=already.id))
    found = review_requests.offer(decision, current_user)
    choices = review_requests.contact_choices(current_user)
    form = ReviewRequestForm()
    form.contact_by.choices = [SelectChoice(c.value, CHANNELS[c]) for c in choices]
    if not form.is_submitted() and choices:
        form.contact_by.data = choices[0].value
    late = review_requests.is_late(decision, current_user)
    context = dict(case=case, decision=decision, offer=found, form=form, late=late)
    if form.validate_on_submit():
        if form.contact_by.data not in {c.value for c in choices}:
            form.contact_by.errors = [_("Choose how we should contact you")]
        elif form.confirmed.data != "yes":
            form.confirmed.data = "yes"
            return render_template("victim/review_check.html", **context,
                                   contact_label=CHANNELS[form.contact_by.data])
        else:
            try:
                made = review_requests.ask(current_user, case, decision, form.reasons.data,
                                           form.contact_by.data)
            except InvalidInput as error:
                getattr(form, error.field).errors = [str(error.message)]
                form.confirmed.data = ""
                return render_template("victim/review_ask.html", **context), error.status
            return redirect(url_for("victim.review_request", case_id=case.id,
                                    request_id=made.id, sent=1))
    status = 400 if form.errors else 200
    return render_template("victim/review_ask.html", **context), status


@bp.route("/cases/<int:case_id>/reviews/<int:request_id>", methods=["GET", "POST"])
@case_page
def review_request(case_id: int, request_id: int):
    """The request's status and dates; withdrawing it (POST)."""
    case = access.victim_case(current_user, case_id)
    request_ = access.victim_item(current_user, ReviewRequest, request_id, case)
    form = WithdrawReviewForm()
    if form.validate_on_submit() and request_.is_open:
        review_requests.withdraw(current_user, case, request_)
        return redirect(url_for("victim.review_request", case_id=case.id,
                                request_id=request_.id))
    return render_template("victim/review_request.html", case=case, review=request_,
                           form=form, sent=request.args.get("sent"),
                           contact_label=CHANNELS.get(request_.contact_by),
                           translated=review_requests.outcome_in_language(request_,
                                                                          current_user))
