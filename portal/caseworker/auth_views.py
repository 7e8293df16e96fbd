"""Console sign-in: password, then authenticator code or recovery code; first set-up from an
administrator's link; sign-out; the account page. Views parse a form, call one service and
render."""
from __future__ import annotations

from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext as _

from portal import login_sessions
from portal.caseworker import bp
from portal.caseworker.access import EVERYONE, public, signed_in_staff, staff_required
from portal.caseworker.forms_auth import (
    ChoosePasswordForm,
    RecoveryForm,
    StaffSignInForm,
    TotpForm,
)
from portal.caseworker.page import field_error, render
from portal.extensions import limiter
from portal.models import Caseworker
from portal.models.enums import Role
from portal.services.errors import InvalidInput, NotFound, TooManyTries, WrongCode, WrongPassword
from portal.services.sign_in import reauth, staff_auth

PENDING = "staff_pending"


def _rate_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _begin_pending(caseworker: Caseworker, setting_up: bool = False) -> None:
    login_sessions.renew(**{PENDING: staff_auth.pending_marker(caseworker, setting_up)})


def _pending(setting_up: bool = False) -> Caseworker | None:
    return staff_auth.pending_person(session.get(PENDING), setting_up)


def _wrong_code(form, wrong: WrongCode) -> None:
    form.code.errors.append(_("That code is not right, or it has been used. You can try "
                              "%(count)d more times.", count=wrong.tries_left))


def _too_many(refused: TooManyTries):
    session.pop(PENDING, None)
    return render("caseworker/too_many_tries.html", minutes=refused.wait_minutes), 429


@bp.get("/")
@staff_required(*EVERYONE)
def home():
    if signed_in_staff().role == Role.ADMIN:
        return redirect(url_for("caseworker.admin_home"))
    if signed_in_staff().role == Role.AREA_LEAD:  # teams compared is all they may use
        return redirect(url_for("caseworker.area"))
    if signed_in_staff().role == Role.TRANSLATOR:
        return redirect(url_for("caseworker.translations"))
    if signed_in_staff().role == Role.MANAGER:  # what needs the team now, not an empty list
        return redirect(url_for("caseworker.overview"))
    return redirect(url_for("caseworker.my_cases"))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
@public
def sign_in():
    if signed_in_staff() is not None:
        return redirect(url_for("caseworker.home"))
    form = StaffSignInForm()
    if form.validate_on_submit():
        try:
            person = staff_auth.check_password(form.email.data, form.password.data,
                                               from_ip=request.remote_addr or "")
        except TooManyTries as refused:
            return _too_many(refused)
        except WrongPassword:
            form.password.errors.append(_("The email address or password is not right"))
        else:
            if person.totp_secret is not None:
                _begin_pending(person)
                return redirect(url_for("caseworker.enter_code"))
            form.password.errors.append(_("Your account is not set up yet. Ask an "
                                          "administrator for a new set-up link."))
    status = 400 if form.errors else 200
    return render("caseworker/sign_in.html", form=form), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
@public
def enter_code():
    person = _pending()
    if person is None or person.totp_secret is None:
        return redirect(url_for("caseworker.sign_in"))
    form = TotpForm()
    if form.validate_on_submit():
        try:
            staff_auth.verify_totp(person, form.code.data)
        except TooManyTries as refused:
            return _too_many(refused)
        except WrongCode as wrong:
            _wrong_code(form, wrong)
        else:
            login_sessions.begin(person)
            return redirect(url_for("caseworker.home"))
    status = 400 if form.errors else 200
    return render("caseworker/enter_code.html", form=form), status


@bp.route("/sign-in/recovery", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
@public
def use_recovery_code():
    person = _pending()
    if person is None or person.totp_secret is None:
        return redirect(url_for("caseworker.sign_in"))
    form = RecoveryForm()
    if form.validate_on_submit():
        try:
            left = staff_auth.use_recovery_code(person, form.code.data)
        except TooManyTries as refused:
            return _too_many(refused)
        except WrongCode as wrong:
            form.code.errors.append(_("That recovery code is not right, or it has been used. "
                                      "You can try %(count)d more times.",
                                      count=wrong.tries_left))
        else:
            login_sessions.begin(person)
            return redirect(url_for("caseworker.account", recovery_codes_left=left))
    status = 400 if form.errors else 200
    return render("caseworker/recovery.html", form=form), status


@bp.route("/set-up/<token>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
@public
def set_up(token: str):
    person = staff_auth.find_setup(token)
    if person is None:
        raise NotFound()
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            staff_auth.choose_password(person, form.password.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            _begin_pending(person, setting_up=True)
            return redirect(url_for("caseworker.set_up_app"))
    status = 400 if form.errors else 200
    return render("caseworker/set_up.html", form=form, person=person), status


@bp.route("/sign-in/set-up-app", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
@public
def set_up_app():
    person = _pending(setting_up=True)
    if person is None or person.totp_secret is not None:
        return redirect(url_for("caseworker.sign_in"))
    form = TotpForm()
    if form.validate_on_submit() and person.totp_pending_secret:
        try:
            codes = staff_auth.confirm_enrolment(person, form.code.data)
        except TooManyTries as refused:
            return _too_many(refused)
        except WrongCode as wrong:
            form.code.errors.append(_("That code is not right. Check the app shows Case "
                                      "updates, then try again. You can try %(count)d more "
                                      "times.", count=wrong.tries_left))
        else:
            login_sessions.begin(person)
            return render("caseworker/recovery_codes.html", codes=codes,
                                   first_time=True)
    secret = person.totp_pending_secret or staff_auth.start_enrolment(person)
    uri = staff_auth.provisioning_uri(person, secret)
    status = 400 if form.errors else 200
    return render("caseworker/set_up_app.html", form=form, secret=secret,
                           qr_code=staff_auth.qr_code_data_uri(uri)), status


@bp.post("/sign-out")
@public
def sign_out():
    login_sessions.end("signed_out")
    return render("caseworker/signed_out.html")


@bp.route("/account", methods=["GET", "POST"])
@staff_required(*EVERYONE)
def account():
    """New recovery codes need a code from the app first: a console left open is not enough
    to take the account over."""
    person = signed_in_staff()
    form = TotpForm()
    if form.validate_on_submit():
        try:
            reauth.confirm_staff(person, form.code.data)
        except TooManyTries as refused:
            return _too_many(refused)
        except WrongCode as wrong:
            _wrong_code(form, wrong)
        else:
            codes = staff_auth.new_recovery_codes(person)
            return render("caseworker/recovery_codes.html", codes=codes, first_time=False)
    return render("caseworker/account.html", person=person, form=form,
                  codes_left=staff_auth.recovery_codes_left(person)), 400 if form.errors else 200
