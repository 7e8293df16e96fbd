"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it is sent.

aiosmtpd cannot bind port 0, so a free port is found first. Tests can make it refuse
addresses for good (550) or for now (451), or be unavailable for a while (``busy``: 421 to every
MAIL FROM, then the connection closed, as RFC 5321 says a server going away does).
"""
from __future__ import annotations

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, fake: FakeSmtp):
        self.fake = fake

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        busy = self.fake.busy
        if busy:
            with self.fake.lock:
                self.fake.turned_away += 1
            # The connection closes just after the answer goes (unless the server is back).
            server.loop.call_later(0.01, self._close_if_busy, server)
            return busy
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    def _close_if_busy(self, server) -> None:
        if self.fake.busy and server.transport is not None:
            server.transport.close()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.fake.refusals.get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.fake.lock:
            self.fake.raw.append(envelope.content)  # parsed when a test reads it
        return "250 Message accepted for delivery"


class FakeSmtp:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.raw: list[bytes] = []
        self._parsed: list[EmailMessage] = []
        self.refusals: dict[str, str] = {}
        self.busy: str | None = None  # e.g. "421 4.3.2 Service not available"
        self.turned_away = 0  # transactions answered with ``busy``
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def settings(self) -> dict:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_STARTTLS": False,
                "SMTP_USER": None, "SMTP_PASSWORD": None}

    @property
    def messages(self) -> list[EmailMessage]:
        """What the server accepted, as email messages, oldest first."""
        with self.lock:
            for content in self.raw[len(self._parsed):]:
                self._parsed.append(message_from_bytes(content, policy=policy.default))
            return list(self._parsed)

    def reset(self) -> None:
        with self.lock:
            self.raw.clear()
            self._parsed.clear()
            self.refusals.clear()
            self.busy = None
            self.turned_away = 0

    def refuse(self, address: str, answer: str = "550 5.1.1 No such mailbox") -> None:
        self.refusals[address] = answer

    def close(self) -> None:
        self.controller.stop()
