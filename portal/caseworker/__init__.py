"""The caseworker console (blueprint "caseworker", at /staff): sign-in with a second factor,
case work, updates to victims, team figures and administration."""
from flask import Blueprint

bp = Blueprint("caseworker", __name__, url_prefix="/staff")

from portal.caseworker import (  # noqa: E402,F401
    admin_views,
    advocate_views,
    area_views,
    auth_views,
    bail_views,
    case_views,
    delivery_views,
    figures_views,
    hearing_views,
    page,
    parole_views,
    property_views,
    release_views,
    review_views,
    supervision_views,
    support_admin_views,
    support_views,
    task_views,
    translation_views,
    update_views,
    victim_input_views,
)
