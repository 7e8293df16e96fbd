"""Form fields the console needs beyond WTForms': a GOV.UK date (day, month, year, with the
"Enter a real date" messages of the GOV.UK pattern and labels in the page's language) and a
24-hour clock time."""
from __future__ import annotations

import datetime as dt
import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import Field, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation


def options(pairs) -> list[SelectChoice]:
    """Choices for a select or radio field (WTForms 3.3 deprecates plain tuples)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class DateInput(GovFormBase):
    """GOV.UK's date input, whatever was posted (govuk-frontend-wtf's own widget expects
    exactly three values and English labels)."""

    template = "govuk_frontend_wtf/date.html"

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs["value"] = None
        return super().__call__(field, **kwargs)

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.pop("value", None)
        params.pop("label", None)
        values = list(field.raw_data or [])
        if not values and field.data:
            values = [str(field.data.day), str(field.data.month), str(field.data.year)]
        values = (values + ["", "", ""])[:3]
        error = " govuk-input--error" if field.errors else ""
        params.setdefault("fieldset", {"legend": {"text": field.label.text,
                                                  "classes": "govuk-fieldset__legend--s"}})
        params["items"] = [
            {"label": gettext("Day"), "id": f"{field.id}-day", "name": field.name,
             "classes": "govuk-input--width-2" + error, "value": values[0],
             "inputmode": "numeric"},
            {"label": gettext("Month"), "id": f"{field.id}-month", "name": field.name,
             "classes": "govuk-input--width-2" + error, "value": values[1],
             "inputmode": "numeric"},
            {"label": gettext("Year"), "id": f"{field.id}-year", "name": field.name,
             "classes": "govuk-input--width-4" + error, "value": values[2],
             "inputmode": "numeric"},
        ]
        return params


class DateField(Field):
    """A date typed as day, month and year. An impossible date (31 February) or a part missing
    is refused with a message beside the field."""

    widget = DateInput()

    def __init__(self, label=None, validators=None, required: bool = True,
                 missing_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required
        self.missing_message = missing_message or _l("Enter the date")

    def process_formdata(self, valuelist):
        parts = [v.strip() for v in valuelist]
        if not any(parts):
            self.data = None
            return
        if len(parts) != 3 or not all(parts):
            self.data = None
            raise ValueError(gettext("Enter the day, month and year"))
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1900:
                raise ValueError
            self.data = dt.date(year, month, day)
        except ValueError:
            self.data = None
            raise ValueError(gettext("Enter a real date, like 27 3 2027")) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required:
            raise StopValidation(str(self.missing_message))


_CLOCK = re.compile(r"^\s*(\d{1,2})\s*[:.]?\s*(\d{2})\s*$")


class TimeField(StringField):
    """A time on the 24-hour clock, typed as 10:00, 14.30 or 0930."""

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, required: bool = True, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required

    def process_formdata(self, valuelist):
        self.raw_text = valuelist[0] if valuelist else ""
        self.data = None
        if not self.raw_text.strip():
            return
        match = _CLOCK.match(self.raw_text)
        try:
            if not match:
                raise ValueError
            self.data = dt.time(int(match.group(1)), int(match.group(2)))
        except ValueError:
            raise ValueError(gettext("Enter a time on the 24-hour clock, like 10:00 or "
                                     "14:30")) from None

    def _value(self):
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        return self.data.strftime("%H:%M") if self.data else ""

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()
        if self.data is None and self.required:
            raise StopValidation(gettext("Enter the time"))
