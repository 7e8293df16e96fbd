"""Nominated supporters tried as an attacker would (issue 15): a supporter sees only what the
victim allows, on the victim's case only; every refusal is a 404 and audited; removing them or
closing the case ends it within one request; their codes have a victim's limits."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, CaseEvent, DevOutboxMessage, SupporterAccess
from portal.models.enums import Stage, UpdateEvent
from portal.services import supporter_updates, supporters
from portal.services.delivery.outgoing import wait_for_sends
from tests.conftest import csrf_token, visible_text
from tests.supporter_helpers import accept_and_sign_in, invite


@pytest.fixture
def status_only(client, make):
    """Gwen (discreet) asked Sam to see the status of her case; Sam is signed in."""
    gwen = make.victim(name="Gwen Jones")
    make.preferences(gwen, discreet=True)
    case = make.case(victims=[gwen])
    make.update(case)
    access, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    return gwen, case, access


def _refusals() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_kind == "supporter"))


@pytest.mark.parametrize("path", [
    "/cases/{case}", "/cases/{case}/messages", "/cases/{case}/statement",
    "/cases/{case}/dates-to-avoid", "/cases/{case}/court-help", "/preferences",
    "/account", "/account/messages", "/account/your-information",
    "/account/your-information.json", "/account/supporters", "/supporting/cases/{access}/write",
])
def test_status_only_gets_404_on_everything_else_audited(client, status_only, path):
    _, case, access = status_only
    before = _refusals()
    response = client.get(path.format(case=case.id, access=access.id))
    assert response.status_code == 404
    assert "Page not found" in visible_text(response)
    assert _refusals() == before + 1


def test_writing_is_refused_without_the_permission(client, status_only):
    _, _, access = status_only
    path = f"/supporting/cases/{access.id}/write"
    response = client.post(path, data={"body": "Let me in", "csrf_token": csrf_token(
        client, "/supporting")})
    assert response.status_code == 404


def test_a_discreet_victims_supporter_sees_nothing_of_discreet_mode(client, status_only):
    gwen, _, access = status_only
    text = visible_text(client.get(f"/supporting/cases/{access.id}"))
    assert "discreet" not in text.lower()
    for private in (gwen.email, gwen.phone, "Gwen Jones"):
        assert private not in text


def test_a_supporter_cannot_see_another_victims_case(client, make, status_only):
    other = make.victim(name="Rhys Evans")
    their_case = make.case(victims=[other])
    theirs, _ = invite(other, [their_case], contact="someone@example.org")
    before = _refusals()
    assert client.get(f"/supporting/cases/{theirs.id}").status_code == 404
    assert client.get("/supporting/cases/999999").status_code == 404
    assert _refusals() == before + 2
    assert "Rhys" not in visible_text(client.get("/supporting"))


def test_removing_a_supporter_ends_their_session_within_one_request(client, status_only):
    gwen, _, access = status_only
    assert client.get(f"/supporting/cases/{access.id}").status_code == 200
    supporters.remove(gwen, db.session.get(SupporterAccess, access.id))
    response = client.get("/supporting")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/supporting/sign-in")


def test_access_ends_when_the_case_closes(client, status_only):
    _, case, access = status_only
    case.stage = Stage.CLOSED
    db.session.add(CaseEvent(case=case, kind="stage", stage=Stage.CLOSED))
    db.session.commit()
    assert client.get(f"/supporting/cases/{access.id}").status_code == 404
    db.session.expire_all()
    assert db.session.get(SupporterAccess, access.id).ended_reason == "case_closed"


def test_an_invitation_to_someone_else_is_not_an_invitation_to_the_victims_cases(
        client, make):
    """The token belongs to the cases invited together: nobody else's, and used once."""
    gwen = make.victim()
    case = make.case(victims=[gwen])
    access, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    path = f"/supporting/invitation/{token}"
    assert client.post(path, data={"csrf_token": csrf_token(client, "/supporting")}
                       ).status_code == 404


def test_a_supporters_codes_have_a_victims_limits(client, make):
    gwen = make.victim()
    case = make.case(victims=[gwen])
    _, token = invite(gwen, [case])
    accept_and_sign_in(client, token)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/supporting")})
    wait_for_sends()
    before = db.session.scalar(select(func.count()).select_from(DevOutboxMessage))
    answers = [client.post("/supporting/sign-in", data={
        "identifier": "helper@example.org",
        "csrf_token": csrf_token(client, "/supporting/sign-in")}).status_code
        for _ in range(6)]
    wait_for_sends()
    sent = db.session.scalar(select(func.count()).select_from(DevOutboxMessage)) - before
    assert answers == [302] * 6
    assert sent == 3  # CODE_SENDS_PER_ADDRESS: three in 15 minutes, as for a victim


def test_an_unknown_address_answers_the_same(client, make):
    response = client.post("/supporting/sign-in", data={
        "identifier": "nobody@example.org",
        "csrf_token": csrf_token(client, "/supporting/sign-in")})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/sign-in/code")


def _updates_sent_to(address: str) -> list[str]:
    supporter_updates.send_due()
    wait_for_sends()
    return list(db.session.scalars(select(DevOutboxMessage.body).where(
        DevOutboxMessage.to == address).order_by(DevOutboxMessage.id)))


def test_a_supporter_who_may_receive_updates_gets_the_headline_in_their_language(client,
                                                                                make):
    gwen = make.victim(name="Gwen Jones")
    make.preferences(gwen)
    case = make.case(victims=[gwen])
    access, token = invite(gwen, [case], permissions=("see_status", "receive_updates"),
                           contact="07700 900888")
    accept_and_sign_in(client, token)
    before = len(_updates_sent_to("+447700900888"))
    make.update(case, UpdateEvent.CHARGED, text="Gwen's attacker was charged at 3 Oak Road.")
    sent = _updates_sent_to("+447700900888")[before:]
    assert len(sent) == 1
    assert "News about the case you help Gwen with" in sent[0]
    assert "3 Oak Road" not in sent[0]  # headlines only: never the caseworker's words
    assert "/supporting/sign-in" in sent[0]
    assert _updates_sent_to("+447700900888")[before:] == sent  # sent once


def test_a_discreet_victims_supporter_gets_discreet_messages(client, status_only, make):
    gwen, case, access = status_only  # Gwen asked for discreet messages
    supporters.change(gwen, db.session.get(SupporterAccess, access.id),
                      {"see_status", "receive_updates"})
    before = len(_updates_sent_to("helper@example.org"))
    make.update(case, UpdateEvent.CHARGED)
    sent = _updates_sent_to("helper@example.org")[before:]
    assert len(sent) == 1
    assert sent[0].startswith("You have a new message. Sign in to read it:")
    assert "Gwen" not in sent[0] and "charged" not in sent[0].lower()


def test_no_updates_without_the_permission_or_after_removal(client, make):
    gwen = make.victim()
    make.preferences(gwen)
    case = make.case(victims=[gwen])
    access, token = invite(gwen, [case], permissions=("see_status", "receive_updates"))
    accept_and_sign_in(client, token)
    before = len(_updates_sent_to("helper@example.org"))
    make.update(case)  # posted while they may receive it...
    supporters.remove(gwen, db.session.get(SupporterAccess, access.id))  # ...removed before
    assert _updates_sent_to("helper@example.org")[before:] == []  # the worker sends it
    supporters_only = invite(gwen, [case], contact="status@example.org")
    assert supporters_only
    make.update(case)
    assert _updates_sent_to("status@example.org")[1:] == []  # the invitation only
