"""Money and your property, as the victim sees it (issue 14; rights 5 and 10 of the Victims'
Code): only their case's items, each status in plain words and where and when to collect it;
asking for an item back makes one task for the case team, and asking again shows the request
already made; limited per hour; the compensation order after a sentence and not before; the
official pages for compensation and witness expenses; the new words at reading age 9."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.content import property as property_text
from portal.extensions import db
from portal.models import AuditEvent, PropertyRequest, Task, TaskKind
from portal.models.enums import DecisionKind, Stage
from portal.models.types import utcnow
from tests.conftest import csrf_token, page, visible_text

STATION = "Northfield police station, 12 Station Road, 8am to 8pm"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def signed_in(client, make, victim_auth):
    """A signed-in victim with a case whose police hold a laptop (evidence) and a ring
    (ready to collect), and another victim's case with a bike."""
    victim = make.victim(name="Gwen Jones")
    case = make.case(victims=[victim], stage=Stage.COURT)
    laptop = make.property_item(case, description="My silver laptop")
    ring = make.property_item(case, description="My gold ring", status="ready_to_collect",
                              collect_where=STATION,
                              collect_from=dt.date.today() + dt.timedelta(days=3))
    stranger_case = make.case(victims=[make.victim(name="Sam Taylor")])
    bike = make.property_item(stranger_case, description="A red racing bike")
    victim_auth.sign_in(victim)
    return victim, case, laptop, ring, stranger_case, bike


def case_item(case):
    from portal.models import PropertyItem

    return db.session.scalars(select(PropertyItem).where(PropertyItem.case_id == case.id)).first()


def ask(client, case, item, note="Please call me after 5pm."):
    path = f"/cases/{case.id}/property/{item.id}/ask"
    return client.post(path, data={"note": note, "csrf_token": csrf_token(client, path)})


def test_the_victim_sees_their_cases_items_in_plain_words(client, signed_in):
    _, case, laptop, ring, _, _ = signed_in
    case_page = page(client.get(f"/cases/{case.id}"))
    link = case_page.find("a", string="Money and your property")
    assert link["href"] == f"/cases/{case.id}/money-and-property"
    soup = page(client.get(link["href"]))
    section = soup.find("section", class_="portal-property")
    items = {div.h3.get_text(strip=True): " ".join(div.get_text(" ").split())
             for div in section.select(".portal-property-item")}
    assert set(items) == {"My silver laptop", "My gold ring"}  # not the stranger's bike
    assert "Kept as evidence" in items["My silver laptop"]
    assert "The police need to keep it for now." in items["My silver laptop"]
    assert "Ask for it back" in items["My silver laptop"]
    assert "Ready to collect" in items["My gold ring"] and STATION in items["My gold ring"]
    day = dt.date.today() + dt.timedelta(days=3)
    assert f", {day.day} " in items["My gold ring"].split("When From ")[1]
    assert "Ask for it back" not in items["My gold ring"]  # they collect it
    assert "A red racing bike" not in soup.get_text()


def test_another_victims_case_and_items_are_404(client, signed_in):
    _, case, _, _, stranger_case, bike = signed_in
    assert client.get(f"/cases/{stranger_case.id}/money-and-property").status_code == 404
    # Their item through this victim's own case: refused too, and nothing is asked.
    assert client.get(f"/cases/{case.id}/property/{bike.id}/ask").status_code == 404
    token = csrf_token(client, f"/cases/{case.id}/property/{case_item(case).id}/ask")
    for path in (f"/cases/{case.id}/property/{bike.id}/ask",
                 f"/cases/{stranger_case.id}/property/{bike.id}/ask"):
        response = client.post(path, data={"note": "Mine", "csrf_token": token})
        assert response.status_code == 404, path
    assert count(PropertyRequest) == 0 and count(Task) == 0


def test_asking_for_an_item_back_makes_one_task_and_asking_again_shows_it(client, signed_in):
    victim, case, laptop, _, _, _ = signed_in
    response = ask(client, case, laptop)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/cases/{case.id}/money-and-property?asked={laptop.id}")
    task = db.session.scalars(select(Task)).one()
    request = db.session.scalars(select(PropertyRequest)).one()
    assert (task.kind, task.case_id, task.victim_id) == (
        TaskKind.PROPERTY_REQUESTED, case.id, victim.id)
    assert task.detail == {"request_id": request.id, "item_id": laptop.id}  # never the words
    assert request.note == "Please call me after 5pm." and request.task_id == task.id
    entry = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "property.asked")).one()
    assert entry.actor_id == victim.id and "5pm" not in str(entry.detail)

    text = visible_text(client.get(response.headers["Location"]))
    assert "We have sent your request to your case team." in text
    assert "You asked for it back on" in text and "Your case team has your request." in text

    # Asking again while it is open: the request already made, no second task.
    again = page(client.get(f"/cases/{case.id}/property/{laptop.id}/ask"))
    assert "You asked for it back on" in again.get_text()
    assert again.find("textarea", {"name": "note"}) is None
    assert ask(client, case, laptop, note="Again").status_code == 200
    assert count(Task) == 1 and count(PropertyRequest) == 1


def test_the_team_sees_the_request_on_its_task_and_once_done_the_victim_can_ask_again(
        client, make, signed_in, staff_login, victim_auth):
    victim, case, laptop, _, _, _ = signed_in
    ask(client, case, laptop)
    task = db.session.scalars(select(Task)).one()
    worker = make.staff(team=case.team)
    staff_login.sign_in_quickly(worker)
    assert "The victim asked to have their property back" in visible_text(
        client.get("/staff/tasks"))
    text = visible_text(client.get(f"/staff/tasks/{task.id}"))
    assert "The victim asked to have their property back" in text
    assert "My silver laptop" in text and "Please call me after 5pm." in text
    assert "The victim asked for it back" in visible_text(
        client.get(f"/staff/cases/{case.id}/property"))
    task.done_at, task.outcome = utcnow(), "reached"
    db.session.commit()
    staff_login.sign_out()

    victim_auth.sign_in(victim)
    text = visible_text(client.get(f"/cases/{case.id}/money-and-property"))
    assert "Your case team dealt with your request on" in text
    assert ask(client, case, laptop).status_code == 302
    assert count(Task) == 2


def test_an_item_given_back_cannot_be_asked_for(client, make, signed_in):
    _, case, _, _, _, _ = signed_in
    returned = make.property_item(case, description="My keys", status="returned")
    response = ask(client, case, returned)
    assert response.status_code == 400
    assert "You cannot ask for this back here." in visible_text(response)
    assert count(Task) == 0


def test_a_long_note_is_refused_and_nothing_kept(client, signed_in):
    _, case, laptop, _, _, _ = signed_in
    response = ask(client, case, laptop, note="x" * 501)
    assert response.status_code == 400
    error = page(response).find(id="note-error")
    assert error is not None and "500 characters or fewer" in error.get_text()
    assert count(PropertyRequest) == 0 and count(Task) == 0


def test_requests_are_limited_per_hour(app, client, make, signed_in, monkeypatch):
    _, case, laptop, _, _, _ = signed_in
    monkeypatch.setitem(app.config, "VICTIM_MESSAGES_PER_HOUR", "1 per hour")
    phone = make.property_item(case, description="My phone")
    assert ask(client, case, laptop).status_code == 302
    refused = ask(client, case, phone)
    assert refused.status_code == 429
    assert "You have sent a lot of requests in the last hour." in visible_text(refused)
    assert count(Task) == 1


def test_the_compensation_order_is_explained_after_a_sentence_and_not_before(client, make,
                                                                             signed_in):
    _, case, _, _, _, _ = signed_in
    make.decision(case, DecisionKind.CHARGED)
    before = page(client.get(f"/cases/{case.id}"))
    assert before.find(id="compensation-order-heading") is None
    assert "compensation order" not in before.get_text()
    money = visible_text(client.get(f"/cases/{case.id}/money-and-property"))
    assert "If the crime cost you money, tell us." in money

    make.decision(case, DecisionKind.SENTENCE, sentence_months=6)
    after = page(client.get(f"/cases/{case.id}"))
    section = after.find("section", class_="portal-compensation-order")
    assert section is not None
    text = " ".join(section.get_text(" ").split())
    assert "This is called a compensation order." in text
    assert "you do not need to apply" in text
    money = visible_text(client.get(f"/cases/{case.id}/money-and-property"))
    assert "If the crime cost you money, tell us." not in money


@pytest.mark.parametrize("ordered, said, unsaid", [
    (True, "The court told the offender to pay you money.", "may have told"),
    (False, "The court did not tell the offender to pay you money.", "compensation order"),
    (None, "The court may have told the offender to pay you money.", "did not tell"),
])
def test_the_case_page_says_whether_the_court_made_an_order(client, make, signed_in, ordered,
                                                           said, unsaid):
    _, case, _, _, _, _ = signed_in
    make.decision(case, DecisionKind.SENTENCE, sentence_months=0, compensation_order=ordered)
    section = page(client.get(f"/cases/{case.id}")).find(
        "section", class_="portal-compensation-order")
    text = " ".join(section.get_text(" ").split())
    assert said in text and unsaid not in text


def test_the_money_page_points_to_the_official_pages(client, signed_in):
    _, case, _, _, _, _ = signed_in
    soup = page(client.get(f"/cases/{case.id}/money-and-property"))
    links = {a["href"] for a in soup.find_all("a")}
    assert property_text.CRIMINAL_INJURIES_URL in links
    assert property_text.WITNESS_EXPENSES_URL in links
    text = " ".join(soup.get_text(" ").split())
    assert "Criminal Injuries Compensation Authority" in text
    assert "within 2 years of the crime" in text and "There are some exceptions." in text
    assert "travel and pay you lose from work" in text


def test_the_demo_has_a_victim_with_property_to_collect(app, client, victim_auth):
    from portal import demo
    from portal.models import Case, Victim

    demo.load()
    case = db.session.scalars(select(Case).where(Case.crime_reference == "NS/24/0001")).one()
    sam = db.session.scalars(select(Victim).where(Victim.email == demo.DEMO_VICTIM_EMAIL)).one()
    victim_auth.sign_in(sam)
    text = visible_text(client.get(f"/cases/{case.id}/money-and-property"))
    assert "Your wooden jewellery box with two rings in it" in text
    assert "Ready to collect" in text and "Northfield police station" in text
    assert "Your silver laptop" in text and "Kept as evidence" in text

