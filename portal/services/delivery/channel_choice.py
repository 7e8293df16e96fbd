"""Which channel reaches a victim now: their order, STOP, a mobile for texts, an address
for each channel. One rule, used for updates, notices, invitations and sign-in codes."""
from __future__ import annotations

from portal.models import Victim
from portal.models.enums import Channel
from portal.services.identifiers import is_fictional, is_mobile


def channel_order(victim: Victim) -> list[Channel]:
    """The victim's channels in their order, or SMS then email by what addresses we hold."""
    saved = victim.preference.channels if victim.preference else []
    if saved:
        return [Channel(name) for name in saved]
    return [c for c, address in ((Channel.SMS, victim.phone), (Channel.EMAIL, victim.email))
            if address]


def unusable_reason(victim: Victim, channel: Channel | str) -> str | None:
    """Why this channel cannot reach the victim now (a REASONS key), or None when it can."""
    pref = victim.preference
    if channel == Channel.SMS:
        if pref is not None and pref.sms_opted_out:
            return "sms_opted_out"
        if not victim.phone or not (is_fictional(victim.phone) or is_mobile(victim.phone)):
            return "channel_unavailable"
    elif channel == Channel.EMAIL and not victim.email:
        return "channel_unavailable"
    elif channel == Channel.PHONE and not victim.phone:
        return "channel_unavailable"
    elif channel == Channel.LETTER and not (pref and pref.post_safe and pref.postal_address):
        return "channel_unavailable"
    if channel not in channel_order(victim):
        return "channel_unavailable"
    return None


def next_channel(victim: Victim, after: Channel | str | None = None) -> Channel | None:
    """The first usable channel in the victim's order, after ``after`` when given."""
    order = channel_order(victim)
    if after is not None and after in order:
        order = order[order.index(Channel(after)) + 1:]
    for channel in order:
        if unusable_reason(victim, channel) is None:
            return channel
    return None
