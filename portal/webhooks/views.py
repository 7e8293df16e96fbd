"""Twilio's status callbacks and inbound texts: signature first, then one service call.

Answers are plain and short: 403 for a missing or wrong signature (nothing changed), 400 for a
malformed request, 200 otherwise, including for a message we do not know (logged), so that
Twilio does not keep retrying.
"""
from __future__ import annotations

import logging

from flask import Response, current_app, request
from twilio.request_validator import RequestValidator, get_signature_algorithm
from twilio.twiml.messaging_response import MessagingResponse

from portal.services.delivery import sms_events
from portal.services.errors import InvalidInput
from portal.services.victim_input import sms_replies
from portal.webhooks import bp

log = logging.getLogger(__name__)


def _plain(text: str, status: int) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def public_url() -> str:
    """The address Twilio called: our public base URL, not the one this process sees (behind
    a proxy that is http://127.0.0.1:...), with the query string Twilio signed."""
    query = request.query_string.decode()
    path = request.script_root + request.path
    return current_app.config["PUBLIC_URL"].rstrip("/") + path + (f"?{query}" if query else "")


@bp.before_request
def check_signature():
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature")
    if not token or not signature:
        log.warning("webhook %s refused: no signature", request.path)
        return _plain("Forbidden", 403)
    algorithm = get_signature_algorithm(
        request.headers.get("X-Twilio-Webhooks-Signature-Settings"))
    if not RequestValidator(token).validate(public_url(), request.form, signature, algorithm):
        log.warning("webhook %s refused: wrong signature", request.path)
        return _plain("Forbidden", 403)
    return None


@bp.post("/twilio/status")
def twilio_status():
    sid = request.form.get("MessageSid", "")
    try:
        moved = sms_events.record_status(sid, request.form.get("MessageStatus", ""),
                                         request.form.get("ErrorCode") or None)
    except InvalidInput as error:
        return _plain(f"Bad request: {error.field}", 400)
    if moved is None:
        log.info("status callback for a message we did not send (%s)", sid)
    return _plain("OK", 200)


@bp.post("/twilio/inbound")
def twilio_inbound():
    try:
        outcome = sms_replies.receive_text(request.form.get("MessageSid", ""),
                                          request.form.get("From", ""),
                                          request.form.get("Body", ""))
    except InvalidInput as error:
        return _plain(f"Bad request: {error.field}", 400)
    if outcome == "unknown_sender":
        log.info("inbound text from a number that belongs to no victim")
    elif outcome == "no_case":
        log.info("inbound text from a victim on no case: not kept")
    # An empty reply: Twilio itself confirms STOP and START to the sender.
    return Response(str(MessagingResponse()), status=200, mimetype="text/xml")
