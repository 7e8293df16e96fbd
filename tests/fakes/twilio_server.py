"""A fake Twilio Messages API: a real HTTP server in a thread, for the real twilio client.

It answers ``POST /2010-04-01/Accounts/{sid}/Messages.json`` like Twilio (201 and a message
resource), checks the client's Basic credentials, and records every request. Tests script its
behaviour: answer 500 or 429 for a while, refuse some numbers with Twilio's error codes, or hold
requests to make the client time out. For an outage it answers every request with a 5xx
(``outage``) or stops listening altogether (``refuse_connections``: connection refused).
"""
from __future__ import annotations

import base64
import json
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "fake-auth-token"


@dataclass
class Received:
    """One request the server got, whatever it answered."""

    to: str
    body: str
    sender: str | None
    status_callback: str | None
    answered: int | None = None
    sid: str | None = None
    at: float = field(default_factory=time.time)  # when it came (time_machine's, if travelling)


@dataclass
class Script:
    """What to do with the next requests: each item is ("ok",), ("status", code),
    ("error", http_status, twilio_code) or ("hold", seconds_or_None)."""

    steps: deque = field(default_factory=deque)
    refuse: dict = field(default_factory=dict)  # number -> (http_status, twilio_code)


class FakeTwilio:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[Received] = []
        self.script = Script()
        self.release = threading.Event()
        self.delay = 0.0  # seconds each answer takes, like a real provider's latency
        self.outage: int | None = None  # while set, every request is answered with this status
        self.connections: set[socket.socket] = set()
        self.port = 0
        self._listen()

    def _listen(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(self))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def listening(self) -> bool:
        return self.server is not None

    def refuse_connections(self) -> None:
        """Stop listening and drop every open connection: the client's next request is refused
        before anything is sent, as when Twilio's API cannot be reached."""
        if self.server is None:
            return
        self.server.shutdown()
        self.server.server_close()
        self.server = None
        with self.lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def accept_connections(self) -> None:
        """Listen again, on the same port."""
        if self.server is None:
            self._listen()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self) -> dict:
        """App settings that point the real twilio client here."""
        return {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "TWILIO_FROM": "+447700900000", "TWILIO_MESSAGING_SERVICE_SID": None,
                "TWILIO_API_BASE": self.base_url}

    def reset(self) -> None:
        self.release.set()
        with self.lock:
            self.received.clear()
            self.script = Script()
        self.release = threading.Event()
        self.delay = 0.0
        self.outage = None
        self.accept_connections()

    def answer_next(self, *steps: tuple) -> None:
        with self.lock:
            self.script.steps.extend(steps)

    def refuse_number(self, number: str, http_status: int, code: int) -> None:
        with self.lock:
            self.script.refuse[number] = (http_status, code)

    @property
    def accepted(self) -> list[Received]:
        with self.lock:
            return [r for r in self.received if r.answered == 201]

    def wait_for(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.received)} requests, not {count}")
            time.sleep(0.02)

    def close(self) -> None:
        self.release.set()
        self.refuse_connections()


def _handler(fake: FakeTwilio):
    expected_auth = "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Twilio's API does
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every answer on a kept-alive connection.
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:  # quiet: tests read ``fake.received``
            pass

        def setup(self) -> None:
            super().setup()
            with fake.lock:
                fake.connections.add(self.connection)

        def finish(self) -> None:
            with fake.lock:
                fake.connections.discard(self.connection)
            super().finish()

        def _reply(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout, or its process was killed)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if not self.path.startswith(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"):
                return self._reply(404, {"code": 20404, "message": "Not found", "status": 404})
            if self.headers.get("Authorization") != expected_auth:
                return self._reply(401, {"code": 20003, "message": "Authenticate",
                                         "status": 401})
            received = Received(to=form.get("To", ""), body=form.get("Body", ""),
                                sender=form.get("From") or form.get("MessagingServiceSid"),
                                status_callback=form.get("StatusCallback"))
            with fake.lock:
                fake.received.append(received)
                step = fake.script.steps.popleft() if fake.script.steps else ("ok",)
                if fake.outage:
                    step = ("status", fake.outage)
                refusal = fake.script.refuse.get(received.to)
                release = fake.release
            if fake.delay:
                time.sleep(fake.delay)
            if step[0] == "hold":
                release.wait(step[1])
                step = ("ok",)
            if refusal:
                step = ("error", *refusal)
            if step[0] == "status":
                received.answered = step[1]
                return self._reply(step[1], {"code": step[1], "message": "Try later",
                                             "status": step[1]})
            if step[0] == "error":
                received.answered = step[1]
                # Twilio's message can quote the number; the portal must not store or log it.
                return self._reply(step[1], {"code": step[2], "status": step[1],
                                             "message": f"The 'To' number {received.to} is "
                                                        "not valid.",
                                             "more_info": "https://www.twilio.com/docs/errors"})
            received.sid = "SM" + uuid.uuid4().hex
            received.answered = 201
            self._reply(201, {
                "sid": received.sid, "account_sid": ACCOUNT_SID, "to": received.to,
                "from": form.get("From"), "messaging_service_sid":
                    form.get("MessagingServiceSid"), "body": received.body, "status": "queued",
                "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
                "date_created": time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
                "error_code": None, "error_message": None, "price": None,
                "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{received.sid}.json",
            })

    return Handler
