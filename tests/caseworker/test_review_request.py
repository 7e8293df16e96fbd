"""The team's side of a review asked for online (issue 14): the request is in the case team's
task queue at once, due when the acknowledgement is; the console case page shows it with
its deadlines (5 working days to acknowledge, the scheme's aim of 30 for the outcome) and late
requests marked; the team records each step, an outcome only with reasons, each meeting its
duty and shown to the victim with its date; another team gets 404; a withdrawn request owes
nothing more."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import CaseAction, ReviewRequest, Task
from portal.models.actions import ObligationKind as K
from portal.models.enums import DecisionKind, TeamKind
from portal.services.case_file import obligations
from portal.services.victim_input import review_requests
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
# Friday 28 August 2026, 15:00 in London; Monday 31 August is the summer bank holiday.
FRIDAY = dt.datetime(2026, 8, 28, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def asked(make):
    """Ada asked for a review of the CPS's decision to stop the case, online."""
    cps = make.team(TeamKind.PROSECUTION, name="CPS Wessex")
    worker = make.staff(team=cps, name="Sam Okafor")
    ada = make.victim(name="Ada Lovelace")
    make.preferences(ada, channels=["email"])
    case = make.case(victims=[ada], team=cps, contact=worker)
    decision = make.decision(case, DecisionKind.CHARGE_DROPPED, team=cps)
    request = review_requests.ask(ada, case, decision, "Nobody asked me.", "email")
    return worker, ada, case, request


def submit(client, path, **data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def owed(case, kind):
    db.session.expire_all()
    return [o for o in obligations.for_case(case) if o.kind == kind]


def test_the_request_reaches_the_teams_queue_with_its_deadline(client, asked, staff_login):
    worker, ada, case, request = asked
    task = db.session.scalars(select(Task)).one()
    # 5 working days from Friday, the bank holiday Monday skipped: Monday 7 September.
    assert task.due_by.astimezone(LONDON).date() == dt.date(2026, 9, 7)
    [acknowledge] = owed(case, K.REVIEW_ACKNOWLEDGED)
    [decide] = owed(case, K.REVIEW_DECIDED)
    assert acknowledge.due_date == dt.date(2026, 9, 7)
    assert decide.due_date == dt.date(2026, 10, 12)  # 30 working days
    staff_login.sign_in_quickly(worker)
    queue = visible_text(client.get("/staff/tasks"))
    assert "The victim asked for a review of a decision" in queue
    section = page(client.get(f"/staff/cases/{case.id}")).find(
        "ul", class_="portal-review-requests")
    assert "Ada Lovelace" in section.text and "CPS scheme" in section.text
    assert "Acknowledge by Monday, 7 September 2026." in section.text
    assert "aims to give the outcome by Monday, 12 October 2026" in section.text
    assert "Nobody asked me." in section.text and "Late" not in section.text


def test_a_late_request_is_marked_late_for_the_team(client, make, staff_login):
    cps = make.team(TeamKind.PROSECUTION)
    worker = make.staff(team=cps)
    ada = make.victim()
    make.preferences(ada, channels=["email"])
    case = make.case(victims=[ada], team=cps, contact=worker)
    decision = make.decision(case, DecisionKind.CHARGE_DROPPED, team=cps)
    request = review_requests.ask(ada, case, decision, None, "email")
    request.late, request.ask_by = True, dt.date(2026, 5, 1)
    db.session.commit()
    staff_login.sign_in_quickly(worker)
    section = page(client.get(f"/staff/cases/{case.id}")).find(
        "ul", class_="portal-review-requests")
    assert "Late" in section.text and "Friday, 1 May 2026" in section.text


def test_the_team_acknowledges_then_gives_the_outcome_with_reasons(client, asked, staff_login,
                                                                    victim_auth):
    worker, ada, case, request = asked
    staff_login.sign_in_quickly(worker)
    path = f"/staff/cases/{case.id}/reviews/{request.id}"
    form = page(client.get(path))
    assert {i["value"] for i in form.find_all("input", {"name": "status"})} == {
        "acknowledged", "being_reviewed", "upheld", "overturned"}
    assert submit(client, path, status="acknowledged").status_code == 302
    db.session.refresh(request)
    assert request.status == "acknowledged" and request.acknowledged_at is not None
    [acknowledge] = owed(case, K.REVIEW_ACKNOWLEDGED)
    assert acknowledge.met and acknowledge.met_by.caseworker_id == worker.id
    assert db.session.scalars(select(Task)).one().done_at is not None

    # An outcome needs its reasons; nothing changes without them.
    refused = submit(client, path, status="upheld", notes="")
    assert refused.status_code == 400
    assert "Give the reasons for the outcome" in visible_text(refused)
    db.session.refresh(request)
    assert request.status == "acknowledged"
    assert submit(client, path, status="upheld",
                  notes="A second prosecutor read the file. The evidence is not enough."
                  ).status_code == 302
    db.session.refresh(request)
    assert request.status == "upheld" and request.decided_at is not None
    [decide] = owed(case, K.REVIEW_DECIDED)
    assert decide.met
    assert len(db.session.scalars(select(CaseAction)).all()) == 2
    # Nothing more can be recorded on a finished request.
    assert client.get(path).status_code == 302

    staff_login.sign_out()
    victim_auth.sign_in(ada)
    mine = visible_text(client.get(f"/cases/{case.id}/reviews/{request.id}"))
    assert "Decision stays the same" in mine
    assert "The review found the decision was right." in mine
    assert "The evidence is not enough." in mine
    assert "Your case team got it on Friday, 28 August 2026" in mine
    assert "Result given on Friday, 28 August 2026" in mine
    assert "Decision stays the same" in visible_text(client.get(f"/cases/{case.id}"))


def test_another_team_gets_404(client, asked, make, staff_login):
    worker, ada, case, request = asked
    outsider = make.staff(team=make.team(TeamKind.POLICE))
    staff_login.sign_in_quickly(outsider)
    path = f"/staff/cases/{case.id}/reviews/{request.id}"
    assert client.get(path).status_code == 404
    assert "The victim asked for a review" not in visible_text(client.get("/staff/tasks"))
    # Another case of the team's own: the request is not on it.
    own = make.case(team=outsider.team, contact=outsider)
    assert client.get(f"/staff/cases/{own.id}/reviews/{request.id}").status_code == 404
    db.session.refresh(request)
    assert request.status == "received"


def test_a_withdrawn_request_owes_nothing_more(asked):
    worker, ada, case, request = asked
    review_requests.withdraw(ada, case, request)
    assert owed(case, K.REVIEW_ACKNOWLEDGED) == [] and owed(case, K.REVIEW_DECIDED) == []
    assert db.session.get(ReviewRequest, request.id).status == "withdrawn"
    assert db.session.scalars(select(Task)).one().done_at is not None  # off the queue
