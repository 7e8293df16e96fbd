"""The case page leads with what happens next; it offers only what fits the case's stage; a
date the victim cannot go that clashes with a hearing is flagged to them and to witness care."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Task, TaskKind
from portal.models.enums import Stage
from portal.models.types import utcnow
from tests.conftest import csrf_token, page, visible_text

OFFERS = {"statement": "Make a statement about how the crime has affected you",
          "dates": "Tell us dates you cannot go to court",
          "help": "Ask for help at court"}


@pytest.fixture
def victim(client, make, victim_auth):
    person = make.victim()
    victim_auth.sign_in(person)
    return person


def test_the_next_hearing_and_whether_to_go_come_before_everything_else(client, make, victim):
    case = make.case(victims=[victim], stage=Stage.COURT)
    make.update(case, text="The officer has spoken to the witness.")
    hearing = make.hearing(case, must_attend=True)
    html = page(client.get(f"/cases/{case.id}"))
    first = html.select_one("main section")
    assert first["aria-labelledby"] == "next-heading"
    text = " ".join(first.get_text(" ").split())
    assert "You must go to court." in text
    day = london.local_date(hearing.starts_at)
    assert str(day.day) in text and day.strftime("%B") in text
    assert hearing.court.name in text and "Questions? Call" in text
    # The same hearing in full further down, and the list of cases says it too.
    assert html.find(id="hearing-heading") is not None
    assert "You must go to court." in visible_text(client.get("/cases"))


def test_a_closed_case_offers_nothing_for_court_and_promises_no_hearing(client, make, victim):
    case = make.case(victims=[victim], stage=Stage.CLOSED)
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "No hearing has been set" not in text and "Next hearing" not in text
    for words in OFFERS.values():
        assert words not in text
    assert "Send a message or ask a question" in text and "Make a complaint" in text


def test_before_charge_there_are_no_hearings_yet(client, make, victim):
    case = make.case(victims=[victim], stage=Stage.INVESTIGATION)
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "There are no court hearings yet." in text
    assert OFFERS["statement"] in text
    assert OFFERS["dates"] not in text and OFFERS["help"] not in text


def test_at_court_everything_for_court_is_offered(client, make, victim):
    case = make.case(victims=[victim], stage=Stage.COURT)
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "No hearing has been set. You will be told as soon as one is." in text
    assert all(words in text for words in OFFERS.values())


def test_a_date_to_avoid_on_a_hearing_day_warns_at_once_and_tells_witness_care(client, make,
                                                                                 victim):
    case = make.case(victims=[victim], stage=Stage.COURT)
    hearing = make.hearing(case, starts_at=utcnow() + dt.timedelta(days=20), must_attend=True)
    day = london.local_date(hearing.starts_at)
    path = f"/cases/{case.id}/dates-to-avoid"
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "day": [str(day.day), str(day.month),
                                                        str(day.year)],
        "reason": "I am in hospital that day."})
    assert response.status_code == 302
    shown = visible_text(client.get(response.headers["Location"]))
    assert "You already have a hearing on" in shown and hearing.court.name in shown
    [task] = db.session.scalars(select(Task).where(Task.kind == TaskKind.DATE_CLASH)).all()
    assert (task.case_id, task.victim_id, task.detail["hearing_id"]) == (case.id, victim.id,
                                                                           hearing.id)


def test_a_date_to_avoid_on_a_free_day_makes_no_task(client, make, victim):
    case = make.case(victims=[victim], stage=Stage.COURT)
    hearing = make.hearing(case, starts_at=utcnow() + dt.timedelta(days=20))
    day = london.local_date(hearing.starts_at) + dt.timedelta(days=1)
    path = f"/cases/{case.id}/dates-to-avoid"
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "day": [str(day.day), str(day.month),
                                                        str(day.year)],
        "reason": "A family wedding."})
    assert "already have a hearing" not in visible_text(client.get(response.headers["Location"]))
    assert db.session.scalars(select(Task).where(Task.kind == TaskKind.DATE_CLASH)).all() == []


@pytest.mark.parametrize("parts", [[], ["1"], ["1", "2", "2030", "4"]])
def test_a_date_with_missing_or_extra_parts_is_a_plain_error(client, make, victim, parts):
    case = make.case(victims=[victim], stage=Stage.COURT)
    path = f"/cases/{case.id}/dates-to-avoid"
    response = client.post(path, data={"csrf_token": csrf_token(client, path), "day": parts,
                                       "reason": "A family wedding."})
    assert response.status_code == 400
    assert "Enter a real date" in visible_text(response) or "date" in visible_text(response)
