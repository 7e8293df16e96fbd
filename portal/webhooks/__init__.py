"""Blueprint "webhooks" (/webhooks): calls from Twilio. No CSRF token (Twilio cannot send
one); every request must carry a valid X-Twilio-Signature instead."""
from flask import Blueprint

from portal.extensions import csrf

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
csrf.exempt(bp)

from portal.webhooks import views  # noqa: E402,F401
