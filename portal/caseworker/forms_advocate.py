"""The form a case team uses to add a professional advocate as a victim's supporter, with the
victim's recorded consent (services/case_file/advocates.py decides; the view fills in the
victims)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import InputRequired

from portal.caseworker.fields import DateField, options
from portal.caseworker.forms_support import _int_or_none

PERMISSIONS = options([
    ("see_status", _l("See the stage, hearings and update headlines")),
    ("receive_updates", _l("Be sent the updates")),
    ("write_to_caseworker", _l("Write to the team for the victim")),
])
CONSENT_WAYS = options([
    ("in_person", _l("In person")),
    ("by_phone", _l("By phone")),
    ("in_writing", _l("In writing")),
])


class AdvocateForm(FlaskForm):
    victim = RadioField(_l("Which victim will they support?"), widget=GovRadioInput(),
                        coerce=_int_or_none,
                        validators=[InputRequired(message=_l("Choose the victim"))])
    name = StringField(_l("Advocate’s name"), widget=GovTextInput())
    organisation = StringField(_l("Organisation"), widget=GovTextInput(),
                               description=_l("For example, the local IDVA or ISVA service"))
    contact = StringField(_l("Advocate’s email address or mobile number"),
                          widget=GovTextInput(),
                          description=_l("We send the invitation here"))
    permissions = SelectMultipleField(_l("What may they do?"), widget=GovCheckboxesInput(),
                                      choices=PERMISSIONS)
    agreed = BooleanField(_l("The victim agreed to this advocate having this access"),
                          widget=GovCheckboxInput())
    how = RadioField(_l("How did the victim agree?"), widget=GovRadioInput(),
                     choices=CONSENT_WAYS, validate_choice=False)
    on = DateField(_l("When did the victim agree?"), required=False)
    submit = SubmitField(_l("Add the advocate and send the invitation"),
                         widget=GovSubmitInput())
