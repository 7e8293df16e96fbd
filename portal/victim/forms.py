"""Forms on the victim's pages. Labels are lazy strings, translated when rendered."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from portal.services.identifiers import parse_identifier


class SignInForm(FlaskForm):
    identifier = StringField(
        _l("Email address or mobile phone number"),
        widget=GovTextInput(),
        validators=[DataRequired(message=_l("Enter your email address or mobile phone number"))],
    )
    submit = SubmitField(_l("Send me a code"), widget=GovSubmitInput())

    def validate_identifier(self, field):
        try:
            parse_identifier(field.data)
        except ValueError:
            raise ValidationError(_l(
                "Enter an email address like name@example.com, or a mobile number like "
                "07700 900123")) from None


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        widget=GovTextInput(),
        validators=[
            DataRequired(message=_l("Enter the 6-digit code we sent you")),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("The code is 6 numbers, like 123456")),
        ],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class PasswordSignInForm(SignInForm):
    password = PasswordField(
        _l("Password"), widget=GovPasswordInput(),
        validators=[DataRequired(message=_l("Enter your password"))],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ContinueForm(FlaskForm):
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), widget=GovPasswordInput(),
        validators=[
            DataRequired(message=_l("Enter a password")),
            Length(min=12, max=200, message=_l("Your password must be at least 12 characters")),
        ],
    )
    confirm = PasswordField(
        _l("Type the password again"), widget=GovPasswordInput(),
        validators=[EqualTo("password", message=_l("The two passwords are not the same"))],
    )
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())
