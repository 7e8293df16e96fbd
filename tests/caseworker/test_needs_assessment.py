"""Needs assessments as structured data from the console (issue 14): a caseworker of the
case's team records one; it meets the needs-assessment duty and decides enhanced rights, which
shorten the deadlines; free text no longer meets it; bad input saves nothing; a review is due
after charge, before trial or after sentence; another team gets 404."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Case, CaseAction, NeedsAssessment
from portal.models.actions import ObligationKind as K
from portal.models.enums import DecisionKind, HearingKind, Stage, TeamKind
from portal.models.support import ReviewPoint
from portal.services.case_file import case_work, needs, obligations
from portal.services.errors import InvalidInput
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
# Friday 28 August 2026, 15:00 in London; Monday 31 August is the summer bank holiday.
FRIDAY = dt.datetime(2026, 8, 28, 15, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker(make, staff_login):
    person = make.staff(name="Sam Okafor")
    staff_login.sign_in_quickly(person)
    return person


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def assessment(victim, **values) -> dict:
    data = {"victim": str(victim.id), "assessed_on": ["28", "8", "2026"],
            "enhanced": ["vulnerable"], "access_needs": ["large_print"],
            "communication_note": "Prefers calls in the morning",
            "support_wanted": "yes", "support_kinds": ["emotional", "court"],
            "special_measures": ["screens", "live_link"], "risk": "some",
            "risk_note": "He lives on the next street", "consent_to_share": "yes"}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def submit(client, case, data):
    path = f"/staff/cases/{case.id}/needs/new"
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def owed(case, kind):
    return [o for o in obligations.for_case(case) if o.kind == kind]


def test_the_assessment_meets_the_duty_and_gives_enhanced_rights_shortening_deadlines(
        client, worker, make):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, reported_on=dt.date(2026, 8, 27),
                     enhanced_rights=False)
    make.decision(case, DecisionKind.NO_FURTHER_ACTION)
    (letter,) = owed(case, K.DECISION_LETTER)
    # 5 working days from Friday, the bank holiday Monday skipped.
    assert letter.due_date == dt.date(2026, 9, 7)
    (duty,) = owed(case, K.NEEDS_ASSESSMENT)
    assert not duty.met

    response = submit(client, case, assessment(victim))
    assert response.status_code == 302
    saved = db.session.scalars(select(NeedsAssessment)).one()
    assert (saved.vulnerable, saved.intimidated, saved.access_needs, saved.support_kinds,
            saved.special_measures, saved.risk, saved.consent_to_share, saved.assessed_on,
            saved.assessed_by_id, saved.stage) == (
        True, False, ["large_print"], ["emotional", "court"], ["screens", "live_link"], "some",
        True, dt.date(2026, 8, 28), worker.id, "investigation")
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.enhanced_rights is True
    (duty,) = owed(case, K.NEEDS_ASSESSMENT)
    assert duty.state(FRIDAY) == "met" and duty.met_by.caseworker_id == worker.id
    (letter,) = owed(case, K.DECISION_LETTER)
    assert letter.due_date == dt.date(2026, 9, 1)  # 1 working day now: Tuesday
    entry = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "needs.assessed")).one()
    assert entry.detail["enhanced_rights"] is True
    assert "next street" not in str(entry.detail)  # never the words
    shown = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Needs and support" in shown and "He lives on the next street" in shown
    assert "A screen so you do not see the defendant" in shown


def test_enhanced_rights_follow_the_latest_assessment(client, worker, make):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker)
    submit(client, case, assessment(victim, enhanced=["intimidated"]))
    assert db.session.get(Case, case.id).enhanced_rights is True
    submit(client, case, assessment(victim, enhanced=None, risk="none", risk_note=None))
    db.session.expire_all()
    assert db.session.get(Case, case.id).enhanced_rights is False


def test_the_choice_at_opening_stands_until_every_victim_is_assessed(client, worker, make):
    first, second = make.victim(), make.victim()
    case = make.case(victims=[first, second], contact=worker, enhanced_rights=True)
    submit(client, case, assessment(first, enhanced=None))
    db.session.expire_all()
    assert db.session.get(Case, case.id).enhanced_rights is True  # the second is not assessed
    submit(client, case, assessment(second, enhanced=None))
    db.session.expire_all()
    assert db.session.get(Case, case.id).enhanced_rights is False


def test_free_text_no_longer_meets_the_duty(client, worker, make):
    case = make.case(victims=[make.victim()], contact=worker)
    with pytest.raises(InvalidInput):
        case_work.record_action(worker, case, K.NEEDS_ASSESSMENT,
                                "Needs assessment by phone: no extra needs.")
    form = page(client.get(f"/staff/cases/{case.id}/actions/new"))
    offered = {o["value"] for o in form.select("select[name=kind] option")}
    assert "needs_assessment" not in offered and "support_referral" not in offered
    assert not owed(case, K.NEEDS_ASSESSMENT)[0].met


@pytest.mark.parametrize("changes, field", [
    ({"consent_to_share": None}, "consent_to_share"),
    ({"risk": None}, "risk"),
    ({"risk": "high", "risk_note": ""}, "risk_note"),
    ({"support_kinds": None}, "support_kinds"),
    ({"assessed_on": ["29", "8", "2026"]}, "assessed_on"),
])
def test_bad_input_saves_nothing(client, worker, make, changes, field):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker)
    response = submit(client, case, assessment(victim, **changes))
    assert response.status_code == 400
    assert page(response).select_one(f"#{field}-error") is not None or field in (
        response.get_data(as_text=True))
    assert count(NeedsAssessment) == 0 and count(CaseAction) == 0


def test_the_review_is_due_after_charge_before_trial_or_after_sentence(client, worker, make):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, stage=Stage.INVESTIGATION)
    submit(client, case, assessment(victim))
    first = needs.latest_for(case, victim)
    assert needs.review_due(case, first) == (ReviewPoint.AFTER_CHARGE, None)
    case_work.change_stage(worker, case, Stage.COURT)  # charged on Friday
    db.session.refresh(case)
    # 5 working days after Friday, the bank holiday Monday skipped.
    assert needs.review_due(case, first) == (ReviewPoint.AFTER_CHARGE, dt.date(2026, 9, 7))

    submit(client, case, assessment(victim))
    second = needs.latest_for(case, victim)
    assert needs.review_due(case, second) == (ReviewPoint.BEFORE_TRIAL, None)
    make.hearing(case, kind=HearingKind.TRIAL,
                 starts_at=dt.datetime(2026, 10, 5, 10, tzinfo=LONDON))
    db.session.refresh(case)
    assert needs.review_due(case, second) == (ReviewPoint.BEFORE_TRIAL, dt.date(2026, 9, 21))
    shown = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Before the trial, by Monday, 21 September 2026" in shown


def test_another_team_gets_404(client, make, staff_login):
    victim = make.victim()
    case = make.case(victims=[victim], team=make.team(TeamKind.POLICE))
    outsider = make.staff(team=make.team(TeamKind.WITNESS_CARE))
    staff_login.sign_in_quickly(outsider)
    assert client.get(f"/staff/cases/{case.id}/needs/new").status_code == 404
    token = csrf_token(client, "/staff/account")
    response = client.post(f"/staff/cases/{case.id}/needs/new",
                           data={**assessment(victim), "csrf_token": token})
    assert response.status_code == 404
    assert count(NeedsAssessment) == 0
