"""Forms for posting an update and for a court event that affects many hearings."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from portal import i18n
from portal.caseworker.fields import DateField, options
from portal.caseworker.forms_case import _int_or_none
from portal.content.events import HEADLINES
from portal.services.case_file.bulk_update import CLOSED, MOVED

EVENTS = options((event.value, headline) for event, headline in HEADLINES.items())
SEND = options([("window", _l("At each victim’s next contact window")),
                ("now", _l("Now, as urgent news (it breaks a contact window only if the victim "
                           "allows that)"))])
WRITTEN_IN = options([(code, i18n.name(code)) for code in i18n.CONSOLE_LANGUAGES])


class UpdateStartForm(FlaskForm):
    """Step one: what the update is about (a GET form: it only fills in the template)."""

    class Meta:
        csrf = False

    event = SelectField(_l("What is the update about?"), widget=GovSelect(), choices=EVENTS)
    about = SelectField(_l("Which hearing or decision?"), widget=GovSelect(),
                        validate_choice=False)
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class UpdateForm(FlaskForm):
    event = HiddenField()
    about = HiddenField()
    body = TextAreaField(
        _l("Your update"), widget=GovTextArea(),
        description=_l("Write to the victim about their case. Leave a blank line between "
                       "paragraphs; start lines with “- ” for a list. Bold text and https links "
                       "are kept; anything else is removed."),
        validators=[DataRequired(message=_l("Write the update"))])
    language = RadioField(_l("Written in"), widget=GovRadioInput(), choices=WRITTEN_IN,
                          default="en")
    send = RadioField(_l("When should it be sent?"), widget=GovRadioInput(), choices=SEND,
                      default="window",
                      validators=[InputRequired(message=_l("Choose when to send it"))])
    # A keyed hash of what was previewed: sending anything else shows the preview again.
    previewed = HiddenField()
    check = SubmitField(_l("Check and preview"), widget=GovSubmitInput())
    confirm = SubmitField(_l("Send the update"), widget=GovSubmitInput())


class CheckForm(FlaskForm):
    """The JSON checker's input (the same rules as the form; CSRF token in X-CSRFToken)."""

    event = HiddenField()
    body = TextAreaField()
    language = HiddenField(default="en")


class BulkFindForm(FlaskForm):
    court = SelectField(_l("Court"), widget=GovSelect(), coerce=_int_or_none,
                        validators=[InputRequired(message=_l("Choose the court"))])
    date = DateField(_l("Day affected"), missing_message=_l("Enter the day affected"))
    change = RadioField(_l("What has happened?"), widget=GovRadioInput(),
                        choices=options([
                            (MOVED, _l("The court has moved the day’s hearings to another day")),
                            (CLOSED, _l("The court is closed: the day’s hearings are cancelled"))]),
                        validators=[InputRequired(message=_l("Choose what has happened"))])
    new_date = DateField(_l("New day (if moved)"), required=False)
    reason = TextAreaField(
        _l("Why?"), widget=GovTextArea(),
        description=_l("Finish the sentence “This is because…”, for example: the building has "
                       "no heating"),
        validators=[DataRequired(message=_l("Say why, as the court told you"))])
    submit = SubmitField(_l("Find the hearings"), widget=GovSubmitInput())

    def validate_new_date(self, field):
        if self.change.data == MOVED and field.data is None:
            raise ValidationError(str(_l("Enter the new day")))


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class BulkConfirmForm(FlaskForm):
    court = HiddenField()
    date = HiddenField()
    change = HiddenField()
    new_date = HiddenField()
    reason = HiddenField()
    # What was shown: how many hearings, and a keyed hash of which (bulk_update.plan_digest).
    expected = HiddenField()
    plan = HiddenField()
    body = TextAreaField(_l("The update every affected victim gets"), widget=GovTextArea(),
                         validators=[DataRequired(message=_l("Write the update"))])
    send = RadioField(_l("When should it be sent?"), widget=GovRadioInput(), choices=SEND,
                      default="window",
                      validators=[InputRequired(message=_l("Choose when to send it"))])
    submit = SubmitField(_l("Update the hearings and tell the victims"), widget=GovSubmitInput())

    @property
    def court_id(self) -> int | None:
        return _int_or_none(self.court.data)

    @property
    def day(self) -> dt.date | None:
        return _iso_date(self.date.data)

    @property
    def new_day(self) -> dt.date | None:
        return _iso_date(self.new_date.data)

    @property
    def expected_count(self) -> int:
        return _int_or_none(self.expected.data) or 0


class TranslationForm(FlaskForm):
    body = TextAreaField(
        _l("Translation"), widget=GovTextArea(),
        description=_l("Paragraphs separated by a blank line; lines starting “- ” make a list. "
                       "The victims who read this language are sent it once it is saved."))
    submit = SubmitField(_l("Save and send the translation"), widget=GovSubmitInput())


class WordsTranslationForm(FlaskForm):
    """A translation of a caseworker's words outside an update (a decision's reasons, an
    outcome note, a help at court answer, a reply)."""

    body = TextAreaField(
        _l("Translation"), widget=GovTextArea(),
        description=_l("The victims who read this language see it in the portal once it is "
                       "saved. A reply is also sent as a new message."))
    submit = SubmitField(_l("Save the translation"), widget=GovSubmitInput())
