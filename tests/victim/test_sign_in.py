"""Victim sign-in: one-time codes, passwords, sessions that end on the server."""
from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import DevOutboxMessage, LoginSession, SignInChallenge
from portal.services.delivery.outgoing import wait_for_sends
from portal.services.sign_in.passwords import hash_password
from tests.conftest import csrf_token, page, visible_text


def outbox_count() -> int:
    wait_for_sends()  # codes go after the request that asked for them
    return db.session.scalar(select(func.count()).select_from(DevOutboxMessage))


def test_code_sign_in_by_email_shows_cases(client, make, victim_auth):
    victim = make.victim()
    make.preferences(victim)
    make.case(victims=[victim])
    response = victim_auth.request_code(victim.email.upper())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sign-in/code")
    wait_for_sends()
    message = db.session.scalars(select(DevOutboxMessage)).one()
    assert message.channel == "email" and message.to == victim.email
    assert "sign-in code" in message.subject.lower()
    victim_auth.submit_code(victim_auth.latest_code())
    response = client.get("/cases")
    assert response.status_code == 200
    assert "Your cases" in page(response).h1.text


def test_code_sign_in_by_mobile_number_sends_sms_to_e164(client, make, victim_auth):
    make.victim(phone="+447700900555")
    victim_auth.request_code("07700 900555")
    wait_for_sends()
    message = db.session.scalars(select(DevOutboxMessage)).one()
    assert message.channel == "sms" and message.to == "+447700900555"
    # The text gives nothing away about the case: just the code.
    assert "case" not in message.body.lower() and "police" not in message.body.lower()
    response = victim_auth.submit_code(victim_auth.latest_code())
    assert response.headers["Location"].endswith("/cases")


def test_unknown_address_gets_the_same_answer_and_no_message(client, make, victim_auth):
    make.victim(email="known@example.org")
    known = victim_auth.request_code("known@example.org")
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    unknown = victim_auth.request_code("nobody@example.org")
    assert (known.status_code, known.headers["Location"]) == (
        unknown.status_code, unknown.headers["Location"])
    assert outbox_count() == 1  # only the known victim was sent a code
    code_page = client.get("/sign-in/code")
    assert "If we have your details" in visible_text(code_page)


def test_victim_not_yet_invited_cannot_get_a_code(client, make, victim_auth):
    victim = make.victim(active=False)
    victim_auth.request_code(victim.email)
    assert outbox_count() == 0


def test_malformed_address_is_refused_beside_the_field(client, make, victim_auth):
    response = victim_auth.request_code("not an address")
    assert response.status_code == 400
    soup = page(response)
    assert soup.find(class_="govuk-error-summary") is not None
    error = soup.find(id="identifier-error")
    assert error is not None and "mobile number like 07700 900123" in error.text
    assert soup.title.text.startswith("Error:")
    assert db.session.scalar(select(func.count()).select_from(SignInChallenge)) == 0


def test_wrong_code_says_how_many_tries_are_left(client, make, victim_auth):
    victim = make.victim()
    victim_auth.request_code(victim.email)
    right = victim_auth.latest_code()
    wrong = "000000" if right != "000000" else "111111"
    response = victim_auth.submit_code(wrong)
    assert response.status_code == 400
    assert "You can try 4 more times" in visible_text(response)


def test_five_wrong_codes_lock_the_address_for_the_cool_down(client, make, victim_auth):
    victim = make.victim()
    victim_auth.request_code(victim.email)
    right = victim_auth.latest_code()
    wrong = "000000" if right != "000000" else "111111"
    with client.session_transaction() as session:
        challenge = session["sign_in_challenge"]
    statuses = [victim_auth.submit_code(wrong).status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    # The right code no longer works, and a new code cannot be asked for.
    with client.session_transaction() as session:
        session["sign_in_challenge"] = challenge
    assert victim_auth.submit_code(right).status_code == 429
    assert client.get("/cases").status_code == 302
    sent_before = outbox_count()
    # Asking again answers as for any address (nothing told), and sends nothing.
    assert victim_auth.request_code(victim.email).status_code == 302
    assert outbox_count() == sent_before
    # After the cool-down a new code works.
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=16)):
        assert victim_auth.request_code(victim.email).status_code == 302
        assert victim_auth.submit_code(victim_auth.latest_code()).status_code == 302


def test_unknown_address_is_locked_out_the_same_way(client, make, victim_auth):
    victim_auth.request_code("stranger@example.org")
    statuses = [victim_auth.submit_code("123456").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]


def test_a_used_code_cannot_be_used_again(client, make, victim_auth):
    victim = make.victim()
    victim_auth.request_code(victim.email)
    code = victim_auth.latest_code()
    with client.session_transaction() as session:
        challenge = session["sign_in_challenge"]
    assert victim_auth.submit_code(code).status_code == 302
    victim_auth.sign_out()
    with client.session_transaction() as session:
        session["sign_in_challenge"] = challenge
    response = victim_auth.submit_code(code)
    assert response.status_code == 400
    assert "This code has expired" in page(response).h1.text
    assert client.get("/cases").status_code == 302


def test_a_code_expires_after_ten_minutes(client, make, victim_auth):
    victim = make.victim()
    victim_auth.request_code(victim.email)
    code = victim_auth.latest_code()
    token = csrf_token(client, "/sign-in/code")
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=11)):
        response = client.post("/sign-in/code", data={"code": code, "csrf_token": token})
    assert response.status_code == 400
    assert "This code has expired" in page(response).h1.text


def test_password_sign_in_and_same_answer_for_unknown(client, make):
    victim = make.victim(password_hash=hash_password("a long enough passphrase"))
    make.preferences(victim)
    token = csrf_token(client, "/sign-in/password")
    wrong = client.post("/sign-in/password", data={
        "identifier": victim.email, "password": "not it at all", "csrf_token": token})
    unknown = client.post("/sign-in/password", data={
        "identifier": "ghost@example.org", "password": "not it at all", "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 400
    assert page(wrong).find(id="password-error").text == page(unknown).find(
        id="password-error").text
    right = client.post("/sign-in/password", data={
        "identifier": victim.email, "password": "a long enough passphrase",
        "csrf_token": token})
    assert right.status_code == 302
    assert client.get("/cases").status_code == 200


def test_session_ends_after_thirty_idle_minutes(client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim])
    victim_auth.sign_in(victim)
    assert client.get(f"/cases/{case.id}").status_code == 200
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=29)):
        assert client.get(f"/cases/{case.id}").status_code == 200
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=61)):
        response = client.get(f"/cases/{case.id}")
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    row = db.session.scalars(select(LoginSession)).one()
    assert row.end_reason == "idle"


def test_sign_out_ends_the_session_on_the_server(client, make, victim_auth):
    victim = make.victim()
    make.case(victims=[victim])
    victim_auth.sign_in(victim)
    stolen_cookie = client.get_cookie("portal_session").value
    response = victim_auth.sign_out()
    assert "You have signed out" in page(response).h1.text
    # Replaying the cookie from before sign-out does not get back in.
    client.set_cookie("portal_session", stolen_cookie)
    assert client.get("/cases").status_code == 302
    assert db.session.scalars(select(LoginSession)).one().end_reason == "signed_out"


def test_session_is_renewed_at_sign_in(client, make, victim_auth):
    victim = make.victim()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    victim_auth.sign_in(victim)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_tampered_session_cookie_gets_a_plain_400(client, make, victim_auth):
    victim = make.victim()
    victim_auth.sign_in(victim)
    value = client.get_cookie("portal_session").value
    client.set_cookie("portal_session", value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB"))
    response = client.get("/cases")
    assert response.status_code == 400
    assert "Your session could not be read" in page(response).h1.text
    assert "Traceback" not in response.get_data(as_text=True)


def test_missing_csrf_token_is_refused_and_changes_nothing(client, make):
    victim = make.victim()
    response = client.post("/sign-in", data={"identifier": victim.email})
    assert response.status_code == 400
    assert "This form could not be accepted" in page(response).h1.text
    assert outbox_count() == 0
    assert db.session.scalar(select(func.count()).select_from(SignInChallenge)) == 0


def test_code_page_without_a_request_goes_back_to_sign_in(client):
    response = client.get("/sign-in/code")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in")


def test_a_number_that_replied_stop_is_not_texted_a_code(client, make, victim_auth):
    """The typed address decides the channel, but a code is never texted after STOP: nothing
    is sent, and the answer is the one an unknown address gets, so nothing is revealed."""
    stopped = make.victim(phone="+447700900777")
    make.preferences(stopped, channels=["sms", "email"], sms_opted_out=True)
    answer = victim_auth.request_code("07700 900777")
    client.cookie_jar.clear() if hasattr(client, "cookie_jar") else None
    unknown = victim_auth.request_code("07700 900778")
    assert (answer.status_code, answer.headers["Location"]) == (
        unknown.status_code, unknown.headers["Location"])
    assert outbox_count() == 0
    assert "If we have your details" in visible_text(client.get("/sign-in/code"))
    # Their email address still gets one.
    victim_auth.request_code(stopped.email)
    assert outbox_count() == 1


def test_a_landline_is_not_texted_a_code(client, make, victim_auth):
    make.victim(phone="+442079460000")
    assert victim_auth.request_code("020 7946 0000").status_code == 302
    assert outbox_count() == 0
