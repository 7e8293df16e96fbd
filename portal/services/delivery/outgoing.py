"""Messages that cannot wait for the delivery worker (sign-in codes and invitations), and the
development outbox that stands in for the providers when none is configured.

With DEV_OUTBOX on (development with no provider configured) messages go to the development
outbox page; otherwise straight to the provider. Never to a log.

A sign-in code goes with ``send_soon``: on a thread of this process, after the request that
asked for it has answered, so the answer takes the same time whether a code was sent or not
(inside the request a known address took 286 ms against 15 ms for an unknown one, with a
provider answering in 250 ms, which told anyone whether an address was registered).
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from flask import Flask, current_app
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
    from_name: str | None = None  # an email's display name, in the reader's language


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


log = logging.getLogger(__name__)

# Created on first use, so in each gunicorn worker after the fork, never before it.
_pool: ThreadPoolExecutor | None = None
_pending: set[Future] = set()
_lock = threading.Lock()


def send_soon(message: Message) -> None:
    """Send on a background thread of this process, outside the request. A failure is logged
    by kind (never the address or the text); the person can ask again."""
    global _pool
    app = current_app._get_current_object()
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="send-soon")
        future = _pool.submit(_send_in_context, app, message)
        _pending.add(future)
    future.add_done_callback(_forget)


def _send_in_context(app: Flask, message: Message) -> None:
    with app.app_context():
        try:
            send_immediately(message)
        except Exception as error:  # noqa: BLE001 - logged by kind, the person can ask again
            log.error("a %s message could not be sent: %s", message.channel.value,
                      type(error).__name__)
        finally:
            db.session.remove()


def _forget(future: Future) -> None:
    with _lock:
        _pending.discard(future)


def wait_for_sends(timeout: float = 10) -> None:
    """Wait until every message handed to ``send_soon`` has gone (tests, and a clean stop)."""
    with _lock:
        waiting = list(_pending)
    for future in waiting:
        future.result(timeout=timeout)


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
