"""Money and your property (issue 14; rights 5 and 10 of the Victims' Code): what the police
hold for the victim's case and its status, a request to have an item back, and where to find
out about compensation and witness expenses. Each route checks the case is theirs (404 if
not), and an item must be on that case (404, audited, if not)."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal import london
from portal.content import property as property_text
from portal.models import PropertyItem
from portal.services import access
from portal.services.errors import InvalidInput
from portal.services.victim_input import property_requests
from portal.victim import bp
from portal.victim.access import case_page
from portal.victim.forms import PropertyRequestForm


def _sentenced(case) -> bool:
    return any(decision.kind == "sentence" for decision in case.decisions)


@bp.get("/cases/<int:case_id>/money-and-property")
@case_page
def money_and_property(case_id: int):
    case = access.victim_case(current_user, case_id)
    return render_template(
        "victim/money_and_property.html", case=case,
        items=property_requests.items_for(case),
        requests=property_requests.latest_requests(case, current_user),
        text=property_text, sentenced=_sentenced(case),
        asked=request.args.get("asked", type=int), today=london.today())


@bp.route("/cases/<int:case_id>/property/<int:item_id>/ask", methods=["GET", "POST"])
@case_page
def ask_for_property(case_id: int, item_id: int):
    case = access.victim_case(current_user, case_id)
    item = access.victim_item(current_user, PropertyItem, item_id, case)
    existing = property_requests.open_request(current_user, item)
    form = PropertyRequestForm()
    status = 200
    if existing is None and form.validate_on_submit():
        try:
            property_requests.ask(current_user, case, item, form.note.data)
        except InvalidInput as error:
            form.note.errors = [str(error.message)]
            status = error.status
        else:
            return redirect(url_for("victim.money_and_property", case_id=case.id,
                                    asked=item.id))
    elif form.errors:
        status = 400
    return render_template("victim/ask_for_property.html", case=case, item=item, form=form,
                           existing=existing, text=property_text,
                           may_ask=item.property_status in property_text.MAY_ASK), status
