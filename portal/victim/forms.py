"""Forms on the victim's pages. Labels are lazy strings, translated when rendered."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from portal.content.labels import COURT_NEEDS
from portal.services.identifiers import parse_identifier
from portal.widgets import LeftToRightInput, TranslatedDateInput, TranslatedPasswordInput


class SignInForm(FlaskForm):
    identifier = StringField(
        _l("Email address or mobile phone number"),
        widget=LeftToRightInput(),
        validators=[DataRequired(
            message=_l("Enter your email address or mobile phone number to sign in"))],
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
        widget=LeftToRightInput(),
        validators=[
            DataRequired(message=_l("Enter the 6-digit code we sent you")),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("The code is 6 numbers, like 123456")),
        ],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class PasswordSignInForm(SignInForm):
    password = PasswordField(
        _l("Password"), widget=TranslatedPasswordInput(),
        validators=[DataRequired(message=_l("Enter your password"))],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ContinueForm(FlaskForm):
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), widget=TranslatedPasswordInput(),
        validators=[
            DataRequired(message=_l("Enter a password")),
            Length(min=12, max=200, message=_l("Your password must be at least 12 characters")),
        ],
    )
    confirm = PasswordField(
        _l("Type the password again"), widget=TranslatedPasswordInput(),
        validators=[EqualTo("password", message=_l("The two passwords are not the same"))],
    )
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Your message"), widget=GovTextArea(),
        description=_l("Up to 2,000 characters. Do not include anything you would not want "
                       "someone else who uses this device to see."),
    )
    submit = SubmitField(_l("Send message"), widget=GovSubmitInput())


class StatementForm(FlaskForm):
    text = TextAreaField(
        _l("Your statement"), widget=GovTextArea(),
        description=_l("Say how the crime has affected you: your health, your feelings, your "
                       "money or in any other way. The court can read it before it decides the "
                       "sentence."),
    )
    submit = SubmitField(_l("Send my statement"), widget=GovSubmitInput())


class StatementUploadForm(FlaskForm):
    upload = FileField(
        _l("Upload your statement"), widget=GovFileInput(),
        description=_l("A PDF, a Word document (DOCX), or a photo (JPEG or PNG), smaller than "
                       "10 MB."),
    )
    submit = SubmitField(_l("Upload statement"), widget=GovSubmitInput())


class DateToAvoidForm(FlaskForm):
    day = DateField(
        _l("Date you cannot go to court"), widget=TranslatedDateInput(), format="%d %m %Y",
        description=_l("For example, 27 3 2027"),
        validators=[DataRequired(message=_l("Enter a real date, for example 27 3 2027"))],
    )
    reason = TextAreaField(
        _l("Why you cannot go"), widget=GovTextArea(),
        description=_l("For example, you have to go to hospital, or you have a holiday booked. "
                       "Use 500 characters or fewer."),
    )
    submit = SubmitField(_l("Add date"), widget=GovSubmitInput())


class CourtNeedsForm(FlaskForm):
    kinds = SelectMultipleField(
        _l("What help would you like?"), widget=GovCheckboxesInput(),
        choices=[SelectChoice(key, label) for key, label in COURT_NEEDS.items()],
        description=_l("Select all that apply. Your witness care team will tell you what the "
                       "court agrees."),
    )
    details = TextAreaField(_l("Anything else we should know (optional)"),
                            widget=GovTextArea())
    submit = SubmitField(_l("Ask for this help"), widget=GovSubmitInput())


class FeedbackForm(FlaskForm):
    comment = TextAreaField(_l("What could we explain better? (optional)"),
                            widget=GovTextArea())


class ComplaintForm(FlaskForm):
    organisation = RadioField(_l("Who is your complaint about?"), widget=GovRadioInput(),
                              coerce=int, choices=[], validate_choice=False)
    text = TextAreaField(_l("What went wrong?"), widget=GovTextArea(),
                         description=_l("Tell us what happened and what you would like to happen "
                                        "now."))
    submit = SubmitField(_l("Send complaint"), widget=GovSubmitInput())


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), widget=TranslatedPasswordInput(),
        validators=[DataRequired(message=_l("Enter your password"))],
    )
    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())


class EndSessionForm(FlaskForm):
    """Sign out one other device (``session`` names it) or, with ``session`` empty, every
    other device."""

    session = HiddenField()
    submit = SubmitField(_l("Sign out"), widget=GovSubmitInput())


class BreachForm(FlaskForm):
    """The suspect contacted the victim or came near them: what happened and when."""

    what_happened = TextAreaField(
        _l("What happened?"), widget=GovTextArea(),
        description=_l("For example, they sent you a text, or you saw them in your street. Use "
                       "2000 characters or fewer."))
    happened_on = DateField(
        _l("When did it happen?"), widget=TranslatedDateInput(), format="%d %m %Y",
        description=_l("For example, 27 3 2027"),
        validators=[Optional()])
    happened_at = StringField(_l("What time, roughly? (optional)"), widget=GovTextInput(),
                              description=_l("For example, about 8 in the evening"))
    submit = SubmitField(_l("Send to your case team"), widget=GovSubmitInput())


class ReviewRequestForm(FlaskForm):
    """Asking for a Victims' Right to Review: why (optional) and how to contact them about it.
    ``confirmed`` is set on the second step, after the victim has checked their answers."""

    reasons = TextAreaField(
        _l("Why do you think the decision is wrong? (optional)"), widget=GovTextArea(),
        description=_l("You do not have to give a reason. Use 2000 characters or fewer."))
    contact_by = RadioField(_l("How should we contact you about the review?"),
                            widget=GovRadioInput(), choices=[], validate_choice=False)
    confirmed = HiddenField()
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class WithdrawReviewForm(FlaskForm):
    submit = SubmitField(_l("Withdraw my request"), widget=GovSubmitInput())


class PropertyRequestForm(FlaskForm):
    """Ask to have something the police hold back: anything the team should know."""

    note = TextAreaField(
        _l("Is there anything we should know? (optional)"), widget=GovTextArea(),
        description=_l("For example, the best time to call you. Use 500 characters or fewer."))
    submit = SubmitField(_l("Ask for it back"), widget=GovSubmitInput())


class NeedsChangedForm(FlaskForm):
    """The victim says what we recorded about their needs is wrong or has changed."""

    what = TextAreaField(
        _l("What is wrong, or what has changed?"), widget=GovTextArea(),
        description=_l("Use 1000 characters or fewer."))
    submit = SubmitField(_l("Send to your case team"), widget=GovSubmitInput())


class LicenceSayForm(FlaskForm):
    """The victim's say on the rules the offender must follow after release."""

    wants = SelectMultipleField(
        _l("Which rules do you want?"), widget=GovCheckboxesInput(),
        choices=[SelectChoice("no_contact", _l("They must not contact me")),
                 SelectChoice("exclusion_area", _l("They must keep away from places I go")),
                 SelectChoice("other", _l("Something else"))],
        description=_l("Choose all that apply."))
    words = TextAreaField(
        _l("Tell us more (optional)"), widget=GovTextArea(),
        description=_l("For example, the streets or places they should keep away from. Use "
                       "2000 characters or fewer."))
    submit = SubmitField(_l("Send to your case team"), widget=GovSubmitInput())


class AlertReadForm(FlaskForm):
    """“I have read this” for an urgent alert."""

    submit = SubmitField(_l("I have read this"), widget=GovSubmitInput())
