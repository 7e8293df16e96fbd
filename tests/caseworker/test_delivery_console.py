"""On the console's case page the team sees every message to the victims, its state and the
reason for it, the tasks the delivery engine handed them, and whether each victim was asked."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Task, TaskKind
from portal.models.enums import Role, UpdateEvent
from tests.conftest import page, visible_text


def test_the_case_page_shows_each_message_its_state_and_the_teams_tasks(
        client, make, providers, contactable, run_worker, staff_login):
    worker = make.staff(role=Role.CASEWORKER)
    texted = contactable(channels=["sms"], name="Ada Lovelace")
    refused = contactable(channels=["sms", "letter"], name="Grace Hopper",
                          preference={"postal_address": "2 Mill Lane\nNorthshire"})
    quiet = contactable(name="Mary Somerville", preference={"frequency": "key_decisions"})
    called = contactable(channels=["phone"], name="Ida Wells", phone="+442079460000")
    unasked = make.victim(name="Nellie Bly")
    case = make.case(victims=[texted, refused, quiet, called, unasked], team=worker.team)
    providers.sms.refuse_number(refused.phone, 400, 21211)
    make.update(case, UpdateEvent.GENERAL, "We spoke to the neighbour.")
    run_worker()
    staff_login.sign_in_quickly(worker)

    response = client.get(f"/staff/cases/{case.id}")
    assert response.status_code == 200
    text = visible_text(response)
    assert "Not asked yet." in text  # Nellie Bly
    assert "the victim answered online" in text
    table = [(row.th.get_text(strip=True), row.get_text(" ", strip=True))
             for row in page(response).select("#deliveries-heading + div tbody tr")]
    rows = dict(table)
    assert "Accepted by the text message provider" in rows["Ada Lovelace"]
    assert "Not sent" in rows["Mary Somerville"] and "key decisions only" in rows[
        "Mary Somerville"]
    assert "Passed to the case team" in rows["Ida Wells"]
    tasks = visible_text(response).split("Tasks from messages to victims")[1]
    assert "Call the victim with an update: Ida Wells" in tasks
    assert "Do not leave a voicemail." in tasks
    assert "A message could not be delivered: Grace Hopper" in tasks
    assert "Print and post a letter: Grace Hopper" in tasks
    # The text Grace's number refused, and the letter that took its place.
    grace = [text for name, text in table if name == "Grace Hopper"]
    assert len(grace) == 2
    assert any("Text message" in r and "Failed" in r and "error 21211" in r
               and "refused it for good" in r for r in grace)
    assert any("Letter" in r and "Passed to the case team" in r for r in grace)

    letter_task = db.session.scalars(select(Task).where(Task.kind == TaskKind.LETTER)).one()
    link = page(response).find("a", string="Open the letter to print")
    assert link["href"] == f"/staff/cases/{case.id}/letters/{letter_task.id}"
    letter = client.get(link["href"])
    assert letter.status_code == 200
    body = page(letter)
    assert [p.text for p in body.select(".letter__address p")] == [
        "Grace Hopper", "2 Mill Lane", "Northshire"]
    assert "We spoke to the neighbour." in body.get_text()
    assert db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "letter.opened")).one().actor_id == worker.id
    # Another task's id on this case is not a letter.
    other = db.session.scalars(select(Task).where(Task.kind == TaskKind.PHONE_CALL)).one()
    assert client.get(f"/staff/cases/{case.id}/letters/{other.id}").status_code == 404
