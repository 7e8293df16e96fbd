"""A change at court that affects many hearings: counted first, then one action that updates
every affected hearing and tells every affected victim once."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import CaseAction, Hearing, Notification, Update
from portal.models.enums import HearingStatus
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)
DAY = dt.date(2026, 6, 17)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def court_day(make, staff_login):
    """Three of the team's cases at one court on one day, a victim on two of them; another
    hearing that day at another court, one the next day, and another team's case."""
    person = make.staff()
    court, other_court = make.court("Eastbridge Magistrates' Court"), make.court()
    sam, alex, priya = make.victim(name="Sam"), make.victim(name="Alex"), make.victim(name="Priya")
    cases = [make.case(contact=person, victims=[sam, alex]),
             make.case(contact=person, victims=[sam]),
             make.case(team=person.team, victims=[priya])]
    affected = [make.hearing(case, court=court,
                             starts_at=dt.datetime(2026, 6, 17, hour, tzinfo=LONDON))
                for case, hour in zip(cases, (10, 11, 14))]
    untouched = [
        make.hearing(cases[0], court=other_court,
                     starts_at=dt.datetime(2026, 6, 17, 10, tzinfo=LONDON)),
        make.hearing(cases[1], court=court, starts_at=dt.datetime(2026, 6, 18, 10,
                                                                   tzinfo=LONDON)),
        make.hearing(make.case(victims=[make.victim()]), court=court,
                     starts_at=dt.datetime(2026, 6, 17, 10, tzinfo=LONDON)),
    ]
    staff_login.sign_in_quickly(person)
    return court, affected, untouched, (sam, alex, priya)


def find(client, court, change, new_date=("", "", ""), reason="the building has no heating"):
    return client.post("/staff/hearings/bulk", data={
        "csrf_token": csrf_token(client, "/staff/hearings/bulk"), "court": court.id,
        "date": ["17", "6", "2026"], "change": change, "new_date": list(new_date),
        "reason": reason})


def confirm_data(response) -> dict:
    form = page(response).find("form", action="/staff/hearings/bulk/confirm")
    data = {i["name"]: i.get("value", "") for i in form.find_all("input")
            if i.get("type") != "radio"}
    data["body"] = form.find("textarea").text
    data["send"] = "now"
    return data


def test_the_count_is_shown_before_anything_changes(client, court_day):
    court, affected, untouched, victims = court_day
    response = find(client, court, "closed")
    assert response.status_code == 200
    counts = page(response).find(id="bulk-counts").get_text(" ", strip=True)
    assert "3 hearings" in counts and "on 3 cases" in counts
    assert "3 victims will be told, each once" in counts
    assert "Update 3 hearings and tell the victims" in visible_text(response)
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0
    assert all(h.status == HearingStatus.LISTED for h in affected)


def test_a_closed_court_cancels_every_hearing_and_tells_each_victim_once(client, court_day):
    court, affected, untouched, (sam, alex, priya) = court_day
    data = confirm_data(find(client, court, "closed"))
    assert "is closed on Wednesday, 17 June 2026 because the building has no heating" in (
        data["body"])
    response = client.post("/staff/hearings/bulk/confirm", data=data)
    assert "3 hearings updated" in visible_text(response)
    assert "3 victims told" in visible_text(response)
    db.session.expire_all()
    assert [h.status for h in affected] == [HearingStatus.VACATED] * 3
    assert all(h.change_reason == "the building has no heating" for h in affected)
    assert [h.status for h in untouched] == [HearingStatus.LISTED] * 3
    notified = db.session.scalars(select(Notification.victim_id)).all()
    assert sorted(notified) == sorted([sam.id, alex.id, priya.id])  # Sam once, not twice
    updates = db.session.scalars(select(Update)).all()
    assert len(updates) == 3 and {u.event for u in updates} == {"hearing_vacated"}
    assert all(n.urgent for n in db.session.scalars(select(Notification)))
    told = db.session.scalars(select(CaseAction.hearing_id)).all()
    assert sorted(told) == sorted(h.id for h in affected)


def test_a_moved_list_keeps_each_hearings_time_on_the_new_day(client, court_day):
    court, affected, untouched, victims = court_day
    data = confirm_data(find(client, court, "moved", new_date=("24", "6", "2026")))
    client.post("/staff/hearings/bulk/confirm", data=data)
    db.session.expire_all()
    assert [h.starts_at.astimezone(LONDON) for h in affected] == [
        dt.datetime(2026, 6, 24, hour, tzinfo=LONDON) for hour in (10, 11, 14)]
    assert [h.previous_starts_at.astimezone(LONDON).date() for h in affected] == [DAY] * 3
    assert all(h.status == HearingStatus.MOVED for h in affected)


def test_the_new_day_must_be_a_real_future_day(client, court_day):
    court, affected, untouched, victims = court_day
    past = find(client, court, "moved", new_date=("1", "6", "2026"))
    assert past.status_code == 400
    assert "today or in the future" in page(past).find(id="new_date-error").text
    missing = find(client, court, "moved")
    assert "Enter the new day" in page(missing).find(id="new_date-error").text
    assert all(h.status == HearingStatus.LISTED for h in affected)


def test_if_the_hearings_change_meanwhile_nothing_is_done(client, court_day, make):
    court, affected, untouched, victims = court_day
    data = confirm_data(find(client, court, "closed"))
    make.hearing(affected[0].case, court=court,
                 starts_at=dt.datetime(2026, 6, 17, 15, tzinfo=LONDON))
    response = client.post("/staff/hearings/bulk/confirm", data=data)
    assert response.status_code == 409
    assert "4 hearings" in page(response).find(id="bulk-counts").text
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0
    assert db.session.scalar(select(func.count()).select_from(Hearing).where(
        Hearing.status == HearingStatus.VACATED)) == 0
