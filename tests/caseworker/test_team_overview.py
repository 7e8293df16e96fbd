"""A team manager's first screen (issue 16): a manager signing in sees what needs the team now,
not "No cases match", and each figure agrees with the list it links to."""
from __future__ import annotations

import datetime as dt

import time_machine

from portal import london
from portal.extensions import db
from portal.models import Task
from portal.models.enums import Role
from portal.models.tasks import TaskKind
from portal.services.victim_input import conversations
from tests.conftest import page

WEDNESDAY = dt.date(2026, 12, 9)


def at(day, hour=10):
    return london.at(day, dt.time(hour))


def figure(soup, label: str):
    """The count shown against this label, and where it links."""
    row = next(r for r in soup.select(".govuk-summary-list__row")
               if label in r.select_one("dt").get_text())
    link = row.select_one("dd a")
    return int(link.get_text().split()[0]), link["href"], row.select_one("dd").get_text(" ")


def test_a_manager_lands_on_what_needs_the_team_and_each_figure_matches_its_list(
        client, make, staff_login):
    with time_machine.travel(at(WEDNESDAY), tick=False):
        manager = make.staff(role=Role.MANAGER)
        worker = make.staff(team=manager.team)
        late = [make.case(contact=worker, victims=[make.victim()],
                          reported_on=dt.date(2026, 10, 1)) for _ in range(3)]
        make.case(contact=worker, victims=[make.victim()], reported_on=WEDNESDAY)
        other_team = make.staff()  # another team's work is not counted
        make.case(contact=other_team, victims=[make.victim()], reported_on=dt.date(2026, 10, 1))
        db.session.add_all([
            Task(case=late[0], kind=TaskKind.DELIVERY_FAILED),
            Task(case=late[1], kind=TaskKind.PHONE_CALL),
            Task(case=late[2], kind=TaskKind.LETTER, done_at=at(WEDNESDAY, 9)),
        ])
        db.session.commit()
    with time_machine.travel(at(WEDNESDAY, 7), tick=False):
        victim = late[0].victims[0]
        conversations.post_from_victim(victim, late[0], "When is the trial?")

    with time_machine.travel(at(WEDNESDAY, 10), tick=False):
        staff_login.sign_in_quickly(manager)
        home = client.get("/staff/")
        assert home.status_code == 302 and home.headers["Location"] == "/staff/team/overview"
        soup = page(client.get("/staff/team/overview"))
        overdue, overdue_href, _ = figure(soup, "overdue")
        # The figure and the list it links to agree.
        listed = page(client.get(overdue_href))
        assert overdue == len(listed.select("tbody th a")) >= 3
        assert figure(soup, "Tasks waiting")[0] == 2
        assert figure(soup, "did not reach a victim")[0] == 1
        unanswered, inbox_href, text = figure(soup, "not answered")
        assert unanswered == 1 and inbox_href == "/staff/inbox"
        assert "The longest has waited 3 hours" in text

        # A caseworker still starts on their own cases.
        staff_login.sign_in_quickly(worker)
        assert client.get("/staff/").headers["Location"] == "/staff/cases"
