"""Console forms for the Victim Contact Scheme: a release known ahead with its licence
conditions, and an urgent alert about the offender."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired

from portal.caseworker.fields import DateField, TimeField, options
from portal.caseworker.forms_case import (
    YES_NO,
    _int_or_none,
    curfew_fields,
    no_contact_field,
    residence_field,
)

ALERT_KINDS = options([
    ("escaped", _l("Escaped from prison")),
    ("absconded", _l("Absconded (left open conditions or broke licence and cannot be found)")),
    ("recalled", _l("Recalled to prison")),
    ("open_conditions", _l("Moved to open conditions")),
    ("died", _l("Died")),
])


class PlannedReleaseForm(FlaskForm):
    """The release known ahead, with every licence condition that protects the victim (the
    form starts filled in with the conditions recorded last)."""

    expected_on = DateField(_l("Expected date of release"),
                            missing_message=_l("Enter the expected date of release"))
    no_contact = no_contact_field()
    exclusion_area = StringField(
        _l("Area they must not enter (optional)"), widget=GovTextInput(),
        description=_l("In words the victim will read, like “the town centre of Newport”. "
                       "The victim sees this"))
    curfew_from, curfew_until = curfew_fields()
    electronic_monitoring = RadioField(
        _l("Must they wear an electronic tag?"), widget=GovRadioInput(), choices=YES_NO,
        default="no", validators=[InputRequired(message=_l("Choose yes or no"))])
    residence = residence_field()
    submit = SubmitField(_l("Record the release to come"), widget=GovSubmitInput())


class AlertForm(FlaskForm):
    kind = RadioField(_l("What happened?"), widget=GovRadioInput(), choices=ALERT_KINDS,
                      validators=[InputRequired(message=_l("Choose what happened"))])
    occurred_on = DateField(_l("Date it happened"),
                            missing_message=_l("Enter the date it happened"))
    time = TimeField(_l("Time it happened"), description=_l("On the 24-hour clock, like 09:30"))
    submit = SubmitField(_l("Send the urgent alert"), widget=GovSubmitInput())


class VcsReferralForm(FlaskForm):
    """The referral to the Victim Contact Scheme: a handover to a probation team."""

    victim = SelectField(_l("Victim"), widget=GovSelect(), coerce=_int_or_none,
                         validate_choice=False)
    consent = RadioField(_l("Has the victim agreed to be referred?"), widget=GovRadioInput(),
                         choices=YES_NO,
                         validators=[InputRequired(message=_l("Choose yes or no"))])
    language = SelectField(_l("Language the victim reads"), widget=GovSelect(),
                           validate_choice=False)
    team = SelectField(_l("Probation team"), widget=GovSelect(), coerce=_int_or_none,
                       validate_choice=False)
    officer = SelectField(_l("Victim liaison officer (optional)"), widget=GovSelect(),
                          coerce=_int_or_none, validate_choice=False)
    submit = SubmitField(_l("Refer and hand over the case"), widget=GovSubmitInput())


class VcsChoiceForm(FlaskForm):
    choice = RadioField(_l("Has the victim chosen to join the scheme?"), widget=GovRadioInput(),
                        choices=options([("joined", _l("Yes, they joined")),
                                         ("declined", _l("No, they chose not to join"))]),
                        validators=[InputRequired(message=_l("Choose whether the victim "
                                                             "joined"))])
    submit = SubmitField(_l("Record their choice"), widget=GovSubmitInput())
