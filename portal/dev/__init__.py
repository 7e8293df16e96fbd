"""The development outbox: messages the portal would have sent, for someone trying `make run`.

Registered only when DEV_OUTBOX is on (development with no provider configured); production
refuses to start without providers, so this page can never be served there.
"""
from flask import Blueprint, abort, current_app, render_template

from portal.services.delivery import outgoing

bp = Blueprint("dev", __name__, url_prefix="/dev")


@bp.before_request
def development_only():
    if current_app.config["PORTAL_ENV"] == "production" or not current_app.config["DEV_OUTBOX"]:
        abort(404)


@bp.get("/outbox")
def outbox():
    return render_template("dev/outbox.html", messages=outgoing.dev_outbox_messages())
