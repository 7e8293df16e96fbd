"""How nominated supporters sign in: their own one-time codes, by the same journey and within
the same limits as a victim's (victim_auth's challenge, code check and attempts)."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import SignInChallenge, Supporter
from portal.models.enums import Channel
from portal.services import audit
from portal.services.delivery.channel_choice import can_text
from portal.services.identifiers import parse_identifier
from portal.services.sign_in.tokens import keyed_hash
from portal.services.sign_in.victim_auth import _challenge, too_many_codes


def route(supporter: Supporter, only: str | None = None,
          updates: bool = False) -> tuple[Channel, str] | None:
    """Where a code or invitation reaches the supporter: a text to a mobile, else an email;
    ``only`` the channel of the address they typed. None when nothing can. For ``updates``
    (services/supporter_updates.py), no text to a supporter who texted STOP."""
    choices = [Channel(only)] if only else [Channel.SMS, Channel.EMAIL]
    for channel in choices:
        if channel is Channel.SMS and updates and supporter.sms_opted_out:
            continue
        if channel is Channel.SMS and supporter.phone and can_text(supporter.phone):
            return channel, supporter.phone
        if channel is Channel.EMAIL and supporter.email:
            return channel, supporter.email
    return None


def start_code_sign_in(identifier: str) -> SignInChallenge:
    """Begin a supporter's sign-in with a code sent to this address: answers the same whatever
    the address (as victim_auth.start_code_sign_in). Raises ValueError for something that is
    neither an email address nor a phone number."""
    channel, address = parse_identifier(identifier)
    subject = keyed_hash("subject", address)
    column = Supporter.email if channel == "email" else Supporter.phone
    supporter = db.session.scalar(
        select(Supporter).where(column == address, Supporter.activated_at.is_not(None)))
    if supporter is not None and route(supporter, only=channel) is None:
        supporter = None
    if too_many_codes(subject):
        if supporter is not None:
            audit.record(supporter, "sign_in.code_not_sent", reason="too_many")
        supporter = None
    return _challenge(supporter, subject, Channel(channel), address)
