"""The contact preferences form. It parses and checks the shape of what was sent; the rules
that need the database or several fields (phone numbers, a channel's address) are the
service's (services/preferences.py), so the console applies the same ones."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal import i18n
from portal.content.contact_choices import ALWAYS_TOLD, CHANNELS, FREQUENCIES
from portal.models.enums import Channel, Frequency
from portal.services.preferences import NEEDS, OTHER_NEEDS_MAX
from portal.widgets import LeftToRightInput

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]
DAYS = [SelectChoice(str(n), name) for n, name in enumerate(
    (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
     _l("Saturday"), _l("Sunday")))]
TIMES = [f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 30)]
NEED_LABELS = {
    "large_print": _l("Large print"),
    "easy_read": _l("Easy read"),
    "screen_reader": _l("I use a screen reader"),
    "british_sign_language": _l("British Sign Language (BSL)"),
    "interpreter": _l("An interpreter"),
    "no_computer_documents": _l("Do not send me documents that need a computer to read"),
}
CHOICE_LABELS = [_l("First choice"), _l("Second choice (optional)"),
                 _l("Third choice (optional)"), _l("Fourth choice (optional)")]
# Where the service's problems are shown on this form.
FIELD_FOR = {"channels": "first_choice", "windows": "window_1_days"}


def _channel_field(index: int) -> SelectField:
    blank = SelectChoice("", _l("Choose how") if index == 0 else _l("No other way"))
    return SelectField(CHOICE_LABELS[index], widget=GovSelect(), default="",
                       choices=[blank] + [SelectChoice(str(c), CHANNELS[c]) for c in Channel])


def _window_fields(number: int):
    return (
        SelectMultipleField(_l("Days"), widget=GovCheckboxesInput(), choices=DAYS,
                            validators=[Optional()]),
        SelectField(_l("From"), widget=GovSelect(), choices=[SelectChoice(t) for t in TIMES],
                    default="09:00"),
        SelectField(_l("To"), widget=GovSelect(), default="17:00",
                    description=_l("A time before the start time means the next morning."),
                    choices=[SelectChoice(t) for t in TIMES[1:]]
                    + [SelectChoice("24:00", _l("Midnight"))]),
    )


def _yes_no(label, hint=None) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), choices=YES_NO, description=hint or "",
                      validators=[InputRequired(message=_l("Choose yes or no"))])


class PreferencesForm(FlaskForm):
    first_choice = _channel_field(0)
    second_choice = _channel_field(1)
    third_choice = _channel_field(2)
    fourth_choice = _channel_field(3)
    phone = StringField(_l("Mobile or phone number"), widget=LeftToRightInput(),
                        description=_l("For texts and calls. We also send sign-in codes to a "
                                       "mobile number."))
    email = StringField(_l("Email address"), widget=LeftToRightInput(),
                        description=_l("We also send sign-in codes here."))
    postal_address = TextAreaField(_l("Postal address"), widget=GovTextArea(),
                                   description=_l("Only if you want letters."),
                                   validators=[Length(max=OTHER_NEEDS_MAX)])
    contact_times = RadioField(
        _l("When can we contact you?"), widget=GovRadioInput(), default="chosen",
        choices=[SelectChoice("any", _l("At any time")),
                 SelectChoice("chosen", _l("Only at the times I choose"))],
        validators=[InputRequired(message=_l("Choose when we can contact you"))])
    window_1_days, window_1_start, window_1_end = _window_fields(1)
    window_2_days, window_2_start, window_2_end = _window_fields(2)
    urgent = _yes_no(_l("If there is urgent news, can we contact you outside these times?"),
                     _l("For example, a court hearing moved to the next day."))
    frequency = RadioField(
        _l("How often do you want to hear from us?"), widget=GovRadioInput(),
        description=ALWAYS_TOLD,
        choices=[SelectChoice(str(f), FREQUENCIES[f][0]) for f in Frequency],
        validators=[InputRequired(message=_l("Choose how often you want to hear from us"))])
    # Not required: reminders are on unless the victim says no.
    reminders = RadioField(_l("Shall we remind you before a court hearing you need to go to?"),
                           widget=GovRadioInput(), choices=YES_NO, default="yes",
                           description=_l("7 days before, and the working day before."),
                           validators=[Optional()])
    language = RadioField(
        _l("Which language should we use?"), widget=GovRadioInput(),
        choices=[SelectChoice(code, i18n.name(code)) for code in i18n.codes()],
        validators=[InputRequired(message=_l("Choose a language"))])
    needs = SelectMultipleField(_l("Do you need any of these?"), widget=GovCheckboxesInput(),
                                choices=[SelectChoice(n, NEED_LABELS[n]) for n in NEEDS],
                                description=_l("Select all that apply."),
                                validators=[Optional()])
    interpreter_language = StringField(_l("Language for the interpreter"),
                                       widget=GovTextInput(),
                                       validators=[Length(max=64)])
    other_needs = TextAreaField(
        # A plain textarea: the character count's live messages come from GOV.UK Frontend's
        # JavaScript in English only; the limit is checked (and explained) by the server.
        _l("Anything else we should know to help you?"), widget=GovTextArea(),
        validators=[Length(max=OTHER_NEEDS_MAX, message=_l(
            "Describe what you need in %(max)d characters or fewer", max=OTHER_NEEDS_MAX))])
    discreet = _yes_no(
        _l("Should our messages be discreet?"),
        _l("A discreet message says only that there is an update and how to sign in: no name, "
           "crime, court or organisation. Choose yes if someone else may see your phone, "
           "email or post."))
    voicemail_safe = _yes_no(_l("Is it safe to leave you a voicemail?"))
    post_safe = _yes_no(_l("Is it safe to send you letters?"))
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    # Asked later, from the preferences page: at first sign-in a victim is asked only what is
    # needed to contact them safely (how, when, and whether discreetly).
    LATER = ("frequency", "reminders", "language", "needs", "interpreter_language",
             "other_needs")

    def __init__(self, *args, first_time: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if first_time:
            for name in self.LATER:
                del self[name]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not self.first_choice.data:
            self.first_choice.errors.append(_l("Choose at least one way for us to contact you"))
            ok = False
        if self.contact_times.data == "chosen":
            if not any(self._window(n) for n in (1, 2)):
                self.window_1_days.errors.append(_l("Choose at least one day, or choose "
                                                    "\u201cAt any time\u201d"))
                ok = False
            for n in (1, 2):
                window = self._window(n)
                # An end before the start is overnight (21:00 to 07:00); only the same time
                # twice is no time at all.
                if window and window["end"] == window["start"]:
                    self[f"window_{n}_end"].errors.append(
                        _l("The end time must not be the same as the start time"))
                    ok = False
        return ok

    def _window(self, n: int) -> dict | None:
        days = self[f"window_{n}_days"].data or []
        if not days:
            return None
        return {"days": sorted(int(d) for d in days), "start": self[f"window_{n}_start"].data,
                "end": self[f"window_{n}_end"].data}

    def values(self) -> dict[str, Any]:
        """What was chosen, in services.preferences.save's keys."""
        values = {
            "channels": [c for c in (self.first_choice.data, self.second_choice.data,
                                     self.third_choice.data, self.fourth_choice.data) if c],
            "phone": self.phone.data, "email": self.email.data,
            "postal_address": self.postal_address.data,
            "windows": ([] if self.contact_times.data == "any"
                        else [w for w in (self._window(1), self._window(2)) if w]),
            "urgent_may_break_window": self.urgent.data == "yes",
            "discreet": self.discreet.data == "yes",
            "voicemail_safe": self.voicemail_safe.data == "yes",
            "post_safe": self.post_safe.data == "yes",
        }
        if "frequency" in self:  # the questions asked later (LATER), when they were asked
            needs = set(self.needs.data or [])
            values.update({
                "frequency": self.frequency.data, "language": self.language.data,
                **{name: name in needs for name in NEEDS},
                "interpreter_language": self.interpreter_language.data,
                "other_needs": self.other_needs.data,
                "hearing_reminders": self.reminders.data != "no",
            })
        return values

    def fill(self, values: dict[str, Any]) -> None:
        """Show saved choices (on GET)."""
        channels = list(values["channels"]) + [""] * 4
        for field, channel in zip((self.first_choice, self.second_choice, self.third_choice,
                                   self.fourth_choice), channels):
            field.data = channel
        self.phone.data, self.email.data = values["phone"], values["email"]
        self.postal_address.data = values["postal_address"]
        windows = values["windows"]
        self.contact_times.data = "chosen" if windows else "any"
        for n, window in enumerate(windows[:2], start=1):
            self[f"window_{n}_days"].data = [str(d) for d in window["days"]]
            self[f"window_{n}_start"].data = window["start"]
            self[f"window_{n}_end"].data = window["end"]
        self.urgent.data = "yes" if values["urgent_may_break_window"] else "no"
        for name in ("discreet", "voicemail_safe", "post_safe"):
            self[name].data = "yes" if values[name] else "no"
        if "frequency" in self:
            self.frequency.data, self.language.data = values["frequency"], values["language"]
            self.needs.data = [n for n in NEEDS if values[n]]
            self.interpreter_language.data = values["interpreter_language"]
            self.other_needs.data = values["other_needs"]
            self.reminders.data = "yes" if values["hearing_reminders"] else "no"

    def show_problems(self, problems: dict[str, str], only_where_clear: bool = False) -> None:
        """Put the service's problems beside the fields they are about (with
        ``only_where_clear``, only beside fields that have no problem of the form's own)."""
        window_errors = any(self[f"window_{n}_{part}"].errors for n in (1, 2)
                            for part in ("days", "start", "end"))
        for key, message in problems.items():
            if key == "windows" and window_errors:
                continue  # the form has said what is wrong with the times, beside them
            name = FIELD_FOR.get(key, key)
            field = self[name if name in self else "first_choice"]
            if only_where_clear and field.errors:
                continue
            field.errors = list(field.errors) + [message]
