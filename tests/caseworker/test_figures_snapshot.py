"""The team figures are a snapshot kept for five minutes (services/case_file/figures_snapshot):
within them the page, its charts and its CSV show the same figures, and say when they were
worked out; after them the figures are worked out again. Victims' comments are shown as soon
as they are written."""
from __future__ import annotations

import csv
import datetime as dt
import io

import time_machine

from portal.extensions import db
from portal.models import Update
from portal.models.enums import Role
from tests.caseworker.test_figures_over_time import assert_an_accessible_image, drawn
from tests.caseworker.test_figures_verdicts import NOW, answer, northtown
from tests.conftest import page


def yes_partly_no(soup, week_label):
    row = next(r for r in soup.find("table", id="verdicts-each-week").tbody.find_all("tr")
               if r.th.get_text(strip=True) == week_label)
    return [int(row.find("td", attrs={"data-answer": a}).text) for a in ("yes", "partly", "no")]


def a_new_no(make, team):
    """A victim of the team answers "No" to an update this week, with a comment."""
    update = db.session.query(Update).filter(Update.case.has(team_id=team.id)).first()
    victim = make.victim()
    answer(update, victim, "no", NOW + dt.timedelta(minutes=1),
           comment="I still do not know when the trial is.")
    db.session.commit()


def test_figures_are_kept_five_minutes_then_worked_out_again(client, make, staff_login):
    with time_machine.travel(NOW, tick=False):
        team, manager = northtown(make)
        staff_login.sign_in_quickly(manager)
        first = page(client.get("/staff/team/figures"))
    worked_out = first.find(attrs={"data-worked-out-at": True})
    assert "Worked out at 12:00" in worked_out.text and "every 5 minutes" in worked_out.text
    assert yes_partly_no(first, "9 Nov") == [1, 0, 1]

    later = NOW + dt.timedelta(minutes=4)
    with time_machine.travel(later, tick=False):
        a_new_no(make, team)
        again = page(client.get("/staff/team/figures"))
        chart = drawn(assert_an_accessible_image(client.get(
            again.find("img", attrs={"data-chart": "understood"})["src"])))
        exported = client.get("/staff/team/figures.csv").get_data(as_text=True)
    # The snapshot of 12:00: the new answer is not counted yet, in the table, the chart and
    # the CSV alike, and the page says so; the comment is shown at once.
    assert yes_partly_no(again, "9 Nov") == [1, 0, 1]
    assert [chart[1][n]["9 Nov"] for n in range(3)] == [1, 0, 1]
    rows = [r for r in csv.DictReader(io.StringIO(exported))
            if r["week_starting"] == "2026-11-09" and r["measure"] == "understood_no"]
    assert rows and sum(int(r["value"] or 0) for r in rows) == 1
    assert "Worked out at 12:00" in again.find(attrs={"data-worked-out-at": True}).text
    assert "I still do not know when the trial is." in again.get_text()

    with time_machine.travel(NOW + dt.timedelta(minutes=6), tick=False):
        fresh = page(client.get("/staff/team/figures"))
    assert yes_partly_no(fresh, "9 Nov") == [1, 0, 2]
    assert "Worked out at 12:06" in fresh.find(attrs={"data-worked-out-at": True}).text


def test_each_team_and_period_has_its_own_snapshot(client, make, staff_login):
    from portal.models.enums import TeamKind

    with time_machine.travel(NOW, tick=False):
        team, manager = northtown(make)
        other = make.staff(team=make.team(TeamKind.POLICE, name="Eastville Police"),
                           role=Role.MANAGER)
        staff_login.sign_in_quickly(manager)
        twelve = page(client.get("/staff/team/figures"))
        four = page(client.get("/staff/team/figures?weeks=4"))
        staff_login.sign_in_quickly(other)
        theirs = page(client.get("/staff/team/figures"))
    assert len(twelve.find("table", id="verdicts-each-week").tbody.find_all("tr")) == 12
    assert len(four.find("table", id="verdicts-each-week").tbody.find_all("tr")) == 4
    assert "Northtown" not in theirs.get_text()
    assert theirs.find("table", id="verdicts-each-week") is None  # no answers of theirs


def test_the_monthly_report_is_kept_five_minutes_too(client, make, staff_login):
    def answers_no(exported):
        return sum(int(r["value"] or 0) for r in csv.DictReader(io.StringIO(exported))
                   if r["week_starting"] == "2026-11-09" and r["measure"] == "understood_no")

    with time_machine.travel(NOW, tick=False):
        team, manager = northtown(make)
        staff_login.sign_in_quickly(manager)
        first = client.get("/staff/team/report.csv?month=2026-11").get_data(as_text=True)
    with time_machine.travel(NOW + dt.timedelta(minutes=4), tick=False):
        a_new_no(make, team)
        kept = client.get("/staff/team/report.csv?month=2026-11").get_data(as_text=True)
        october = client.get("/staff/team/report.csv?month=2026-10").get_data(as_text=True)
    with time_machine.travel(NOW + dt.timedelta(minutes=6), tick=False):
        again = client.get("/staff/team/report.csv?month=2026-11").get_data(as_text=True)
    assert answers_no(first) == answers_no(kept) == 1
    assert answers_no(again) == 2
    assert "2026-11-09" not in october  # each month its own
