"""Invitations: single use, expiring, and harmless to open."""
from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, DevOutboxMessage, Invitation, Victim
from portal.services.sign_in import victim_auth as victim_auth_service
from tests.conftest import csrf_token, page


def invite(make, **victim_values):
    victim = make.victim(active=False, **victim_values)
    case = make.case(victims=[victim])
    token = victim_auth_service.create_invitation(victim, case)
    return victim, case, token


def test_opening_an_invitation_changes_nothing(client, make):
    victim, _, token = invite(make)
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 200
    assert "invited to see your case" in page(response).h1.text
    assert db.session.scalars(select(Invitation)).one().used_at is None
    assert db.session.get(Victim, victim.id).activated_at is None


def test_accepting_an_invitation_sends_a_code_and_signs_in(client, make, victim_auth):
    victim, case, token = invite(make)
    response = client.post(f"/invitation/{token}",
                           data={"csrf_token": csrf_token(client, f"/invitation/{token}")})
    assert response.status_code == 302 and response.headers["Location"].endswith("/sign-in/code")
    message = db.session.scalars(select(DevOutboxMessage)).one()
    assert message.to == victim.phone  # SMS first when there is no saved order
    assert victim_auth.submit_code(victim_auth.latest_code()).status_code == 302
    # The first sign-in asks how to contact them before the case is shown.
    assert client.get(f"/cases/{case.id}").headers["Location"].endswith("/preferences")
    make.preferences(victim)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert db.session.get(Victim, victim.id).activated_at is not None
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"invitation.created", "invitation.accepted", "sign_in.code"} <= actions


def test_an_invitation_works_once(client, make):
    _, _, token = invite(make)
    token_field = csrf_token(client, f"/invitation/{token}")
    assert client.post(f"/invitation/{token}", data={"csrf_token": token_field}).status_code == 302
    again = client.get(f"/invitation/{token}")
    assert again.status_code == 404
    assert "Page not found" in page(again).h1.text
    assert client.post(f"/invitation/{token}", data={"csrf_token": token_field}).status_code == 404


def test_an_expired_invitation_is_refused(client, make):
    _, _, token = invite(make)
    with time_machine.travel(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=15)):
        response = client.get(f"/invitation/{token}")
    assert response.status_code == 404
    assert "may have expired" in page(response).get_text()


def test_an_unknown_invitation_is_refused(client):
    response = client.get("/invitation/not-a-real-token")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


def test_invitation_message_is_in_the_victims_language_and_discreet(app, make):
    from portal.services.sign_in.victim_auth import send_invitation

    victim, _, token = invite(make, language="en")
    with app.test_request_context():
        send_invitation(victim, token)
    message = db.session.scalars(select(DevOutboxMessage)).one()
    assert f"/invitation/{token}" in message.body
    for detail in ("burglary", "police", "court", victim.full_name.split()[0].lower()):
        assert detail not in message.body.lower()


# --- which channel an invitation goes by (services/delivery/channel_choice.one_off_route) ----

def sent() -> list[DevOutboxMessage]:
    return list(db.session.scalars(select(DevOutboxMessage).order_by(DevOutboxMessage.id)))


def test_an_invitation_to_a_victim_who_replied_stop_goes_by_email(app, make):
    victim, _, token = invite(make)
    make.preferences(victim, channels=["sms", "email"], sms_opted_out=True)
    with app.test_request_context():
        victim_auth_service.send_invitation(victim, token)
    assert [(m.channel, m.to) for m in sent()] == [("email", victim.email)]
    assert sent()[0].subject == "You can now see updates online"


def test_an_invitation_to_a_landline_goes_by_email(app, make):
    victim, _, token = invite(make, phone="+442079460000")
    with app.test_request_context():
        victim_auth_service.send_invitation(victim, token)
    assert [(m.channel, m.to) for m in sent()] == [("email", victim.email)]


def test_an_invitation_goes_to_an_address_held_even_if_the_order_lists_only_letters(app, make):
    victim, _, token = invite(make)
    make.preferences(victim, channels=["letter", "email"], postal_address="1 High St")
    with app.test_request_context():
        victim_auth_service.send_invitation(victim, token)
    assert [(m.channel, m.to) for m in sent()] == [("email", victim.email)]


def test_an_invitation_no_text_or_email_can_carry_is_refused(app, make):
    import pytest

    from portal.services.errors import InvitationInvalid

    landline_only, _, token = invite(make, phone="+442079460000", email=None)
    stopped, _, stopped_token = invite(make, email=None)
    make.preferences(stopped, channels=["sms"], sms_opted_out=True)
    with app.test_request_context():
        with pytest.raises(InvitationInvalid):
            victim_auth_service.send_invitation(landline_only, token)
        with pytest.raises(InvitationInvalid):
            victim_auth_service.send_invitation(stopped, stopped_token)
    assert sent() == []


def test_accepting_sends_the_code_by_the_same_rule(client, make):
    victim, _, token = invite(make)
    make.preferences(victim, channels=["sms", "email"], sms_opted_out=True)
    response = client.post(f"/invitation/{token}",
                           data={"csrf_token": csrf_token(client, f"/invitation/{token}")})
    assert response.status_code == 302
    assert [(m.channel, m.to) for m in sent()] == [("email", victim.email)]


def test_an_invitation_nothing_can_carry_the_code_for_is_refused_unused(client, make):
    victim, _, token = invite(make, email=None)
    make.preferences(victim, channels=["sms"], sms_opted_out=True)
    response = client.post(f"/invitation/{token}",
                           data={"csrf_token": csrf_token(client, f"/invitation/{token}")})
    assert response.status_code == 404 and sent() == []
    assert db.session.scalars(select(Invitation)).one().used_at is None
    assert db.session.get(Victim, victim.id).activated_at is None
