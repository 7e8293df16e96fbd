"""The victim's pages: sign-in, their cases, their preferences."""
from flask import Blueprint

bp = Blueprint("victim", __name__)

from portal.victim import (  # noqa: E402,F401
    account,
    case_input,
    preferences,
    property,
    review_views,
    support,
    supporters,
    supporting,
    views,  # noqa: E402,F401
    your_information,
)
