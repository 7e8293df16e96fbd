"""Working days and every Victims' Code obligation's deadline, across weekends and bank holidays
in England and in Wales."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.extensions import db
from portal.models import CaseAction, CaseEvent, ContactPreference
from portal.models.actions import ObligationKind as K
from portal.models.enums import Area, DecisionKind, HearingOutcome, Offence, Stage
from portal.services.case_file import obligations
from portal.services.working_days import (
    SUBDIVISIONS,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

LONDON = ZoneInfo("Europe/London")
BOTH = [Area.ENGLAND, Area.WALES]


def at(year, month, day, hour=10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.mark.parametrize("area", BOTH)
def test_ten_working_days_over_christmas(area):
    # ECOSYSTEM.md's check: 10 working days from Friday 18 December 2026 is 6 January 2027
    # (Christmas Day, Boxing Day observed on Monday 28th, New Year's Day all skipped).
    assert add_working_days(dt.date(2026, 12, 18), 10, area) == dt.date(2027, 1, 6)


@pytest.mark.parametrize("area", BOTH)
def test_a_weekend_is_not_counted(area):
    assert add_working_days(dt.date(2026, 6, 12), 1, area) == dt.date(2026, 6, 15)  # Fri -> Mon
    assert working_days_between(dt.date(2026, 6, 12), dt.date(2026, 6, 15), area) == 1
    assert working_days_between(dt.date(2026, 6, 15), dt.date(2026, 6, 12), area) == -1


@pytest.mark.parametrize("area", BOTH)
def test_easter_good_friday_and_easter_monday_are_bank_holidays(area):
    # Unlike Scotland, England and Wales both keep Easter Monday.
    assert not is_working_day(dt.date(2026, 4, 3), area)
    assert not is_working_day(dt.date(2026, 4, 6), area)
    assert add_working_days(dt.date(2026, 4, 2), 1, area) == dt.date(2026, 4, 7)


def test_st_davids_day_is_a_working_day_in_wales():
    # 1 March 2027 is a Monday: not a bank holiday in Wales, however often one has been asked for.
    assert is_working_day(dt.date(2027, 3, 1), Area.WALES)
    assert add_working_days(dt.date(2027, 2, 26), 1, Area.WALES) == dt.date(2027, 3, 1)


def test_each_nation_uses_its_own_calendar():
    assert SUBDIVISIONS == {Area.ENGLAND: "ENG", Area.WALES: "WLS"}
    assert dt.date(2026, 12, 28) in bank_holidays(Area.WALES, 2026)  # Boxing Day observed
    assert dt.date(2026, 12, 28) in bank_holidays(Area.ENGLAND, 2026)


def owed(case, kind):
    found = [o for o in obligations.for_case(case) if o.kind == kind]
    assert found, f"no {kind} obligation"
    return found[0]


@pytest.fixture
def new_case(make):
    def build(area, reported=dt.date(2026, 1, 5), **values):
        victim = make.victim()
        return make.case(victims=[victim], area=area, reported_on=reported, **values)
    return build


@pytest.mark.parametrize("area", BOTH)
@pytest.mark.parametrize("kind", [K.WRITTEN_CONFIRMATION, K.NEEDS_ASSESSMENT,
                                  K.SUPPORT_REFERRAL, K.CONTACT_PREFERENCES])
def test_reporting_obligations_are_due_two_working_days_after_the_report(new_case, area, kind):
    # Reported on Thursday 2 April 2026: Good Friday, the weekend and Easter Monday pass first.
    case = new_case(area, reported=dt.date(2026, 4, 2), stage=Stage.REPORTED)
    assert owed(case, kind).due_date == dt.date(2026, 4, 8)


@pytest.mark.parametrize("area", BOTH)
def test_personal_statement_offer_is_due_five_working_days_into_the_investigation(new_case,
                                                                                 area):
    case = new_case(area, stage=Stage.REPORTED)
    db.session.add(CaseEvent(case=case, kind="stage", stage=Stage.INVESTIGATION,
                             occurred_at=at(2026, 12, 24)))
    db.session.commit()
    # Christmas Day, the weekend, Boxing Day (observed 28th) and New Year's Day are skipped.
    assert owed(case, K.PERSONAL_STATEMENT).due_date == dt.date(2027, 1, 5)


@pytest.mark.parametrize("area", BOTH)
def test_hearing_date_is_due_one_working_day_after_it_is_known(new_case, make, area):
    case = new_case(area)
    with time_machine.travel(at(2026, 5, 1), tick=False):  # Friday before the May bank holiday
        hearing = make.hearing(case, starts_at=at(2026, 6, 1))
    obligation = next(o for o in obligations.for_case(case) if o.kind == K.HEARING_DATE_TOLD)
    assert obligation.hearing.id == hearing.id
    assert obligation.due_date == dt.date(2026, 5, 5)


@pytest.mark.parametrize("area", BOTH)
def test_hearing_outcome_is_due_one_working_day_after_the_team_hears_it(new_case, make, area):
    case = new_case(area)
    make.hearing(case, starts_at=at(2026, 5, 22), outcome=HearingOutcome.ADJOURNED,
                 outcome_recorded_at=at(2026, 5, 22, 16))  # Friday before the spring holiday
    assert owed(case, K.HEARING_OUTCOME_TOLD).due_date == dt.date(2026, 5, 26)


@pytest.mark.parametrize("area", BOTH)
@pytest.mark.parametrize("enhanced, due", [(False, dt.date(2026, 9, 7)),
                                           (True, dt.date(2026, 9, 1))])
@pytest.mark.parametrize("kind", [DecisionKind.NO_FURTHER_ACTION, DecisionKind.CHARGE_DROPPED,
                                  DecisionKind.CHARGE_CHANGED])
def test_decision_letter_is_due_in_five_working_days_or_one_with_enhanced_rights(
        new_case, make, area, enhanced, due, kind):
    case = new_case(area, enhanced_rights=enhanced)
    # Friday 28 August 2026; Monday 31 August is the summer bank holiday.
    make.decision(case, kind, made_at=at(2026, 8, 28, 15))
    assert owed(case, K.DECISION_LETTER).due_date == due


@pytest.mark.parametrize("area", BOTH)
def test_victim_contact_scheme_referral_is_due_ten_working_days_after_sentence(new_case, make,
                                                                            area):
    case = new_case(area, offence=Offence.ROBBERY, violent_or_sexual=True)
    make.decision(case, DecisionKind.SENTENCE, made_at=at(2026, 12, 18, 15), sentence_months=12)
    assert owed(case, K.VCS_REFERRAL).due_date == dt.date(2027, 1, 6)


@pytest.mark.parametrize("months, violent", [(11, True), (30, False)])
def test_no_referral_below_twelve_months_or_for_other_offences(new_case, make, months, violent):
    case = new_case(Area.ENGLAND, violent_or_sexual=violent)
    make.decision(case, DecisionKind.SENTENCE, made_at=at(2026, 12, 18), sentence_months=months)
    assert K.VCS_REFERRAL not in {o.kind for o in obligations.for_case(case)}


@pytest.mark.parametrize("area", BOTH)
def test_release_contact_is_due_within_24_hours_even_over_a_bank_holiday(new_case, area):
    case = new_case(area)
    db.session.add(CaseEvent(case=case, kind="release", occurred_at=at(2026, 12, 26, 9)))
    db.session.commit()
    obligation = owed(case, K.RELEASE_CONTACT)
    assert obligation.due_date is None
    assert obligation.due_at == at(2026, 12, 27, 9)


def test_states_in_words_met_late_overdue(new_case, make):
    case = new_case(Area.ENGLAND, reported=dt.date(2026, 6, 1))  # due Wednesday 3 June
    referral = owed(case, K.SUPPORT_REFERRAL)
    assert referral.state(at(2026, 6, 3, 17)) == "due"
    assert referral.working_days_left(at(2026, 6, 1)) == 2
    assert referral.state(at(2026, 6, 4, 9)) == "overdue"
    assert referral.working_days_left(at(2026, 6, 8)) == -3
    db.session.add(CaseAction(case_id=case.id, kind=K.SUPPORT_REFERRAL, details="Referred to "
                              "Victim Support, reference VS-1", at=at(2026, 6, 5)))
    db.session.commit()
    assert owed(case, K.SUPPORT_REFERRAL).state(at(2026, 6, 8)) == "met_late"


def test_contact_preferences_are_met_when_every_victim_has_answered(make):
    first, second = make.victim(), make.victim()
    case = make.case(victims=[first, second], reported_on=dt.date(2026, 6, 1))
    db.session.add(ContactPreference(victim=first, channels=["sms"], asked_at=at(2026, 6, 2)))
    db.session.commit()
    assert not owed(case, K.CONTACT_PREFERENCES).met
    db.session.add(ContactPreference(victim=second, channels=["email"], asked_at=at(2026, 6, 3)))
    db.session.commit()
    db.session.expire_all()
    obligation = owed(case, K.CONTACT_PREFERENCES)
    assert obligation.met and obligation.state(at(2026, 6, 9)) == "met"


def test_an_action_about_another_hearing_does_not_count(new_case, make):
    case = new_case(Area.ENGLAND)
    first = make.hearing(case)
    second = make.hearing(case)
    db.session.add(CaseAction(case_id=case.id, kind=K.HEARING_DATE_TOLD, hearing_id=first.id,
                              details="Phoned the victim with the date and court"))
    db.session.commit()
    told = {o.hearing.id: o.met for o in obligations.for_case(case)
            if o.kind == K.HEARING_DATE_TOLD}
    assert told == {first.id: True, second.id: False}
