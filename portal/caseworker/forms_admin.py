"""Forms for administrators: organisations, teams, courts and accounts."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length

from portal.caseworker.fields import TimeField, options
from portal.caseworker.forms_case import _int_or_none
from portal.content import labels
from portal.models.enums import Role
from portal.widgets import LeftToRightInput

ORGANISATION_KINDS = options([("police", _l("Police force")),
                              ("prosecution", _l("Prosecution service area")),
                              ("probation", _l("Probation region"))])
ROLES = options([(Role.CASEWORKER.value, _l("Caseworker: works on their team’s cases")),
                 (Role.MANAGER.value, _l("Team manager: their team’s cases and figures")),
                 (Role.TRANSLATOR.value, _l("Translator: translates caseworkers’ words in "
                                            "updates for victims, in every team")),
                 (Role.AREA_LEAD.value, _l("Area lead: compares the teams’ figures, counts "
                                           "only, no cases")),
                 (Role.ADMIN.value, _l("Administrator: organisations, teams and accounts, no "
                                       "cases"))])
TEAM_LABEL = _l("Team (caseworkers and team managers only)")


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), widget=GovTextInput(),
                       validators=[DataRequired(message=_l("Enter the organisation’s name")),
                                   Length(max=200)])
    kind = RadioField(_l("Kind of organisation"), widget=GovRadioInput(),
                      choices=ORGANISATION_KINDS,
                      validators=[InputRequired(message=_l("Choose the kind of organisation"))])
    complaints_url = StringField(_l("Complaints web page (optional)"), widget=GovTextInput(),
                                 description=_l("Starting https://"))
    submit = SubmitField(_l("Add the organisation"), widget=GovSubmitInput())


class TeamForm(FlaskForm):
    organisation = SelectField(_l("Organisation"), widget=GovSelect(), coerce=_int_or_none,
                               validators=[InputRequired(message=_l("Choose the organisation"))])
    name = StringField(_l("Team name"), widget=GovTextInput(),
                       validators=[DataRequired(message=_l("Enter the team’s name")),
                                   Length(max=200)])
    name_cy = StringField(_l("Team name in Welsh (optional)"), widget=GovTextInput(),
                          description=_l("For a team in Wales: Welsh readers see this name."),
                          validators=[Length(max=200)])
    kind = RadioField(_l("What the team does"), widget=GovRadioInput(),
                      choices=options((k.value, v[0]) for k, v in labels.TEAM_KINDS.items()),
                      validators=[InputRequired(message=_l("Choose what the team does"))])
    phone = StringField(_l("Phone number victims call"), widget=LeftToRightInput(),
                        validators=[DataRequired(message=_l("Enter the team’s phone number"))])
    email = StringField(_l("Email address (optional)"), widget=LeftToRightInput())
    opens_at = TimeField(_l("Opens at (Monday to Friday)"), default=dt.time(9, 0))
    closes_at = TimeField(_l("Closes at"), default=dt.time(17, 0))
    submit = SubmitField(_l("Add the team"), widget=GovSubmitInput())


class CourtForm(FlaskForm):
    name = StringField(_l("Court name"), widget=GovTextInput(),
                       validators=[DataRequired(message=_l("Enter the court’s name")),
                                   Length(max=200)])
    name_cy = StringField(_l("Court name in Welsh (optional)"), widget=GovTextInput(),
                          description=_l("For a court in Wales: Welsh readers see this name."),
                          validators=[Length(max=200)])
    address = StringField(_l("Address"), widget=GovTextInput(),
                          validators=[DataRequired(message=_l("Enter the court’s address")),
                                      Length(max=400)])
    phone = StringField(_l("Phone number (optional)"), widget=LeftToRightInput())
    submit = SubmitField(_l("Add the court"), widget=GovSubmitInput())


class AccountForm(FlaskForm):
    name = StringField(_l("Full name"), widget=GovTextInput(),
                       validators=[DataRequired(message=_l("Enter the person’s full name")),
                                   Length(max=200)])
    email = StringField(_l("Work email address"), widget=LeftToRightInput(),
                        description=_l("The set-up link is sent here"),
                        validators=[DataRequired(message=_l("Enter the person’s email "
                                                            "address"))])
    phone = StringField(_l("Direct phone number (optional)"), widget=LeftToRightInput(),
                        description=_l("Victims see this when the person is their contact"))
    role = RadioField(_l("Role"), widget=GovRadioInput(), choices=ROLES,
                      validators=[InputRequired(message=_l("Choose a role"))])
    team = SelectField(TEAM_LABEL, widget=GovSelect(), coerce=_int_or_none,
                       validate_choice=False)
    locale = RadioField(_l("Language of the console"), widget=GovRadioInput(),
                        choices=options([("en", "English"), ("cy", "Cymraeg")]), default="en")
    submit = SubmitField(_l("Create the account and send the set-up link"),
                         widget=GovSubmitInput())


class RoleForm(FlaskForm):
    """Another role for an existing account (and its team, or none)."""
    role = RadioField(_l("Role"), widget=GovRadioInput(), choices=ROLES,
                      validators=[InputRequired(message=_l("Choose a role"))])
    team = SelectField(TEAM_LABEL, widget=GovSelect(), coerce=_int_or_none,
                       validate_choice=False)
    submit = SubmitField(_l("Change the role"), widget=GovSubmitInput())
