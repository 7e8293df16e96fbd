"""A team's printable monthly report for the Local Criminal Justice Board (issue 16): the weeks
starting in the month, with the same numbers as the team figures page and the same CSV rows
as its CSV; the month's quality reviews; months that are not months, or are still to come."""
from __future__ import annotations

import csv
import datetime as dt
import io

import time_machine

from portal.models.enums import Role
from portal.services.case_file import monthly_report, supervision
from tests.caseworker import test_figures_over_time as known
from tests.conftest import page

LONDON, NOW = known.LONDON, known.NOW
# The figures' constructed weeks of duties, and their frozen clock (fixtures).
team_duties, frozen = known.team_duties, known.frozen

OCTOBER = ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"]


def table_rows(soup, kind) -> dict[str, list[str]]:
    """A duty's weekly table: week label -> its cells."""
    table = soup.find("table", attrs={"data-figures": kind})
    return {r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.find_all("td")]
            for r in table.tbody.find_all("tr")}


def test_a_months_weeks_are_those_starting_in_it():
    assert [str(d) for d in monthly_report.mondays_in(dt.date(2026, 10, 1), NOW)] == OCTOBER
    # November so far: up to this week's Monday.
    assert monthly_report.mondays_in(dt.date(2026, 11, 1), NOW) == [
        dt.date(2026, 11, 2), dt.date(2026, 11, 9)]
    assert monthly_report.parse_month("2026-10", NOW) == dt.date(2026, 10, 1)
    assert monthly_report.parse_month(None, NOW) == dt.date(2026, 11, 1)
    for wrong in ("2026-13", "2026-12", "2026-1", "October", "2026-10-01"):
        assert monthly_report.parse_month(wrong, NOW) is None, wrong


def test_the_reports_numbers_are_the_figures_pages(client, staff_login, team_duties):
    team, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        figures = page(client.get("/staff/team/figures"))
        response = client.get("/staff/team/report?month=2026-10")
    assert response.status_code == 200
    report = page(response)
    assert report.title.get_text(strip=True) == "Monthly report: October 2026 – Case updates"
    for kind in ("hearing_outcome_told", "decision_letter"):
        in_report = table_rows(report, kind)
        on_page = table_rows(figures, kind)
        assert list(in_report) == ["5 Oct", "12 Oct", "19 Oct", "26 Oct"]
        assert in_report == {week: on_page[week] for week in in_report}, kind
    outcome = table_rows(report, "hearing_outcome_told")
    assert outcome["19 Oct"][:4] == ["0", "1", "0", "0"]  # late by half an hour
    assert outcome["26 Oct"][:4] == ["1", "0", "0", "0"]
    assert table_rows(report, "decision_letter")["19 Oct"][0] == "1"
    # Working days to tell victims, over the month's weeks only: 1 (Thursday to Saturday)
    # and 1 (told the next day), and the decision letter's 2.
    times = report.find("table", id="report-times")
    row = times.find("tr", attrs={"data-kind": "hearing_outcome_told"})
    assert row.find("td", attrs={"data-measure": "median"}).text == "1"
    assert times.find("tr", attrs={"data-kind": "decision_letter"}).find(
        "td", attrs={"data-measure": "p90"}).text == "2"
    # Printed, the links are left off.
    links = report.find("a", string=lambda s: s and "CSV" in s).find_parent("ul")
    assert "govuk-!-display-none-print" in links["class"]


def test_the_reports_csv_is_the_figures_csv_for_its_weeks(client, staff_login, team_duties):
    team, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        everything = client.get("/staff/team/figures.csv")
        month = client.get("/staff/team/report.csv?month=2026-10")
    assert month.status_code == 200 and month.mimetype == "text/csv"
    assert 'filename="team-report-2026-10.csv"' in month.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(month.get_data(as_text=True))))
    all_rows = list(csv.reader(io.StringIO(everything.get_data(as_text=True))))
    assert rows[0] == all_rows[0] == ["team", "week_starting", "measure", "obligation_kind",
                                      "value"]
    assert rows[1:] == [r for r in all_rows[1:] if r[1] in OCTOBER]
    assert {r[1] for r in rows[1:]} == set(OCTOBER)
    late = [r for r in rows if r[1:4] == ["2026-10-19", "late", "hearing_outcome_told"]]
    assert late == [["Northtown Witness Care", "2026-10-19", "late", "hearing_outcome_told",
                     "1"]]


def test_the_months_reviews(client, staff_login, team_duties, make):
    team, manager = team_duties
    case = make.case(team=team)
    answers = dict(dict.fromkeys(supervision.ITEMS, "yes"), statement_offered="no")
    supervision.record(manager, case, "random", answers, "",
                       now=dt.datetime(2026, 10, 31, 23, 30, tzinfo=LONDON))
    supervision.record(manager, case, "random", dict.fromkeys(supervision.ITEMS, "no"), "",
                       now=dt.datetime(2026, 11, 1, 0, 30, tzinfo=LONDON))  # November's
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/report?month=2026-10"))
    assert "1 case reviewed by a team manager this month." in soup.get_text()
    row = soup.find("table", id="report-reviews").find(
        "tr", attrs={"data-item": "statement_offered"})
    assert [row.find("td", attrs={"data-answer": a}).text
            for a in ("yes", "partly", "no", "not_applicable")] == ["0", "0", "1", "0"]


def test_a_month_to_come_or_not_a_month_is_not_found(client, staff_login, team_duties):
    team, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        for month in ("2026-12", "2026-13", "last"):
            assert client.get(f"/staff/team/report?month={month}").status_code == 404
            assert client.get(f"/staff/team/report.csv?month={month}").status_code == 404
        this_month = page(client.get("/staff/team/report"))
    assert this_month.h1.get_text(strip=True) == "Monthly report: November 2026"
    assert list(table_rows(this_month, "hearing_outcome_told")) == ["2 Nov", "9 Nov"]


def test_only_the_teams_managers_have_it(client, staff_login, make, frozen):
    team = make.team()
    staff_login.sign_in_quickly(make.staff(team=team, role=Role.CASEWORKER))
    assert client.get("/staff/team/report").status_code == 403
    assert client.get("/staff/team/report.csv").status_code == 403
