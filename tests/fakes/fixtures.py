"""Fixtures for the fake providers: one of each per test session, reset for each test."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from twilio.request_validator import RequestValidator

from tests.fakes.smtp_server import FakeSmtp
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FakeTwilio


@pytest.fixture(scope="session")
def fake_twilio():
    fake = FakeTwilio()
    yield fake
    fake.close()


@pytest.fixture(scope="session")
def fake_smtp():
    fake = FakeSmtp()
    yield fake
    fake.close()


@pytest.fixture
def providers(app, fake_twilio, fake_smtp, monkeypatch):
    """Point the app at the fake providers (instead of the development outbox)."""
    fake_twilio.reset()
    fake_smtp.reset()
    settings = {**fake_twilio.settings(), **fake_smtp.settings(), "DEV_OUTBOX": False,
                "TWILIO_TIMEOUT_SECONDS": 2.0, "SMTP_TIMEOUT_SECONDS": 2.0}
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    yield SimpleNamespace(sms=fake_twilio, email=fake_smtp)
    fake_twilio.release.set()  # let any held request finish


@pytest.fixture
def contactable(make):
    """A victim who has answered the questions: ``channels`` in order, any time of day;
    ``preference`` sets other ContactPreference columns."""

    def build(channels=("sms", "email"), **values):
        preference = {"channels": list(channels), "windows": [], **values.pop("preference", {})}
        victim = make.victim(**values)
        make.preferences(victim, **preference)
        return victim

    return build


@pytest.fixture
def run_worker(app):
    """Run the delivery worker in this process until nothing is due, changes at court
    included (as `flask worker` runs them); returns its Stats."""
    from portal.services.case_file import bulk_jobs
    from portal.services.delivery import dispatcher

    return lambda: dispatcher.run(drain=True, jobs=bulk_jobs.run_next)


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
