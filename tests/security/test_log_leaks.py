"""The check the whole suite's logs go through (tests/log_leaks.py) finds each kind of leak, and
the portal's own log lines for the events most likely to leak pass it."""
from __future__ import annotations

import logging

import pytest

from tests.log_leaks import find_leaks

CLEAN = [
    ("t", "portal.services.delivery.dispatcher INFO sent notification 41 by sms"),
    ("t", "portal.webhooks.views WARNING status callback for an unknown message"),
    ("t", "portal.error_pages ERROR unhandled error: KeyError"),
    ("t", "portal.services.delivery.outgoing ERROR a sms message could not be sent: Timeout"),
]


@pytest.mark.parametrize(("line", "what"), [
    ("sending to +447700900123", "phone number"),
    ("sending to 07700 900123", "phone number"),
    ("bounce from sam.taylor@example.org", "email address"),
    ("welcome Victim Number12", "name"),
    ("your code is 042917", "one-time code"),
    ("invitation Xq3_bT9kLmN0pQrS7uVwXyZ-aBcDeFgHiJkLmNoPq12", "token"),
    ("password quiet harbour lantern seven refused", "password"),
    ("body: The officer has spoken to the witness.", "message body"),
])
def test_each_kind_of_leak_is_found(line, what):
    assert what in [found[1] for found in find_leaks([("t", line)])]


def test_ordinary_log_lines_pass():
    assert find_leaks(CLEAN) == []


def test_a_failed_code_send_is_logged_without_the_address_or_code(app, make, providers, caplog):
    """The one place a sign-in code can fail outside a request logs the channel and the error's
    kind only."""
    from portal.models.enums import Channel
    from portal.services.delivery.compose import render_sign_in_code
    from portal.services.delivery.outgoing import send_soon, wait_for_sends

    victim = make.victim(phone="+447700900321")
    providers.sms.refuse_number(victim.phone, 400, 21211)
    with caplog.at_level(logging.INFO):
        send_soon(render_sign_in_code(victim, Channel.SMS, "123987").addressed_to(victim.phone))
        wait_for_sends()
    lines = [("t", r.getMessage()) for r in caplog.records]
    assert any("could not be sent" in line for _, line in lines)
    assert find_leaks(lines) == []
