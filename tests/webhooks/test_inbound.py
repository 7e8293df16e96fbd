"""POST /webhooks/twilio/inbound: STOP and START, and replies kept for the caseworker."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseMessage, TaskKind
from portal.models.enums import Stage, UpdateEvent
from portal.models.types import utcnow
from tests.delivery.helpers import notifications, tasks_of

INBOUND = "/webhooks/twilio/inbound"


def text_from(number: str, body: str, sid: str | None = None) -> dict:
    return {"MessageSid": sid or "SM" + uuid.uuid4().hex, "From": number,
            "To": "+447700900000", "Body": body}


@pytest.mark.parametrize("word", ["STOP", "stop", " Stop. ", "STOPALL", "UNSUBSCRIBE",
                                  "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"])
def test_stop_then_a_new_update_sends_no_text_and_uses_the_next_channel(
        twilio_post, make, providers, contactable, run_worker, word):
    victim = contactable(channels=["sms", "email"])
    case = make.case(victims=[victim])

    response = twilio_post(INBOUND, text_from("07700 900" + victim.phone[-3:], word))

    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert "<Response" in response.get_data(as_text=True)
    assert victim.preference.sms_opted_out is True
    [task] = tasks_of(TaskKind.SMS_STOPPED)
    assert (task.case_id, task.victim_id) == (case.id, victim.id)
    make.update(case, UpdateEvent.CHARGED)
    run_worker()
    assert providers.sms.received == []
    assert [m["To"] for m in providers.email.messages] == [victim.email]


def test_a_text_waiting_when_stop_arrives_is_not_sent(twilio_post, make, providers,
                                                      contactable, run_worker):
    victim = contactable(channels=["sms", "email"])
    make.update(make.case(victims=[victim]))
    twilio_post(INBOUND, text_from(victim.phone, "STOP"))
    twilio_post(INBOUND, text_from(victim.phone, "STOP"))  # again: the team hears once
    run_worker()
    assert providers.sms.received == []
    sms_row, email_row = notifications()
    assert (sms_row.status, sms_row.reason) == ("cancelled", "sms_opted_out")
    assert (email_row.status, email_row.fallback_from_id) == ("sent", sms_row.id)
    assert len(tasks_of(TaskKind.SMS_STOPPED)) == 1


def test_start_turns_texts_back_on(twilio_post, make, providers, contactable, run_worker):
    victim = contactable(channels=["sms", "email"], preference={"sms_opted_out": True})
    make.case(victims=[victim])
    assert twilio_post(INBOUND, text_from(victim.phone, "START")).status_code == 200
    assert victim.preference.sms_opted_out is False
    make.update(victim.case_links[0].case)
    run_worker()
    assert [r.to for r in providers.sms.accepted] == [victim.phone]


def test_a_reply_joins_the_thread_of_the_most_recently_updated_open_case(twilio_post, make,
                                                                         contactable):
    victim = contactable()
    make.case(victims=[victim], stage=Stage.CLOSED, updated_at=utcnow())
    older = make.case(victims=[victim], updated_at=utcnow().replace(year=2025))
    newer = make.case(victims=[victim], updated_at=utcnow().replace(year=2026, month=1))
    params = text_from(victim.phone, "Can I bring my sister to court?")

    assert twilio_post(INBOUND, params).status_code == 200
    assert twilio_post(INBOUND, params).status_code == 200  # Twilio retried: kept once

    [reply] = db.session.scalars(select(CaseMessage)).all()
    assert (reply.victim_id, reply.case_id, reply.author_kind) == (victim.id, newer.id, "sms")
    assert reply.case_id != older.id
    assert reply.body == "Can I bring my sister to court?"
    assert reply.provider_id == params["MessageSid"] and reply.created_at is not None
    from portal.services.victim_input import conversations

    [row] = conversations.team_inbox(newer.team_id)  # the team sees it waiting for an answer
    assert (row.case.id, row.victim.id, row.unread) == (newer.id, victim.id, 1)
    assert victim.preference.sms_opted_out is False and tasks_of() == []


def test_a_text_from_an_unknown_number_is_acknowledged_and_not_kept(twilio_post, providers):
    assert twilio_post(INBOUND, text_from("+447700900999", "hello")).status_code == 200
    assert db.session.scalars(select(CaseMessage)).all() == []


def test_inbound_needs_a_signature_and_a_sender(twilio_post, make, contactable):
    victim = contactable()
    make.case(victims=[victim])
    assert twilio_post(INBOUND, text_from(victim.phone, "STOP"), signature="").status_code == 403
    assert victim.preference.sms_opted_out is False
    assert twilio_post(INBOUND, text_from("", "STOP")).status_code == 400
    assert twilio_post(INBOUND, {"From": victim.phone, "Body": "STOP"}).status_code == 400
    db.session.refresh(victim.preference)
    assert victim.preference.sms_opted_out is False
