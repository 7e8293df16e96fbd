"""A case team adds a professional advocate (IDVA, ISVA) as a victim's supporter, only with
the victim's recorded consent (issue 15): refused without it, nothing saved; with it the
advocate is invited as a victim's supporter is, the victim is told and sees that their case
team added them, and can end it at once; another team's case is 404."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, DevOutboxMessage, Supporter, SupporterAccess
from portal.services.delivery.outgoing import wait_for_sends
from tests.conftest import VictimAuth, csrf_token, page, visible_text

AGREED_ON = ["2", "12", "2026"]


@pytest.fixture
def team_case(make, staff_login):
    """Gwen's case, and a caseworker of its team signed in to the console."""
    worker = make.staff(name="Sam Okafor")
    gwen = make.victim(name="Gwen Jones")
    make.preferences(gwen)
    case = make.case(victims=[gwen], team=worker.team)
    staff_login.sign_in_quickly(worker)
    return worker, gwen, case


def _add(client, case, victim, **values):
    path = f"/staff/cases/{case.id}/advocates/new"
    data = {"victim": str(victim.id), "name": "Alex Idva", "organisation": "Safe Steps IDVA",
            "contact": "alex@safesteps.example", "permissions": ["see_status",
                                                                  "write_to_caseworker"],
            "agreed": "y", "how": "by_phone", "on": AGREED_ON, **values}
    return client.post(path, data={k: v for k, v in data.items() if v is not None}
                       | {"csrf_token": csrf_token(client, path)})


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_without_the_victims_consent_it_is_refused_and_nothing_saved(client, team_case):
    _, gwen, case = team_case
    response = _add(client, case, gwen, agreed=None)
    assert response.status_code == 400
    assert "You can add an advocate only if the victim agreed" in visible_text(response)
    wait_for_sends()
    assert _count(SupporterAccess) == 0 and _count(Supporter) == 0
    assert db.session.scalar(select(DevOutboxMessage).where(
        DevOutboxMessage.to == "alex@safesteps.example")) is None


@pytest.mark.parametrize("values, message", [
    ({"how": None}, "Choose how the victim agreed"),
    ({"on": None}, "Enter the date the victim agreed, today or earlier"),
    ({"on": ["1", "1", "2099"]}, "Enter the date the victim agreed, today or earlier"),
])
def test_the_consent_must_say_how_and_when(client, team_case, values, message):
    _, gwen, case = team_case
    response = _add(client, case, gwen, **values)
    assert response.status_code == 400 and message in visible_text(response)
    assert _count(SupporterAccess) == 0


def test_with_consent_the_advocate_is_invited_and_the_victim_sees_it_and_can_end_it(
        app, client, team_case):
    worker, gwen, case = team_case
    assert "Add an advocate" in visible_text(client.get(f"/staff/cases/{case.id}"))
    response = _add(client, case, gwen)
    assert response.status_code == 302
    wait_for_sends()
    sent = {m.to: m.body for m in db.session.scalars(select(DevOutboxMessage))}
    assert "/supporting/invitation/" in sent["alex@safesteps.example"]
    assert "follow your case" in sent[gwen.phone]  # the victim is told, naming nobody
    access = db.session.scalar(select(SupporterAccess))
    assert (access.added_by_id, access.consent_how, access.consent_on) == (
        worker.id, "by_phone", dt.date(2026, 12, 2))
    assert access.permissions == ["see_status", "write_to_caseworker"]
    audit = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "supporter.added_by_team"))
    assert audit.actor_id == worker.id and audit.case_id == case.id
    assert "alex" not in str(audit.detail).lower()  # no address in the audit

    victim_client = app.test_client()
    VictimAuth(victim_client).sign_in(gwen)
    listing = visible_text(victim_client.get("/account/supporters"))
    assert "Alex Idva" in listing
    assert "Added by your case team." in listing and "Safe Steps IDVA" in listing
    assert "You agreed on" in listing
    path = f"/account/supporters/{access.id}/remove"
    assert page(victim_client.get("/account/supporters")).find("form", action=path)
    response = victim_client.post(path, data={
        "csrf_token": csrf_token(victim_client, "/account/supporters")})
    assert response.status_code == 302
    assert db.session.get(SupporterAccess, access.id).ended_at is not None
    after = visible_text(victim_client.get("/account/supporters"))
    assert "Alex Idva can no longer follow this case" in after
    assert "Nobody else can see your case" in after


def test_another_teams_case_is_not_found(client, make, team_case):
    _, gwen, _ = team_case
    other = make.case(victims=[make.victim()])
    path = f"/staff/cases/{other.id}/advocates/new"
    assert client.get(path).status_code == 404
    response = _add(client, other, other.victims[0])
    assert response.status_code == 404
    assert _count(SupporterAccess) == 0


def test_a_victim_not_on_the_case_is_not_found(client, make, team_case):
    _, _, case = team_case
    stranger = make.victim()
    assert _add(client, case, stranger).status_code in (400, 404)
    assert _count(SupporterAccess) == 0
