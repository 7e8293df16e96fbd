"""Property the police hold for a case (issue 14): the list, recording an item and changing
it. An item that becomes ready to collect goes on to the update that tells the victims."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.forms_case import PropertyForm
from portal.caseworker.page import field_error, form_page, render
from portal.models import PropertyItem
from portal.models.enums import UpdateEvent
from portal.services import access
from portal.services.case_file import held_property
from portal.services.errors import InvalidInput, InvalidInputs


@bp.get("/cases/<int:case_id>/property")
@staff_required(*CASEWORK)
def property_list(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    items, requests = held_property.look(person, case)
    return render("caseworker/property.html", case=case, items=items, requests=requests,
                  title=_("Property the police hold"))


@bp.route("/cases/<int:case_id>/property/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def new_property(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    return _property_form(person, case, None, PropertyForm(),
                          _("Record property the police hold"))


@bp.route("/cases/<int:case_id>/property/<int:property_id>", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def change_property(case_id: int, property_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    item = access.team_item(person, PropertyItem, property_id, case)
    form = PropertyForm(obj=item)
    return _property_form(person, case, item, form, _("Change property the police hold"))


def _property_form(person, case, item, form, title):
    if form.validate_on_submit():
        entered = held_property.Entered(
            description=form.description.data, held_because=form.held_because.data,
            status=form.status.data, collect_where=form.collect_where.data,
            collect_from=form.collect_from.data)
        try:
            saved = held_property.save(person, case, entered, item)
        except InvalidInputs as error:
            for field, message in error.problems.items():
                field_error(form, InvalidInput(field, message))
        except InvalidInput as error:
            field_error(form, error)
        else:
            if saved.became_ready:
                return redirect(url_for("caseworker.new_update", case_id=case.id,
                                        event=UpdateEvent.PROPERTY_READY.value))
            return redirect(url_for("caseworker.property_list", case_id=case.id))
    return form_page(form, title, case=case,
                     intro=_("The victim sees what you write here. When an item is ready to "
                             "collect, you go on to the update that tells them."))
