"""What the fault tests share: they run on PostgreSQL only, and a TCP proxy to cut.

Every test here needs PostgreSQL (TEST_DATABASE_URL), as production runs: several workers at
once, row locks, a database server that can go away. On SQLite they are skipped; CI runs the
suite on both.
"""
from __future__ import annotations

import os
import select
import socket
import threading
from pathlib import Path

import pytest

ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
NOT_POSTGRES = ("fault tests need PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://... "
                "(CI runs the suite on SQLite and on PostgreSQL)")
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.parent != HERE:
            continue
        item.add_marker(pytest.mark.postgres)
        if not ON_POSTGRES:
            item.add_marker(pytest.mark.skip(reason=NOT_POSTGRES))


class TcpProxy:
    """127.0.0.1:<port> forwarded to a server, in threads, that a test can cut and restore.

    ``cut()`` closes every connection through it and refuses new ones (they are accepted and
    closed at once), as a database server that restarts or a network that fails does;
    ``restore()`` forwards again."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.lock = threading.Lock()
        self.pairs: set[tuple[socket.socket, socket.socket]] = set()
        self.closed = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            pair = (client, server)
            with self.lock:
                self.pairs.add(pair)
            threading.Thread(target=self._pump, args=(pair,), daemon=True).start()

    def _pump(self, pair: tuple[socket.socket, socket.socket]) -> None:
        client, server = pair
        other = {client: server, server: client}
        try:
            while True:
                readable, _, _ = select.select([client, server], [], [], 0.5)
                if pair not in self.pairs:
                    return
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    other[sock].sendall(data)
        except (OSError, ValueError):  # ValueError: cut() closed a socket mid-select
            return
        finally:
            self._drop(pair)

    def _drop(self, pair) -> None:
        with self.lock:
            self.pairs.discard(pair)
        for sock in pair:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def cut(self) -> None:
        self.up = False
        with self.lock:
            pairs = list(self.pairs)
        for pair in pairs:
            self._drop(pair)

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.closed = True
        self.cut()
        self.listener.close()


@pytest.fixture
def database_proxy(app):
    """A cuttable proxy in front of the test database's server."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
    proxy.url = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False)
    yield proxy
    proxy.close()
