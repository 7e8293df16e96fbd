"""Signed requests as Twilio sends them."""
from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN


@pytest.fixture
def twilio_post(app, client, providers):
    """POST form ``params`` to ``path`` signed the way Twilio signs: over the public URL it
    called (PUBLIC_URL + path). ``sign_url`` overrides the URL that is signed."""

    def post(path: str, params: dict, *, sign_url: str | None = None, signature=None):
        url = sign_url or app.config["PUBLIC_URL"].rstrip("/") + path
        params = {"AccountSid": ACCOUNT_SID, **params}
        if signature is None:
            signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
        headers = {"X-Twilio-Signature": signature} if signature else {}
        return client.post(path, data=params, headers=headers)

    return post
