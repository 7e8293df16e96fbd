"""What can go wrong when handing a message to a provider, sorted by what to do about it.

``detail`` is technical and safe to store and log: an exception's class, an HTTP status, a
provider's error code. Never the provider's own message text, which can quote the number.
"""
from __future__ import annotations


class ChannelError(Exception):
    """Base: ``code`` is the provider's error code (or the HTTP or SMTP status) as text."""

    def __init__(self, code: str | None, detail: str):
        super().__init__(f"{code}: {detail}" if code else detail)
        self.code = code
        self.detail = detail[:300]


class TemporaryFailure(ChannelError):
    """Not sent; worth trying again later (5xx, 429, a network error before sending)."""


class PermanentFailure(ChannelError):
    """Refused for good (an invalid or unsubscribed number, an SMTP 5xx): do not retry this
    channel; try the victim's next one."""


class OutcomeUnknown(ChannelError):
    """The call failed after the provider may have accepted the message (a read timeout, a
    connection dropped mid-reply). Resending could send it twice."""


class NotConfigured(RuntimeError):
    """No provider is set up for this channel."""
