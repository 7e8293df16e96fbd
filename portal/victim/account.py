"""The victim's account: where they are signed in (and signing other devices out), and proving
it is them before changing their password, phone number or email address."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.services.errors import CodeExpired, TooManyTries, WrongCode, WrongPassword
from portal.services.sign_in import reauth, sessions
from portal.victim import bp
from portal.victim.access import victim_required
from portal.victim.forms import CodeForm, ConfirmPasswordForm, ContinueForm, EndSessionForm

CONFIRM_KEY = "confirm_challenge"
# Where proving it is you leads back to: names, never a URL from the request.
AFTER_CONFIRMING = {"password": "victim.set_password", "contact": "victim.preferences",
                    "information": "victim.your_information"}


@bp.get("/account")
@victim_required
def account():
    return render_template("victim/account.html", form=EndSessionForm(),
                           open_sessions=sessions.open_sessions(current_user),
                           this_session=current_user.login_session)


@bp.post("/account/sessions")
@victim_required
def end_sessions():
    form = EndSessionForm()
    if form.validate_on_submit():
        if form.session.data:
            if sessions.end_one(current_user, form.session.data, "ended_by_victim"):
                flash(_("That device has been signed out."), "success")
        else:
            ended = sessions.end_all_except(current_user, current_user.login_session,
                                            "ended_by_victim")
            flash(ngettext("%(num)d other device has been signed out.",
                           "%(num)d other devices have been signed out.", ended), "success")
    return redirect(url_for("victim.account"))


@bp.route("/account/confirm", methods=["GET", "POST"])
@victim_required
def confirm():
    after = request.args.get("next") if request.args.get("next") in AFTER_CONFIRMING else None
    send, code_form = ContinueForm(prefix="send"), CodeForm(prefix="code")
    password_form = ConfirmPasswordForm(prefix="pw")
    route = reauth.code_route(current_user)
    try:
        if send.submit.data and send.validate_on_submit():
            session[CONFIRM_KEY] = reauth.send_code(current_user)
        elif code_form.submit.data and code_form.validate_on_submit():
            reauth.confirm_with_code(current_user, session.get(CONFIRM_KEY), code_form.code.data)
            return _confirmed(after)
        elif password_form.submit.data and password_form.validate_on_submit():
            reauth.confirm_with_password(current_user, password_form.password.data)
            return _confirmed(after)
    except WrongCode as wrong:
        code_form.code.errors.append(ngettext(
            "That code is not right. You can try %(num)d more time.",
            "That code is not right. You can try %(num)d more times.", wrong.tries_left))
    except CodeExpired:
        session.pop(CONFIRM_KEY, None)
        code_form.code.errors.append(_("That code has expired or been used. Send a new one."))
    except WrongPassword:
        password_form.password.errors.append(_("That password is not right"))
    except TooManyTries as refused:
        session.pop(CONFIRM_KEY, None)
        return render_template("victim/too_many_tries.html",
                               minutes=refused.wait_minutes), 429
    failed = code_form.errors or password_form.errors
    return render_template(
        "victim/confirm.html", after=after, route=route, send=send, code_form=code_form,
        password_form=password_form, code_sent=bool(session.get(CONFIRM_KEY)),
        has_password=bool(current_user.password_hash)), 400 if failed else 200


def _confirmed(after: str | None):
    session.pop(CONFIRM_KEY, None)
    return redirect(url_for(AFTER_CONFIRMING.get(after, "victim.account")))
