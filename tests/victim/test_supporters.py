"""Nominated supporters (issue 15): the victim invites someone, chooses what they may do, sees
when they last looked, changes it and ends it; the supporter signs in with their own codes."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CaseMessage, DevOutboxMessage, SupporterAccess
from portal.services import supporters
from portal.services.delivery.outgoing import wait_for_sends
from portal.services.errors import LimitReached
from tests.conftest import VictimAuth, csrf_token, page, visible_text
from tests.supporter_helpers import accept_and_sign_in, invite


def _form(client, path, **values):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **values})


def test_a_victim_invites_a_supporter_after_checking(client, make, victim_auth):
    gwen = make.victim(name="Gwen Jones")
    case = make.case(victims=[gwen])
    victim_auth.sign_in(gwen)
    response = client.post("/account/supporters/invite", data={
        "csrf_token": csrf_token(client, "/account/supporters/invite"),
        "name": "Sam Helper", "contact": "07700 900777", "cases": [str(case.id)],
        "permissions": ["see_status", "write_to_caseworker"]})
    assert response.headers["Location"].endswith("/account/supporters/check")
    check = client.get("/account/supporters/check")
    assert "Sam Helper" in visible_text(check) and "07700 900777" in visible_text(check)
    assert db.session.scalar(select(SupporterAccess)) is None  # nothing yet: check first
    response = _form(client, "/account/supporters/check")
    assert response.headers["Location"].endswith("/account/supporters")
    wait_for_sends()
    sent = {m.to: m.body for m in db.session.scalars(select(DevOutboxMessage))}
    assert "/supporting/invitation/" in sent["+447700900777"]
    assert "Gwen asked you" in sent["+447700900777"]
    assert "follow your case" in sent[gwen.phone]  # the victim is told, naming nobody
    listing = visible_text(client.get("/account/supporters"))
    assert "Sam Helper" in listing and "They have not said yes yet" in listing


def test_an_invitation_needs_a_permission_and_a_real_address(client, make, victim_auth):
    gwen = make.victim()
    case = make.case(victims=[gwen])
    victim_auth.sign_in(gwen)
    response = client.post("/account/supporters/invite", data={
        "csrf_token": csrf_token(client, "/account/supporters/invite"),
        "name": "Sam", "contact": "not an address", "cases": [str(case.id)]})
    assert response.status_code == 400
    errors = visible_text(response)
    assert "Choose what they can do" in errors
    assert "Enter an email or a mobile number we can send the link to" in errors


def test_the_victim_cannot_invite_their_own_address(client, make, victim_auth):
    gwen = make.victim()
    case = make.case(victims=[gwen])
    victim_auth.sign_in(gwen)
    client.post("/account/supporters/invite", data={
        "csrf_token": csrf_token(client, "/account/supporters/invite"),
        "name": "Me again", "contact": gwen.email, "cases": [str(case.id)],
        "permissions": ["see_status"]})
    response = _form(client, "/account/supporters/check")
    assert response.status_code == 400
    assert "We cannot invite this person" in visible_text(response)
    assert db.session.scalar(select(SupporterAccess)) is None


def test_the_supporter_signs_in_and_sees_only_the_status(client, make):
    gwen = make.victim(name="Gwen Jones")
    case = make.case(victims=[gwen])
    make.update(case)
    access, token = invite(gwen, [case])
    # Opening the link changes nothing (a mail scanner cannot use it up).
    assert client.get(f"/supporting/invitation/{token}").status_code == 200
    accept_and_sign_in(client, token)
    listing = client.get("/supporting")
    assert "Helping Gwen" in visible_text(listing)
    response = client.get(f"/supporting/cases/{access.id}")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Where the case is" in text and "Latest news" in text
    assert gwen.email not in text and "discreet" not in text.lower()
    # Writing needs its own permission.
    assert client.get(f"/supporting/cases/{access.id}/write").status_code == 404


def test_each_look_is_audited_and_shown_to_the_victim(client, make, app, victim_auth):
    gwen = make.victim(name="Gwen Jones")
    case = make.case(victims=[gwen])
    access, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    client.get(f"/supporting/cases/{access.id}")
    looks = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "supporter.viewed")).all()
    assert [(e.actor_kind, e.case_id) for e in looks] == [("supporter", case.id)]
    db.session.expire_all()
    assert db.session.get(SupporterAccess, access.id).last_seen_at is not None
    victims_client = app.test_client()
    VictimAuth(victims_client).sign_in(gwen)
    listing = visible_text(victims_client.get("/account/supporters"))
    assert "Sam Helper" in listing and "Not yet" not in listing


def test_the_victim_widens_then_removes_access(client, make, app):
    gwen = make.victim(name="Gwen Jones")
    case = make.case(victims=[gwen])
    access, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    assert client.get(f"/supporting/cases/{access.id}/write").status_code == 404
    victims_client = app.test_client()
    VictimAuth(victims_client).sign_in(gwen)
    token_field = csrf_token(victims_client, "/account/supporters")
    response = victims_client.post(f"/account/supporters/{access.id}", data={
        f"s{access.id}-csrf_token": token_field, "csrf_token": token_field,
        f"s{access.id}-permissions": ["see_status", "write_to_caseworker"]})
    assert response.status_code == 302
    # The supporter can write now: shown to the team as from them for Gwen.
    path = f"/supporting/cases/{access.id}/write"
    assert _form(client, path, body="Gwen asked me to say she can come on Monday."
                 ).status_code == 302
    message = db.session.scalars(select(CaseMessage)).one()
    assert message.victim_id == gwen.id and message.supporter.full_name == "Sam Helper"
    response = victims_client.post(f"/account/supporters/{access.id}/remove", data={
        "csrf_token": csrf_token(victims_client, "/account/supporters")})
    assert response.status_code == 302
    after = visible_text(victims_client.get("/account/supporters"))
    assert "Sam Helper can no longer follow this case" in after
    assert "Nobody else can see your case" in after
    # Their next request finds them signed out.
    response = client.get(f"/supporting/cases/{access.id}")
    assert response.status_code == 302 and "/supporting/sign-in" in response.headers["Location"]


def test_an_invitation_works_once_and_expires(client, make):
    gwen = make.victim()
    case = make.case(victims=[gwen])
    _, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    assert client.get(f"/supporting/invitation/{token}").status_code == 404
    _, later = invite(gwen, [case], contact="other@example.org")
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=8)):
        assert client.get(f"/supporting/invitation/{later}").status_code == 404
    assert "Page not found" in page(client.get(f"/supporting/invitation/{later}x")).h1.text


def test_the_case_team_sees_who_supports_each_victim_and_who_wrote(client, make, app,
                                                                   staff_login):
    gwen = make.victim(name="Gwen Jones")
    worker = make.staff()
    case = make.case(victims=[gwen], team=worker.team)
    access, token = invite(gwen, [case], permissions=("see_status", "write_to_caseworker"))
    accept_and_sign_in(client, token)
    path = f"/supporting/cases/{access.id}/write"
    assert _form(client, path, body="Gwen is away next week.").status_code == 302
    team = app.test_client()
    from tests.conftest import CaseworkerAuth

    CaseworkerAuth(team).sign_in_quickly(worker)
    case_page = team.get(f"/staff/cases/{case.id}")
    text = visible_text(case_page)
    assert "Supporters the victims chose" in text
    row = page(case_page).find(id="supporters-heading").find_next("table").get_text(" ")
    assert "Sam Helper" in row and "Gwen Jones" in row and "Write to the team" in row
    assert "Be sent the updates" not in row
    thread = visible_text(team.get(f"/staff/cases/{case.id}/messages/{gwen.id}"))
    assert "Sam Helper, on behalf of Gwen Jones" in thread


def test_the_victims_information_names_the_supporters_looks_as_theirs(client, make, app):
    gwen = make.victim(name="Gwen Jones")
    case = make.case(victims=[gwen])
    access, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    client.get(f"/supporting/cases/{access.id}")
    victims_client = app.test_client()
    VictimAuth(victims_client).sign_in(gwen)
    text = visible_text(victims_client.get("/account/your-information"))
    assert "Someone you asked to help you" in text
    assert "Sam Helper" in text  # the supporters section


def test_a_victim_may_send_only_so_many_invitations_a_day(client, make, app):
    gwen = make.victim()
    case = make.case(victims=[gwen])
    for n in range(5):
        invite(gwen, [case], contact=f"helper{n}@example.org")
    with pytest.raises(LimitReached):
        supporters.invite(gwen, [case], "One more", "more@example.org", {"see_status"})


def test_the_team_manager_sees_a_supporters_look_by_name(client, make, app, staff_login):
    from portal.models.enums import Role
    from tests.conftest import CaseworkerAuth

    gwen = make.victim(name="Gwen Jones")
    team = make.team()
    manager = make.staff(team=team, role=Role.MANAGER)
    case = make.case(victims=[gwen], team=team)
    access, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    client.get(f"/supporting/cases/{access.id}")
    console = app.test_client()
    CaseworkerAuth(console).sign_in_quickly(manager)
    text = visible_text(console.get(f"/staff/cases/{case.id}/access-log"))
    assert "Sam Helper (a victim's supporter)" in text
    assert "as a victim's supporter" in text
