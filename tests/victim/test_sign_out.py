"""Signing out ends the session on the server but keeps the page in the person's language."""
from __future__ import annotations

from portal.extensions import db
from portal.models import LoginSession
from tests.conftest import page


def test_the_signed_out_page_is_in_the_victims_language(client, make, victim_auth):
    victim = make.victim(language="ar")
    make.case(victims=[victim])
    victim_auth.sign_in(victim)
    response = victim_auth.sign_out()
    html = page(response).html
    assert (html["lang"], html["dir"]) == ("ar", "rtl")
    assert db.session.scalars(db.select(LoginSession)).one().end_reason == "signed_out"
    # Nothing of the signed-in session is left in the cookie but the language.
    with client.session_transaction() as session:
        assert dict(session).keys() <= {"lang", "csrf_token"} and session["lang"] == "ar"
    assert client.get("/cases").status_code == 302
