"""Messages that cannot wait for the delivery worker: sign-in codes and invitations.

With DEV_OUTBOX on (development with no provider configured) they go to the development outbox
page; otherwise straight to the provider. Never to a log.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from portal.extensions import db
from portal.models import DevOutboxMessage
from portal.models.enums import Channel


@dataclass(frozen=True)
class Message:
    channel: Channel
    to: str
    text: str
    subject: str | None = None
    html: str | None = None


class NoProviderConfigured(RuntimeError):
    pass


def send_immediately(message: Message) -> str:
    """Send now and return the provider's id for the message."""
    if current_app.config.get("DEV_OUTBOX"):
        row = DevOutboxMessage(channel=message.channel, to=message.to,
                               subject=message.subject, body=message.text)
        db.session.add(row)
        db.session.commit()
        return f"dev-{row.id}"
    from portal.channels import registry

    return registry.send(current_app.config, message)
