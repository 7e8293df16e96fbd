"""SMS through Twilio's own client, pointed at TWILIO_API_BASE (a local fake in tests).

One client per worker: it keeps its HTTP connections open between messages.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import requests
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient

from portal.channels.failures import (
    NotConfigured,
    OutcomeUnknown,
    PermanentFailure,
    TemporaryFailure,
)

# Twilio's client logs each request's URL and headers at INFO. Nothing personal is in them
# today, but the worker's logs must never risk a number or a body: keep it to warnings.
_quiet = logging.getLogger("portal.channels.twilio_http")
_quiet.setLevel(logging.WARNING)

# Twilio error codes that mean "this number will never take this message": not retried.
# 21211 invalid 'To' number, 21408 region not enabled, 21610 recipient replied STOP,
# 21612 cannot route to this number, 21614 not a mobile number, 30004 blocked, 30005 unknown
# destination, 30006 landline or unreachable carrier, 30007 filtered as spam, 30008 unknown.
PERMANENT_CODES = frozenset({21211, 21408, 21610, 21612, 21614, 30004, 30005, 30006, 30007,
                             30008})
UNSUBSCRIBED = 21610
CONNECT_TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Receipt:
    provider_id: str
    status: str  # "queued" or "sent": what the provider says it has done with it


def configured(config: Mapping) -> bool:
    return bool(config.get("TWILIO_ACCOUNT_SID") and config.get("TWILIO_AUTH_TOKEN")
                and (config.get("TWILIO_MESSAGING_SERVICE_SID") or config.get("TWILIO_FROM")))


def status_callback_url(config: Mapping) -> str:
    return (config.get("TWILIO_STATUS_CALLBACK_URL")
            or f"{config['PUBLIC_URL'].rstrip('/')}/webhooks/twilio/status")


class SmsChannel:
    """Sends texts. ``send`` raises TemporaryFailure, PermanentFailure or OutcomeUnknown."""

    def __init__(self, config: Mapping):
        if not configured(config):
            raise NotConfigured("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a sender are needed")
        # Imported here: twilio's REST client and its generated API modules take 17 MB, which a
        # web process needs only once it sends a sign-in code by text (outgoing.send_soon).
        from twilio.rest import Client

        http = TwilioHttpClient(timeout=float(config["TWILIO_TIMEOUT_SECONDS"]), logger=_quiet)
        # Separate connect and read timeouts (requests takes a pair; twilio's constructor only
        # checks a number): failing to connect is safe to retry, a read timeout is not.
        http.timeout = (CONNECT_TIMEOUT_SECONDS, float(config["TWILIO_TIMEOUT_SECONDS"]))
        self.client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                             http_client=http)
        self.client.api.base_url = config["TWILIO_API_BASE"].rstrip("/")
        self.sender = ({"messaging_service_sid": config["TWILIO_MESSAGING_SERVICE_SID"]}
                       if config.get("TWILIO_MESSAGING_SERVICE_SID")
                       else {"from_": config["TWILIO_FROM"]})
        self.callback = status_callback_url(config)

    def send(self, to: str, text: str) -> Receipt:
        try:
            message = self.client.messages.create(to=to, body=text,
                                                  status_callback=self.callback, **self.sender)
        except TwilioException as error:
            raise classify_twilio(error) from None
        except requests.exceptions.ConnectTimeout:
            raise TemporaryFailure(None, "ConnectTimeout") from None
        except requests.exceptions.Timeout as error:
            # The request went out; Twilio may have queued the message before we gave up.
            raise OutcomeUnknown(None, type(error).__name__) from None
        except requests.exceptions.ConnectionError as error:
            raise classify_connection_error(error) from None
        except requests.exceptions.RequestException as error:
            raise TemporaryFailure(None, type(error).__name__) from None
        return Receipt(message.sid, "sent" if message.status == "sent" else "queued")

    def close(self) -> None:
        session = getattr(self.client.http_client, "session", None)
        if session is not None:
            session.close()


def classify_twilio(error: TwilioException) -> Exception:
    """Twilio's answer as one of our three errors."""
    status = getattr(error, "status", None) or 0
    code = getattr(error, "code", None)
    label = str(code) if code else str(status)
    detail = f"HTTP {status}"
    if status == 429 or status >= 500:
        return TemporaryFailure(label, detail)
    if isinstance(code, int) and code in PERMANENT_CODES:
        return PermanentFailure(label, detail)
    if status in (401, 403):
        # Our own credentials are wrong: an operator can fix that within the hours we retry,
        # and the victim's next channel would not help.
        return TemporaryFailure(label, detail + " (check TWILIO_ACCOUNT_SID/AUTH_TOKEN)")
    if 400 <= status < 500:
        return PermanentFailure(label, detail)
    return TemporaryFailure(label, detail)


def classify_connection_error(error: requests.exceptions.ConnectionError) -> Exception:
    """Refused or unreachable before sending: retry. Dropped after sending: unknown."""
    text = repr(error.args[0]) if error.args else ""
    if any(marker in text for marker in ("NewConnectionError", "ConnectTimeoutError",
                                         "NameResolutionError", "Failed to establish")):
        return TemporaryFailure(None, "ConnectionError (not sent)")
    return OutcomeUnknown(None, "ConnectionError (after sending)")
