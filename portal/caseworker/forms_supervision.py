"""Console forms for supervision: choosing a sample of the team's cases, and a quality review
of a case against the checklist (services/case_file/supervision.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import HiddenField, RadioField, SubmitField, TextAreaField

from portal.caseworker.fields import options
from portal.services.case_file import supervision


class SampleForm(FlaskForm):
    """Asked for with GET (it changes nothing but the audit): no CSRF token."""

    class Meta:
        csrf = False

    rule = RadioField(_l("Which cases?"), widget=GovRadioInput(), choices=options(
        (rule, supervision.sample_name(rule)) for rule in supervision.SAMPLES))
    size = RadioField(_l("How many at random?"), widget=GovRadioInput(), coerce=int,
                      default=supervision.SAMPLE_SIZES[0], choices=options(
                          (size, str(size)) for size in supervision.SAMPLE_SIZES))
    submit = SubmitField(_l("Show the cases"), widget=GovSubmitInput())


class ReviewForm(FlaskForm):
    sampled_by = HiddenField()
    needs_assessed = RadioField(supervision.item_title("needs_assessed"), widget=GovRadioInput())
    preferences_followed = RadioField(supervision.item_title("preferences_followed"),
                                      widget=GovRadioInput())
    letters_explained = RadioField(supervision.item_title("letters_explained"),
                                   widget=GovRadioInput())
    statement_offered = RadioField(supervision.item_title("statement_offered"),
                                   widget=GovRadioInput())
    referral_made = RadioField(supervision.item_title("referral_made"), widget=GovRadioInput())
    note = TextAreaField(_l("Note to the caseworker (optional)"), widget=GovTextArea(),
                         description=_l("What was done well, and what to do differently. The "
                                        "case’s contact reads it. Up to 2,000 characters."))
    submit = SubmitField(_l("Save the review"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in supervision.ITEMS:
            self[item].choices = options(
                (answer, supervision.answer_name(answer)) for answer in supervision.ANSWERS)
            self[item].validate_choice = False  # the service says what is missing
