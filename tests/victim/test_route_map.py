"""Access rules on every victim route, like the console's route map.

RULES lists every route of the victim blueprint with who may use it. The first test fails when
a route is added without a rule here, or when the view's own decorator disagrees, so no victim
page can ship unguarded. Then every case route is tried with another victim's case, and with
another victim's items on a shared case (404, audited), and by a victim who has not yet said
how to contact them (taken to the questions, shown nothing of the case).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import current_app, url_for
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Case, Update
from portal.models.enums import UpdateEvent
from portal.services.victim_input import court_needs, statements
from portal.victim.access import CASE, PUBLIC, SUPPORTER, VICTIM
from tests.conftest import csrf_token, visible_text

RULES = {
    "victim.start": PUBLIC,
    "victim.sign_in": PUBLIC,
    "victim.enter_code": PUBLIC,
    "victim.sign_in_with_password": PUBLIC,
    "victim.invitation": PUBLIC,
    "victim.accept_invitation": PUBLIC,
    "victim.sign_out": PUBLIC,
    "victim.exit_page": PUBLIC,
    "victim.set_password": VICTIM,
    "victim.account": VICTIM,
    "victim.end_sessions": VICTIM,
    "victim.confirm": VICTIM,
    "victim.preferences": VICTIM,
    "victim.cases": CASE,
    "victim.case": CASE,
    "victim.messages": CASE,
    "victim.statement": CASE,
    "victim.upload_statement": CASE,
    "victim.statement_file": CASE,
    "victim.dates_to_avoid": CASE,
    "victim.remove_date_to_avoid": CASE,
    "victim.court_help": CASE,
    "victim.give_feedback": CASE,
    "victim.complaint": CASE,
    "victim.report_breach": CASE,
    "victim.ask_for_review": CASE,
    "victim.review_request": CASE,
    "victim.money_and_property": CASE,
    "victim.ask_for_property": CASE,
    "victim.your_needs": CASE,
    "victim.licence_say": CASE,
    "victim.alert_read": CASE,
    "victim.sent_messages": CASE,
    "victim.your_information": CASE,
    "victim.your_information_json": CASE,
    "victim.supporters_list": CASE,
    "victim.invite_supporter": CASE,
    "victim.check_supporter": CASE,
    "victim.change_supporter": CASE,
    "victim.remove_supporter": CASE,
    "victim.supporter_sign_in": PUBLIC,
    "victim.supporter_invitation": PUBLIC,
    "victim.accept_supporter_invitation": PUBLIC,
    "victim.supporting": SUPPORTER,
    "victim.supporting_case": SUPPORTER,
    "victim.supporter_write": SUPPORTER,
}
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


def victim_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("victim.")]


def test_every_victim_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in victim_rules(app)}
    missing = endpoints - set(RULES)
    assert not missing, f"victim routes without a rule in RULES: {sorted(missing)}"
    assert not set(RULES) - endpoints, "RULES names routes that no longer exist"
    for endpoint, access in RULES.items():
        assert getattr(app.view_functions[endpoint], "victim_access", None) == access, endpoint


def _items(make, victim, case):
    """One of each item a case route takes, belonging to ``victim`` on ``case``."""
    statement = statements.add_upload(victim, case, "statement.pdf", PDF,
                                      Path(current_app.config["UPLOAD_FOLDER"]))
    import datetime as dt

    entry = court_needs.add_date_to_avoid(victim, case, dt.date.today() + dt.timedelta(days=30),
                                          "A hospital appointment")
    update = Update(case=case, event=UpdateEvent.GENERAL, body_html="<p>News.</p>",
                    body_text="News.")
    db.session.add(update)
    from portal.models import ReviewRequest
    from portal.models.enums import DecisionKind

    decision = make.decision(case, DecisionKind.NO_FURTHER_ACTION)
    review = ReviewRequest(case=case, decision=decision, victim=victim, team_id=case.team_id,
                           scheme="police", contact_by="email")
    db.session.add(review)
    db.session.flush()
    from portal.models import AlertReceipt, UrgentAlert
    from portal.models.types import utcnow

    alert = UrgentAlert(case_id=case.id, kind="escaped", occurred_at=utcnow(),
                        update_id=update.id)
    db.session.add(alert)
    db.session.flush()
    db.session.add(AlertReceipt(alert_id=alert.id, victim_id=victim.id))
    db.session.commit()
    item = make.property_item(case)
    return {"case_id": case.id, "statement_id": statement.id, "entry_id": entry.id,
            "update_id": update.id, "decision_id": decision.id, "request_id": review.id,
            "item_id": item.id, "alert_id": alert.id}


@pytest.fixture
def world(make):
    """Gwen's case (with a statement, a date to avoid and an update), Sam's own case, and a
    case both are on, where Gwen has a statement and a date of her own."""
    gwen, sam = make.victim(name="Gwen Jones"), make.victim(name="Sam Taylor")
    for victim in (gwen, sam):
        make.preferences(victim)
    gwens = make.case(victims=[gwen])
    shared = make.case(victims=[gwen, sam])
    make.case(victims=[sam])
    return gwen, sam, _items(make, gwen, gwens), _items(make, gwen, shared)


def case_requests(app, values):
    with app.test_request_context():
        for rule in victim_rules(app):
            if RULES[rule.endpoint] != CASE or "case_id" not in rule.arguments:
                continue
            url = url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url


def refused(victim) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == victim.id))


def send(client, method, url, token):
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": token})


def test_another_victims_case_is_404_and_audited_on_every_case_route(app, client, world,
                                                                     victim_auth):
    gwen, sam, gwens_items, _ = world
    victim_auth.sign_in(sam)
    token = csrf_token(client, "/preferences")
    checked = 0
    for endpoint, method, url in case_requests(app, gwens_items):
        before = refused(sam)
        response = send(client, method, url, token)
        assert response.status_code == 404, (endpoint, method, response.status_code)
        assert "Gwen" not in visible_text(response)
        assert refused(sam) == before + 1, (endpoint, method)
        checked += 1
    assert checked >= 12


def test_another_victims_items_on_a_shared_case_are_404_and_audited(app, client, world,
                                                                    victim_auth):
    gwen, sam, _, shared_items = world
    victim_auth.sign_in(sam)
    token = csrf_token(client, "/preferences")
    case_id = shared_items["case_id"]
    assert client.get(f"/cases/{case_id}").status_code == 200  # the case itself is Sam's too
    before = refused(sam)
    path = f"/cases/{case_id}/statements/{shared_items['statement_id']}/file"
    assert client.get(path).status_code == 404
    assert refused(sam) == before + 1
    response = client.post(f"/cases/{case_id}/dates-to-avoid/{shared_items['entry_id']}/remove",
                           data={"csrf_token": token})
    assert response.status_code == 404 and refused(sam) == before + 2
    assert len(court_needs.dates_to_avoid(db.session.get(Case, case_id), gwen)) == 1


def test_a_first_time_victim_is_taken_to_the_contact_questions_from_every_case_page(
        app, client, make, victim_auth):
    victim = make.victim(name="Gwen Jones")
    case = make.case(victims=[victim])
    values = _items(make, victim, case)
    victim_auth.sign_in(victim, asked=False)
    token = csrf_token(client, "/preferences")
    with app.test_request_context():
        paths = [url_for("victim.cases")] + [url for _, method, url in case_requests(app, values)
                                             if method == "GET"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith("/preferences"), path
    for endpoint, method, url in case_requests(app, values):
        if method == "POST":
            response = send(client, method, url, token)
            assert response.status_code == 302 and response.headers["Location"].endswith(
                "/preferences"), endpoint
    # Nothing was handed in on the way.
    assert len(court_needs.dates_to_avoid(case, victim)) == 1
