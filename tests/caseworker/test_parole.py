"""Parole under the Victim Contact Scheme (issue 14): the probation team records the parole
eligibility date, the Parole Board's review starting, its hearing and its decision; the start
owes the victims the news with the offer of a statement and of applying to attend (10 working
days, bank holidays skipped), the decision owes them the decision (5 working days, 1 with
enhanced rights); the victim sees it all in plain words; another team gets 404."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Notification, ParoleReview
from portal.models.actions import ObligationKind as K
from portal.models.enums import Stage, TeamKind, UpdateEvent
from portal.services.case_file import obligations, plain_english, updates
from tests.conftest import csrf_token, page, visible_text
from tests.test_reading_age import hard_to_read

LONDON = ZoneInfo("Europe/London")
# Friday 28 August 2026, 15:00 in London; Monday 31 August is the summer bank holiday.
FRIDAY = dt.datetime(2026, 8, 28, 15, 0, tzinfo=LONDON)
BOARD = "https://www.gov.uk/government/organisations/parole-board"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker(make, staff_login):
    person = make.staff(name="Sam Okafor", team=make.team(TeamKind.PROBATION))
    staff_login.sign_in_quickly(person)
    return person


def day(value: dt.date) -> list[str]:
    return [str(value.day), str(value.month), str(value.year)]


def parole_form(status: str, *, eligible=dt.date(2027, 3, 1), started=None, hearing=None,
                decided=None) -> dict:
    blank = ["", "", ""]
    return {"eligible_on": day(eligible), "status": status,
            "review_started_on": day(started) if started else blank,
            "hearing_on": day(hearing) if hearing else blank,
            "decided_on": day(decided) if decided else blank}


def submit(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def owed(case, kind):
    return [o for o in obligations.for_case(case) if o.kind == kind]


def test_another_teams_caseworker_gets_404_and_nothing_is_recorded(client, make, staff_login):
    case = make.case(victims=[make.victim()], team=make.team(TeamKind.PROBATION),
                     stage=Stage.AFTER_SENTENCE)
    outsider = make.staff(team=make.team(TeamKind.PROBATION))
    staff_login.sign_in_quickly(outsider)
    path = f"/staff/cases/{case.id}/parole"
    assert client.get(path).status_code == 404
    data = {**parole_form("review_started", started=FRIDAY.date()),
            "csrf_token": csrf_token(client, "/staff/account")}
    assert client.post(path, data=data).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ParoleReview)) == 0
    assert owed(case, K.PAROLE_REVIEW_TOLD) == []


def test_a_review_started_owes_the_news_in_10_working_days_and_the_victim_sees_the_offer(
        client, worker, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, stage=Stage.AFTER_SENTENCE,
                     violent_or_sexual=True)
    path = f"/staff/cases/{case.id}/parole"
    # Only eligible: no duty yet, and the console goes back to the case.
    response = submit(client, path, parole_form("eligible"))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/staff/cases/{case.id}")
    assert owed(case, K.PAROLE_REVIEW_TOLD) == []
    # The review starts today: on to the update that tells the victims.
    response = submit(client, path, parole_form("review_started", started=FRIDAY.date()))
    assert response.status_code == 302
    assert "event=parole_review_started" in response.headers["Location"]
    [review] = db.session.scalars(select(ParoleReview)).all()  # the same review, edited
    assert (review.eligible_on, review.status, review.review_started_on) == (
        dt.date(2027, 3, 1), "review_started", FRIDAY.date())
    [told] = owed(case, K.PAROLE_REVIEW_TOLD)
    # 10 working days from Friday 28 August, Monday 31 August (bank holiday) skipped.
    assert told.due_date == dt.date(2026, 9, 14) and not told.met
    text = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Tell the victim the parole review has started" in text
    assert "Parole eligibility date" in text and "1 March 2027" in text
    # The update's starting words offer a statement and applying to attend, and pass.
    body = page(client.get(response.headers["Location"])).find("textarea", {"name": "body"}).text
    assert "statement for the Parole Board" in body and "apply to go to the hearing" in body
    assert "The Parole Board decides if you can go." in body
    assert plain_english.check(body, UpdateEvent.PAROLE_REVIEW_STARTED).ok
    audits = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "parole.recorded")).all()
    assert len(audits) == 2  # eligible, then started
    assert all(a.actor_id == worker.id and a.case_id == case.id for a in audits)
    # A hearing listed: the victim sees the date, the status and what they can do.
    hearing = dt.date(2026, 11, 12)
    assert submit(client, path, parole_form("hearing_listed", started=FRIDAY.date(),
                                            hearing=hearing)).status_code == 302
    assert len(owed(case, K.PAROLE_REVIEW_TOLD)) == 1  # the same start, not owed twice
    victim_auth.sign_in(victim)
    section = page(client.get(f"/cases/{case.id}")).find("section", class_="portal-parole")
    assert section is not None
    words = " ".join(section.get_text(" ").split())
    assert "from Monday, 1 March 2027" in words or "from 1 March 2027" in words
    assert "The Parole Board will meet about the offender on Thursday, 12 November 2026." in words
    assert "You can write a statement for the Parole Board." in words
    assert "You can apply to go to the hearing to read your statement." in words
    assert "The Parole Board decides if you can go." in words
    for sentence in section.find_all(["p", "li"]):
        assert hard_to_read(sentence.get_text(" ")) == [], sentence.get_text(" ")


def test_a_review_start_needs_its_day_and_a_decision_its_date(client, worker, make):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.AFTER_SENTENCE)
    path = f"/staff/cases/{case.id}/parole"
    response = submit(client, path, parole_form("review_started"))
    assert response.status_code == 400
    assert "Enter the date the review started" in page(response).find(
        id="review_started_on-error").text
    response = submit(client, path, parole_form("release_refused", started=FRIDAY.date()))
    assert response.status_code == 400
    assert "Enter the date of the decision" in page(response).find(id="decided_on-error").text
    assert db.session.scalar(select(func.count()).select_from(ParoleReview)) == 0


def test_the_decision_goes_through_the_outbox_and_meets_its_duty(
        client, worker, make, contactable, providers, run_worker):
    victim = contactable(channels=["email"], email="ana@example.com")
    case = make.case(victims=[victim], contact=worker, stage=Stage.AFTER_SENTENCE,
                     violent_or_sexual=True, enhanced_rights=True)
    path = f"/staff/cases/{case.id}/parole"
    started = dt.date(2026, 7, 1)
    assert submit(client, path, parole_form("review_started", started=started)).status_code == 302
    response = submit(client, path, parole_form("release_refused", started=started,
                                                hearing=dt.date(2026, 8, 20),
                                                decided=FRIDAY.date()))
    assert response.status_code == 302
    assert "event=parole_decision" in response.headers["Location"]
    [decision] = owed(case, K.PAROLE_DECISION_TOLD)
    # Enhanced rights: 1 working day, the bank holiday skipped.
    assert decision.due_date == dt.date(2026, 9, 1) and not decision.met
    body = page(client.get(response.headers["Location"])).find("textarea", {"name": "body"}).text
    assert "The Parole Board has said the offender must stay in prison." in body
    assert "summary of their decision" in body
    assert plain_english.check(body, UpdateEvent.PAROLE_DECISION).ok
    updates.post(case, worker, updates.Draft(event=UpdateEvent.PAROLE_DECISION.value,
                                             body=body))
    run_worker()
    [row] = db.session.scalars(select(Notification).where(
        Notification.victim_id == victim.id, Notification.case_id == case.id)).all()
    assert row.channel == "email"
    [email] = providers.email.messages
    assert email["To"] == "ana@example.com"
    assert "must stay in prison" in email.get_body(("plain",)).get_content()
    [decision] = owed(case, K.PAROLE_DECISION_TOLD)
    assert decision.met and decision.met_at <= decision.due_at


def test_without_enhanced_rights_the_decision_is_due_in_5_working_days_and_shown_plainly(
        client, worker, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, stage=Stage.AFTER_SENTENCE)
    assert submit(client, f"/staff/cases/{case.id}/parole",
                  parole_form("release_refused", started=dt.date(2026, 7, 1),
                              hearing=dt.date(2026, 8, 20),
                              decided=FRIDAY.date())).status_code == 302
    [decision] = owed(case, K.PAROLE_DECISION_TOLD)
    assert decision.due_date == dt.date(2026, 9, 7)  # Tue 1 .. Mon 7, the holiday skipped
    # The victim's page: the decision in plain words and where to ask for a summary.
    victim_auth.sign_in(victim)
    section = page(client.get(f"/cases/{case.id}")).find("section", class_="portal-parole")
    words = " ".join(section.get_text(" ").split())
    assert "The Parole Board has said the offender must stay in prison." in words
    assert "This means they will not be released for now." in words
    assert "You can write a statement" not in words  # the offer is over
    assert [a["href"] for a in section.find_all("a")] == [BOARD]
    for sentence in section.find_all(["p", "li"]):
        assert hard_to_read(sentence.get_text(" ")) == [], sentence.get_text(" ")
    assert "The hearing was on Thursday, 20 August 2026." in words
