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
