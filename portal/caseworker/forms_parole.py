"""Console form for parole under the Victim Contact Scheme: the eligibility date, the review,
its hearing and the Parole Board's decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from portal.caseworker.fields import DateField, options

PAROLE_STATUSES = options([
    ("eligible", _l("Eligible, no review started")),
    ("review_started", _l("Review started")),
    ("hearing_listed", _l("Hearing listed")),
    ("release_directed", _l("Decision: release directed")),
    ("release_refused", _l("Decision: release refused")),
    ("open_conditions", _l("Decision: move to open conditions recommended")),
])


class ParoleForm(FlaskForm):
    """Where parole is now (the form starts filled in with the review in force)."""

    eligible_on = DateField(_l("Parole eligibility date"),
                            missing_message=_l("Enter the parole eligibility date"))
    status = RadioField(_l("Where is the parole review?"), widget=GovRadioInput(),
                        choices=PAROLE_STATUSES, default="eligible",
                        validators=[InputRequired(
                            message=_l("Choose where the parole review is"))])
    review_started_on = DateField(_l("Date the review started (if it has)"), required=False)
    hearing_on = DateField(_l("Date of the hearing (if listed)"), required=False)
    decided_on = DateField(_l("Date of the decision (if decided)"), required=False)
    submit = SubmitField(_l("Record parole"), widget=GovSubmitInput())
