"""The running portal and the headless Chromium that the browser tests and `make screenshots`
drive.

Kept apart from conftest.py so that ``python -m tests.browser.screenshots`` can start the same
server and browser without pytest. Nothing here imports pytest.
"""
from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from flask import Flask
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from portal import create_app
from portal.extensions import db

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Debian's Chromium; PORTAL_CHROMIUM points elsewhere (and proves the failure message).
CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Playwright turns the back/forward cache off by default; a victim's Chromium has it on, and it
# is exactly what could show a case again after "Exit this page", so the tests keep it on.
KEEP_BACK_FORWARD_CACHE = ["--disable-back-forward-cache"]

PHONE = {"width": 320, "height": 640}
LAPTOP = {"width": 1280, "height": 800}

NEUTRAL_PAGE = b"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Weather forecast</title></head>
<body><main><h1>Weather forecast</h1><p>Sunny intervals, light winds.</p></main></body></html>
"""


class ChromiumUnavailable(RuntimeError):
    """Chromium could not be started: the browser tests cannot run, and must say so."""


def launch_chromium(browser_type, executable: str = CHROMIUM):
    """Start headless Chromium from Debian's package (``browser_type`` is Playwright's
    ``playwright.chromium``), or raise ChromiumUnavailable saying why."""
    if not Path(executable).exists():
        raise ChromiumUnavailable(
            f"Chromium could not start: {executable} does not exist. Install it with "
            "`make browser` (Debian's chromium package); never `playwright install`.")
    try:
        return browser_type.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            ignore_default_args=KEEP_BACK_FORWARD_CACHE, timeout=30_000)
    except Exception as error:  # Playwright raises its own Error subclasses
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise ChromiumUnavailable(
            f"Chromium could not start from {executable}: {first_line}") from error


class _QuietHandler(WSGIRequestHandler):
    """No access log: the test output is for failures."""

    def log_request(self, *args, **kwargs) -> None:
        pass


@dataclass
class ServerErrors:
    """Responses with a 5xx status: a page the victim would see as broken fails the test."""

    seen: list[str] = field(default_factory=list)

    def wrap(self, wsgi_app):
        def middleware(environ, start_response):
            def recording_start_response(status, headers, exc_info=None):
                if status.startswith("5"):
                    self.seen.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}: "
                                     f"{status}")
                return start_response(status, headers, exc_info)

            return wsgi_app(environ, recording_start_response)

        return middleware


class Server:
    """A real WSGI server on 127.0.0.1 and a free port, serving from a daemon thread."""

    def __init__(self, wsgi_app) -> None:
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, wsgi_app, threaded=True,
                                                  request_handler=_QuietHandler)
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True,
                                       name=f"wsgi-{self.server.server_port}")
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve(wsgi_app) -> Server:
    """Serve any WSGI app (the portal, the neutral exit page, a fake SMS provider) on a free
    local port; ``.base_url`` is its address and ``.stop()`` ends it."""
    return Server(wsgi_app)


def _neutral_site(environ, start_response):
    """Stands in for the weather site "Exit this page" leads to (there is no internet here)."""
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [NEUTRAL_PAGE]


@dataclass
class LivePortal:
    """The portal as a browser sees it: its address, the neutral exit site's, and its app
    (for creating data in the same database)."""

    app: Flask
    base_url: str
    exit_url: str
    errors: ServerErrors

    def url(self, path: str = "/") -> str:
        return self.base_url + path


@contextlib.contextmanager
def _database(database_url: str | None) -> Iterator[str]:
    """A database of the live server's own, migrated from empty by the caller.

    SQLite: a file in a temporary directory. PostgreSQL: a new database beside the one in
    TEST_DATABASE_URL (named after it, with ``_live``), dropped afterwards, so the rest of the
    suite, which empties its own tables after every test, never touches the server's data.
    """
    if not database_url:
        with tempfile.TemporaryDirectory(prefix="portal-browser-") as folder:
            yield f"sqlite:///{Path(folder) / 'live.db'}"
        return
    url = make_url(database_url)
    name = f"{url.database}_live"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def live_portal(database_url: str | None = None, **settings) -> Iterator[LivePortal]:
    """Run the portal (test configuration: development outbox on, rate limits off) on a free
    port with its own migrated database, and a neutral site for "Exit this page"."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    neutral = serve(_neutral_site)
    try:
        with _database(database_url) as url:
            exit_url = neutral.base_url + "/weather"
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "EXIT_URL": exit_url, **settings})
            with app.app_context():
                from flask_migrate import upgrade

                upgrade()
            errors = ServerErrors()
            server = serve(errors.wrap(app.wsgi_app))
            app.config["PUBLIC_URL"] = server.base_url
            try:
                yield LivePortal(app=app, base_url=server.base_url, exit_url=exit_url,
                                 errors=errors)
            finally:
                server.stop()
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
    finally:
        neutral.stop()
