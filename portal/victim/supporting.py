"""A nominated supporter's pages (issue 15): their invitation and sign-in (the victim's code
journey, services/sign_in/supporter_auth), the cases they support, and on each only what the
victim allows: its status, or writing to the case team. Every case route loads through
services/access.supporter_case (refusals 404, audited); every look is audited and shown to
the victim as "last looked"."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.extensions import limiter
from portal.models.enums import Principal
from portal.services import access, case_view, supporters
from portal.services.errors import InvalidInput, InvitationInvalid
from portal.services.sign_in import supporter_auth
from portal.victim import bp
from portal.victim.access import public, supporter_required
from portal.victim.forms import ContinueForm, SignInForm
from portal.victim.supporter_forms import SupporterMessageForm
from portal.victim.views import CHALLENGE_KEY

LATEST_UPDATES = 5


def _sign_in_rate_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.route("/supporting/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_rate_limit, methods=["POST"])
def supporter_sign_in():
    if current_user.is_authenticated and current_user.principal == Principal.SUPPORTER:
        return redirect(url_for("victim.supporting"))
    form = SignInForm()
    if form.validate_on_submit():
        challenge = supporter_auth.start_code_sign_in(form.identifier.data)
        session[CHALLENGE_KEY] = challenge.token
        return redirect(url_for("victim.enter_code"))
    status = 400 if form.errors else 200
    return render_template("victim/supporter_sign_in.html", form=form), status


@bp.get("/supporting/invitation/<token>")
@public
def supporter_invitation(token: str):
    # Opening the link changes nothing, so a mail scanner following it cannot use it up.
    rows = supporters.find_invitation(token)
    return render_template("victim/supporter_invitation.html", form=ContinueForm(),
                           victim_name=rows[0].victim.first_name)


@bp.post("/supporting/invitation/<token>")
@public
@limiter.limit(_sign_in_rate_limit)
def accept_supporter_invitation(token: str):
    if not ContinueForm().validate_on_submit():
        raise InvitationInvalid()
    challenge = supporters.accept_invitation(token)
    session[CHALLENGE_KEY] = challenge.token
    return redirect(url_for("victim.enter_code"))


@bp.get("/supporting")
@supporter_required
def supporting():
    return render_template("victim/supporting_cases.html",
                           rows=supporters.cases_supported(current_user))


@bp.get("/supporting/cases/<int:access_id>")
@supporter_required
def supporting_case(access_id: int):
    row = access.supporter_case(current_user, access_id, "see_status")
    case = row.case
    html = render_template(
        "victim/supporting_case.html", row=row, case=case,
        coming=case_view.upcoming(case)[:1], updates=supporters.latest_updates(row, LATEST_UPDATES))
    supporters.looked(current_user, row)
    return html


@bp.route("/supporting/cases/<int:access_id>/write", methods=["GET", "POST"])
@supporter_required
def supporter_write(access_id: int):
    row = access.supporter_case(current_user, access_id, "write_to_caseworker")
    form = SupporterMessageForm()
    sent = request.args.get("sent") == "1"
    if form.validate_on_submit():
        try:
            supporters.write(current_user, row, form.body.data)
        except InvalidInput as problem:
            form.body.errors.append(str(problem.message))
        else:
            return redirect(url_for("victim.supporter_write", access_id=row.id, sent=1))
    html = render_template("victim/supporting_write.html", row=row, form=form, sent=sent,
                           written=supporters.messages_written(current_user, row))
    if not form.errors:
        supporters.looked(current_user, row, "supporter.messages_viewed")
    return html, 400 if form.errors else 200

