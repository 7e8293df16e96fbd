"""The whole suite runs with every log line kept; at the end none may hold a phone number, an
email address, a person's name, a message body, a one-time code, a password or a token.

A pytest plugin (tests/conftest.py loads it). Lines are formatted without timestamps, so any
six-digit number standing alone is taken for a code. A leak fails the run, naming the test that
logged it; `find_leaks` is tested on its own in tests/security/test_log_leaks.py.
"""
from __future__ import annotations

import logging
import re

from tests.factories import STAFF_PASSWORD

PATTERNS = {
    "phone number": re.compile(r"\+44\s?\d{9,10}\b|\b07\d{3}\s?\d{6}\b|\+1\d{10}\b"),
    "email address": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "name": re.compile(r"\bVictim Number\d+\b|\bWorker \d+\b"),
    "one-time code": re.compile(r"(?<![\d.:/-])\b\d{6}\b(?![\d.:/-])"),
    # secrets.token_urlsafe(32): 43 characters of both cases (keyed hashes are lowercase hex).
    "token": re.compile(r"(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])\b[A-Za-z0-9_-]{43}\b"),
}
LITERALS = {
    "password": (STAFF_PASSWORD, "tulips under the viaduct", "correct horse battery"),
    "message body": ("The officer has spoken to the witness", "Can I bring my sister",
                     "Message 1", "Trial on Monday"),
}


def find_leaks(lines: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(test, what, line) for each line that holds something it must not."""
    found = []
    for test, line in lines:
        for what, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append((test, what, line))
        for what, values in LITERALS.items():
            if any(value in line for value in values):
                found.append((test, what, line))
    return found


class Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.test = "(collection)"
        self.lines: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append((self.test, self.format(record)))
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is kept raw
            self.lines.append((self.test, repr(record.msg)))


_collector = Collector()


def pytest_configure(config) -> None:
    root = logging.getLogger()
    root.addHandler(_collector)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


def pytest_runtest_setup(item) -> None:
    _collector.test = item.nodeid


def pytest_sessionfinish(session, exitstatus) -> None:
    leaks = find_leaks(_collector.lines)
    if not leaks:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", f"{len(leaks)} log lines hold personal data or secrets", red=True)
        for test, what, line in leaks[:50]:
            reporter.write_line(f"{test}: {what}: {line[:300]}")
    session.exitstatus = 1
