"""A victim sees which teams looked at their case (issue 15): each team, how many times and
when last, from the looks staff's pages record; never a member of staff's name."""
from __future__ import annotations

import json

from portal.extensions import db
from portal.models.enums import TeamKind
from tests.conftest import page


def test_the_victim_sees_each_teams_looks_grouped_never_staff_names(client, make,
                                                                   staff_login, victim_auth):
    police = make.team(TeamKind.POLICE, name="Northshire Police Investigations")
    witness_care = make.team(TeamKind.WITNESS_CARE, name="Northshire Witness Care")
    officer = make.staff(team=police, name="Olwen Officer")
    carer = make.staff(team=witness_care, name="Wyn Witnesscare")
    gwen = make.victim(name="Gwen Jones")
    make.preferences(gwen)
    case = make.case(victims=[gwen], team=police, contact=officer)

    staff_login.sign_in_quickly(officer)
    for path in (f"/staff/cases/{case.id}", f"/staff/cases/{case.id}/messages/{gwen.id}",
                 f"/staff/cases/{case.id}"):
        assert client.get(path).status_code == 200
    staff_login.sign_out()
    # The case moves to witness care, and the officer later moves team: their looks stay
    # the police team's.
    case.team = witness_care
    officer.team = witness_care
    db.session.commit()
    staff_login.sign_in_quickly(carer)
    assert client.get(f"/staff/cases/{case.id}").status_code == 200
    staff_login.sign_out()

    victim_auth.sign_in(gwen)
    response = client.get("/account/your-information")
    assert response.status_code == 200
    soup = page(response)
    table = soup.find("caption", string="Who looked at your cases").find_parent("table")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("td")]
            for row in table.select("tbody tr")]
    assert [(r[1], r[2]) for r in rows] == [("Team Northshire Witness Care", "Times 1"),
                                            ("Team Northshire Police Investigations",
                                             "Times 3")]
    assert all(case.crime_reference in r[0] for r in rows)
    text = soup.get_text(" ")
    assert "Olwen" not in text and "Wyn" not in text

    data = json.loads(client.get("/account/your-information.json").get_data(as_text=True))
    assert [(g["team"], g["times"]) for g in data["teams_looked"]] == [
        ("Northshire Witness Care", 1), ("Northshire Police Investigations", 3)]
    assert "Olwen" not in json.dumps(data) and "Wyn" not in json.dumps(data)
