"""The victim's contact preferences: asked at first sign-in, before any case is shown, and
changeable at any time afterwards."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import i18n
from portal.content.contact_choices import FREQUENCIES
from portal.forms.preferences import PreferencesForm
from portal.models.enums import Frequency
from portal.services import preferences as preferences_service
from portal.services.errors import InvalidInputs, NotConfirmed
from portal.victim import bp
from portal.victim.access import victim_required


@bp.route("/preferences", methods=["GET", "POST"])
@victim_required
def preferences():
    first_time = preferences_service.needs_asking(current_user)
    # The first time, only what is needed to contact the victim safely; the rest keeps its
    # defaults (the language they chose, every update, reminders on) until they come back.
    form = PreferencesForm(first_time=first_time)
    saved = preferences_service.current_values(current_user)
    if request.method == "GET":
        form.fill(saved)
    elif form.validate_on_submit():
        try:
            preferences_service.save(current_user, {**saved, **form.values()})
        except InvalidInputs as error:
            form.show_problems(error.problems)
        except NotConfirmed:  # a new phone number or email address: prove it is you first
            return redirect(url_for("victim.confirm", next="contact"))
        else:
            if first_time:
                return redirect(url_for("victim.cases"))
            flash(_("Your choices have been saved."), "success")
            return redirect(url_for("victim.preferences"))
    else:
        # Every problem at once: the service's own checks too, beside the fields the form's
        # checks passed, so nobody has to send the form twice to find the second mistake.
        form.show_problems(preferences_service.check(current_user,
                                                     {**saved, **form.values()})[1],
                           only_where_clear=True)
    status = 400 if form.errors else 200
    return render_template(
        "victim/preferences.html", form=form, first_time=first_time,
        # Each frequency explained; each language's name marked as written in that language.
        frequency_items=[{"hint": {"text": str(FREQUENCIES[f][1])}} for f in Frequency],
        language_items=[{"label": {"attributes": {"lang": code}}} for code in i18n.codes()],
    ), status
