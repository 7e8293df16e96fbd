"""Forms for signing in to the console and setting up an account."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Regexp

from portal.widgets import LeftToRightInput, TranslatedPasswordInput


class StaffSignInForm(FlaskForm):
    email = StringField(_l("Email address"), widget=LeftToRightInput(),
                        validators=[DataRequired(message=_l("Enter your email address"))])
    password = PasswordField(_l("Password"), widget=TranslatedPasswordInput(),
                             validators=[DataRequired(message=_l("Enter your password"))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class TotpForm(FlaskForm):
    code = StringField(
        _l("Code from your authenticator app"), widget=LeftToRightInput(),
        description=_l("The 6-digit code your app shows for Case updates"),
        validators=[DataRequired(message=_l("Enter the 6-digit code from your app")),
                    Regexp(r"^\s*\d{3}\s?\d{3}\s*$",
                           message=_l("The code is 6 numbers, like 123456"))])
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class RecoveryForm(FlaskForm):
    code = StringField(
        _l("Recovery code"), widget=LeftToRightInput(),
        description=_l("One of the codes you saved when you set up your account, like "
                       "abcd-efgh-jkmn"),
        validators=[DataRequired(message=_l("Enter a recovery code"))])
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ChoosePasswordForm(FlaskForm):
    password = PasswordField(
        _l("Choose a password"), widget=TranslatedPasswordInput(),
        description=_l("At least 12 characters. Three or four random words are easy to "
                       "remember and hard to guess."),
        validators=[DataRequired(message=_l("Enter a password"))])
    confirm = PasswordField(
        _l("Type the password again"), widget=TranslatedPasswordInput(),
        validators=[EqualTo("password", message=_l("The two passwords are not the same"))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A form that is only a button (and its CSRF token)."""

    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())
