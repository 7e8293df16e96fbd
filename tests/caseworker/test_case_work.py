"""Case work from the console: opening cases, victims and invitations, hearings and decisions
with their validation (messages beside the fields, nothing saved), stages, recorded actions,
releases, the case lists and handovers."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Case,
    CaseAction,
    CaseEvent,
    Decision,
    DevOutboxMessage,
    Hearing,
    Invitation,
    Notification,
    Update,
    Victim,
)
from portal.models.actions import ObligationKind
from portal.models.enums import HearingStatus, Stage, TeamKind
from portal.models.types import utcnow
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture(autouse=True)
def clock():
    """Every test here runs on Wednesday 10 June 2026, 10:00 in London, unless it moves on."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker(make, staff_login):
    person = make.staff(name="Jo Bennett")
    staff_login.sign_in_quickly(person)
    return person


def submit(client, path, **data):
    if "csrf_token" not in data:
        data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data)


def error_for(response, field_id: str) -> str:
    soup = page(response)
    message = soup.find(id=f"{field_id}-error")
    assert message is not None, f"no error beside {field_id}"
    link = soup.select_one(f'.govuk-error-summary a[href="#{field_id}"]')
    assert link is not None, f"{field_id} not in the error summary"
    assert soup.title.text.startswith("Error:")
    return message.text


def test_open_a_case(client, worker):
    response = submit(client, "/staff/cases/new", crime_reference="ns/26/0100",
                      offence="robbery", area="wales", enhanced_rights="yes",
                      reported_on=["2", "6", "2026"])
    case = db.session.scalars(select(Case)).one()
    assert response.headers["Location"].endswith(f"/staff/cases/{case.id}")
    assert (case.crime_reference, case.area, case.enhanced_rights, case.violent_or_sexual,
            case.contact_id, case.team_id) == ("NS/26/0100", "wales", True, True, worker.id,
                                               worker.team_id)
    duplicate = submit(client, "/staff/cases/new", crime_reference="NS/26/0100",
                       offence="theft", area="england", enhanced_rights="no",
                       reported_on=["2", "6", "2026"])
    assert "already exists" in error_for(duplicate, "crime_reference")
    assert count(Case) == 1


def test_add_a_victim_with_checked_contact_details(client, worker, make):
    case = make.case(contact=worker)
    path = f"/staff/cases/{case.id}/victims/new"
    bad_phone = submit(client, path, full_name="Sam Taylor", phone="07700 12", email="",
                       language="en")
    assert "Enter a phone number" in error_for(bad_phone, "phone")
    bad_email = submit(client, path, full_name="Sam Taylor", email="sam@", language="en")
    assert "correct format" in error_for(bad_email, "email")
    neither = submit(client, path, full_name="Sam Taylor", language="en")
    assert "so the victim can be invited" in error_for(neither, "email")
    assert count(Victim) == 0
    added = submit(client, path, full_name="Sam  Taylor", phone="07700 900555",
                   email="Sam@Example.ORG", language="cy")
    assert added.status_code == 302
    victim = db.session.scalars(select(Victim)).one()
    assert (victim.full_name, victim.phone, victim.email, victim.language) == (
        "Sam Taylor", "+447700900555", "sam@example.org", "cy")
    # The same address on a second case is never linked silently (tests/caseworker/
    # test_access_holes.py follows the team manager's deliberate step).
    second = make.case(contact=worker)
    again = submit(client, f"/staff/cases/{second.id}/victims/new", full_name="Sam Taylor",
                   email="sam@example.org", language="en")
    assert "already exists in another case" in error_for(again, "email")
    assert count(Victim) == 1 and len(victim.case_links) == 1


def test_invite_a_victim_by_their_channel(client, worker, make):
    victim = make.victim(active=False, email=None, phone="+447700900321")
    case = make.case(contact=worker, victims=[victim])
    response = submit(client, f"/staff/cases/{case.id}/victims/{victim.id}/invite",
                      csrf_token=csrf_token(client, f"/staff/cases/{case.id}"))
    assert "Invitation sent" in page(response).h1.text
    message = db.session.scalars(select(DevOutboxMessage)).one()
    assert message.channel == "sms" and message.to == "+447700900321"
    assert "/invitation/" in message.body
    assert db.session.scalars(select(Invitation)).one().created_by_id == worker.id


@pytest.mark.parametrize("date, time, field, message", [
    (["9", "6", "2026"], "10:00", "date", "today or in the future"),
    (["31", "2", "2027"], "10:00", "date", "Enter a real date"),
    (["", "7", "2026"], "10:00", "date", "Enter the day, month and year"),
    (["15", "7", "2026"], "06:30", "time", "between 07:00 and 20:00"),
    (["15", "7", "2026"], "20:30", "time", "between 07:00 and 20:00"),
    (["15", "7", "2026"], "half ten", "time", "24-hour clock"),
    (["10", "6", "2026"], "09:00", "time", "already passed"),
])
def test_hearing_dates_and_times_are_checked_and_nothing_is_saved(client, worker, make, date,
                                                                  time, field, message):
    case = make.case(contact=worker)
    court = make.court()
    response = submit(client, f"/staff/cases/{case.id}/hearings/new", court=court.id,
                      kind="trial", date=date, time=time, must_attend="yes")
    assert response.status_code == 400
    assert message in error_for(response, field)
    assert count(Hearing) == 0


def test_record_a_hearing_then_tell_the_victims(client, worker, make):
    case = make.case(contact=worker)
    court = make.court()
    response = submit(client, f"/staff/cases/{case.id}/hearings/new", court=court.id,
                      kind="trial", date=["15", "7", "2026"], time="10:30", must_attend="yes")
    hearing = db.session.scalars(select(Hearing)).one()
    assert hearing.starts_at == dt.datetime(2026, 7, 15, 9, 30, tzinfo=dt.timezone.utc)
    assert hearing.must_attend and hearing.changed_at is not None
    assert response.headers["Location"].endswith(
        f"/staff/cases/{case.id}/updates/new?event=hearing_listed&about=hearing:{hearing.id}")


def test_moving_a_hearing_keeps_the_old_date_and_owes_the_victims_news(client, worker, make,
                                                                       clock):
    case = make.case(contact=worker)
    hearing = make.hearing(case, starts_at=NOW + dt.timedelta(days=20))
    db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.HEARING_DATE_TOLD,
                              hearing_id=hearing.id, details="Told them by phone"))
    db.session.commit()
    clock.shift(dt.timedelta(minutes=20))
    response = submit(client, f"/staff/cases/{case.id}/hearings/{hearing.id}/move",
                      date=["20", "7", "2026"], time="14:00", reason="the judge is ill")
    assert "event=hearing_moved" in response.headers["Location"]
    db.session.refresh(hearing)
    assert hearing.status == HearingStatus.MOVED
    assert hearing.previous_starts_at == (NOW + dt.timedelta(days=20)).astimezone(
        dt.timezone.utc)
    from portal.services.case_file import obligations

    told = [o for o in obligations.for_case(case) if o.kind == "hearing_date_told"]
    assert not told[0].met  # told before the move: they must be told again
    compose = page(client.get(response.headers["Location"]))
    assert "because the judge is ill." in compose.find("textarea").text


def test_a_decision_needs_its_reasons(client, worker, make):
    case = make.case(contact=worker)
    path = f"/staff/cases/{case.id}/decisions/new"
    empty = submit(client, path, kind="no_further_action", made_on=["1", "6", "2026"],
                   reasons="   ")
    assert "Enter the reasons" in error_for(empty, "reasons")
    no_length = submit(client, path, kind="sentence", made_on=["1", "6", "2026"],
                       reasons="The judge explained it.")
    assert "months" in error_for(no_length, "sentence_months")
    assert count(Decision) == 0
    done = submit(client, path, kind="charge_dropped", made_on=["1", "6", "2026"],
                  reasons="A key witness has moved abroad.")
    decision = db.session.scalars(select(Decision)).one()
    assert "event=charge_dropped" in done.headers["Location"]
    assert f"about=decision:{decision.id}" in done.headers["Location"]


def test_change_the_stage(client, worker, make):
    case = make.case(contact=worker, stage=Stage.INVESTIGATION)
    submit(client, f"/staff/cases/{case.id}/stage", stage="charging")
    db.session.refresh(case)
    assert case.stage == "charging"
    assert db.session.scalars(select(CaseEvent).order_by(CaseEvent.id.desc())).first().stage == (
        "charging")


def test_record_what_was_done(client, worker, make):
    case = make.case(contact=worker)
    hearing = make.hearing(case)
    path = f"/staff/cases/{case.id}/actions/new"
    vague = submit(client, path, kind="written_confirmation", about="", details="done")
    assert "Say what was done" in error_for(vague, "details")
    unnamed = submit(client, path, kind="hearing_date_told", about="",
                     details="Phoned the victim with the date")
    assert "Choose the hearing" in error_for(unnamed, "about")
    assert count(CaseAction) == 0
    submit(client, path, kind="hearing_date_told", about=f"hearing:{hearing.id}",
           details="Phoned the victim with the date")
    submit(client, path, kind="written_confirmation", about="",
           details="Letter sent by email, crime reference CR-4411")
    case_page = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Letter sent by email, crime reference CR-4411 (Jo Bennett)" in case_page


def test_a_release_owes_contact_within_24_hours(client, worker, make):
    case = make.case(contact=worker, stage=Stage.AFTER_SENTENCE)
    response = submit(client, f"/staff/cases/{case.id}/release",
                      released_on=["10", "6", "2026"], time="08:15")
    assert "event=offender_released" in response.headers["Location"]
    from portal.services.case_file import obligations

    release = [o for o in obligations.for_case(case) if o.kind == "release_contact"][0]
    assert release.due_at == dt.datetime(2026, 6, 11, 8, 15, tzinfo=LONDON)


def test_case_lists_filter_by_stage_and_what_is_due_and_say_overdue_in_words(client, worker,
                                                                            make):
    old = make.case(contact=worker, stage=Stage.INVESTIGATION, reported_on=dt.date(2026, 6, 1))
    fresh = make.case(contact=worker, stage=Stage.REPORTED, reported_on=dt.date(2026, 6, 10))
    other = make.case(team=worker.team, stage=Stage.COURT, reported_on=dt.date(2026, 6, 10))
    mine = page(client.get("/staff/cases"))
    refs = [a.text for a in mine.select("tbody th a")]
    assert refs == [old.crime_reference, fresh.crime_reference]  # not the colleague's
    overdue_row = mine.select("tbody tr")[0]
    assert "Overdue" in overdue_row.text and "by 5 working days" in overdue_row.text
    assert overdue_row.select_one(".govuk-tag--red").text == "Overdue"
    team = page(client.get("/staff/team"))
    assert other.crime_reference in team.text
    by_stage = page(client.get("/staff/team?stage=reported"))
    assert [a.text for a in by_stage.select("tbody th a")] == [fresh.crime_reference]
    overdue = page(client.get("/staff/team?due=overdue"))
    assert [a.text for a in overdue.select("tbody th a")] == [old.crime_reference]
    soon = page(client.get("/staff/team?due=soon"))
    assert set(a.text for a in soon.select("tbody th a")) == {fresh.crime_reference,
                                                              other.crime_reference}
    headers = [th.text for th in mine.select("thead th")]
    assert headers == ["Case", "Stage", "Next obligation", "Deadline"]


def test_handover_changes_the_victims_contact_and_both_teams_see_it(client, make, staff_login,
                                                                     victim_auth):
    police = make.team(TeamKind.POLICE, name="Eastbridge Investigations")
    witness_care = make.team(TeamKind.WITNESS_CARE, name="Northshire Witness Care")
    officer = make.staff(team=police, name="Raj Patel")
    new_contact = make.staff(team=witness_care, name="Jo Bennett", phone="01632 960201")
    victim = make.victim(name="Sam Taylor")
    case = make.case(contact=officer, victims=[victim], stage=Stage.CHARGING)
    staff_login.sign_in_quickly(officer)

    form = page(client.get(f"/staff/cases/{case.id}/handover"))
    teams = [o.text for o in form.find("select", {"name": "team"}).find_all("option")]
    assert any("Northshire Witness Care" in t for t in teams)
    response = submit(client, f"/staff/cases/{case.id}/handover", team=witness_care.id,
                      contact=new_contact.id)
    assert response.headers["Location"].endswith(f"/staff/team?handed={case.id}")
    db.session.refresh(case)
    assert (case.team_id, case.contact_id) == (witness_care.id, new_contact.id)

    # The old team sees the handover in its list of cases handed on, and no longer the case
    # or its history (which goes on growing with the new team's notes).
    team_page = visible_text(client.get(response.headers["Location"]))
    assert (f"Case {case.crime_reference} was handed to Northshire Witness Care" in team_page)
    assert "Recently handed to other teams" in team_page
    assert client.get(f"/staff/cases/{case.id}").status_code == 404
    assert client.get(f"/staff/cases/{case.id}/history").status_code == 404

    # The new team sees the case and the same history.
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/account")})
    staff_login.sign_in_quickly(new_contact)
    assert client.get(f"/staff/cases/{case.id}").status_code == 200
    assert "Handed over from Eastbridge Investigations" in visible_text(
        client.get(f"/staff/cases/{case.id}/history"))

    # The victim was told, and sees their new contact.
    update = db.session.scalars(select(Update)).one()
    assert "Jo Bennett" in update.body_text and update.warnings == []
    assert db.session.scalars(select(Notification)).one().victim_id == victim.id
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client, "/staff/account")})
    victim_auth.sign_in(victim)
    contact = page(client.get(f"/cases/{case.id}")).find("aside", class_="portal-contact")
    assert "Jo Bennett" in contact.text and "Northshire Witness Care" in contact.text
    assert "01632 960201" in contact.text


def test_a_case_cannot_be_handed_to_someone_outside_the_new_team(client, worker, make):
    case = make.case(contact=worker)
    other = make.team(TeamKind.PROBATION)
    stranger = make.staff(team=make.team())
    response = submit(client, f"/staff/cases/{case.id}/handover", team=other.id,
                      contact=stranger.id)
    assert "Choose someone in that team" in error_for(response, "contact")
    db.session.refresh(case)
    assert case.team_id == worker.team_id and count(CaseEvent) == 1


def test_case_page_shows_obligations_victims_and_hearings(client, worker, make):
    victim = make.victim(name="Sam Taylor", active=False)
    case = make.case(contact=worker, victims=[victim])
    make.hearing(case, starts_at=utcnow() + dt.timedelta(days=5))
    soup = page(client.get(f"/staff/cases/{case.id}"))
    assert soup.h1.text.strip() == "Burglary"
    rows = [th.get_text(" ", strip=True) for th in soup.select("table tbody th")]
    assert any(r.startswith("Refer to support services") for r in rows)
    assert any(r.startswith("Tell the victim about the hearing") for r in rows)
    assert "Send an invitation" in soup.text
    headings = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3"])]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:]))


def test_a_victim_no_text_or_email_can_reach_is_not_invited_and_no_invitation_is_made(
        client, worker, make):
    victim = make.victim(active=False, email=None, phone="+441632960001")  # a landline
    case = make.case(contact=worker, victims=[victim])
    response = submit(client, f"/staff/cases/{case.id}/victims/{victim.id}/invite",
                      csrf_token=csrf_token(client, f"/staff/cases/{case.id}"))
    assert response.status_code == 400
    assert "cannot be invited online" in visible_text(response)
    assert count(Invitation) == 0 and count(DevOutboxMessage) == 0
