"""Helpers for nominated supporters' tests: a victim invites someone (the real service, the
link read from the development outbox), and the supporter accepts and signs in with the code
sent to them, as a person would."""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import DevOutboxMessage, SupporterAccess
from portal.services import supporters
from portal.services.delivery.outgoing import wait_for_sends
from tests.conftest import VictimAuth, csrf_token

LINK = re.compile(r"/supporting/invitation/([A-Za-z0-9_-]+)")


def invite(victim, cases, permissions=("see_status",), contact="helper@example.org",
           name="Sam Helper") -> tuple[SupporterAccess, str]:
    """Invite through the service; returns the first access and the token from the message."""
    access = supporters.invite(victim, list(cases), name, contact, set(permissions))
    wait_for_sends()
    bodies = db.session.scalars(select(DevOutboxMessage.body).order_by(
        DevOutboxMessage.id.desc()))
    token = next(LINK.search(body).group(1) for body in bodies if LINK.search(body))
    return access, token


def accept_and_sign_in(client, token: str):
    """Open the invitation, continue, and enter the code sent: the supporter is signed in."""
    path = f"/supporting/invitation/{token}"
    response = client.post(path, data={"csrf_token": csrf_token(client, path)})
    assert response.status_code == 302, response.status_code
    codes = VictimAuth(client)
    response = codes.submit_code(codes.latest_code())
    assert response.status_code == 302 and response.headers["Location"].endswith("/supporting")
    return response
