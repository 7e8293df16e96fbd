"""Fixtures for the fake providers: one of each per test session, reset for each test."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.fakes.smtp_server import FakeSmtp
from tests.fakes.twilio_server import FakeTwilio


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
    """Run the delivery worker in this process until nothing is due; returns its Stats."""
    from portal.services import dispatcher

    return lambda: dispatcher.run(drain=True)
