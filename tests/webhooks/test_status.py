"""POST /webhooks/twilio/status: signed, forward-only, and never telling anyone twice."""
from __future__ import annotations

import logging

import pytest

from portal.models import TaskKind
from tests.delivery.helpers import notifications, tasks_of

STATUS = "/webhooks/twilio/status"


@pytest.fixture
def sent_sms(make, providers, contactable, run_worker):
    victim = contactable(channels=["sms", "email"])
    case = make.case(victims=[victim])
    make.update(case)
    run_worker()
    [received] = providers.sms.accepted
    return received.sid, victim, case


def callback(sid: str, status: str, **extra) -> dict:
    return {"MessageSid": sid, "MessageStatus": status, "To": "+447700900001", **extra}


def test_statuses_only_move_forward(twilio_post, sent_sms):
    sid, _, _ = sent_sms
    assert twilio_post(STATUS, callback(sid, "sent")).status_code == 200
    assert notifications()[0].status == "sent"
    assert twilio_post(STATUS, callback(sid, "delivered")).status_code == 200
    row = notifications()[0]
    assert row.status == "delivered" and row.delivered_at is not None
    # Late and duplicate callbacks change nothing.
    for late in ("queued", "sent", "delivered", "undelivered", "failed"):
        assert twilio_post(STATUS, callback(sid, late, ErrorCode="30003")).status_code == 200
    row = notifications()[0]
    assert (row.status, row.error_code) == ("delivered", None)
    assert tasks_of() == []


def test_undelivered_moves_to_the_next_channel_once(twilio_post, sent_sms, providers,
                                                    run_worker):
    sid, victim, case = sent_sms
    for _ in range(3):  # Twilio may repeat itself; the team hears once
        response = twilio_post(STATUS, callback(sid, "undelivered", ErrorCode="30006"))
        assert response.status_code == 200
    sms_row, email_row = notifications()
    assert (sms_row.status, sms_row.error_code, sms_row.reason) == (
        "undelivered", "30006", "undelivered")
    assert (email_row.channel, email_row.fallback_from_id) == ("email", sms_row.id)
    [task] = tasks_of(TaskKind.DELIVERY_FAILED)
    assert (task.case_id, task.detail["error_code"]) == (case.id, "30006")
    run_worker()
    assert [m["To"] for m in providers.email.messages] == [victim.email]


@pytest.mark.parametrize("how", ["missing", "wrong", "over the local url"])
def test_a_bad_signature_is_refused_and_changes_nothing(app, twilio_post, sent_sms, how,
                                                        monkeypatch):
    sid, _, _ = sent_sms
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://case-updates.example")
    if how == "missing":
        response = twilio_post(STATUS, callback(sid, "delivered"), signature="")
    elif how == "wrong":
        response = twilio_post(STATUS, callback(sid, "delivered"), signature="bm90IGl0")
    else:  # what request.url would give behind a proxy: not what Twilio signed
        response = twilio_post(STATUS, callback(sid, "delivered"),
                               sign_url="http://localhost" + STATUS)
    assert response.status_code == 403
    assert notifications()[0].status == "queued"
    # Signed over the public URL, the same callback is accepted.
    assert twilio_post(STATUS, callback(sid, "delivered")).status_code == 200
    assert notifications()[0].status == "delivered"


def test_an_unknown_message_is_acknowledged_and_logged(twilio_post, providers, caplog):
    caplog.set_level(logging.INFO, logger="portal")
    response = twilio_post(STATUS, callback("SM" + "a" * 32, "delivered"))
    assert response.status_code == 200
    assert "status callback for a message we did not send" in caplog.text


@pytest.mark.parametrize("params", [
    {"MessageSid": "not-a-sid", "MessageStatus": "delivered"},
    {"MessageSid": "SM" + "b" * 32, "MessageStatus": "exploded"},
    {"MessageSid": "SM" + "b" * 32},
    {"MessageSid": "SM" + "b" * 32, "MessageStatus": "failed", "ErrorCode": "x1"},
])
def test_a_malformed_callback_is_a_400(twilio_post, sent_sms, params):
    assert twilio_post(STATUS, params).status_code == 400
    assert notifications()[0].status == "queued"
