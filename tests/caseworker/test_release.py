"""The offender's release from the console (issue 14, the Victim Contact Scheme): a caseworker
of the case's team records the release to come with its licence conditions; the victims are
owed notice BEFORE the expected day (5 working days before, bank holidays skipped), the update
gives the date, the conditions, never the address, and the unwanted-contact helpline, and it
reaches the victim through the delivery engine before the release; another team gets 404;
the actual release then owes contact within 24 hours."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Release
from portal.models.actions import ObligationKind as K
from portal.models.enums import Stage, TeamKind, UpdateEvent
from portal.services.case_file import obligations, plain_english, update_templates, updates
from portal.services.working_days import add_working_days
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
# Friday 28 August 2026, 15:00 in London; Monday 31 August is the summer bank holiday.
FRIDAY = dt.datetime(2026, 8, 28, 15, 0, tzinfo=LONDON)
HOME = "14 Elm Row, Northfield"
HELPLINE = "0300 060 6699"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker(make, staff_login):
    person = make.staff(name="Sam Okafor", team=make.team(TeamKind.PROBATION))
    staff_login.sign_in_quickly(person)
    return person


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def planned(day: dt.date, **values) -> dict:
    data = {"expected_on": [str(day.day), str(day.month), str(day.year)],
            "no_contact": "yes", "exclusion_area": "the town centre of Newport",
            "curfew_from": "19:00", "curfew_until": "07:00", "electronic_monitoring": "yes",
            "residence": HOME}
    data.update(values)
    return data


def submit(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def notice(case):
    return [o for o in obligations.for_case(case) if o.kind == K.RELEASE_NOTICE]


def test_a_release_10_working_days_ahead_owes_notice_before_it_and_the_victim_gets_it(
        client, worker, make, contactable, providers, run_worker):
    victim = contactable(channels=["email"], email="ana@example.com")
    case = make.case(victims=[victim], contact=worker, stage=Stage.AFTER_SENTENCE,
                     violent_or_sexual=True)
    expected = add_working_days(FRIDAY.date(), 10, case.area)
    assert expected == dt.date(2026, 9, 14)  # the bank holiday skipped
    response = submit(client, f"/staff/cases/{case.id}/release/planned", planned(expected))
    assert response.status_code == 302
    assert "event=release_planned" in response.headers["Location"]
    release = db.session.scalars(select(Release)).one()
    assert (release.expected_on, release.no_contact, release.exclusion_area,
            release.curfew_from, release.electronic_monitoring, release.residence) == (
        expected, True, "the town centre of Newport", dt.time(19), True, HOME)
    # Owed before the day: 5 working days before Monday 14 September is Monday 7 September.
    [owed] = notice(case)
    assert owed.due_date == dt.date(2026, 9, 7) and owed.due_date < expected
    assert owed.due_at < dt.datetime.combine(expected, dt.time(0), LONDON)
    assert not owed.met
    text = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Tell the victim about the release before it happens" in text
    assert HOME in text and "Never shown to the victim" in text
    # The update the console goes on to: the date, the conditions, the helpline, no address.
    form = page(client.get(response.headers["Location"]))
    body = form.find("textarea", {"name": "body"}).text
    assert "Monday, 14 September 2026" in body
    assert "They must not go into this area: the town centre of Newport." in body
    assert "They must wear an electronic tag" in body and "from 19:00 to 07:00" in body
    assert HELPLINE in body and "call 999" in body
    assert HOME not in body and "Elm Row" not in body
    result = plain_english.check(body, UpdateEvent.RELEASE_PLANNED)
    assert result.ok, [f.message() for f in result.findings]
    # Posted and sent by the worker: the victim has it days before the release.
    updates.post(case, worker, updates.Draft(event=UpdateEvent.RELEASE_PLANNED.value,
                                             body=body))
    run_worker()
    [email] = providers.email.messages
    text_part = email.get_body(("plain",)).get_content()
    assert email["To"] == "ana@example.com" and HELPLINE in text_part
    assert "the town centre of Newport" in text_part and HOME not in email.as_string()
    [owed] = notice(case)
    assert owed.met and owed.met_at <= owed.due_at
    # Audited without the words of the area or the address.
    entry = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "release.planned")).one()
    assert entry.actor_id == worker.id and entry.case_id == case.id
    assert HOME not in str(entry.detail) and "Newport" not in str(entry.detail)


def test_recorded_late_the_notice_is_due_the_same_day_not_after_the_release(client, worker,
                                                                           make):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.AFTER_SENTENCE)
    expected = dt.date(2026, 9, 2)  # 2 working days away
    assert submit(client, f"/staff/cases/{case.id}/release/planned",
                  planned(expected)).status_code == 302
    [owed] = notice(case)
    assert owed.due_date == FRIDAY.date()


def test_another_teams_caseworker_gets_404_and_nothing_is_recorded(client, make, staff_login):
    case = make.case(victims=[make.victim()], team=make.team(TeamKind.PROBATION))
    outsider = make.staff(team=make.team(TeamKind.POLICE))
    staff_login.sign_in_quickly(outsider)
    token = csrf_token(client, "/staff/account")
    for path in (f"/staff/cases/{case.id}/release/planned", f"/staff/cases/{case.id}/alert"):
        assert client.get(path).status_code == 404
        data = {**planned(dt.date(2026, 9, 14)), "kind": "escaped",
                "occurred_on": ["28", "8", "2026"], "time": "09:00", "csrf_token": token}
        assert client.post(path, data=data).status_code == 404
    assert count(Release) == 0
    assert notice(case) == []


@pytest.mark.parametrize("data, field, message", [
    (planned(dt.date(2026, 8, 27)), "expected_on", "must be today or later"),
    (planned(dt.date(2026, 9, 14), curfew_until=""), "curfew_until", "Enter both times"),
    (planned(dt.date(2026, 9, 14), curfew_until="19:00"), "curfew_until",
     "must end at a different time"),
    (planned(dt.date(2026, 9, 14), exclusion_area="x" * 201), "exclusion_area",
     "200 characters or fewer"),
])
def test_bad_input_says_what_is_wrong_and_changes_nothing(client, worker, make, data, field,
                                                          message):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.AFTER_SENTENCE)
    response = submit(client, f"/staff/cases/{case.id}/release/planned", data)
    assert response.status_code == 400
    error = page(response).find(id=f"{field}-error")
    assert error is not None and message in error.text
    assert count(Release) == 0


def test_the_actual_release_owes_contact_within_24_hours_and_says_the_helpline(
        client, worker, make, clock):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.AFTER_SENTENCE)
    release = make.release(case, expected_on=dt.date(2026, 8, 28), exclusion_area="Newport")
    response = submit(client, f"/staff/cases/{case.id}/release",
                      {"released_on": ["28", "8", "2026"], "time": "09:30"})
    assert response.status_code == 302
    db.session.refresh(release)
    assert release.released_at == dt.datetime(2026, 8, 28, 8, 30, tzinfo=dt.timezone.utc)
    [contact] = [o for o in obligations.for_case(case) if o.kind == K.RELEASE_CONTACT]
    assert contact.due_at - contact.triggered_at == dt.timedelta(hours=24)
    body = update_templates.prefill(case, UpdateEvent.OFFENDER_RELEASED)
    assert HELPLINE in body and "They must not go into this area: Newport." in body
    assert plain_english.check(body, UpdateEvent.OFFENDER_RELEASED).ok


def test_the_after_sentence_page_promises_notice_only_where_it_is_owed():
    from portal.content.stages import STAGES

    words = str(STAGES[Stage.AFTER_SENTENCE].next)
    assert "If you are in the Victim Contact Scheme" in words
    assert "before the offender is released" in words


# --- the referral to the Victim Contact Scheme --------------------------------------------

@pytest.fixture
def referring(make, staff_login):
    """A witness care caseworker with a sentenced case, and a probation team with its victim
    liaison officer."""
    from portal.models.enums import Offence

    wcu = make.staff(name="Jo Bennett", team=make.team(TeamKind.WITNESS_CARE))
    probation = make.team(TeamKind.PROBATION)
    officer = make.staff(name="Maya Hughes", team=probation)
    victim = make.victim(language="pl")
    case = make.case(victims=[victim], contact=wcu, stage=Stage.AFTER_SENTENCE,
                     offence=Offence.GRIEVOUS_BODILY_HARM, violent_or_sexual=True)
    staff_login.sign_in_quickly(wcu)
    return wcu, probation, officer, victim, case


def referral_form(victim, probation, officer, **values) -> dict:
    data = {"victim": str(victim.id), "consent": "yes", "language": "pl",
            "team": str(probation.id), "officer": str(officer.id)}
    data.update(values)
    return data


def test_a_referral_without_consent_cannot_be_sent(client, referring):
    from portal.models import VcsReferral

    _, probation, officer, victim, case = referring
    response = submit(client, f"/staff/cases/{case.id}/vcs-referral",
                      referral_form(victim, probation, officer, consent="no"))
    assert response.status_code == 400
    assert "cannot be sent without the victim’s consent" in visible_text(response)
    assert count(VcsReferral) == 0
    db.session.refresh(case)
    assert case.team_id != probation.id  # not handed over


def test_a_referral_hands_over_with_consent_and_language_and_the_letter_goes_overdue(
        client, make, referring, staff_login, clock):
    from portal.models import CaseAction, VcsReferral
    from portal.services.case_file import due_index

    wcu, probation, officer, victim, case = referring
    # Everything else on the case already done, so the letter is its next duty.
    for kind in (K.WRITTEN_CONFIRMATION, K.NEEDS_ASSESSMENT, K.SUPPORT_REFERRAL,
                 K.CONTACT_PREFERENCES, K.PERSONAL_STATEMENT):
        db.session.add(CaseAction(case_id=case.id, kind=kind, caseworker_id=wcu.id,
                                  at=FRIDAY,
                                  details="Done at the start of the case."))
    db.session.commit()
    response = submit(client, f"/staff/cases/{case.id}/vcs-referral",
                      referral_form(victim, probation, officer))
    assert response.status_code == 302
    referral = db.session.scalars(select(VcsReferral)).one()
    assert (referral.consent, referral.language, referral.team_id,
            referral.liaison_officer_id) == (True, "pl", probation.id, officer.id)
    db.session.refresh(case)
    assert case.team_id == probation.id and case.contact_id == officer.id  # the handover
    [letter] = [o for o in obligations.for_case(case) if o.kind == K.PROBATION_LETTER]
    # 20 working days from Friday 28 August, the bank holiday skipped: Monday 28 September.
    assert letter.due_date == dt.date(2026, 9, 28) and not letter.met
    # The probation team sees it; 21 working days on, it is overdue on their list.
    clock.move_to(dt.datetime(2026, 9, 29, 10, 0, tzinfo=LONDON))
    staff_login.sign_in_quickly(officer)
    due_index.refresh_case(case, obligations.for_case(case), dt.datetime.now(dt.timezone.utc))
    db.session.commit()
    overdue = page(client.get("/staff/team", query_string={"due": "overdue"}))
    row = overdue.select_one("tbody tr")
    assert row is not None and case.crime_reference in row.get_text()
    assert "Write to the victim about the Victim Contact Scheme" in row.get_text()
    # Recorded as sent: met, and off the overdue list.
    response = submit(client, f"/staff/cases/{case.id}/actions/new", {
        "kind": "probation_letter", "about": "",
        "details": "Letter sent in Polish with the unwanted-contact helpline."})
    assert response.status_code == 302
    [letter] = [o for o in obligations.for_case(case) if o.kind == K.PROBATION_LETTER]
    assert letter.met and letter.state(dt.datetime.now(dt.timezone.utc)) == "met_late"
    # The victim's choice to join.
    response = submit(client, f"/staff/cases/{case.id}/vcs-referral/{referral.id}/choice",
                      {"choice": "joined"})
    assert response.status_code == 302
    db.session.refresh(referral)
    assert referral.choice == "joined"
    assert "Joined the scheme." in visible_text(client.get(f"/staff/cases/{case.id}"))
