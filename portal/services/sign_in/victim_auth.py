"""How victims get in: single-use invitations, one-time codes, and optional passwords."""
from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Case, Invitation, SignInChallenge, Supporter, Victim
from portal.models.enums import Channel
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.delivery import channel_choice
from portal.services.delivery.compose import render_invitation, render_sign_in_code
from portal.services.delivery.outgoing import send_immediately, send_soon
from portal.services.errors import (
    CodeExpired,
    InvalidInput,
    InvitationInvalid,
    NotConfirmed,
    TooManyTries,
    WrongCode,
    WrongPassword,
)
from portal.services.identifiers import parse_identifier
from portal.services.sign_in.password_policy import problem as password_problem
from portal.services.sign_in.passwords import hash_password, verify_password
from portal.services.sign_in.tokens import keyed_hash, new_code, new_token, same

# --- invitations -------------------------------------------------------------------------------

def create_invitation(victim: Victim, case: Case, created_by=None) -> str:
    """Make a single-use invitation and return its token (shown once, never stored)."""
    token = new_token()
    days = current_app.config["INVITATION_VALID_DAYS"]
    db.session.add(Invitation(
        token_hash=keyed_hash("invitation", token), victim=victim, case=case,
        created_by_id=getattr(created_by, "id", None),
        expires_at=utcnow() + dt.timedelta(days=days),
    ))
    audit.record(created_by, "invitation.created", case.id, victim_id=victim.id)
    db.session.commit()
    return token


def send_invitation(victim: Victim, token: str) -> None:
    """Send the invitation link by the victim's first usable channel, in their language.
    Raises InvitationInvalid when no text or email can reach them (see
    ``channel_choice.one_off_route``)."""
    route = _invitation_route(victim)
    send_immediately(render_invitation(victim, route.channel, token).addressed_to(route.to))


def find_invitation(token: str) -> Invitation:
    """The invitation for this token if it can still be used; raises InvitationInvalid."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == keyed_hash("invitation", token))
    )
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        raise InvitationInvalid()
    return invitation


def accept_invitation(token: str) -> SignInChallenge:
    """Use the invitation once: activate the victim and send them a sign-in code. An
    invitation whose victim no text or email can reach now is refused before it is used."""
    invitation = find_invitation(token)
    route = _invitation_route(invitation.victim)
    invitation.used_at = utcnow()
    victim = invitation.victim
    if victim.activated_at is None:
        victim.activated_at = invitation.used_at
    audit.record(victim, "invitation.accepted", invitation.case_id)
    db.session.commit()
    return _challenge(victim, keyed_hash("subject", route.to), route.channel, route.to)


def _invitation_route(victim: Victim) -> channel_choice.Route:
    route = channel_choice.one_off_route(victim)
    if route is None:  # no text or email reaches them: they cannot be invited online
        raise InvitationInvalid()
    return route


# --- one-time codes ----------------------------------------------------------------------------

def start_code_sign_in(identifier: str) -> SignInChallenge:
    """Begin signing in with a code sent to this address.

    Raises ValueError for something that is neither an email address nor a phone number.
    Answers the same, and in the same time, whatever the address: the code is sent after the
    request, by a thread (send_soon), and nothing is sent to an address the portal does not
    know, to a number that replied STOP or cannot take texts (the typed address decides the
    channel, nothing else), nor to an address already sent CODE_SENDS_PER_ADDRESS codes or
    with no code checks left.
    """
    channel, address = parse_identifier(identifier)
    subject = keyed_hash("subject", address)
    column = Victim.email if channel == "email" else Victim.phone
    victim = db.session.scalar(
        select(Victim).where(column == address, Victim.activated_at.is_not(None))
    )
    if victim is not None and channel_choice.one_off_route(victim, only=channel) is None:
        victim = None
    if too_many_codes(subject):
        if victim is not None:  # a code they could not use yet, or one too many
            audit.record(victim, "sign_in.code_not_sent", reason="too_many")
        victim = None
    return _challenge(victim, subject, Channel(channel), address)


def _challenge(person: Victim | Supporter | None, subject: str, channel: Channel,
               to: str) -> SignInChallenge:
    """A challenge for a victim or a nominated supporter (supporter_auth uses it too: the same
    code journey, the same limits), or for nobody; the code is sent after the request."""
    challenge_id = new_token()
    minutes = current_app.config["CODE_VALID_MINUTES"]
    challenge = SignInChallenge(
        id=keyed_hash("challenge", challenge_id), subject_hash=subject,
        expires_at=utcnow() + dt.timedelta(minutes=minutes),
    )
    if isinstance(person, Supporter):
        challenge.supporter = person
    else:
        challenge.victim = person
    code = None
    if person is not None:
        code = new_code()
        challenge.code_hash = keyed_hash("code", challenge.id, code)
    db.session.add(challenge)
    db.session.commit()
    if person is not None:
        send_soon(render_sign_in_code(person, channel, code).addressed_to(to))
    challenge.token = challenge_id  # for the caller's session; not stored
    return challenge


def too_many_codes(subject: str) -> bool:
    """Whether the address typed has no code checks left, or has been sent its share of codes
    (this takes one): the same limits for victims and supporters."""
    config = current_app.config
    return bool(attempts.wait("code_checked", subject, config["CODE_CHECKS_PER_ADDRESS"])
                or attempts.take("code_sent", subject, config["CODE_SENDS_PER_ADDRESS"]))


def verify_code(challenge_token: str | None, code: str) -> Victim | Supporter:
    """The victim (or the nominated supporter), when the code is right; the challenge is then
    spent.

    Raises CodeExpired (unknown, used or out of time), WrongCode (with tries left) or
    TooManyTries. Each check, right or wrong, first takes one of the address's tries
    (CODE_CHECKS_PER_ADDRESS) in one atomic step, so tries sent together cannot get past it.
    """
    challenge = (db.session.get(SignInChallenge, keyed_hash("challenge", challenge_token))
                 if challenge_token else None)
    now = utcnow()
    if challenge is None or challenge.used_at is not None or challenge.expires_at <= now:
        raise CodeExpired()
    rates = current_app.config["CODE_CHECKS_PER_ADDRESS"]
    wait = attempts.take("code_checked", challenge.subject_hash, rates)
    if wait:
        raise TooManyTries(wait)
    code = (code or "").strip().replace(" ", "")
    expected = challenge.code_hash
    if expected and same(expected, keyed_hash("code", challenge.id, code)):
        challenge.used_at = now
        person = challenge.victim or challenge.supporter
        audit.record(person, "sign_in.code")
        db.session.commit()
        return person
    # In SQL, not read-modify-write: tries arriving together each count.
    db.session.execute(update(SignInChallenge).where(SignInChallenge.id == challenge.id)
                       .values(failed_tries=SignInChallenge.failed_tries + 1))
    audit.record(challenge.victim or challenge.supporter, "sign_in.code_wrong")
    db.session.commit()
    tries_left = attempts.left("code_checked", challenge.subject_hash, rates)
    if tries_left <= 0:
        raise TooManyTries(attempts.wait("code_checked", challenge.subject_hash, rates))
    raise WrongCode(tries_left)


# --- passwords ---------------------------------------------------------------------------------

def sign_in_with_password(identifier: str, password: str, from_ip: str = "") -> Victim:
    """The victim, when the address and password match; the same failure otherwise. Each try
    is counted first, for this address from ``from_ip`` and for this address from anywhere.
    Raises TooManyTries past either limit."""
    channel, address = parse_identifier(identifier)
    subject = keyed_hash("subject", address)
    config = current_app.config
    wait = (attempts.take("password", keyed_hash("subject_ip", address, from_ip),
                          config["PASSWORD_TRIES_PER_ADDRESS_AND_IP"])
            or attempts.take("password_any_ip", subject, config["PASSWORD_TRIES_PER_ADDRESS"]))
    if wait:
        raise TooManyTries(wait)
    column = Victim.email if channel == "email" else Victim.phone
    victim = db.session.scalar(
        select(Victim).where(column == address, Victim.activated_at.is_not(None))
    )
    if verify_password(victim.password_hash if victim else None, password):
        audit.record(victim, "sign_in.password")
        db.session.commit()
        return victim
    audit.record(victim, "sign_in.password_wrong")
    db.session.commit()
    raise WrongPassword()


def set_password(victim: Victim, password: str) -> None:
    """Set or change the victim's password, having proved who they are in this session
    (reauth). Raises NotConfirmed, or InvalidInput for a password that is too short, too
    long, common or made of their own name or address. Their other sessions end and their
    address is told."""
    from portal.services.sign_in import reauth

    if not reauth.is_fresh(victim):
        raise NotConfirmed()
    problem = password_problem(password, victim.email, victim.full_name)
    if problem:
        raise InvalidInput("password", problem)
    victim.password_hash = hash_password(password)
    audit.record(victim, "password.set")
    db.session.commit()
    route = channel_choice.one_off_route(victim)
    reauth.after_change(victim, [route] if route else [])


def remove_password(victim: Victim) -> None:
    victim.password_hash = None
    audit.record(victim, "password.removed")
    db.session.commit()
