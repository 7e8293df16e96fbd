"""Forms for nominated supporters: the victim's invitation and changes, the supporter's
message. Labels are lazy strings, translated when rendered."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from portal.services.identifiers import parse_identifier
from portal.widgets import LeftToRightInput

NO_ADDRESS = _l("Enter an email or a mobile number we can send the link to")
PERMISSION_LABELS = {
    "see_status": _l("See where the case is and when hearings are"),
    "receive_updates": _l("Get our updates about the case too"),
    "write_to_caseworker": _l("Write to your case team for you"),
}


def _permissions_field():
    return SelectMultipleField(
        _l("What can they do?"), widget=GovCheckboxesInput(),
        choices=[SelectChoice(key, label) for key, label in PERMISSION_LABELS.items()],
        description=_l("They will not see your phone number, email, statements, messages or "
                       "dates to avoid."),
        validators=[DataRequired(message=_l("Choose what they can do"))])


class InviteSupporterForm(FlaskForm):
    name = StringField(_l("Their name"), widget=GovTextInput(),
                       validators=[DataRequired(message=_l("Enter their name")),
                                   Length(max=200)])
    contact = StringField(
        _l("Their email address or mobile number"), widget=LeftToRightInput(),
        description=_l("We send them a link to this. It works once, for 7 days."),
        validators=[DataRequired(message=NO_ADDRESS)])
    cases = SelectMultipleField(
        _l("Which case?"), widget=GovCheckboxesInput(), coerce=int,
        validators=[DataRequired(message=_l("Choose a case"))])
    permissions = _permissions_field()
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())

    def validate_contact(self, field):
        try:
            parse_identifier(field.data)
        except ValueError:
            raise ValidationError(NO_ADDRESS) from None


class ChangeSupporterForm(FlaskForm):
    permissions = _permissions_field()
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Send the invitation"), widget=GovSubmitInput())


class RemoveSupporterForm(FlaskForm):
    submit = SubmitField(_l("Remove access"), widget=GovSubmitInput())


class SupporterMessageForm(FlaskForm):
    body = TextAreaField(
        _l("Your message"), widget=GovTextArea(),
        description=_l("Up to 2,000 characters. The case team will see it is from you."))
    submit = SubmitField(_l("Send message"), widget=GovSubmitInput())
