"""Every look at a case by staff is on the record (issue 15), one INSERT each, and the team
manager sees who looked at or changed the case, and when."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent
from portal.models.enums import Role
from portal.services import audit
from portal.services.victim_input import conversations, statements
from tests.caseworker.test_case_page import PDF, counting_queries
from tests.conftest import page, visible_text


@pytest.fixture
def world(make):
    team = make.team(name="Northshire Witness Care")
    worker = make.staff(team=team, name="Carys Caseworker")
    manager = make.staff(team=team, role=Role.MANAGER, name="Mona Manager")
    victim = make.victim(name="Gwen Jones")
    make.preferences(victim)
    case = make.case(victims=[victim], contact=worker)
    conversations.post_from_victim(victim, case, "Is the trial still on?")
    statement = statements.add_upload(victim, case, "statement.pdf", PDF,
                                      Path(current_app.config["UPLOAD_FOLDER"]))
    return team, worker, manager, victim, case, statement


def _entries():
    return list(db.session.execute(select(AuditEvent.action, AuditEvent.actor_id,
                                          AuditEvent.team_id, AuditEvent.case_id)
                                   .order_by(AuditEvent.id)))


def test_each_staff_look_is_one_audit_entry_with_the_team(client, world, staff_login):
    team, worker, _, victim, case, statement = world
    staff_login.sign_in_quickly(worker)
    looks = {
        f"/staff/cases/{case.id}": "case.viewed",
        f"/staff/cases/{case.id}/history": "case.history_viewed",
        f"/staff/cases/{case.id}/messages/{victim.id}": "thread.viewed",
        f"/staff/cases/{case.id}/victims/{victim.id}/preferences": "victim.viewed",
        f"/staff/cases/{case.id}/statements/{statement.id}/file": "statement.downloaded",
    }
    for path, action in looks.items():
        before = _entries()
        response = client.get(path)
        assert response.status_code == 200, path
        new = _entries()[len(before):]
        assert new == [(action, worker.id, team.id, case.id)], (path, new)
        assert action in audit.LOOKS


def test_a_look_at_the_case_page_costs_one_insert_and_no_read(client, world, staff_login):
    _, worker, _, _, case, _ = world
    staff_login.sign_in_quickly(worker)
    client.get(f"/staff/cases/{case.id}")
    with counting_queries() as seen:
        assert client.get(f"/staff/cases/{case.id}").status_code == 200
    audit_statements = [s for s in seen if "audit_event" in s]
    assert len(audit_statements) == 1 and audit_statements[0].startswith("INSERT")


def test_the_manager_sees_who_looked_at_or_changed_the_case(client, world, staff_login,
                                                           victim_auth):
    team, worker, manager, victim, case, _ = world
    staff_login.sign_in_quickly(worker)
    client.get(f"/staff/cases/{case.id}")
    client.get(f"/staff/cases/{case.id}/messages/{victim.id}")
    assert "Who looked at this case" not in visible_text(client.get(f"/staff/cases/{case.id}"))
    assert client.get(f"/staff/cases/{case.id}/access-log").status_code == 403
    staff_login.sign_out()

    staff_login.sign_in_quickly(manager)
    soup = page(client.get(f"/staff/cases/{case.id}"))
    link = soup.find("a", string="Who looked at this case")
    assert link is not None and link["href"] == f"/staff/cases/{case.id}/access-log"
    response = client.get(link["href"])
    assert response.status_code == 200
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in page(response).select("tbody tr")]
    # Newest first: the manager's own look at the case page, then the worker's.
    whats = [(r[1].replace("When ", "").split(" ", 1)[-1], r[3].replace("What ", ""))
             for r in rows]
    assert ("Mona Manager", "Opened the case page") == whats[0]
    assert ("Carys Caseworker", "Opened the messages with a victim") in whats
    assert ("Carys Caseworker", "Opened the case page") in whats
    assert all(r[2] == "Team Northshire Witness Care" for r in rows if "Caseworker" in r[1])
    assert any(r[1] == "Who Gwen Jones (victim)" and "message.sent" in r[3] for r in rows)


def test_another_teams_manager_gets_404_audited(client, world, staff_login, make):
    _, _, _, _, case, _ = world
    outsider = make.staff(role=Role.MANAGER)
    staff_login.sign_in_quickly(outsider)
    assert client.get(f"/staff/cases/{case.id}/access-log").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == outsider.id)) == 1


def test_the_list_is_a_page_at_a_time(client, world, staff_login):
    _, worker, manager, _, case, _ = world
    for _ in range(60):
        audit.record(worker, "case.viewed", case.id)
    db.session.commit()
    staff_login.sign_in_quickly(manager)
    first = page(client.get(f"/staff/cases/{case.id}/access-log"))
    assert len(first.select("tbody tr")) == 50
    assert first.select_one(".govuk-pagination") is not None
    second = client.get(f"/staff/cases/{case.id}/access-log?page=2")
    assert second.status_code == 200 and len(page(second).select("tbody tr")) > 10
    assert client.get(f"/staff/cases/{case.id}/access-log?page=9").status_code == 404
