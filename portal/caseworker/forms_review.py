"""The case team's step on a victim's request for a review (issue 14)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from portal.caseworker.fields import options
from portal.models import ReviewStatus

STEPS = {
    ReviewStatus.ACKNOWLEDGED: _l("Acknowledged: we have the request"),
    ReviewStatus.BEING_REVIEWED: _l("Being reviewed by someone not involved in the decision"),
    ReviewStatus.UPHELD: _l("Outcome: the decision stands"),
    ReviewStatus.OVERTURNED: _l("Outcome: the decision is overturned"),
}
# Every status, as the console names it.
STATUSES = {
    ReviewStatus.RECEIVED: _l("Received"),
    ReviewStatus.ACKNOWLEDGED: _l("Acknowledged"),
    ReviewStatus.BEING_REVIEWED: _l("Being reviewed"),
    ReviewStatus.UPHELD: _l("Decision upheld"),
    ReviewStatus.OVERTURNED: _l("Decision overturned"),
    ReviewStatus.WITHDRAWN: _l("Withdrawn by the victim"),
}


class ReviewStepForm(FlaskForm):
    status = RadioField(_l("What has happened?"), widget=GovRadioInput(), choices=[],
                        validators=[InputRequired(message=_l("Choose what has happened"))])
    notes = TextAreaField(
        _l("Reasons for the outcome"), widget=GovTextArea(),
        description=_l("Needed for an outcome. In plain words: the victim will read this."))
    submit = SubmitField(_l("Record"), widget=GovSubmitInput())

    def offer(self, steps) -> None:
        self.status.choices = options((step.value, STEPS[step]) for step in steps)
