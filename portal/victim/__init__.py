"""The victim's pages: sign-in, their cases, their preferences."""
from flask import Blueprint

bp = Blueprint("victim", __name__)

from portal.victim import views  # noqa: E402,F401
from portal.victim import case_input, preferences  # noqa: E402,F401
