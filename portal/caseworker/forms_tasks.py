"""The form that records what was done about a task: the outcome, a note, and for a call not
answered when to try again."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from portal.caseworker.fields import DateField, TimeField, options
from portal.content.delivery_states import OUTCOMES


class TaskOutcomeForm(FlaskForm):
    outcome = RadioField(_l("What happened?"), widget=GovRadioInput(), choices=[],
                         validators=[InputRequired(message=_l("Choose what happened"))])
    retry_on = DateField(_l("If there was no answer: the day to try again"), required=False)
    retry_time = TimeField(_l("Time to try again"), required=False,
                           description=_l("On the 24-hour clock, like 14:00"))
    note = TextAreaField(_l("Note (optional)"), widget=GovTextArea(),
                         description=_l("What was said or agreed. Do not write the victim’s "
                                        "address or phone number here."))
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def for_outcomes(self, outcomes) -> TaskOutcomeForm:
        self.outcome.choices = options((str(o), OUTCOMES[o]) for o in outcomes)
        return self
