"""Across teams (issue 16): an administrator compares every team on the same measures (duties
on time, late and missed over the last 12 weeks, victims' understanding, quality reviews),
counted as each team's own figures count them, and sees no case content."""
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
    return dict(north=north, south=south, admin=admin, cases=cases,
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


def test_the_administrators_page_names_no_case_victim_or_caseworker(client, staff_login,
                                                                     area):
    with time_machine.travel(NOW, tick=False):
        staff_login.sign_in_quickly(area["admin"])
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
    assert dt.date(2026, 8, 24) == figures_over_time.weeks_to(NOW)[0]
