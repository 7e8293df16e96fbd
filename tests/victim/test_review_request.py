"""A victim asks for a Victims' Right to Review online (issue 14): offered exactly where a
scheme allows it; a short form (reasons optional, contact from their preferences), a check
of their answers, then sent; one request per decision (a second try shows the first); a
late request is taken and marked late, in plain words; the status is shown back on the case
page and the request's own page; withdrawn at will; another victim gets a 404."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Notification, ReviewRequest, Task, TaskKind
from portal.models.enums import DecisionKind, Stage, TeamKind
from portal.models.enums import UpdateEvent as E
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from tests.conftest import csrf_token, page, visible_text

D = DecisionKind
UTC = dt.timezone.utc
ASK = "Ask for a review online"
# Each decision kind: whether the scheme lets the victim ask for a review (online, here).
OFFERED = {D.NO_FURTHER_ACTION: True, D.CHARGE_DROPPED: True, D.OUT_OF_COURT: False,
           D.CHARGE_CHANGED: False, D.CHARGED: False, D.VERDICT_GUILTY: False,
           D.VERDICT_NOT_GUILTY: False, D.SENTENCE: False, D.APPEAL: False}


@pytest.fixture
def victim(client, make, victim_auth):
    person = make.victim(name="Ada Lovelace", email="ada@example.org", phone="+447700900123")
    make.preferences(person, channels=["sms", "email"])
    victim_auth.sign_in(person)
    return person


def asked_path(case, decision) -> str:
    return f"/cases/{case.id}/decisions/{decision.id}/review"


def send(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def ask(client, case, decision, reasons="I was not asked what happened.", contact_by="sms"):
    """The two steps: the form, then "Send my request" on the check page."""
    path = asked_path(case, decision)
    checked = send(client, path, reasons=reasons, contact_by=contact_by)
    assert checked.status_code == 200
    assert "Check your request" in visible_text(checked)
    return send(client, path, reasons=reasons, contact_by=contact_by, confirmed="yes")


@pytest.mark.parametrize("kind", list(D))
def test_the_offer_appears_exactly_where_a_scheme_allows_it(client, make, victim, kind):
    police = make.team(TeamKind.POLICE)
    case = make.case(victims=[victim], team=police, stage=Stage.CHARGING)
    decision = make.decision(case, kind, team=police,
                             sentence_months=0 if kind is D.SENTENCE else None)
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert (ASK in text) is OFFERED[kind], kind
    response = client.get(asked_path(case, decision))
    assert response.status_code == (200 if OFFERED[kind] else 404), kind


def test_a_victim_asks_checks_and_sends_and_the_team_has_it_at_once(client, make, victim):
    cps = make.team(TeamKind.PROSECUTION, name="CPS Wessex")
    case = make.case(victims=[victim], team=cps, stage=Stage.CLOSED)
    decision = make.decision(case, D.CHARGE_DROPPED, team=cps)
    form = page(client.get(asked_path(case, decision)))
    assert "A prosecutor who was not part of the decision will look at it again." in form.text
    # How to contact them starts from their own first choice.
    checked = form.find("input", {"name": "contact_by", "checked": True})
    assert checked["value"] == "sms"
    assert "(optional)" in form.find("label", {"for": "reasons"}).text

    check = send(client, asked_path(case, decision), reasons="", contact_by="email")
    assert "You did not give a reason." in visible_text(check)
    assert db.session.scalar(select(func.count()).select_from(ReviewRequest)) == 0

    sent = send(client, asked_path(case, decision), reasons="", contact_by="email",
                confirmed="yes")
    assert sent.status_code == 302
    request = db.session.scalars(select(ReviewRequest)).one()
    assert (request.scheme, request.status, request.contact_by, request.reasons,
            request.late, request.team_id) == ("cps", "received", "email", None, False, cps.id)
    task = db.session.scalars(select(Task).where(Task.kind == TaskKind.REVIEW_REQUESTED)).one()
    assert task.case_id == case.id and task.detail["request_id"] == request.id
    assert task.due_by > utcnow()
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "review.requested")).one()
    assert audit.actor_id == victim.id and "reasons" not in audit.detail

    status = visible_text(client.get(sent.headers["Location"]))
    assert "We have sent your request to your case team." in status
    assert "Received" in status and "within 30 working days" in status
    # Back on the case page: the status and the date, not a second offer.
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "You asked for a review on" in text and ASK not in text


def test_a_second_try_shows_the_request_already_made(client, make, victim):
    case = make.case(victims=[victim], team=make.team(TeamKind.POLICE))
    decision = make.decision(case, D.NO_FURTHER_ACTION, team=case.team)
    ask(client, case, decision)
    again = client.get(asked_path(case, decision))
    assert again.status_code == 302 and "/reviews/" in again.headers["Location"]
    token = csrf_token(client, f"/cases/{case.id}/messages")
    ask_twice = client.post(asked_path(case, decision), data={
        "reasons": "Again", "contact_by": "sms", "confirmed": "yes", "csrf_token": token})
    assert ask_twice.status_code == 302 and "/reviews/" in ask_twice.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(ReviewRequest)) == 1
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1


def test_a_late_request_is_taken_and_marked_late(client, make, victim):
    cps = make.team(TeamKind.PROSECUTION)
    case = make.case(victims=[victim], team=cps)
    decision = make.decision(case, D.CHARGE_DROPPED, team=cps,
                             made_at=utcnow() - dt.timedelta(days=200))
    update = make.update(case, E.CHARGE_DROPPED, "The case has been stopped.")
    update.decision_id = decision.id
    told = db.session.scalars(select(Notification).where(
        Notification.update_id == update.id)).first()
    told.status, told.sent_at = DeliveryStatus.SENT, utcnow() - dt.timedelta(days=190)
    db.session.commit()
    form = visible_text(client.get(asked_path(case, decision)))
    assert "You can still ask, but your request will be late." in form
    assert "only looked at for a very good reason" in form
    assert ask(client, case, decision).status_code == 302
    request = db.session.scalars(select(ReviewRequest)).one()
    assert request.late and request.ask_by is not None
    task = db.session.scalars(select(Task)).one()
    assert task.detail["late"] is True
    assert "Your request was late." in visible_text(
        client.get(f"/cases/{case.id}/reviews/{request.id}"))


def test_the_victim_can_withdraw(client, make, victim):
    case = make.case(victims=[victim], team=make.team(TeamKind.POLICE))
    decision = make.decision(case, D.NO_FURTHER_ACTION, team=case.team)
    ask(client, case, decision)
    request = db.session.scalars(select(ReviewRequest)).one()
    path = f"/cases/{case.id}/reviews/{request.id}"
    assert "Withdraw my request" in visible_text(client.get(path))
    assert send(client, path).status_code == 302
    db.session.refresh(request)
    assert request.status == "withdrawn" and request.withdrawn_at is not None
    text = visible_text(client.get(path))
    assert "Withdrawn" in text and "You withdrew it on" in text
    assert "Withdraw my request" not in text


def test_reasons_too_long_are_refused_and_nothing_is_kept(client, make, victim):
    case = make.case(victims=[victim], team=make.team(TeamKind.POLICE))
    decision = make.decision(case, D.NO_FURTHER_ACTION, team=case.team)
    refused = send(client, asked_path(case, decision), reasons="x" * 2001, contact_by="sms",
                   confirmed="yes")
    assert refused.status_code == 400
    assert "Use 2000 characters or fewer" in visible_text(refused)
    assert db.session.scalar(select(func.count()).select_from(ReviewRequest)) == 0


def test_another_victim_gets_404(client, make, victim, victim_auth):
    other = make.victim(name="Sam Taylor")
    make.preferences(other)
    shared = make.case(victims=[victim, other], team=make.team(TeamKind.POLICE))
    decision = make.decision(shared, D.NO_FURTHER_ACTION, team=shared.team)
    ask(client, shared, decision)
    request = db.session.scalars(select(ReviewRequest)).one()
    own = make.case(victims=[victim], team=shared.team)
    own_decision = make.decision(own, D.NO_FURTHER_ACTION, team=own.team)
    victim_auth.sign_out()
    victim_auth.sign_in(other)
    # On a case both are on, Ada's request is hers alone.
    assert client.get(f"/cases/{shared.id}/reviews/{request.id}").status_code == 404
    token = csrf_token(client, f"/cases/{shared.id}/messages")
    assert client.post(f"/cases/{shared.id}/reviews/{request.id}",
                       data={"csrf_token": token}).status_code == 404
    # A case Sam is not on: 404 for the decision's form.
    assert client.get(asked_path(own, own_decision)).status_code == 404
    db.session.refresh(request)
    assert request.status == "received"
    # Sam may ask on his own account about the shared decision.
    assert "You asked for a review" not in visible_text(client.get(f"/cases/{shared.id}"))


def test_requests_are_limited_per_hour_like_other_inputs(app, client, make, victim,
                                                         monkeypatch):
    monkeypatch.setitem(app.config, "VICTIM_MESSAGES_PER_HOUR", "1 per hour")
    case = make.case(victims=[victim], team=make.team(TeamKind.POLICE))
    first = make.decision(case, D.NO_FURTHER_ACTION, team=case.team)
    second = make.decision(case, D.NO_FURTHER_ACTION, team=case.team)
    assert ask(client, case, first).status_code == 302
    refused = send(client, asked_path(case, second), reasons="", contact_by="sms",
                   confirmed="yes")
    assert refused.status_code == 429
    assert "You have sent a lot in the last hour." in visible_text(refused)
    assert db.session.scalar(select(func.count()).select_from(ReviewRequest)) == 1
