"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it is sent.

aiosmtpd cannot bind port 0, so a free port is found first. Tests can make it refuse
addresses for good (550) or for now (451).
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

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.fake.refusals.get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.fake.lock:
            self.fake.messages.append(message)
        return "250 Message accepted for delivery"


class FakeSmtp:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.refusals: dict[str, str] = {}
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def settings(self) -> dict:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": self.port, "SMTP_STARTTLS": False,
                "SMTP_USER": None, "SMTP_PASSWORD": None}

    def reset(self) -> None:
        with self.lock:
            self.messages.clear()
            self.refusals.clear()

    def refuse(self, address: str, answer: str = "550 5.1.1 No such mailbox") -> None:
        self.refusals[address] = answer

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def close(self) -> None:
        self.controller.stop()
