"""Proving it is still you before changing how you get in.

A session left open on a shared phone must not be enough to change a victim's password, phone
number or email address (and so take the account over), nor a caseworker's recovery codes.
Before such a change the person proves who they are again in this session: a victim with a
fresh code sent to the address they already have, or their password if they set one; a
caseworker with a code from their authenticator app. The proof lasts FRESH_MINUTES. After the
change the person's other sessions end and the address that was in use is told.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app

from portal.extensions import db
from portal.models import Caseworker, SignInChallenge, Victim
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.delivery import channel_choice
from portal.services.delivery.compose import render_notice, render_sign_in_code
from portal.services.delivery.outgoing import send_soon
from portal.services.errors import CodeExpired, TooManyTries, WrongCode, WrongPassword
from portal.services.sign_in import sessions
from portal.services.sign_in.passwords import verify_password
from portal.services.sign_in.tokens import keyed_hash, new_code, new_token, same

FRESH_MINUTES = 10
PASSWORD_TRIES = "5 per 15 minutes"


def is_fresh(person: Victim | Caseworker, now: dt.datetime | None = None) -> bool:
    """Whether the person signed in, or proved who they are, within FRESH_MINUTES in the
    session they are using now."""
    row = getattr(person, "login_session", None)
    if row is None:
        return False
    since = row.confirmed_at or row.created_at
    return (now or utcnow()) - since <= dt.timedelta(minutes=FRESH_MINUTES)


def _confirmed(person: Victim | Caseworker, how: str) -> None:
    person.login_session.confirmed_at = utcnow()
    audit.record(person, "account.confirmed", how=how)
    db.session.commit()


# --- victims -----------------------------------------------------------------------------------

def code_route(victim: Victim) -> channel_choice.Route | None:
    """Where a confirmation code would go: the victim's own text or email, never elsewhere."""
    return channel_choice.one_off_route(victim)


def send_code(victim: Victim) -> str | None:
    """Send a confirmation code to the victim's current address; returns the challenge's token
    for their cookie, or None when no text or email reaches them (then only a password can
    confirm, or their case team). Codes to one address are limited as at sign-in."""
    route = code_route(victim)
    if route is None:
        return None
    subject = keyed_hash("subject", route.to)
    if attempts.take("code_sent", subject, current_app.config["CODE_SENDS_PER_ADDRESS"]):
        raise TooManyTries(attempts.wait("code_sent", subject,
                                         current_app.config["CODE_SENDS_PER_ADDRESS"]))
    token, code = new_token(), new_code()
    challenge = SignInChallenge(
        id=keyed_hash("challenge", token), victim=victim, subject_hash=subject,
        expires_at=utcnow() + dt.timedelta(minutes=current_app.config["CODE_VALID_MINUTES"]))
    challenge.code_hash = keyed_hash("code", challenge.id, code)
    db.session.add(challenge)
    audit.record(victim, "account.confirm_code_sent", channel=str(route.channel))
    db.session.commit()
    send_soon(render_sign_in_code(victim, route.channel, code).addressed_to(route.to))
    return token


def confirm_with_code(victim: Victim, token: str | None, code: str) -> None:
    """Accept a confirmation code sent by ``send_code`` to this victim. Raises CodeExpired,
    WrongCode or TooManyTries, with the same limits as signing in."""
    challenge = db.session.get(SignInChallenge, keyed_hash("challenge", token)) if token else None
    now = utcnow()
    if (challenge is None or challenge.victim_id != victim.id or challenge.used_at is not None
            or challenge.expires_at <= now):
        raise CodeExpired()
    rates = current_app.config["CODE_CHECKS_PER_ADDRESS"]
    wait = attempts.take("code_checked", challenge.subject_hash, rates)
    if wait:
        raise TooManyTries(wait)
    code = (code or "").strip().replace(" ", "")
    if not same(challenge.code_hash or "", keyed_hash("code", challenge.id, code)):
        audit.record(victim, "account.confirm_code_wrong")
        db.session.commit()
        left = attempts.left("code_checked", challenge.subject_hash, rates)
        if left <= 0:
            raise TooManyTries(attempts.wait("code_checked", challenge.subject_hash, rates))
        raise WrongCode(left)
    challenge.used_at = now
    _confirmed(victim, "code")


def confirm_with_password(victim: Victim, password: str) -> None:
    """Accept the victim's own password. Raises WrongPassword or TooManyTries."""
    wait = attempts.take("confirm_password", str(victim.id), PASSWORD_TRIES)
    if wait:
        raise TooManyTries(wait)
    if not victim.password_hash or not verify_password(victim.password_hash, password or ""):
        audit.record(victim, "account.confirm_password_wrong")
        db.session.commit()
        raise WrongPassword()
    _confirmed(victim, "password")


def after_change(victim: Victim, told: list[channel_choice.Route]) -> None:
    """After a victim changed their password or how we reach them: end their other sessions
    and tell each address in ``told`` (the ones in use before), in words that name nothing."""
    sessions.end_all_except(victim, victim.login_session, "account_changed")
    for route in told:
        send_soon(render_notice(victim, route.channel, "account_changed").addressed_to(route.to))


# --- caseworkers -------------------------------------------------------------------------------

def confirm_staff(caseworker: Caseworker, code: str) -> None:
    """Accept a code from the caseworker's authenticator app (each code once). Raises
    WrongCode or TooManyTries."""
    from portal.services.sign_in import staff_auth

    staff_auth.verify_totp(caseworker, code, action="staff.confirmed")
    caseworker.login_session.confirmed_at = utcnow()
    db.session.commit()
