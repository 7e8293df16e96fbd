"""Victim routes: each parses a form, calls one service and renders."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal import fragments, i18n, login_sessions, page_cache
from portal.content import release as release_text
from portal.extensions import limiter
from portal.models.enums import Principal
from portal.services import access, case_view
from portal.services.errors import (
    CodeExpired,
    InvalidInput,
    InvitationInvalid,
    NotConfirmed,
    TooManyTries,
    WrongCode,
    WrongPassword,
)
from portal.services.sign_in import reauth, victim_auth
from portal.services.victim_input import conversations
from portal.victim import bp
from portal.victim.access import case_page, public, victim_required
from portal.victim.forms import (
    AlertReadForm,
    CodeForm,
    ContinueForm,
    PasswordSignInForm,
    SetPasswordForm,
    SignInForm,
)

CHALLENGE_KEY = "sign_in_challenge"


def _sign_in_rate_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _too_many(refused: TooManyTries):
    return render_template("victim/too_many_tries.html", minutes=refused.wait_minutes), 429


@bp.get("/")
@public
def start():
    if current_user.is_authenticated and current_user.principal == Principal.VICTIM:
        return redirect(url_for("victim.cases"))
    if current_user.is_authenticated and current_user.principal == Principal.SUPPORTER:
        return redirect(url_for("victim.supporting"))
    return render_template("victim/start.html")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_rate_limit, methods=["POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        challenge = victim_auth.start_code_sign_in(form.identifier.data)
        session[CHALLENGE_KEY] = challenge.token
        return redirect(url_for("victim.enter_code"))
    status = 400 if form.errors else 200
    return render_template("victim/sign_in.html", form=form), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_rate_limit, methods=["POST"])
def enter_code():
    if CHALLENGE_KEY not in session:
        return redirect(url_for("victim.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            victim = victim_auth.verify_code(session.get(CHALLENGE_KEY), form.code.data)
        except WrongCode as wrong:
            form.code.errors.append(ngettext(
                "That code is not right. You can try %(num)d more time.",
                "That code is not right. You can try %(num)d more times.",
                wrong.tries_left))
            return render_template("victim/enter_code.html", form=form), 400
        except CodeExpired:
            session.pop(CHALLENGE_KEY, None)
            return render_template("victim/code_expired.html"), 400
        except TooManyTries as refused:
            session.pop(CHALLENGE_KEY, None)
            return _too_many(refused)
        login_sessions.begin(victim)
        if victim.principal == Principal.SUPPORTER:  # a nominated supporter's code
            return redirect(url_for("victim.supporting"))
        return redirect(url_for("victim.cases"))
    status = 400 if form.errors else 200
    return render_template("victim/enter_code.html", form=form), status


@bp.route("/sign-in/password", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_rate_limit, methods=["POST"])
def sign_in_with_password():
    form = PasswordSignInForm()
    if form.validate_on_submit():
        try:
            victim = victim_auth.sign_in_with_password(
                form.identifier.data, form.password.data, from_ip=request.remote_addr or "")
        except TooManyTries as refused:
            return _too_many(refused)
        except WrongPassword:
            form.password.errors.append(_(
                "The email address, phone number or password is not right"))
            return render_template("victim/sign_in_password.html", form=form), 400
        login_sessions.begin(victim)
        return redirect(url_for("victim.cases"))
    status = 400 if form.errors else 200
    return render_template("victim/sign_in_password.html", form=form), status


@bp.get("/invitation/<token>")
@public
def invitation(token: str):
    # Opening the link changes nothing, so a mail scanner following it cannot use it up.
    victim_auth.find_invitation(token)
    return render_template("victim/invitation.html", form=ContinueForm())


@bp.post("/invitation/<token>")
@public
@limiter.limit(_sign_in_rate_limit)
def accept_invitation(token: str):
    form = ContinueForm()
    if not form.validate_on_submit():
        raise InvitationInvalid()
    challenge = victim_auth.accept_invitation(token)
    session[CHALLENGE_KEY] = challenge.token
    return redirect(url_for("victim.enter_code"))


@bp.post("/sign-out")
@public
def sign_out():
    # The "signed out" page, and signing in again, stay in the language the person was using.
    lang = i18n.current_language()
    login_sessions.end("signed_out")
    session["lang"] = lang
    return render_template("victim/signed_out.html")


@bp.get("/exit")
@public
def exit_page():
    """"Exit this page": end the session on the server and leave for a neutral site."""
    login_sessions.end("exit", keep_language=False)
    response = redirect(current_app.config["EXIT_URL"])
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.get("/cases")
@case_page
def cases():
    # Kept rendered while none of the victim's cases changes (portal/page_cache.py).
    page_key = page_cache.key(current_user, access.victim_cases_version(current_user))
    html = page_cache.get(page_key)
    if html is None:
        rows = [(case, case_view.next_step(case)) for case in case_view.cases_for(current_user)]
        html = page_cache.put(page_key, render_template("victim/cases.html", rows=rows))
    return html


@bp.get("/cases/<int:case_id>")
@case_page
def case(case_id: int):
    # Kept rendered while nothing on it changes (portal/page_cache.py); every view is
    # audited, kept or not.
    # The unread answers are asked with the versions: one question fewer when it is drawn.
    version, everything, unread = access.victim_case_version(
        current_user, case_id, conversations.unread_on_case())
    page_key = page_cache.key(current_user, (version, everything))
    html = page_cache.get(page_key)
    if html is None:
        case = access.victim_case(current_user, case_id, options=case_view.page_options())
        page = case_view.build(case, current_user, thanks=request.args.get("thanks", type=int),
                               unread=unread)
        html = page_cache.put(page_key, fragments.with_glossary(render_template(
            "victim/case.html", page=page, case=page.case, alert_form=AlertReadForm(),
            helpline_number=release_text.UNWANTED_CONTACT_LINE,
            alert_title=release_text.alert_title, alert_meaning=release_text.alert_meaning)))
    else:
        case_view.record_view(current_user, case_id)
    case_view.viewed()
    return html


@bp.route("/account/password", methods=["GET", "POST"])
@victim_required
def set_password():
    if not reauth.is_fresh(current_user):  # prove it is you first, then come back here
        return redirect(url_for("victim.confirm", next="password"))
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            victim_auth.set_password(current_user, form.password.data)
        except NotConfirmed:
            return redirect(url_for("victim.confirm", next="password"))
        except InvalidInput as error:
            form.password.errors.append(str(error.message))
        else:
            flash(_("Your password has been saved. Any other device you were signed in on "
                    "has been signed out."), "success")
            return redirect(url_for("victim.account"))
    status = 400 if form.errors else 200
    return render_template("victim/set_password.html", form=form), status
