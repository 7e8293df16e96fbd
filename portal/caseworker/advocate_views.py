"""A case team adds a professional advocate (IDVA, ISVA or other) as a victim's supporter,
only with the victim's recorded consent (services/case_file/advocates.py)."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.fields import options
from portal.caseworker.forms_advocate import AdvocateForm
from portal.caseworker.page import field_error, form_page
from portal.services import access
from portal.services.case_file import advocates
from portal.services.errors import InvalidInput


@bp.route("/cases/<int:case_id>/advocates/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def add_advocate(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = AdvocateForm()
    form.victim.choices = options((v.id, v.full_name) for v in case.victims)
    if len(case.victims) == 1 and form.victim.data is None:
        form.victim.data = case.victims[0].id
    if form.validate_on_submit():
        victim = access.victim_on_case(person, case, form.victim.data)
        try:
            advocates.add(person, case, victim, form.name.data, form.organisation.data,
                          form.contact.data, set(form.permissions.data or []),
                          form.agreed.data, form.how.data, form.on.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id,
                                    _anchor="supporters-heading"))
    return form_page(form, _("Add an advocate as the victim’s supporter"), case=case,
                     intro=_("Only with the victim’s agreement. The advocate is sent an "
                             "invitation, the victim is told, and the victim can change or end "
                             "their access at any time."))
