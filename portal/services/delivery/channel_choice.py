"""Which channel reaches a victim now: their order, STOP, a mobile for texts, an address
for each channel. One rule, used for updates, notices, invitations and sign-in codes."""
from __future__ import annotations

from dataclasses import dataclass

from portal.models import Victim
from portal.models.enums import Channel
from portal.services.identifiers import is_fictional, is_mobile

# What a message that cannot wait for the worker (an invitation, a sign-in code) can go by.
ONLINE = (Channel.SMS, Channel.EMAIL)


@dataclass(frozen=True)
class Route:
    """A channel that reaches the victim now, and the address to send to on it."""

    channel: Channel
    to: str


def channel_order(victim: Victim) -> list[Channel]:
    """The victim's channels in their order, or SMS then email by what addresses we hold."""
    saved = victim.preference.channels if victim.preference else []
    if saved:
        return [Channel(name) for name in saved]
    return [c for c, address in ((Channel.SMS, victim.phone), (Channel.EMAIL, victim.email))
            if address]


def can_text(number: str | None) -> bool:
    """Whether a number can take a text: a mobile (or one of Ofcom's drama mobiles)."""
    return bool(number) and (is_fictional(number) or is_mobile(number))


def blocked_reason(victim: Victim, channel: Channel | str) -> str | None:
    """Why nothing can reach the victim by this channel, whatever order they chose (a REASONS
    key): texts after STOP or to a number that is not a mobile, or no address. None when it
    can."""
    pref = victim.preference
    if channel == Channel.SMS:
        if pref is not None and pref.sms_opted_out:
            return "sms_opted_out"
        if not can_text(victim.phone):
            return "channel_unavailable"
    elif channel == Channel.EMAIL and not victim.email:
        return "channel_unavailable"
    elif channel == Channel.PHONE and not victim.phone:
        return "channel_unavailable"
    elif channel == Channel.LETTER and not (pref and pref.post_safe and pref.postal_address):
        return "channel_unavailable"
    return None


def unusable_reason(victim: Victim, channel: Channel | str) -> str | None:
    """Why this channel cannot carry the victim's news now (a REASONS key), or None when it
    can: it must reach them and be one they chose (or, for a victim who asked for no
    documents that need a computer, a letter)."""
    reason = blocked_reason(victim, channel)
    if (reason is None and channel not in channel_order(victim)
            and not (channel == Channel.LETTER and wants_paper(victim))):
        return "channel_unavailable"
    return reason


def wants_paper(victim: Victim) -> bool:
    """The victim asked for no documents that need a computer to read."""
    return bool(victim.preference and victim.preference.no_computer_documents)


def for_document(victim: Victim) -> Channel | None:
    """The channel for news that is a document (a decision letter): a letter for a victim who
    asked for no documents that need a computer, when post is safe and we have their address;
    otherwise their usual channel."""
    if wants_paper(victim) and blocked_reason(victim, Channel.LETTER) is None:
        return Channel.LETTER
    return next_channel(victim)


def next_channel(victim: Victim, after: Channel | str | None = None) -> Channel | None:
    """The first usable channel in the victim's order, after ``after`` when given."""
    order = channel_order(victim)
    if after is not None and after in order:
        order = order[order.index(Channel(after)) + 1:]
    for channel in order:
        if unusable_reason(victim, channel) is None:
            return channel
    return None


def one_off_route(victim: Victim, only: Channel | str | None = None) -> Route | None:
    """Where a message that cannot wait for the worker reaches the victim now: a text or an
    email, never a call or a letter. None when nothing can.

    An invitation (and the code that follows accepting one) goes by the first of texts and
    emails in the victim's order, then the other: it is how they get in at all, so it goes to
    an address we hold even when their order lists only calls or letters. A sign-in code goes
    by ``only`` the channel of the address the person typed. Either way, never a text after
    STOP or to a number that is not a mobile, and never to an address we do not hold.
    """
    if only is not None:
        candidates = [Channel(only)] if only in ONLINE else []
    else:
        candidates = [c for c in channel_order(victim) if c in ONLINE] + list(ONLINE)
    for channel in candidates:
        if blocked_reason(victim, channel) is None:
            return Route(channel, victim.phone if channel is Channel.SMS else victim.email)
    return None
