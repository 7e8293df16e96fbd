"""Administration: organisations, teams, courts and accounts, and no case content."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Caseworker, Court, DevOutboxMessage, LoginSession, Organisation, Team
from portal.models.enums import Role, TeamKind
from tests.conftest import csrf_token, page, visible_text


@pytest.fixture
def admin(make, staff_login):
    person = make.staff(role=Role.ADMIN, name="Ada Admin")
    staff_login.sign_in_quickly(person)
    return person


def submit(client, path, **data):
    if "csrf_token" not in data:
        data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data)


def test_add_an_organisation_a_team_and_a_court(client, admin):
    bad = submit(client, "/staff/admin/organisations/new", name="Northshire Police",
                 kind="police", complaints_url="http://insecure.example")
    assert "https://" in page(bad).find(id="complaints_url-error").text
    submit(client, "/staff/admin/organisations/new", name="Northshire Police", kind="police",
           complaints_url="https://northshire.example/complaints")
    organisation = db.session.scalars(select(Organisation)).one()
    team_form = page(client.get("/staff/admin/teams/new"))
    assert team_form.find("input", {"name": "opens_at"})["value"] == "09:00"
    closes_early = submit(client, "/staff/admin/teams/new", organisation=organisation.id,
                          name="Witness Care", kind="witness_care", phone="01632 960200",
                          opens_at="17:00", closes_at="09:00")
    assert "after the opening time" in page(closes_early).find(id="closes_at-error").text
    submit(client, "/staff/admin/teams/new", organisation=organisation.id, name="Witness Care",
           kind="witness_care", phone="01632 960200", email="wcu@northshire.example",
           opens_at="09:00", closes_at="17:00")
    team = db.session.scalars(select(Team)).one()
    assert (team.kind, team.phone) == (TeamKind.WITNESS_CARE, "01632 960200")
    submit(client, "/staff/admin/courts/new", name="Eastbridge Magistrates' Court",
           address="1 Market Street, Eastbridge", phone="")
    assert db.session.scalars(select(Court)).one().name == "Eastbridge Magistrates' Court"
    # A court in Wales is given its Welsh name too.
    assert page(client.get("/staff/admin/courts/new")).find("input", {"name": "name_cy"})
    submit(client, "/staff/admin/courts/new", name="Aberglas Magistrates' Court",
           name_cy="Llys  Ynadon Aberglas", address="Heol y Castell, Aberglas", phone="")
    welsh = db.session.scalars(select(Court).where(Court.name.like("Aberglas%"))).one()
    assert welsh.name_cy == "Llys Ynadon Aberglas"
    overview = visible_text(client.get("/staff/admin"))
    for name in ("Northshire Police", "Witness Care", "Eastbridge Magistrates' Court"):
        assert name in overview


def test_add_an_account_which_gets_a_set_up_link(client, admin, make):
    team = make.team()
    no_team = submit(client, "/staff/admin/accounts/new", name="Jo Bennett",
                     email="jo@staff.example", role="caseworker", team="", locale="en")
    assert "Choose the person’s team" in page(no_team).find(id="team-error").text
    response = submit(client, "/staff/admin/accounts/new", name="Jo Bennett",
                      email="Jo@Staff.example", role="caseworker", team=team.id, locale="cy")
    assert "Account created" in page(response).h1.text
    account = db.session.scalar(select(Caseworker).where(Caseworker.email == "jo@staff.example"))
    assert (account.team_id, account.locale, account.password_hash) == (team.id, "cy", None)
    message = db.session.scalars(select(DevOutboxMessage)).one()
    assert message.to == "jo@staff.example" and "/staff/set-up/" in message.body
    again = submit(client, "/staff/admin/accounts/new", name="Jo Again", email="jo@staff.example",
                   role="manager", team=team.id, locale="en")
    assert "already an account" in page(again).find(id="email-error").text


def test_a_new_set_up_link_stops_the_old_factors_and_sessions(client, admin, make):
    person = make.staff()
    from portal.services.sign_in import sessions

    sessions.start(person)
    token = csrf_token(client, "/staff/admin")
    client.post(f"/staff/admin/accounts/{person.id}/reset", data={"csrf_token": token})
    db.session.refresh(person)
    assert person.password_hash is None and person.totp_secret is None
    assert db.session.scalars(select(LoginSession).where(
        LoginSession.principal_id == person.id)).one().ended_at is not None
    assert "/staff/set-up/" in db.session.scalars(select(DevOutboxMessage)).one().body


def test_deactivate_and_reactivate_an_account(client, admin, make):
    person = make.staff()
    token = csrf_token(client, "/staff/admin")
    client.post(f"/staff/admin/accounts/{person.id}/active", data={"csrf_token": token})
    db.session.refresh(person)
    assert person.active is False
    assert "Deactivated" in visible_text(client.get("/staff/admin"))
    client.post(f"/staff/admin/accounts/{person.id}/active", data={"csrf_token": token})
    db.session.refresh(person)
    assert person.active is True
    own = client.post(f"/staff/admin/accounts/{admin.id}/active", data={"csrf_token": token})
    assert own.status_code == 400
    db.session.refresh(admin)
    assert admin.active


def test_administrators_see_no_case_content(client, admin, make):
    victim = make.victim(name="Sam Taylor")
    case = make.case(victims=[victim])
    overview = visible_text(client.get("/staff/admin"))
    assert "Sam Taylor" not in overview and case.crime_reference not in overview
    assert client.get(f"/staff/cases/{case.id}").status_code == 403
    assert client.get("/staff/team").status_code == 403
    assert client.get("/staff/").headers["Location"].endswith("/staff/admin")


def account_row(client, name):
    """The cells (role and team, status, actions) of the accounts table's row for ``name``."""
    for row in page(client.get("/staff/admin")).find(id="accounts-heading").find_next(
            "table").tbody.find_all("tr"):
        if row.th.get_text().startswith(name):
            return [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    raise AssertionError(name)


def test_add_an_area_lead_who_belongs_to_no_team(client, admin, make):
    team = make.team()
    form = page(client.get("/staff/admin/accounts/new"))
    assert "Area lead: compares the teams’ figures" in form.find(
        "input", {"name": "role", "value": "area_lead"}).find_next("label").text
    response = submit(client, "/staff/admin/accounts/new", name="Lowri Evans",
                      email="lowri@lcjb.example", role="area_lead", team=team.id, locale="en")
    assert "Account created" in page(response).h1.text
    lead = db.session.scalar(select(Caseworker).where(Caseworker.email == "lowri@lcjb.example"))
    assert (lead.role, lead.team_id) == (Role.AREA_LEAD, None)  # the team chosen is ignored
    assert "/staff/set-up/" in db.session.scalars(select(DevOutboxMessage)).one().body
    assert "Area lead" in account_row(client, "Lowri Evans")[0]


def test_change_a_caseworkers_role_to_area_lead_and_back(client, admin, make, app):
    from portal.models import AuditEvent, Case
    from portal.services.sign_in import sessions

    team = make.team()
    person = make.staff(team=team, name="Jo Bennett")
    case = make.case(team=team, contact=person)
    path = f"/staff/admin/accounts/{person.id}/role"
    form = page(client.get(path))
    assert form.h1.text.strip() == "Change the role of Jo Bennett"
    assert form.find("input", {"name": "role", "value": "caseworker"}).has_attr("checked")
    token = sessions.start(person)  # signed in elsewhere: what they may open changes at once
    response = submit(client, path, role="area_lead", team=team.id)
    assert response.headers["Location"].endswith("/staff/admin")
    db.session.refresh(person)
    db.session.refresh(case)
    assert (person.role, person.team_id, case.contact_id) == (Role.AREA_LEAD, None, None)
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "admin.role_changed")).one()
    assert event.detail == {"account_id": person.id, "from_role": "caseworker",
                            "role": "area_lead", "from_team_id": team.id, "team_id": None,
                            "contact_released": 1}
    theirs = app.test_client()
    with theirs.session_transaction() as cookie_session:
        cookie_session["_user_id"] = token
    assert theirs.get(f"/staff/cases/{case.id}").status_code == 403
    assert theirs.get("/staff/area").status_code == 200
    no_team = submit(client, path, role="manager", team="")
    assert "Choose the person’s team" in page(no_team).find(id="team-error").text
    submit(client, path, role="manager", team=team.id)
    db.session.refresh(person)
    assert (person.role, person.team_id) == (Role.MANAGER, team.id)
    assert db.session.get(Case, case.id).contact_id is None  # not named again by itself


def test_an_administrator_cannot_change_their_own_role(client, admin, make):
    make.staff(name="Bo Other")
    response = submit(client, f"/staff/admin/accounts/{admin.id}/role", role="area_lead")
    assert response.status_code == 400
    assert "cannot change your own role" in page(response).find(id="role-error").text
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN
    assert "Change role" not in account_row(client, "Ada Admin")[2]
    assert "Change role" in account_row(client, "Bo Other")[2]
