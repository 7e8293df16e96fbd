"""Sign-in is rate limited per address of the requester, with the plain "too many attempts" page.

The suite's shared app has the limiter off (so the other tests can sign in freely); this test
builds one with it on and a small limit."""
from __future__ import annotations

import re

from portal import create_app
from portal.extensions import db, limiter


def test_too_many_sign_in_attempts_get_the_plain_429_page(tmp_path):
    # Flask-Limiter keeps "enabled" on its one shared object, set by the last init_app: put it
    # back afterwards, or every later test in the run would be rate limited.
    was_enabled = limiter.enabled
    try:
        _check_the_limit(tmp_path)
    finally:
        limiter.enabled = was_enabled


def _check_the_limit(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'limits.db'}",
                      "RATELIMIT_ENABLED": True, "SIGN_IN_RATE_LIMIT": "3 per minute",
                      "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        db.create_all()
    client = app.test_client()
    form = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    statuses = [client.post("/sign-in", data={"identifier": f"person{n}@example.org",
                                              "csrf_token": token}).status_code
                for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    refused = client.post("/sign-in", data={"identifier": "x@example.org", "csrf_token": token})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.get_data(as_text=True)
    assert "Traceback" not in refused.get_data(as_text=True)
    # Reading the page is never limited.
    assert client.get("/sign-in").status_code == 200
