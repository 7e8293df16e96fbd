"""Console forms for what victims hand in: answering messages, moving an SMS reply to the right
case, answering a request for help at court."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField

from portal.caseworker.fields import options
from portal.forms.preferences import PreferencesForm


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your answer"), widget=GovTextArea(),
                         description=_l("Plain text, up to 2,000 characters. The victim is told "
                                        "there is an answer the way they asked; the words stay "
                                        "in the portal."))
    submit = SubmitField(_l("Send the answer"), widget=GovSubmitInput())


class MoveForm(FlaskForm):
    to_case = RadioField(_l("Which case is this message about?"), widget=GovRadioInput(),
                         coerce=int, choices=[], validate_choice=False)
    submit = SubmitField(_l("Move the message"), widget=GovSubmitInput())


class NeedAnswerForm(FlaskForm):
    answer = RadioField(_l("Answer"), widget=GovRadioInput(), choices=options([
        ("agreed", _l("Agreed")),
        ("applied", _l("We have asked the court")),
        ("not_agreed", _l("Not agreed")),
    ]))
    note = TextAreaField(_l("What to tell the victim"), widget=GovTextArea(),
                         description=_l("In plain words: what happens now, and why if it was "
                                        "not agreed."))
    submit = SubmitField(_l("Send the answer"), widget=GovSubmitInput())


class RecordedPreferencesForm(PreferencesForm):
    """The victim's contact questions as a caseworker records their answers: a change to the
    number or address that signs the victim in needs a reason."""

    change_reason = TextAreaField(
        _l("If you are changing the phone number or email address: why?"), widget=GovTextArea(),
        description=_l("Say how the victim asked for it. The old number or address is told of "
                       "the change."))
