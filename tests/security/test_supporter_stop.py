"""A nominated supporter's STOP by text (issue 15): it stops the supporter updates texted to
them, once per message id (a replayed STOP changes nothing more), START turns them back on,
and the victim and their case team are told nothing."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    InboundText,
    Notification,
    Supporter,
    SupporterAccess,
    Task,
)
from portal.models.enums import UpdateEvent
from portal.models.types import utcnow
from portal.services import supporter_updates, supporters
from portal.services.delivery.outgoing import wait_for_sends

INBOUND = "/webhooks/twilio/inbound"
SAM = "+447700900888"


def _text(body: str, sid: str | None = None, number: str = "07700 900888") -> dict:
    return {"MessageSid": sid or "SM" + uuid.uuid4().hex, "From": number,
            "To": "+447700900000", "Body": body}


def _supporting(make, contactable):
    """Gwen's case, and Sam (a mobile only) who may receive its updates and has said yes."""
    gwen = contactable(channels=["email"], name="Gwen Jones")
    case = make.case(victims=[gwen])
    access = supporters.invite(gwen, [case], "Sam Helper", "07700 900888",
                               {"see_status", "receive_updates"})
    access.accepted_at = utcnow()  # Sam opened the link (the journey is tested elsewhere)
    db.session.commit()
    return gwen, case


def _texts_to_sam_after_an_update(make, case, providers) -> int:
    before = len([r for r in providers.sms.received if r.to == SAM])
    make.update(case, UpdateEvent.CHARGED)
    supporter_updates.send_due()
    wait_for_sends()
    return len([r for r in providers.sms.received if r.to == SAM]) - before


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_supporters_stop_stops_their_texts_once_and_start_turns_them_on(
        twilio_post, make, contactable, providers):
    gwen, case = _supporting(make, contactable)
    assert _texts_to_sam_after_an_update(make, case, providers) == 1
    told_gwen = (len(providers.email.messages), _count(Notification))
    stop = _text("Stop")
    assert twilio_post(INBOUND, stop).status_code == 200
    sam = db.session.scalar(select(Supporter))
    db.session.refresh(sam)
    assert sam.sms_opted_out is True
    # Nobody else is told: no task for the team, nothing to Gwen, her own texts untouched.
    wait_for_sends()
    assert _count(Task) == 0
    assert (len(providers.email.messages), _count(Notification)) == told_gwen
    db.session.refresh(gwen)
    assert not gwen.preference.sms_opted_out
    assert db.session.scalar(select(SupporterAccess)).ended_at is None  # access unchanged
    changes = _count(AuditEvent, AuditEvent.action.like("supporter.sms_opted_%"))
    assert changes == 1
    assert _texts_to_sam_after_an_update(make, case, providers) == 0

    # The same message again (Twilio retries, or a replay): nothing more happens.
    assert twilio_post(INBOUND, stop).status_code == 200
    assert _count(InboundText) == 1
    assert _count(AuditEvent, AuditEvent.action.like("supporter.sms_opted_%")) == changes
    db.session.refresh(sam)
    assert sam.sms_opted_out is True

    assert twilio_post(INBOUND, _text("START")).status_code == 200
    db.session.refresh(sam)
    assert sam.sms_opted_out is False
    assert _texts_to_sam_after_an_update(make, case, providers) == 1


def test_a_text_waiting_for_a_supporter_when_stop_arrives_is_not_sent(
        twilio_post, make, contactable, providers):
    _, case = _supporting(make, contactable)
    wait_for_sends()
    invited = len([r for r in providers.sms.received if r.to == SAM])  # the invitation
    make.update(case, UpdateEvent.CHARGED)  # owed to Sam, not yet sent
    twilio_post(INBOUND, _text("STOP"))
    supporter_updates.send_due()
    wait_for_sends()
    assert len([r for r in providers.sms.received if r.to == SAM]) == invited


def test_other_texts_from_a_supporter_are_not_kept(twilio_post, make, contactable, providers):
    _, case = _supporting(make, contactable)
    assert twilio_post(INBOUND, _text("Hello, any news?")).status_code == 200
    assert db.session.scalar(select(InboundText.outcome)) == "unknown_sender"
    db.session.refresh(db.session.scalar(select(Supporter)))
    assert db.session.scalar(select(Supporter.sms_opted_out)) is False


def test_a_supporters_update_is_tried_again_when_the_provider_is_down(
        make, contactable, providers):
    """Twilio failing for now (503): the update waits and is sent once when it is due again;
    Twilio refusing the number: failed at once with the code, never tried again."""
    import datetime as dt

    import time_machine

    from portal.models import SupporterNotification

    gwen, case = _supporting(make, contactable)
    wait_for_sends()  # the invitation

    def taken() -> int:
        return len([r for r in providers.sms.accepted if r.to == SAM])

    invited = taken()
    providers.sms.answer_next(("status", 503))
    assert _texts_to_sam_after_an_update(make, case, providers) == 1  # tried, not taken
    assert taken() == invited
    row = db.session.scalars(select(SupporterNotification)).one()
    assert (row.status, row.reason, row.attempts) == ("pending", "retry", 1)
    assert row.not_before > utcnow()
    supporter_updates.send_due()  # not due yet: nothing more is tried
    assert len([r for r in providers.sms.received if r.to == SAM]) == invited + 1
    with time_machine.travel(row.not_before + dt.timedelta(seconds=1), tick=False):
        assert supporter_updates.send_due() == 1
        wait_for_sends()
        assert supporter_updates.send_due() == 0  # sent once, not again
    db.session.refresh(row)
    assert (row.status, row.sent_at is not None) == ("sent", True)
    assert taken() == invited + 1

    providers.sms.refuse_number(SAM, 400, 21211)
    assert _texts_to_sam_after_an_update(make, case, providers) == 1  # tried, refused
    refused = db.session.scalars(select(SupporterNotification).where(
        SupporterNotification.id != row.id)).one()
    assert (refused.status, refused.reason, refused.error_code) == (
        "failed", "permanent_error", "21211")
    assert refused.not_before is None and supporter_updates.send_due() == 0


def test_a_supporters_update_gives_up_after_the_last_try(app, make, contactable, providers,
                                                         monkeypatch):
    import datetime as dt

    import time_machine

    from portal.models import SupporterNotification

    monkeypatch.setitem(app.config, "DELIVERY_MAX_ATTEMPTS", 2)
    gwen, case = _supporting(make, contactable)
    wait_for_sends()  # the invitation
    providers.sms.answer_next(("status", 503), ("status", 503))
    assert _texts_to_sam_after_an_update(make, case, providers) == 1
    row = db.session.scalars(select(SupporterNotification)).one()
    with time_machine.travel(row.not_before + dt.timedelta(seconds=1), tick=False):
        supporter_updates.send_due()
        wait_for_sends()
        assert supporter_updates.send_due() == 0  # given up: not tried a third time
    db.session.refresh(row)
    assert (row.status, row.reason, row.attempts, row.error_code) == (
        "failed", "gave_up", 2, "503")
