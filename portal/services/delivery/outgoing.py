"""Messages that cannot wait for the delivery worker (sign-in codes and invitations), and the
development outbox that stands in for the providers when none is configured.

With DEV_OUTBOX on (development with no provider configured) messages go to the development
outbox page; otherwise straight to the provider. Never to a log.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from portal.channels.sms import Receipt
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


class DevOutbox:
    """A stand-in for the providers: keeps each message for the development outbox page.
    Has the same ``send``/``close`` shape as ``portal.channels.registry.Senders``."""

    def send(self, message: Message) -> Receipt:
        row = DevOutboxMessage(channel=message.channel, to=message.to,
                               subject=message.subject, body=message.text)
        db.session.add(row)
        db.session.commit()
        return Receipt(f"dev-{row.id}", "sent")

    def close(self) -> None:
        """Nothing to close."""

    def __enter__(self) -> DevOutbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def senders():
    """What the worker sends through: the development outbox when DEV_OUTBOX is on, the
    providers otherwise."""
    if current_app.config.get("DEV_OUTBOX"):
        return DevOutbox()
    from portal.channels.registry import Senders

    return Senders(current_app.config)


def send_immediately(message: Message) -> str:
    """Send now and return the provider's id for the message."""
    if current_app.config.get("DEV_OUTBOX"):
        return DevOutbox().send(message).provider_id
    from portal.channels import registry

    return registry.send(current_app.config, message)


def dev_outbox_messages(limit: int = 50) -> list[DevOutboxMessage]:
    """The latest messages the development outbox kept, newest first."""
    return list(db.session.scalars(
        select(DevOutboxMessage).order_by(DevOutboxMessage.id.desc()).limit(limit)))
