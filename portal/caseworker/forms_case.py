"""Forms for case work: opening a case, victims, hearings, decisions, stages, handovers and
recorded actions. Choices that come from the database are filled in by the view."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from portal import i18n
from portal.caseworker.fields import DateField, TimeField, options
from portal.content import labels, stages
from portal.content import obligations as obligation_text
from portal.models.actions import ObligationKind
from portal.models.enums import JOURNEY, Area, Stage
from portal.services.case_file import closure
from portal.widgets import LeftToRightInput

# Met on their own pages (forms_support.py), never by free text.
STRUCTURED_DUTIES = frozenset({ObligationKind.NEEDS_ASSESSMENT, ObligationKind.SUPPORT_REFERRAL})
YES_NO = options([("yes", _l("Yes")), ("no", _l("No"))])
AREAS = options([(Area.ENGLAND.value, _l("England")), (Area.WALES.value, _l("Wales"))])


def _int_or_none(value):
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class NewCaseForm(FlaskForm):
    crime_reference = StringField(
        _l("Crime reference"), widget=LeftToRightInput(),
        validators=[DataRequired(message=_l("Enter the crime reference")),
                    Length(max=40, message=_l("The crime reference must be 40 characters or "
                                              "fewer"))])
    offence = SelectField(_l("Offence"), widget=GovSelect(),
                          choices=options((k.value, v) for k, v in labels.OFFENCES.items()))
    area = RadioField(_l("Where did it happen?"), widget=GovRadioInput(), choices=AREAS,
                      description=_l("Deadlines count the bank holidays of this nation"),
                      validators=[InputRequired(message=_l("Choose England or Wales"))])
    enhanced_rights = RadioField(
        _l("Does the victim have enhanced rights?"), widget=GovRadioInput(), choices=YES_NO,
        description=_l("Victims of the most serious crime, persistently targeted, vulnerable "
                       "or intimidated"),
        validators=[InputRequired(message=_l("Choose yes or no"))])
    reported_on = DateField(_l("Date reported"),
                            missing_message=_l("Enter the date the crime was reported"))
    submit = SubmitField(_l("Open the case"), widget=GovSubmitInput())


class VictimForm(FlaskForm):
    full_name = StringField(_l("Full name"), widget=GovTextInput(),
                            validators=[DataRequired(message=_l("Enter the victim’s full name")),
                                        Length(max=200)])
    email = StringField(_l("Email address (optional)"), widget=LeftToRightInput())
    phone = StringField(_l("Mobile phone number (optional)"), widget=LeftToRightInput(),
                        description=_l("At least one of email and mobile, so the victim can be "
                                       "invited"))
    language = SelectField(_l("Language for messages"), widget=GovSelect())
    submit = SubmitField(_l("Add the victim"), widget=GovSubmitInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = options((code, i18n.name(code)) for code in i18n.codes())


class LinkVictimForm(FlaskForm):
    """A team manager adds a person the portal already knows to another case."""

    full_name = StringField(_l("Full name, exactly as the victim gives it"), widget=GovTextInput(),
                            validators=[DataRequired(message=_l("Enter the victim’s full name")),
                                        Length(max=200)])
    email = StringField(_l("Email address (optional)"), widget=LeftToRightInput())
    phone = StringField(_l("Mobile phone number (optional)"), widget=LeftToRightInput())
    reason = TextAreaField(_l("Why is this person a victim on this case too?"),
                           widget=GovTextArea(),
                           description=_l("This is kept in the case’s audit. The victim is told "
                                          "that a case was added to their account."))
    submit = SubmitField(_l("Add this person to the case"), widget=GovSubmitInput())


class HearingForm(FlaskForm):
    court = SelectField(_l("Court"), widget=GovSelect(), coerce=_int_or_none,
                        validators=[InputRequired(message=_l("Choose the court"))])
    kind = SelectField(_l("Type of hearing"), widget=GovSelect(),
                       choices=options((k.value, v[0]) for k, v in labels.HEARING_KINDS.items()))
    date = DateField(_l("Date of the hearing"), missing_message=_l("Enter the date of the "
                                                                   "hearing"))
    time = TimeField(_l("Time"), description=_l("On the 24-hour clock, like 10:00"))
    must_attend = RadioField(_l("Does the victim need to go to court?"), widget=GovRadioInput(),
                             choices=YES_NO,
                             validators=[InputRequired(message=_l("Choose yes or no"))])
    submit = SubmitField(_l("Record the hearing"), widget=GovSubmitInput())


class MoveHearingForm(FlaskForm):
    date = DateField(_l("New date"), missing_message=_l("Enter the new date"))
    time = TimeField(_l("New time"), description=_l("On the 24-hour clock, like 10:00"))
    reason = TextAreaField(
        _l("Why did it move?"), widget=GovTextArea(),
        description=_l("Finish the sentence “The court moved it because…”, for example: the "
                       "judge is ill"),
        validators=[DataRequired(message=_l("Say why the hearing moved"))])
    submit = SubmitField(_l("Move the hearing"), widget=GovSubmitInput())


class CancelHearingForm(FlaskForm):
    reason = TextAreaField(
        _l("Why was it cancelled?"), widget=GovTextArea(),
        description=_l("Finish the sentence “The court cancelled it because…”"),
        validators=[DataRequired(message=_l("Say why the hearing was cancelled"))])
    submit = SubmitField(_l("Cancel the hearing"), widget=GovSubmitInput())


class OutcomeForm(FlaskForm):
    outcome = SelectField(_l("What happened?"), widget=GovSelect(),
                          choices=options((k.value, v) for k, v in labels.HEARING_OUTCOMES.items()))
    note = TextAreaField(_l("More about what happened (optional)"), widget=GovTextArea(),
                         description=_l("In plain words: the victim will see this"))
    submit = SubmitField(_l("Record the outcome"), widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    kind = SelectField(_l("Decision"), widget=GovSelect(),
                       choices=options((k.value, v) for k, v in labels.DECISIONS.items()))
    made_on = DateField(_l("Date of the decision"),
                        missing_message=_l("Enter the date of the decision"))
    reasons = TextAreaField(
        _l("Reasons"), widget=GovTextArea(),
        description=_l("In plain words, as you would explain them to the victim. The victim "
                       "will see this."),
        validators=[DataRequired(message=_l("Enter the reasons for the decision, as you would "
                                            "explain them to the victim"))])
    sentence_months = StringField(
        _l("Length of a prison sentence, in months (sentences only)"), widget=GovTextInput(),
        description=_l("0 for a sentence served in the community"),
        validators=[Optional(), Regexp(r"^\s*\d{1,4}\s*$",
                                       message=_l("Enter a whole number of months, like 18"))])
    compensation_order = RadioField(
        _l("Did the court order the offender to pay the victim compensation? (sentences "
           "only)"), widget=GovRadioInput(), default="",
        choices=options([("yes", _l("Yes")), ("no", _l("No")), ("", _l("Not known"))]),
        validators=[Optional()])
    submit = SubmitField(_l("Record the decision"), widget=GovSubmitInput())


class StageForm(FlaskForm):
    stage = RadioField(_l("Move the case to"), widget=GovRadioInput(),
                       choices=options((s.value, stages.STAGES[s].title)
                                       for s in (*JOURNEY, Stage.CLOSED)),
                       validators=[InputRequired(message=_l("Choose a stage"))])
    # Only when closing: why, for the victims' closure message (services/case_file/closure.py).
    closing_reason = RadioField(_l("If you are closing the case, why?"), widget=GovRadioInput(),
                                choices=options(closure.REASONS.items()),
                                validate_choice=False)
    submit = SubmitField(_l("Change the stage"), widget=GovSubmitInput())


class HandoverForm(FlaskForm):
    team = SelectField(_l("Hand the case to"), widget=GovSelect(), coerce=_int_or_none,
                       validators=[InputRequired(message=_l("Choose the team to hand the case "
                                                            "to"))])
    contact = SelectField(_l("Their named contact (optional)"), widget=GovSelect(),
                          coerce=_int_or_none, validate_choice=False)
    submit = SubmitField(_l("Hand over the case"), widget=GovSubmitInput())


class ActionForm(FlaskForm):
    kind = SelectField(_l("What did you do?"), widget=GovSelect(),
                       choices=options((k.value, obligation_text.OBLIGATIONS[k][0])
                                       for k in ObligationKind
                                       if k not in STRUCTURED_DUTIES))
    about = SelectField(_l("Which hearing or decision? (for hearings and decisions)"),
                        widget=GovSelect(), validate_choice=False)
    details = TextAreaField(
        _l("Details"), widget=GovTextArea(),
        description=_l("What was done, how and with whom, for example “Referred to Victim "
                       "Support by phone, their reference VS-4411”"),
        validators=[DataRequired(message=_l("Say what was done"))])
    submit = SubmitField(_l("Record the action"), widget=GovSubmitInput())


class ReleaseForm(FlaskForm):
    released_on = DateField(_l("Date of release"), missing_message=_l("Enter the date of "
                                                                      "release"))
    time = TimeField(_l("Time of release"), description=_l("On the 24-hour clock, like 09:30"))
    submit = SubmitField(_l("Record the release"), widget=GovSubmitInput())


BAIL_CHANGES = options([
    ("granted", _l("Bail granted")),
    ("varied", _l("Bail conditions varied")),
    ("breached", _l("Bail breached")),
    ("remanded", _l("Remanded in custody")),
    ("released", _l("Remand ended, or released")),
])
BAIL_STATUSES = options([
    ("police_bail", _l("On police bail (before charge), with conditions")),
    ("court_bail", _l("On court bail, with conditions")),
    ("remanded", _l("Remanded in custody")),
    ("released_under_investigation", _l("Released under investigation")),
    ("released", _l("Released without conditions")),
])
ORDER_KINDS = options([
    ("", _l("No order")),
    ("restraining_order", _l("Restraining order")),
    ("non_molestation_order", _l("Non-molestation order")),
    ("domestic_abuse_protection_order", _l("Domestic abuse protection order")),
])


# The rules bail and a licence share (forms_release.py too): the same questions, in the same
# words, each form asking them in its own order.
def no_contact_field() -> RadioField:
    return RadioField(
        _l("Must they have no contact with the victim, directly or indirectly?"),
        widget=GovRadioInput(), choices=YES_NO, default="no",
        validators=[InputRequired(message=_l("Choose yes or no"))])


def curfew_fields() -> tuple[TimeField, TimeField]:
    return (TimeField(_l("Curfew starts (optional)"), required=False,
                      description=_l("On the 24-hour clock, like 19:00")),
            TimeField(_l("Curfew ends (optional)"), required=False,
                      description=_l("On the 24-hour clock, like 07:00")))


def residence_field() -> StringField:
    return StringField(
        _l("Address they must live at (optional)"), widget=GovTextInput(),
        description=_l("For the case team only: never shown or sent to the victim"))


class BailForm(FlaskForm):
    """A change of the suspect's status, with every condition in force after it (the form
    starts filled in with the conditions now)."""

    kind = RadioField(_l("What happened?"), widget=GovRadioInput(), choices=BAIL_CHANGES,
                      validators=[InputRequired(message=_l("Choose what happened"))])
    status = RadioField(_l("Where is the suspect now?"), widget=GovRadioInput(),
                        choices=BAIL_STATUSES,
                        validators=[InputRequired(message=_l("Choose where the suspect is "
                                                             "now"))])
    decided_on = DateField(_l("Date of the decision"),
                           missing_message=_l("Enter the date of the decision"))
    no_contact = no_contact_field()
    exclusion_area = StringField(
        _l("Area they must not enter (optional)"), widget=GovTextInput(),
        description=_l("In words the victim will read, like “the streets around your home”. "
                       "The victim sees this")
    )
    curfew_from, curfew_until = curfew_fields()
    residence = residence_field()
    order_kind = SelectField(_l("Restraining or protective order"), widget=GovSelect(),
                             choices=ORDER_KINDS)
    order_ends_on = DateField(_l("Date the order ends (optional)"), required=False,
                              description=_l("Leave empty if it lasts until a court ends it"))
    submit = SubmitField(_l("Record the change"), widget=GovSubmitInput())


HELD_BECAUSE = options([
    ("evidence", _l("Evidence")),
    ("safekeeping", _l("Safekeeping")),
    ("found", _l("Found property")),
])
PROPERTY_STATUSES = options([
    ("held_as_evidence", _l("Held as evidence")),
    ("ready_to_collect", _l("Ready to collect")),
    ("returned", _l("Returned")),
    ("to_be_destroyed", _l("To be destroyed")),
    ("kept_by_court", _l("Kept by the court")),
])


class PropertyForm(FlaskForm):
    """Something the police hold for the case (issue 14): the victim sees all of it."""

    description = StringField(
        _l("What is it?"), widget=GovTextInput(),
        description=_l("In the victim’s words if the police recorded them, like “my blue "
                       "bike”. The victim sees this"))
    held_because = RadioField(_l("Why do the police hold it?"), widget=GovRadioInput(),
                              choices=HELD_BECAUSE,
                              validators=[InputRequired(message=_l("Choose why the police hold "
                                                                   "it"))])
    status = RadioField(_l("Where is it now?"), widget=GovRadioInput(),
                        choices=PROPERTY_STATUSES,
                        validators=[InputRequired(message=_l("Choose where the item is now"))])
    collect_where = TextAreaField(
        _l("Where and how to collect it (needed when it is ready to collect)"),
        widget=GovTextArea(),
        description=_l("The place, its opening hours and what to bring. The victim sees this"))
    collect_from = DateField(_l("Date it can be collected from (optional)"), required=False,
                             description=_l("Leave empty if it can be collected now"))
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
