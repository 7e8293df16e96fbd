"""Across teams (issue 16): an administrator or an area lead compares every team on the same
measures (duties on time, late and missed over the last 12 weeks, victims' understanding,
quality reviews), counted as each team's own figures count them, in England, Wales or both, and
sees no case content. An area lead sees nothing else (tests/caseworker/test_route_map.py walks
every route)."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from portal.extensions import db
from portal.models import UpdateFeedback
from portal.models.enums import Role
from portal.services.case_file import area_figures, figures_over_time, supervision
from portal.services.case_file.figures_over_time import Counts
from tests.caseworker.test_figures_over_time import NOW, at, outcome_case
from tests.conftest import page, visible_text


@pytest.fixture
def area(make):
    with time_machine.travel(NOW, tick=False):
        north = make.team(name="Northtown Witness Care")
        south = make.team(name="Southtown Witness Care")
        make.team(name="Westtown Witness Care")  # nothing yet: a row of zeros
        north_manager = make.staff(team=north, role=Role.MANAGER, name="Morgan Price")
        alex = make.staff(team=north, name="Alex Hughes")
        cases = [outcome_case(make, north, "en", at(11, 2, 10), at(11, 2, 15), alex),
                 outcome_case(make, north, "cy", at(11, 3, 10), at(11, 5, 9), alex),
                 outcome_case(make, north, "cy", at(11, 4, 10)),
                 outcome_case(make, south, "en", at(11, 4, 10)),
                 outcome_case(make, south, "en", at(10, 26, 10), at(10, 27, 9))]
        cases[4].area = "wales"  # Southtown's one case in Wales, told on time
        for case, answer, comment in ((cases[0], "yes", None),
                                      (cases[1], "no", "Gwen did not follow the letter"),
                                      (cases[3], "partly", None)):
            update = make.update(case)
            db.session.add(UpdateFeedback(update=update, victim_id=case.victims[0].id,
                                          understood=answer, comment=comment))
        db.session.commit()
        supervision.record(north_manager, cases[0], "random",
                           dict(dict.fromkeys(supervision.ITEMS, "yes"), referral_made="no"),
                           "Alex told Gwen well")
        admin = make.staff(role=Role.ADMIN)
        lead = make.staff(role=Role.AREA_LEAD, name="Lowri Area")
    return dict(north=north, south=south, admin=admin, lead=lead, cases=cases,
                north_manager=north_manager)


def test_each_team_counted_as_its_own_figures_count(area):
    found = {row.name: row for row in area_figures.compare(NOW).teams}
    assert list(found) == ["Northtown Witness Care", "Southtown Witness Care",
                           "Westtown Witness Care"]
    north, south, west = found.values()
    assert (north.duties.on_time, north.duties.late, north.duties.missed) == (1, 1, 1)
    assert (south.duties.on_time, south.duties.late, south.duties.missed) == (1, 0, 1)
    assert west.duties == Counts() and west.reviews == 0 and west.understood_share is None
    for team, row in ((area["north"], north), (area["south"], south)):
        total = Counts()
        for weeks in figures_over_time.for_team(team.id, NOW).by_kind.values():
            for counts in weeks:
                total.add(counts)
        assert row.duties == total  # the team's own page, added up
    assert (north.understanding.yes, north.understanding.no, north.understood_share) == (
        1, 1, 50)
    assert (south.understanding.partly, south.understood_share) == (1, 0)
    assert north.reviews == 1 and (north.answers.yes, north.answers.no) == (4, 1)
    assert north.answers.share_yes == 80 and south.reviews == 0


@pytest.mark.parametrize("who", ["admin", "lead"])
def test_the_page_names_no_case_victim_or_caseworker(client, staff_login, area, who):
    with time_machine.travel(NOW, tick=False):
        staff_login.sign_in_quickly(area[who])
        response = client.get("/staff/area")
    assert response.status_code == 200
    soup = page(response)
    assert soup.title.get_text(strip=True).startswith("Teams compared")
    north = soup.find("table", id="area-duties").find(
        "tr", attrs={"data-team": str(area["north"].id)})
    assert north.th.get_text(strip=True) == "Northtown Witness Care"
    assert [north.find("td", attrs={"data-state": s}).text
            for s in ("on_time", "late", "missed", "share")] == ["1", "1", "1", "33%"]
    reviews = soup.find("table", id="area-reviews").find(
        "tr", attrs={"data-team": str(area["north"].id)})
    assert reviews.find("td", attrs={"data-answer": "share"}).text == "80%"
    text = visible_text(response)
    html = response.get_data(as_text=True)
    for case in area["cases"]:
        assert case.crime_reference not in html
        for victim in case.victims:
            assert victim.full_name not in html
    for words in ("Alex Hughes", "Morgan Price", "Gwen", "Alex told"):
        assert words not in text
    assert not soup.select("a[href*='/staff/cases/']")


def test_a_team_manager_cannot_compare_teams(client, staff_login, area):
    staff_login.sign_in_quickly(area["north_manager"])
    assert client.get("/staff/area").status_code == 403


def test_the_area_is_counted_in_a_few_queries_whatever_the_number_of_teams(area, make):
    from sqlalchemy import event

    with time_machine.travel(NOW, tick=False):
        for n in range(5):
            outcome_case(make, make.team(name=f"Team {n}"), "en", at(11, 4, 10))
    area_figures.compare(NOW)  # the new cases' records written
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        area_figures.compare(NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    # The teams, then each team's stale cases (one look-up each, none stale), then a
    # GROUP BY per measure.
    assert len(statements) <= 1 + 8 + 4 + 2, statements
    statements.clear()
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        area_figures.compare(NOW, in_nation="wales")  # the same, each narrowed in SQL
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) <= 1 + 1 + 4 + 2, statements  # one team has a case in Wales
    assert dt.date(2026, 8, 24) == figures_over_time.weeks_to(NOW)[0]


def cells(soup, table, team, attribute, values):
    row = soup.find("table", id=table).find("tr", attrs={"data-team": str(team.id)})
    return None if row is None else [row.find("td", attrs={attribute: v}).text for v in values]


def test_narrowed_to_wales_or_england_only_those_cases_and_teams_count(client, staff_login,
                                                                       area):
    duties = ("on_time", "late", "missed")
    with time_machine.travel(NOW, tick=False):
        staff_login.sign_in_quickly(area["lead"])
        both = page(client.get("/staff/area"))
        wales = page(client.get("/staff/area?nation=wales"))
        england = page(client.get("/staff/area?nation=england"))
        nonsense = page(client.get("/staff/area?nation=scotland"))
    assert cells(both, "area-duties", area["south"], "data-state", duties) == ["1", "0", "1"]
    assert both.find("nav", attrs={"aria-labelledby": "nations-label"}).find(
        attrs={"aria-current": "page"}).text == "England and Wales"
    assert cells(wales, "area-duties", area["south"], "data-state", duties) == ["1", "0", "0"]
    assert cells(wales, "area-duties", area["north"], "data-state", duties) is None
    assert [th.text for th in wales.find("table", id="area-duties").tbody.find_all("th")] == [
        "Southtown Witness Care"]
    assert "Only cases in Wales are counted" in wales.find(id="area-nation").text
    assert wales.find(attrs={"aria-current": "page"}, string="Wales")
    assert cells(england, "area-duties", area["south"], "data-state", duties) == ["0", "0", "1"]
    assert cells(england, "area-duties", area["north"], "data-state", duties) == ["1", "1", "1"]
    assert cells(england, "area-understood", area["south"], "data-answer", ["partly"]) == ["1"]
    assert cells(england, "area-reviews", area["north"], "data-answer", ["yes"]) == ["4"]
    assert cells(wales, "area-reviews", area["south"], "data-measure", ["reviews"]) == ["0"]
    assert "Westtown Witness Care" not in england.text  # no case in England
    assert nonsense.find(id="area-nation") is None and "Westtown Witness Care" in nonsense.text


def test_every_look_is_audited_for_administrators_and_area_leads_alike(client, staff_login,
                                                                      area):
    from sqlalchemy import select

    from portal.models import AuditEvent

    with time_machine.travel(NOW, tick=False):
        for who, path in (("admin", "/staff/area"), ("lead", "/staff/area?nation=wales")):
            staff_login.sign_in_quickly(area[who])
            assert client.get(path).status_code == 200
    looks = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "area.viewed").order_by(AuditEvent.id)).all()
    assert [(e.actor_id, e.detail, e.case_id) for e in looks] == [
        (area["admin"].id, {"nation": "both"}, None),
        (area["lead"].id, {"nation": "wales"}, None)]


def test_an_area_lead_signs_in_with_two_factors_and_lands_on_teams_compared(
        client, staff_login, area):
    lead = area["lead"]
    with time_machine.travel(NOW, tick=False):
        assert staff_login.submit_password(lead.email).headers["Location"].endswith(
            "/staff/sign-in/code")
        assert client.get("/staff/area").headers["Location"].endswith("/staff/sign-in")
        landed = staff_login.submit_code(staff_login.next_code(lead))
        home = client.get(landed.headers["Location"])
        assert home.headers["Location"].endswith("/staff/area")
        soup = page(client.get("/staff/area"))
        account = page(client.get("/staff/account"))
    menu = soup.find("nav", attrs={"aria-label": "Menu"})
    assert [item.get_text(strip=True) for item in menu.find_all("li")] == [
        "Teams compared", "Your account", "Sign out"]
    assert "Area lead" in account.text


def test_a_caseworker_cannot_compare_teams(client, staff_login, area, make):
    staff_login.sign_in_quickly(make.staff(team=area["north"]))
    assert client.get("/staff/area?nation=wales").status_code == 403
