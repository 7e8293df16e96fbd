"""Administration of the directory of support services (issue 14): list, add, change, and
stop offering a service (services/case_file/referrals.py)."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import ADMINS, signed_in_staff, staff_required
from portal.caseworker.forms_auth import ConfirmForm
from portal.caseworker.forms_support import SupportServiceForm
from portal.caseworker.page import field_error, form_page, render
from portal.content import needs
from portal.services.case_file import referrals
from portal.services.errors import InvalidInput


@bp.get("/admin/support-services")
@staff_required(*ADMINS)
def support_services():
    return render("caseworker/support_services.html", services=referrals.all_services(),
                  action_form=ConfirmForm(), opening_hours=needs.opening_hours,
                  nav_current="admin")


@bp.route("/admin/support-services/new", methods=["GET", "POST"])
@staff_required(*ADMINS)
def new_support_service():
    return _service_page(None)


@bp.route("/admin/support-services/<int:service_id>", methods=["GET", "POST"])
@staff_required(*ADMINS)
def support_service(service_id: int):
    return _service_page(service_id)


def _service_page(service_id: int | None):
    found = referrals.service(service_id) if service_id is not None else None
    form = SupportServiceForm(obj=found) if found else SupportServiceForm()
    if found is not None and not form.is_submitted():
        form.area.data = found.area or ""
        form.opening.data = found.opening or ""
        form.opens_at.data = f"{found.opens_at:%H:%M}" if found.opens_at else ""
        form.closes_at.data = f"{found.closes_at:%H:%M}" if found.closes_at else ""
    if form.validate_on_submit():
        try:
            referrals.save_service(signed_in_staff(), service_id, form.name.data,
                                   form.area.data, form.serves.data or [], form.phone.data,
                                   form.website.data, form.opening.data, form.opens_at.data,
                                   form.closes_at.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.support_services"))
    title = _("Change a support service") if found else _("Add a support service")
    return form_page(form, title, back=url_for("caseworker.support_services"),
                     nav_current="admin")


@bp.post("/admin/support-services/<int:service_id>/active")
@staff_required(*ADMINS)
def toggle_support_service(service_id: int):
    if ConfirmForm().validate_on_submit():
        referrals.set_service_active(signed_in_staff(), service_id)
    return redirect(url_for("caseworker.support_services"))
