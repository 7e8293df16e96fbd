"""Notifications owed to victims about an update (the transactional outbox).

``notify_update`` adds the notifications to the caller's transaction: if the update commits,
its notifications exist; if it does not, neither do they.
"""
from __future__ import annotations

from portal.extensions import db
from portal.models import Notification, Update, Victim
from portal.models.enums import Channel
from portal.models.types import utcnow


def channel_order(victim: Victim) -> list[Channel]:
    """The victim's channels in their order, or SMS then email by what addresses we hold."""
    saved = victim.preference.channels if victim.preference else []
    if saved:
        return [Channel(name) for name in saved]
    return [c for c, address in ((Channel.SMS, victim.phone), (Channel.EMAIL, victim.email))
            if address]


def notify_update(update: Update, *, urgent: bool = False) -> list[Notification]:
    """One notification per victim on the update's case, on their first channel."""
    created = []
    for victim in update.case.victims:
        order = channel_order(victim)
        if not order:
            continue
        notification = Notification(victim=victim, case_id=update.case_id, update=update,
                                    kind="update", channel=order[0], urgent=urgent,
                                    not_before=utcnow())
        db.session.add(notification)
        created.append(notification)
    return created


def notify_message(message) -> list[Notification]:
    """Tell the victim their contact has answered. The notification says only that there is a
    new message: its words stay in the portal."""
    order = channel_order(message.victim)
    if not order:
        return []
    notification = Notification(victim=message.victim, case_id=message.case_id,
                                kind="message", channel=order[0], not_before=utcnow())
    db.session.add(notification)
    return [notification]
