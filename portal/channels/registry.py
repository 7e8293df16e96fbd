"""Picks the channel for a message and keeps one client per channel open for a worker."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from portal.channels.email import EmailChannel
from portal.channels.failures import NotConfigured, PermanentFailure, TemporaryFailure
from portal.channels.sms import Receipt, SmsChannel


class OutgoingMessage(Protocol):
    """What a channel needs (portal.services.outgoing.Message has these)."""

    channel: str
    to: str
    text: str
    subject: str | None
    html: str | None
    from_name: str | None  # an email's display name, in the reader's language


class Senders:
    """The SMS and email clients of one worker, made when first needed and closed together."""

    def __init__(self, config: Mapping):
        self.config = config
        self._sms: SmsChannel | None = None
        self._email: EmailChannel | None = None

    def send(self, message: OutgoingMessage) -> Receipt:
        """Send one message; raises TemporaryFailure (a provider not configured included: an
        operator can fix that within the hours we retry), PermanentFailure or
        OutcomeUnknown."""
        try:
            if message.channel == "sms":
                if self._sms is None:
                    self._sms = SmsChannel(self.config)
                return self._sms.send(message.to, message.text)
            if message.channel == "email":
                if self._email is None:
                    self._email = EmailChannel(self.config)
                return self._email.send(message.to, message.subject or "", message.text,
                                        message.html, from_name=message.from_name)
        except NotConfigured as error:
            raise TemporaryFailure(None, f"not configured: {error}") from None
        raise PermanentFailure(None, f"no provider sends {message.channel}")

    def close(self) -> None:
        for channel in (self._sms, self._email):
            if channel is not None:
                channel.close()
        self._sms = self._email = None

    def __enter__(self) -> Senders:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def send(config: Mapping, message: OutgoingMessage) -> str:
    """Send one message now (sign-in codes, invitations) and return the provider's id.

    Raises the channel's TemporaryFailure, PermanentFailure or OutcomeUnknown.
    """
    with Senders(config) as senders:
        return senders.send(message).provider_id


__all__ = ["NotConfigured", "Receipt", "Senders", "send"]
