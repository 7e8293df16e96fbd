"""Closing a case (issue 14): the caseworker says why; every victim is sent the "case closed"
update through the delivery engine, in words that name the reason and what support remains;
the duties that closing makes moot stop, and those met or overdue stay as they were."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import AuditEvent, DevOutboxMessage, Notification, Update
from portal.models.actions import ObligationKind as K
from portal.models.enums import Stage, UpdateEvent
from portal.models.types import utcnow
from portal.services.case_file import case_work, closure, obligations
from portal.services.delivery import dispatcher
from tests.conftest import csrf_token, page, visible_text

DAY = dt.timedelta(days=1)


def submit(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_closing_needs_a_reason_and_changes_nothing_without_one(client, make, staff_login):
    worker = make.staff()
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.SENTENCE)
    staff_login.sign_in_quickly(worker)
    form = page(client.get(f"/staff/cases/{case.id}/stage"))
    reasons = [i["value"] for i in form.find_all("input", {"name": "closing_reason"})]
    assert reasons == ["after_sentence", "no_further_action", "not_guilty", "out_of_court",
                       "case_stopped"]
    refused = submit(client, f"/staff/cases/{case.id}/stage", stage="closed")
    assert refused.status_code == 400
    assert "Choose why the case is closing" in visible_text(refused)
    db.session.refresh(case)
    assert case.stage == Stage.SENTENCE
    assert db.session.scalars(select(Update)).all() == []


def test_closing_sends_every_victim_the_closure_message(client, make, staff_login,
                                                         contactable):
    worker = make.staff()
    by_email = contactable(channels=["email"], email="ada@example.org", phone=None)
    by_text = contactable(channels=["sms"], phone="+447700900123", email=None)
    case = make.case(victims=[by_email, by_text], contact=worker, stage=Stage.SENTENCE)
    staff_login.sign_in_quickly(worker)

    done = submit(client, f"/staff/cases/{case.id}/stage", stage="closed",
                  closing_reason="after_sentence")
    assert done.status_code == 302
    db.session.refresh(case)
    assert case.stage == Stage.CLOSED
    update = db.session.scalars(select(Update)).one()
    assert update.event == UpdateEvent.CASE_CLOSED
    assert update.warnings == []  # the plain-English checker finds nothing to fix
    assert "The court has sentenced the offender" in update.body_text
    assert "Victim Support" in update.body_text
    assert "make a complaint" in update.body_text
    until = closure.questions_until(london.local_date(utcnow()))
    assert "answer your questions until" in update.body_text
    assert str(until.year) in update.body_text and until.strftime("%B") in update.body_text
    rows = db.session.scalars(select(Notification).where(
        Notification.update_id == update.id).order_by(Notification.victim_id)).all()
    assert sorted((n.victim_id, n.channel) for n in rows) == sorted(
        [(by_email.id, "email"), (by_text.id, "sms")])
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.stage_changed")).one()
    assert audit.detail["closing_reason"] == "after_sentence"

    dispatcher.run(drain=True)
    sent = {m.to: m for m in db.session.scalars(select(DevOutboxMessage))}
    assert set(sent) == {"ada@example.org", "+447700900123"}
    email = sent["ada@example.org"]
    assert "Your case has been closed" in (email.subject or "") + email.body
    assert "We have closed your case." in email.body
    assert "0808 16 89 111" in email.body
    assert "closed" in sent["+447700900123"].body


def test_each_reason_has_its_own_words(make):
    case = make.case(victims=[make.victim()])
    said = {reason: closure.closure_text(case, reason) for reason in closure.REASONS}
    assert len(set(said.values())) == len(closure.REASONS)
    assert "not guilty" in said["not_guilty"]
    assert "without going to court" in said["out_of_court"]
    assert "will not be taken further" in said["no_further_action"]


def _kinds(case):
    db.session.expire_all()
    return {(o.kind, getattr(o.hearing, "id", None)): o for o in obligations.for_case(case)}


def test_closing_stops_the_duties_that_no_longer_apply(client, make, staff_login):
    worker = make.staff()
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    coming = make.hearing(case, starts_at=utcnow() + 20 * DAY)
    # A hearing held long ago whose outcome nobody told the victims: overdue, and it stays so.
    held = make.hearing(case, starts_at=utcnow() - 10 * DAY)
    before = _kinds(case)
    assert (K.HEARING_DATE_TOLD, coming.id) in before
    assert before[(K.HEARING_OUTCOME_TOLD, held.id)].state(utcnow()) == "overdue"

    staff_login.sign_in_quickly(worker)
    submit(client, f"/staff/cases/{case.id}/stage", stage="closed",
           closing_reason="no_further_action")
    after = _kinds(case)
    # The hearing after the closing will not happen: nothing owed about it.
    assert (K.HEARING_DATE_TOLD, coming.id) not in after
    # What was overdue before the closing is still overdue: the record stays honest.
    assert after[(K.HEARING_OUTCOME_TOLD, held.id)].state(utcnow()) == "overdue"
    assert (K.HEARING_DATE_TOLD, held.id) in after
    # The first duties after the report are kept whatever happened to the case.
    assert (K.SUPPORT_REFERRAL, None) in after


def test_a_duty_met_before_closing_stays_met(make):
    worker = make.staff()
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    coming = make.hearing(case, starts_at=utcnow() + 20 * DAY)
    case_work.record_action(worker, case, "hearing_date_told", "Told Ada on the phone today.",
                            hearing_id=coming.id)
    case_work.change_stage(worker, case, "closed", closing_reason="case_stopped")
    after = _kinds(case)
    assert after[(K.HEARING_DATE_TOLD, coming.id)].met
