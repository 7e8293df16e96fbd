"""Property the police hold, from the console (issue 14): a caseworker of the case's team
records an item and changes it (audited, never with the victim's words); another team gets 404
and changes nothing; bad input says what is wrong with 400 and saves nothing; an item that
becomes ready to collect goes on to the update, which reaches the victims through the outbox."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Notification, PropertyItem, Update
from portal.models.enums import Stage, TeamKind, UpdateEvent
from portal.services import audit
from portal.services.case_file import plain_english
from tests.caseworker.test_updates import post, preview_data
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
# Tuesday 1 September 2026, 10:00 in London.
TUESDAY = dt.datetime(2026, 9, 1, 10, 0, tzinfo=LONDON)
STATION = "Northfield police station, front desk, 8am to 8pm. Bring photo ID."


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TUESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker(make, staff_login):
    person = make.staff(name="Sam Okafor")
    staff_login.sign_in_quickly(person)
    return person


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def entered(**values) -> dict:
    data = {"description": "My blue bike with a basket", "held_because": "evidence",
            "status": "held_as_evidence", "collect_where": "",
            "collect_from": ["", "", ""]}
    data.update(values)
    return data


def submit(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_the_team_records_an_item_and_changes_it(client, worker, make):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    listing = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Property the police hold" in listing
    response = submit(client, f"/staff/cases/{case.id}/property/new", entered())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/cases/{case.id}/property")
    item = db.session.scalars(select(PropertyItem)).one()
    assert (item.case_id, item.description, item.held_because, item.status,
            item.recorded_by_id) == (case.id, "My blue bike with a basket", "evidence",
                                     "held_as_evidence", worker.id)
    text = visible_text(client.get(f"/staff/cases/{case.id}/property"))
    assert "My blue bike with a basket" in text and "Held as evidence" in text

    # Changed: given back. Not news to send, so back to the list.
    response = submit(client, f"/staff/cases/{case.id}/property/{item.id}",
                      entered(status="returned"))
    assert response.status_code == 302
    assert "updates/new" not in response.headers["Location"]
    db.session.refresh(item)
    assert item.status == "returned"
    assert "Returned" in visible_text(client.get(f"/staff/cases/{case.id}/property"))

    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.case_id == case.id, AuditEvent.actor_id == worker.id))]
    assert actions.count("property.recorded") == 1 and actions.count("property.changed") == 1
    assert "property.viewed" in actions and "property.viewed" in audit.LOOKS
    for entry in db.session.scalars(select(AuditEvent).where(
            AuditEvent.action.like("property.%"))):
        assert "bike" not in str(entry.detail)  # the victim's words are not in the audit


def test_the_form_starts_with_the_item_as_recorded(client, worker, make):
    case = make.case(victims=[make.victim()], contact=worker)
    item = make.property_item(case, description="A grey laptop", held_because="found")
    soup = page(client.get(f"/staff/cases/{case.id}/property/{item.id}"))
    assert soup.find("input", {"name": "description"})["value"] == "A grey laptop"
    assert soup.find("input", {"name": "held_because", "value": "found"}).has_attr("checked")


def test_another_teams_caseworker_gets_404_and_nothing_changes(client, make, staff_login):
    case = make.case(victims=[make.victim()], team=make.team(TeamKind.WITNESS_CARE))
    item = make.property_item(case)
    outsider = make.staff(team=make.team(TeamKind.POLICE))
    staff_login.sign_in_quickly(outsider)
    token = csrf_token(client, "/staff/account")
    for path in (f"/staff/cases/{case.id}/property", f"/staff/cases/{case.id}/property/new",
                 f"/staff/cases/{case.id}/property/{item.id}"):
        assert client.get(path).status_code == 404, path
    for path in (f"/staff/cases/{case.id}/property/new",
                 f"/staff/cases/{case.id}/property/{item.id}"):
        response = client.post(path, data={**entered(status="returned"), "csrf_token": token})
        assert response.status_code == 404, path
    assert count(PropertyItem) == 1
    db.session.refresh(item)
    assert item.status == "held_as_evidence"
    refused = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == outsider.id)).all()
    assert len(refused) == 5


def test_an_item_of_another_case_of_the_team_is_404(client, worker, make):
    case = make.case(victims=[make.victim()], contact=worker)
    other = make.case(victims=[make.victim()], contact=worker)
    theirs = make.property_item(other)
    assert client.get(f"/staff/cases/{case.id}/property/{theirs.id}").status_code == 404


@pytest.mark.parametrize("data, field, message", [
    (entered(description=""), "description", "Describe the item"),
    (entered(description="x" * 201), "description", "200 characters or fewer"),
    (entered(held_because=""), "held_because", "Choose why the police hold it"),
    (entered(held_because="stolen"), "held_because", "Not a valid choice"),
    (entered(status=""), "status", "Choose where the item is now"),
    (entered(status="ready_to_collect"), "collect_where",
     "Say where and how the victim can collect it"),
    (entered(status="ready_to_collect", collect_where="x" * 501), "collect_where",
     "500 characters or fewer"),
    (entered(collect_from=["31", "2", "2027"]), "collect_from", "Enter a real date"),
])
def test_bad_input_says_what_is_wrong_with_400_and_saves_nothing(client, worker, make, data,
                                                                 field, message):
    case = make.case(victims=[make.victim()], contact=worker)
    response = submit(client, f"/staff/cases/{case.id}/property/new", data)
    assert response.status_code == 400
    soup = page(response)
    error = soup.find(id=f"{field}-error")
    assert error is not None and message in error.text, soup.select(".govuk-error-message")
    assert soup.select_one(f'.govuk-error-summary a[href="#{field}"]') is not None
    assert count(PropertyItem) == 0


def test_ready_to_collect_goes_on_to_an_update_that_reaches_the_victims(client, worker, make):
    victims = [make.victim(name="Gwen Jones"), make.victim(name="Rhys Evans")]
    case = make.case(victims=victims, contact=worker, stage=Stage.COURT)
    item = make.property_item(case)
    response = submit(client, f"/staff/cases/{case.id}/property/{item.id}", entered(
        status="ready_to_collect", collect_where=STATION, collect_from=["7", "9", "2026"]))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "event=property_ready" in location

    form = page(client.get(location)).find("form", id="update-form")
    body = form.find("textarea", {"name": "body"}).text
    assert "My blue bike with a basket" in body and STATION in body
    assert "Monday, 7 September 2026" in body
    assert plain_english.check(body, UpdateEvent.PROPERTY_READY).ok

    data = {field["name"]: field.get("value", "") for field in form.find_all("input")
            if field.get("type") not in ("radio", "submit") and field.get("name")}
    data.update(body=body, language="en", send="window")
    previewed = preview_data(post(client, case, data, check="1"))
    sent = post(client, case, previewed, language="en", send="window", confirm="1")
    assert "Update sent" in page(sent).h1.text
    update = db.session.scalars(select(Update)).one()
    assert update.event == UpdateEvent.PROPERTY_READY
    notifications = db.session.scalars(select(Notification)).all()
    assert sorted(n.victim_id for n in notifications) == sorted(v.id for v in victims)
    assert all(n.update_id == update.id for n in notifications)

    # Saved again while still ready (a new opening time): no second update to send.
    again = submit(client, f"/staff/cases/{case.id}/property/{item.id}", entered(
        status="ready_to_collect", collect_where=STATION + " Closed on Sundays."))
    assert "updates/new" not in again.headers["Location"]


def test_an_item_recorded_ready_today_says_from_today(app, make):
    from portal.services.case_file import update_templates

    case = make.case(stage=Stage.COURT)
    make.property_item(case, description="Car keys", status="ready_to_collect",
                       collect_where=STATION)
    with app.test_request_context():
        text = update_templates.prefill(case, UpdateEvent.PROPERTY_READY)
        result = plain_english.check(text, UpdateEvent.PROPERTY_READY)
    assert "Car keys" in text and "You can collect it from today." in text
    assert result.ok and result.reading_ease >= plain_english.READING_EASE_TARGET


@pytest.mark.parametrize("answer, kind, kept", [
    ("yes", "sentence", True), ("no", "sentence", False), ("", "sentence", None),
    ("yes", "charged", None),  # only a sentence has one
])
def test_a_sentence_records_whether_the_court_made_a_compensation_order(client, worker, make,
                                                                        answer, kind, kept):
    from portal.models import Decision

    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    response = submit(client, f"/staff/cases/{case.id}/decisions/new", {
        "kind": kind, "made_on": ["1", "9", "2026"], "reasons": "The judge explained it.",
        "sentence_months": "0", "compensation_order": answer})
    assert response.status_code == 302
    assert db.session.scalars(select(Decision)).one().compensation_order is kept
