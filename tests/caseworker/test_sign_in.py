"""Console sign-in: password then a second factor, throttled, the same answer for unknown
accounts, a new session at sign-in, and sessions that end on the server."""
from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Caseworker, DevOutboxMessage, LoginSession
from portal.models.enums import Role
from portal.services.errors import InvalidInput, WrongCode
from portal.services.sign_in import staff_auth
from portal.services.sign_in.password_policy import common_passwords, problem
from tests.conftest import csrf_token, page, visible_text
from tests.factories import STAFF_PASSWORD

NOON = dt.datetime(2026, 6, 10, 11, 0, tzinfo=dt.timezone.utc)


def open_sessions(person) -> int:
    return db.session.scalar(select(func.count()).select_from(LoginSession).where(
        LoginSession.principal == "caseworker", LoginSession.principal_id == person.id,
        LoginSession.ended_at.is_(None)))


def test_password_then_app_code_signs_in(client, make, staff_login):
    person = make.staff(name="Jo Bennett")
    response = staff_login.submit_password(person.email.upper())
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    assert open_sessions(person) == 0  # not signed in on the password alone
    assert client.get("/staff/cases").status_code == 302
    response = staff_login.submit_code(staff_login.next_code(person))
    assert response.headers["Location"].endswith("/staff/")
    response = client.get("/staff/cases")
    assert response.status_code == 200
    assert page(response).h1.text.strip() == "My cases"
    assert open_sessions(person) == 1


def test_session_is_renewed_at_sign_in(client, make, staff_login):
    person = make.staff()
    with client.session_transaction() as planted:
        planted["_user_id"] = "a-token-an-attacker-planted"
        planted["planted"] = "yes"
    staff_login.sign_in(person)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["_user_id"] != "a-token-an-attacker-planted"


@pytest.mark.parametrize("email", ["known", "unknown", "not-set-up", "deactivated"])
def test_every_failure_gets_the_same_answer(client, make, staff_login, email):
    make.staff(email="known@staff.example")
    make.caseworker(email="not-set-up@staff.example")
    make.staff(email="deactivated@staff.example", active=False)
    response = staff_login.submit_password(f"{email}@staff.example", "a wrong password!")
    assert response.status_code == 400
    soup = page(response)
    assert soup.title.text.startswith("Error:")
    assert soup.find(id="password-error").text.strip().endswith(
        "The email address or password is not right")
    if email == "not-set-up":
        response = staff_login.submit_password("not-set-up@staff.example", STAFF_PASSWORD)
        assert response.status_code == 400


@pytest.mark.parametrize("known", [True, False])
def test_failures_slow_sign_in_for_known_and_unknown_accounts(client, make, staff_login,
                                                              known):
    person = make.staff(email="target@staff.example")
    email = "target@staff.example" if known else "nobody@staff.example"
    start = dt.datetime.now(dt.timezone.utc)
    with time_machine.travel(start, tick=False):
        statuses = [staff_login.submit_password(email, "wrong password here").status_code
                    for _ in range(4)]
        assert statuses == [400, 400, 400, 429]
        # Even the right password is refused during the pause, which says how long it lasts.
        assert staff_login.submit_password(email, STAFF_PASSWORD).status_code == 429
        refused = visible_text(staff_login.submit_password(email, "x" * 12))
        assert "Too many attempts" in refused and "Try again in 1 minute." in refused
    if known:
        assert open_sessions(person) == 0
    # A minute later there are tries again; more failures make the next pause longer.
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        statuses = [staff_login.submit_password(email, "wrong password here").status_code
                    for _ in range(4)]
        assert statuses == [400, 400, 400, 429]
        refused = visible_text(staff_login.submit_password(email, "x" * 12))
        assert re.search(r"Try again in 1[45] minutes\.", refused), refused


def test_a_stranger_cannot_lock_a_caseworker_out(client, app, make, staff_login):
    """Failures from one place slow that place down, not the person signing in elsewhere."""
    person = make.staff()
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    for _ in range(10):
        stranger.post("/staff/sign-in", data={
            "email": person.email, "password": "wrong password here",
            "csrf_token": csrf_token(stranger, "/staff/sign-in")})
    assert staff_login.submit_password(person.email).status_code == 302


def test_wrong_app_codes_count_towards_the_pause(client, make, staff_login):
    person = make.staff()
    staff_login.submit_password(person.email)
    right = staff_login.next_code(person)
    wrong = "000000" if right != "000000" else "111111"
    response = staff_login.submit_code(wrong)
    assert response.status_code == 400
    assert "4 more times" in page(response).find(id="code-error").text
    for _ in range(3):
        staff_login.submit_code(wrong)
    assert staff_login.submit_code(wrong).status_code == 429


def test_an_app_code_cannot_be_used_twice(client, make, staff_login):
    person = make.staff()
    with time_machine.travel(NOON, tick=False):
        code = pyotp.TOTP(person.totp_secret).now()
        staff_login.submit_password(person.email)
        assert staff_login.submit_code(code).status_code == 302
        staff_login.sign_out()
        staff_login.submit_password(person.email)
        response = staff_login.submit_code(code)
        assert response.status_code == 400
        assert "has been used" in page(response).find(id="code-error").text


@pytest.mark.parametrize("offset, accepted", [(-60, False), (-30, True), (0, True), (30, True),
                                              (60, False)])
def test_codes_one_step_either_side_are_accepted(app, make, offset, accepted):
    person = make.staff()
    totp = pyotp.TOTP(person.totp_secret)
    code = totp.at(NOON + dt.timedelta(seconds=offset))
    if accepted:
        staff_auth.verify_totp(person, code, now=NOON)
    else:
        with pytest.raises(WrongCode):
            staff_auth.verify_totp(person, code, now=NOON)


def test_a_recovery_code_works_once(client, make, staff_login):
    person = make.staff()
    codes = staff_auth_codes(person)
    staff_login.submit_password(person.email)
    token = csrf_token(client, "/staff/sign-in/recovery")
    response = client.post("/staff/sign-in/recovery", data={"code": codes[0].upper(),
                                                            "csrf_token": token})
    assert response.status_code == 302
    assert "recovery_codes_left=9" in response.headers["Location"]
    staff_login.sign_out()
    staff_login.submit_password(person.email)
    token = csrf_token(client, "/staff/sign-in/recovery")
    response = client.post("/staff/sign-in/recovery", data={"code": codes[0],
                                                            "csrf_token": token})
    assert response.status_code == 400
    assert open_sessions(person) == 0


def staff_auth_codes(person) -> list[str]:
    return staff_auth.new_recovery_codes(person)


def test_idle_for_30_minutes_signs_staff_out(client, make, staff_login):
    person = make.staff()
    with time_machine.travel(NOON, tick=False) as clock:
        staff_login.sign_in(person)
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/staff/cases").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/staff/cases")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/staff/sign-in")
    row = db.session.scalars(select(LoginSession)).one()
    assert row.end_reason == "idle"


def test_eight_hours_after_sign_in_staff_are_signed_out_however_active(client, make,
                                                                       staff_login):
    person = make.staff()
    with time_machine.travel(NOON, tick=False) as clock:
        staff_login.sign_in(person)
        for _ in range(16):  # a request every 29 minutes for 7 h 44 min
            clock.shift(dt.timedelta(minutes=29))
            assert client.get("/staff/cases").status_code == 200
        clock.shift(dt.timedelta(minutes=20))
        assert client.get("/staff/cases").status_code == 302
    assert db.session.scalars(select(LoginSession)).one().end_reason == "absolute"


def test_sign_out_ends_the_session_on_the_server(client, make, staff_login):
    person = make.staff()
    staff_login.sign_in(person)
    with client.session_transaction() as cookie:
        stolen = dict(cookie)
    response = staff_login.sign_out()
    assert "You have signed out" in visible_text(response)
    assert open_sessions(person) == 0
    with client.session_transaction() as cookie:
        cookie.update(stolen)  # the old cookie, replayed
    assert client.get("/staff/cases").status_code == 302


def test_the_password_step_expires_after_ten_minutes(client, make, staff_login):
    person = make.staff()
    with time_machine.travel(NOON, tick=False) as clock:
        staff_login.submit_password(person.email)
        clock.shift(dt.timedelta(minutes=11))
        response = client.get("/staff/sign-in/code")
        assert response.headers["Location"].endswith("/staff/sign-in")


def setup_link(body: str) -> str:
    return re.search(r"(/staff/set-up/[\w-]+)", body).group(1)


def test_new_account_sets_itself_up_from_the_emailed_link(client, make, staff_login):
    from portal.services import staff_admin

    team = make.team()
    staff_admin.create_account(None, "Priya Shah", "Priya.Shah@Staff.example", None,
                               Role.CASEWORKER, team.id)
    email = db.session.scalars(select(DevOutboxMessage)).one()
    assert email.channel == "email" and email.to == "priya.shah@staff.example"
    link = setup_link(email.body)

    form = page(client.get(link))
    assert form.h1.text.strip() == "Choose your password"
    token = form.find("input", {"name": "csrf_token"})["value"]
    for weak, message in (("short", "at least 12 characters"),
                          ("qwerty123456", "most common passwords"),
                          ("priyashah2026!", "must not contain your name")):
        response = client.post(link, data={"password": weak, "confirm": weak, "csrf_token": token})
        assert response.status_code == 400
        assert message in page(response).find(id="password-error").text
    person = db.session.scalar(select(Caseworker).where(Caseworker.email == email.to))
    assert person.password_hash is None  # nothing saved

    response = client.post(link, data={"password": STAFF_PASSWORD, "confirm": STAFF_PASSWORD,
                                       "csrf_token": token})
    assert response.headers["Location"].endswith("/staff/sign-in/set-up-app")
    setup_page = page(client.get("/staff/sign-in/set-up-app"))
    qr = setup_page.find("img", class_="portal-qr-code")
    assert qr["src"].startswith("data:image/svg+xml") and qr["alt"]
    db.session.refresh(person)
    secret = person.totp_pending_secret
    assert setup_page.find(class_="portal-secret").text.replace(" ", "").strip() == secret
    token = setup_page.find("input", {"name": "csrf_token"})["value"]
    response = client.post("/staff/sign-in/set-up-app", data={
        "code": pyotp.TOTP(secret).now(), "csrf_token": token})
    codes = [c.text for c in page(response).select(".portal-recovery-codes code")]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", c)
                                    for c in codes)
    assert client.get("/staff/cases").status_code == 200
    # The link worked once.
    assert client.get(link).status_code == 404


def test_password_policy():
    assert len(common_passwords()) > 19000
    assert problem("a" * 11) is not None
    assert problem("1q2w3e4r5t6y") is not None  # on the list
    assert problem("aaaaaaaaaaaaaaa") is not None  # too few different characters
    assert problem("my caseupdates login") is not None  # the service's own name
    assert problem("blue kettle morning train") is None
    assert problem("orange ladder tuesday", email="ladder@x.example") is not None


def test_create_admin_makes_the_first_account_and_prints_its_set_up(app, make):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-admin", "--name", "Ada Admin", "--email",
                                 "Ada@Portal.example", "--password", STAFF_PASSWORD])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(Caseworker).where(Caseworker.email == "ada@portal.example"))
    assert admin.role == Role.ADMIN and admin.totp_secret and admin.team_id is None
    assert "Key:" in result.output and len(re.findall(r"\w{4}-\w{4}-\w{4}", result.output)) == 10
    again = runner.invoke(args=["create-admin", "--name", "A", "--email", "ada@portal.example",
                                "--password", STAFF_PASSWORD])
    assert again.exit_code != 0 and "already" in again.output
    weak = runner.invoke(args=["create-admin", "--name", "B", "--email", "b@portal.example",
                               "--password", "password"])
    assert weak.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(Caseworker)) == 1


def test_totp_code_prints_the_demo_code_in_development(app, make):
    person = make.staff(email="demo@staff.example")
    result = app.test_cli_runner().invoke(args=["totp-code", "demo@staff.example"])
    assert result.output.strip() == pyotp.TOTP(person.totp_secret).now()


def test_choose_password_refuses_a_common_one(app, make):
    person = make.caseworker()
    with pytest.raises(InvalidInput):
        staff_auth.choose_password(person, "password1234")


def test_sign_in_attempts_are_audited_without_secrets(client, make, staff_login):
    person = make.staff()
    staff_login.submit_password(person.email, "wrong password 1")
    staff_login.sign_in(person)
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert {"staff.password_refused", "staff.password_accepted", "staff.signed_in"} <= set(actions)
    for event in db.session.scalars(select(AuditEvent)):
        assert STAFF_PASSWORD not in str(event.detail)


def test_the_demo_caseworkers_can_sign_in(client, staff_login):
    from portal import demo

    demo.load()
    person = db.session.scalar(select(Caseworker).where(
        Caseworker.email == demo.DEMO_CASEWORKER_EMAIL))
    response = staff_login.submit_password(demo.DEMO_CASEWORKER_EMAIL,
                                           demo.DEMO_CASEWORKER_PASSWORD)
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    assert person.totp_secret == demo.DEMO_TOTP_SECRET
    staff_login.submit_code(staff_login.next_code(person))
    team = page(client.get("/staff/team"))
    assert "NS/24/0001" in team.text  # Jo's witness care unit holds the burglary case


def test_the_demo_area_lead_signs_in_and_compares_the_demo_teams(client, staff_login):
    from portal import demo

    demo.load()
    lead = db.session.scalar(select(Caseworker).where(
        Caseworker.email == demo.DEMO_AREA_LEAD_EMAIL))
    assert (lead.role, lead.team_id) == (Role.AREA_LEAD, None)
    response = staff_login.submit_password(demo.DEMO_AREA_LEAD_EMAIL,
                                           demo.DEMO_CASEWORKER_PASSWORD)
    assert response.headers["Location"].endswith("/staff/sign-in/code")
    staff_login.submit_code(staff_login.next_code(lead))
    assert client.get("/staff/").headers["Location"].endswith("/staff/area")
    both = visible_text(client.get("/staff/area"))
    assert "Northshire Witness Care Unit" in both and "Aberglas Investigations Team" in both
    assert "NS/24/0001" not in both and "Sam Taylor" not in both
    wales = visible_text(client.get("/staff/area?nation=wales"))
    assert "Dyfed Valleys Witness Care Unit" in wales
    assert "Northshire Witness Care Unit" not in wales
    assert client.get("/staff/team").status_code == 403


def test_a_password_alone_cannot_set_up_an_authenticator_app(client, make, staff_login):
    person = make.staff(totp_secret=None)  # chose a password from the link, then stopped
    response = staff_login.submit_password(person.email)
    assert response.status_code == 400
    assert "Ask an administrator for a new set-up link" in page(response).find(
        id="password-error").text
    response = client.get("/staff/sign-in/set-up-app")
    assert response.headers["Location"].endswith("/staff/sign-in")
    db.session.refresh(person)
    assert person.totp_pending_secret is None and open_sessions(person) == 0
