"""GOV.UK Frontend form widgets with every visible word translated.

govuk-frontend-wtf's date input hard-codes "Day", "Month" and "Year" in English.
"""
from __future__ import annotations

from flask_babel import gettext as _
from govuk_frontend_wtf.wtforms_widgets import GovDateInput


class TranslatedDateInput(GovDateInput):
    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        labels = [_("Day"), _("Month"), _("Year")]
        for item, label in zip(params.get("items", []), labels):
            item["label"] = label
        return params
