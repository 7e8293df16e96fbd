"""Forms for a victim's needs and their referrals to support services (issue 14). Choices
that come from the database (the victims, the services) are filled in by the view."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired, Optional

from portal.caseworker.fields import DateField, options
from portal.content import needs as words
from portal.models.support import Opening, ReferralStatus, Risk


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


YES_NO = options([("yes", _l("Yes")), ("no", _l("No"))])
ENHANCED = options([
    ("vulnerable", _l("Vulnerable (under 18, a mental disorder or a learning disability, or a "
                      "physical disability or illness)")),
    ("intimidated", _l("Intimidated (fear or distress about giving evidence)")),
    ("persistently_targeted", _l("Persistently targeted")),
])
RISKS = options([(Risk.NONE.value, _l("None known")), (Risk.SOME.value, _l("Some risk")),
                 (Risk.HIGH.value, _l("High risk"))])


class NeedsForm(FlaskForm):
    victim = RadioField(_l("Which victim did you assess?"), widget=GovRadioInput(),
                        coerce=_int_or_none,
                        validators=[InputRequired(message=_l("Choose the victim you "
                                                             "assessed"))])
    assessed_on = DateField(_l("Date of the assessment"),
                            missing_message=_l("Enter the date of the assessment"))
    enhanced = SelectMultipleField(
        _l("Which of these apply?"), widget=GovCheckboxesInput(), choices=ENHANCED,
        description=_l("Any of these gives the victim enhanced rights, with shorter deadlines"))
    access_needs = SelectMultipleField(
        _l("Communication and access needs"), widget=GovCheckboxesInput(),
        choices=options((k.value, v) for k, v in words.ACCESS_NEEDS.items()))
    communication_note = StringField(
        _l("Other communication needs (optional)"), widget=GovTextInput(),
        description=_l("The victim sees this"))
    support_wanted = RadioField(_l("Does the victim want support?"), widget=GovRadioInput(),
                                choices=YES_NO,
                                validators=[InputRequired(message=_l("Choose yes or no"))])
    support_kinds = SelectMultipleField(
        _l("What support do they want?"), widget=GovCheckboxesInput(),
        choices=options((k.value, v) for k, v in words.SUPPORT_KINDS.items()))
    special_measures = SelectMultipleField(
        _l("Special measures likely to be needed at court"), widget=GovCheckboxesInput(),
        choices=options((k.value, v) for k, v in words.SPECIAL_MEASURES.items()))
    risk = RadioField(_l("Risk from the suspect"), widget=GovRadioInput(), choices=RISKS,
                      validators=[InputRequired(message=_l("Choose the risk from the "
                                                           "suspect"))])
    risk_note = StringField(_l("What is the risk? (for some or high risk)"),
                            widget=GovTextInput(),
                            description=_l("For the case team only: the victim does not see "
                                           "this"))
    consent_to_share = RadioField(
        _l("Does the victim agree to share their details with support services?"),
        widget=GovRadioInput(), choices=YES_NO,
        validators=[InputRequired(message=_l("Choose yes or no"))])
    submit = SubmitField(_l("Record the assessment"), widget=GovSubmitInput())


class ReferralForm(FlaskForm):
    victim = RadioField(_l("Which victim?"), widget=GovRadioInput(), coerce=_int_or_none,
                        validators=[InputRequired(message=_l("Choose the victim to refer"))])
    service = RadioField(_l("Service"), widget=GovRadioInput(), coerce=_int_or_none,
                         validators=[InputRequired(message=_l("Choose a service from the "
                                                              "list"))])
    reference = StringField(_l("Their reference (optional)"), widget=GovTextInput(),
                            validators=[Optional()])
    submit = SubmitField(_l("Send the referral"), widget=GovSubmitInput())


class RefusalForm(FlaskForm):
    victim = RadioField(_l("Which victim did not want a referral?"), widget=GovRadioInput(),
                        coerce=_int_or_none,
                        validators=[InputRequired(message=_l("Choose the victim who said "
                                                             "no"))])
    submit = SubmitField(_l("Record that they said no"), widget=GovSubmitInput())


STATUSES = options([
    (ReferralStatus.ACCEPTED.value, _l("Accepted by the service")),
    (ReferralStatus.CONTACTED.value, _l("The service has contacted the victim")),
    (ReferralStatus.DECLINED.value, _l("Declined by the service")),
])


class ReferralStatusForm(FlaskForm):
    status = RadioField(_l("What is the referral’s status now?"), widget=GovRadioInput(),
                        choices=STATUSES,
                        validators=[InputRequired(message=_l("Choose the referral’s "
                                                             "status"))])
    submit = SubmitField(_l("Save the status"), widget=GovSubmitInput())


class SupportServiceForm(FlaskForm):
    """A service in the directory (administrators)."""

    name = StringField(_l("Name"), widget=GovTextInput(),
                       validators=[InputRequired(message=_l("Enter the service’s name"))])
    area = RadioField(_l("Where does it work?"), widget=GovRadioInput(), default="",
                      choices=options([("", _l("England and Wales (national)")),
                                       ("england", _l("England")), ("wales", _l("Wales"))]))
    serves = SelectMultipleField(
        _l("Who does it help?"), widget=GovCheckboxesInput(),
        choices=options((k.value, v) for k, v in words.SUPPORT_KINDS.items()))
    phone = StringField(_l("Phone number victims can call"), widget=GovTextInput(),
                        validators=[Optional()])
    website = StringField(_l("Website (optional)"), widget=GovTextInput(),
                          description=_l("Starting https://"), validators=[Optional()])
    opening = RadioField(
        _l("When is the phone line open?"), widget=GovRadioInput(), default="",
        description=_l("Victims read this in their own language."),
        choices=options([(Opening.ALWAYS.value, _l("24 hours, every day")),
                         (Opening.MONDAY_TO_FRIDAY.value, _l("Monday to Friday")),
                         (Opening.MONDAY_TO_SATURDAY.value, _l("Monday to Saturday")),
                         (Opening.EVERY_DAY.value, _l("Every day")),
                         ("", _l("Not given"))]))
    opens_at = StringField(_l("Opens at"), widget=GovTextInput(),
                           description=_l("A 24-hour time, like 09:00 (not for 24 hours)"),
                           validators=[Optional()])
    closes_at = StringField(_l("Closes at"), widget=GovTextInput(),
                            description=_l("A 24-hour time, like 17:00 (not for 24 hours)"),
                            validators=[Optional()])
    submit = SubmitField(_l("Save the service"), widget=GovSubmitInput())
