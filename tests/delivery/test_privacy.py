"""Discreet mode gives nothing away, and no log line holds a body, a code or a number."""
from __future__ import annotations

import datetime as dt
import logging
import re

import time_machine

from portal.models.enums import Offence, UpdateEvent
from tests.conftest import csrf_token
from tests.webhooks.test_inbound import INBOUND, text_from

UTC = dt.timezone.utc


def test_discreet_messages_name_no_one_and_nothing(make, providers, contactable, run_worker):
    texted = contactable(channels=["sms"], name="Layla Haddad", preference={"discreet": True})
    emailed = contactable(channels=["email"], name="Noor Haddad", preference={"discreet": True})
    summarised = contactable(channels=["email"], name="Samir Haddad",
                             preference={"discreet": True, "frequency": "weekly_summary"})
    team = make.team(name="Northshire Witness Care Unit")
    court = make.court(name="Northshire Crown Court")
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=UTC), tick=False):
        first = make.case(victims=[texted, emailed, summarised], team=team,
                          offence=Offence.STALKING)
        second = make.case(victims=[texted, emailed, summarised], team=team,
                           offence=Offence.RAPE)
        make.hearing(first, court=court)
        make.update(first, UpdateEvent.HEARING_MOVED,
                    "Moved to Northshire Crown Court, court 3, on Monday.")
        make.update(second, UpdateEvent.CHARGED, "Stalking charge for Mr Smith.")
        run_worker()
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 1, tzinfo=UTC), tick=False):
        run_worker()

    bodies = [r.body for r in providers.sms.received]
    for email in providers.email.messages:
        bodies.append("\n".join([email["Subject"], email["From"],
                                 email.get_body(("plain",)).get_content(),
                                 email.get_body(("html",)).get_content()]))
    # One text, one combined email, the charge on its own to the weekly victim (charging
    # decisions reach every victim at once), and the weekly summary with the rest.
    assert len(bodies) == 4
    forbidden = ["Layla", "Noor", "Samir", "Haddad", "Stalking", "Rape", "Northshire",
                 "Crown Court", "Witness Care", "police", "charge", "hearing", "Smith",
                 first.crime_reference, second.crime_reference, "/cases"]
    for body in bodies:
        for word in forbidden:
            assert word.lower() not in body.lower(), (word, body)
        assert "http://localhost/sign-in" in body
    assert bodies[0].endswith("Reply STOP to stop texts.")


def test_no_log_line_holds_a_message_body_a_code_or_a_phone_number(
        app, client, make, providers, contactable, run_worker, twilio_post, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    texted = contactable(channels=["sms", "email"], name="Ada Lovelace")
    refused = contactable(channels=["sms", "email"], name="Grace Hopper")
    flaky = contactable(channels=["email"], name="Mary Somerville")
    providers.sms.refuse_number(refused.phone, 400, 21211)  # its message quotes the number
    providers.email.refuse(flaky.email, "451 4.3.0 Try later <" + flaky.email + ">")
    case = make.case(victims=[texted, refused, flaky])
    make.update(case, UpdateEvent.CHARGED, "Mr Example was charged with burglary today.")
    # A sign-in code sent straight to the provider, as in production.
    client.post("/sign-in", data={"identifier": texted.phone,
                                  "csrf_token": csrf_token(client, "/sign-in")})
    run_worker()
    sid = providers.sms.accepted[-1].sid
    twilio_post("/webhooks/twilio/status", {"MessageSid": sid, "MessageStatus": "delivered"})
    twilio_post(INBOUND, text_from(texted.phone, "Please call me after 6pm"))
    twilio_post(INBOUND, text_from(refused.phone, "STOP"))

    code = re.search(r"\b(\d{6})\b", providers.sms.received[0].body).group(1)
    assert providers.sms.received and providers.email.messages
    secrets = [code, "Mr Example was charged", "Please call me after 6pm", "Reply STOP"]
    for victim in (texted, refused, flaky):
        secrets += [victim.phone, victim.phone[3:], victim.email]
    lines = [record.getMessage() + (record.exc_text or "") for record in caplog.records
             if not record.name.startswith(("mail.log", "asyncio"))]  # the fake SMTP server
    assert any("notification" in line for line in lines)  # the worker did log
    for line in lines:
        for secret in secrets:
            assert secret not in line, (secret, line)
