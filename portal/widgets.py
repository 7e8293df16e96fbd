"""GOV.UK Frontend form widgets with every visible word translated.

govuk-frontend-wtf's date input hard-codes "Day", "Month" and "Year" in English, and its
password input leaves the "Show" button in English. Phone numbers, email addresses, references
and codes are typed left to right whatever the page's language (LeftToRightInput).
"""
from __future__ import annotations

from flask_babel import gettext as _
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovPasswordInput, GovTextInput


class TranslatedDateInput(GovDateInput):
    def map_gov_params(self, field, **kwargs):
        # govuk-frontend-wtf unpacks exactly three values: a form posted with fewer or more
        # date parts (a hand-made request) would be a 500 instead of "Enter a real date".
        if field.raw_data is not None and len(field.raw_data) != 3:
            field.raw_data = (list(field.raw_data) + ["", "", ""])[:3]
        params = super().map_gov_params(field, **kwargs)
        labels = [_("Day"), _("Month"), _("Year")]
        for item, label in zip(params.get("items", []), labels):
            item["label"] = label
        return params


class TranslatedPasswordInput(GovPasswordInput):
    """The password input's "Show"/"Hide" button and its announcements, translated."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params.setdefault("showPasswordText", _("Show"))
        params.setdefault("hidePasswordText", _("Hide"))
        params.setdefault("showPasswordAriaLabelText", _("Show password"))
        params.setdefault("hidePasswordAriaLabelText", _("Hide password"))
        params.setdefault("passwordShownAnnouncementText", _("Your password is visible"))
        params.setdefault("passwordHiddenAnnouncementText", _("Your password is hidden"))
        return params


class LeftToRightInput(GovTextInput):
    """A text input for what reads left to right in every language: phone numbers, email
    addresses, crime references and codes.

    On an Arabic or Urdu page an input takes the page's direction, so "+44 7700 900123" shows
    as "900123 7700 44+" while it is typed. ``dir="ltr"`` keeps it in order; the right-to-left
    stylesheet (static/src/_rtl.scss) still aligns it to the right, under its label, as GOV.UK
    advises. Such text is never spellchecked."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["attributes"].setdefault("dir", "ltr")
        params.setdefault("spellcheck", False)
        return params
