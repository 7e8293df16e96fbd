"""The victim's own record: every message we sent them, and everything we hold about them to
print, save or download (services/victim_data.py gathers it)."""
from __future__ import annotations

import json

from flask import Response, redirect, render_template, request, url_for
from flask_login import current_user

from portal import i18n
from portal.content import contact_choices
from portal.content import sent_messages as words
from portal.services import access, victim_data
from portal.services.errors import NotConfirmed
from portal.services.sign_in import reauth
from portal.victim import bp
from portal.victim.access import case_page
from portal.victim.supporter_forms import PERMISSION_LABELS


@bp.get("/account/messages")
@case_page
def sent_messages():
    case_id = request.args.get("case", type=int)
    case = access.victim_case(current_user, case_id) if case_id is not None else None
    listing = victim_data.sent_messages(current_user, request.args.get("page", 1, type=int),
                                        case)
    return render_template("victim/sent_messages.html", listing=listing, case=case,
                           **_labels())


def _labels() -> dict:
    return {"kinds": words.KINDS, "statuses": words.STATUSES, "tasks": words.TASKS,
            "channels": contact_choices.CHANNELS, "looked": words.LOOKED,
            "changed": words.CHANGED, "frequencies": contact_choices.FREQUENCIES,
            "language_name": i18n.name, "permission_labels": PERMISSION_LABELS}


def _confirm_first():
    return redirect(url_for("victim.confirm", next="information"))


@bp.get("/account/your-information")
@case_page
def your_information():
    if not reauth.is_fresh(current_user):  # it holds everything: prove it is you first
        return _confirm_first()
    try:
        data = victim_data.everything(current_user)
    except NotConfirmed:
        return _confirm_first()
    html = render_template("victim/your_information.html", data=data, **_labels())
    victim_data.downloaded(current_user, "page")
    return html


@bp.get("/account/your-information.json")
@case_page
def your_information_json():
    if not reauth.is_fresh(current_user):
        return _confirm_first()
    try:
        data = victim_data.everything(current_user)
    except NotConfirmed:
        return _confirm_first()
    body = json.dumps(victim_data.as_json(data), ensure_ascii=False, indent=2)
    victim_data.downloaded(current_user, "json")
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{victim_data.file_name()}"',
        "Cache-Control": "no-store"})
