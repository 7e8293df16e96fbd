"""The console's case lists at scale: paginated, filtered and sorted in SQL on each case's next
duty (kept on the case by due_index.py), refreshed when the case's facts change and when time
alone changes them; the same number of queries for 5 cases or 120."""
from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Case
from portal.models.actions import ObligationKind
from portal.models.enums import Area
from portal.services.case_file import case_work, due_index
from tests.caseworker.test_case_page import counting_queries
from tests.conftest import page

WEDNESDAY = dt.date(2026, 12, 9)


def at(day, hour=10):
    return london.at(day, dt.time(hour))


def cases_reported(make, worker, count: int, reported_on: dt.date, **values):
    return [make.case(contact=worker, victims=[make.victim()], reported_on=reported_on, **values)
            for _ in range(count)]


def listed(client, path="/staff/team", **params):
    soup = page(client.get(path, query_string=params))
    references = [a.text for a in soup.select("tbody th a")]
    return soup, references


def test_a_team_of_120_cases_is_listed_25_to_a_page_most_urgent_first(client, make,
                                                                      staff_login):
    worker = make.staff()
    with time_machine.travel(at(WEDNESDAY), tick=False):
        old = cases_reported(make, worker, 100, dt.date(2026, 11, 2))  # first contact overdue
        new = cases_reported(make, worker, 20, WEDNESDAY)  # due in 2 working days
        staff_login.sign_in_quickly(worker)
        soup, first = listed(client)
        assert "120 cases" in soup.select_one("caption").text
        assert "Page 1 of 5" in soup.select_one("caption").text
        assert len(first) == 25
        assert set(first) <= {c.crime_reference for c in old}  # the overdue come first
        _, last = listed(client, page=5)
        assert len(last) == 20 and set(last) == {c.crime_reference for c in new}
        nav = soup.select_one("nav.govuk-pagination")
        assert nav.select_one("a[rel=next]")["href"].endswith("page=2")
        _, overdue = listed(client, due="overdue")
        assert len(overdue) == 25 and set(overdue) <= {c.crime_reference for c in old}
        soon_page, soon = listed(client, due="soon")
        assert set(soon) == {c.crime_reference for c in new}
        assert "20 cases" in soon_page.select_one("caption").text
        # A page past the end shows the last page.
        _, beyond = listed(client, page=99)
        assert beyond == last


def test_the_same_number_of_queries_for_5_cases_or_120(client, make, staff_login):
    worker = make.staff()
    with time_machine.travel(at(WEDNESDAY), tick=False):
        small_team = make.team()
        small_worker = make.staff(team=small_team)
        cases_reported(make, small_worker, 5, dt.date(2026, 11, 2))
        cases_reported(make, worker, 120, dt.date(2026, 11, 2))
        counts = []
        for person in (small_worker, worker):
            staff_login.sign_in_quickly(person)
            due_index.refresh_due()  # the worker's round: every case worked out once
            with counting_queries() as seen:
                assert client.get("/staff/team").status_code == 200
            counts.append(len(seen))
        assert counts[0] == counts[1] and counts[1] <= 12, counts


def test_a_change_to_a_case_shows_in_the_list_at_once(client, make, staff_login):
    worker = make.staff()
    with time_machine.travel(at(WEDNESDAY), tick=False):
        (case,) = cases_reported(make, worker, 1, WEDNESDAY)
        staff_login.sign_in_quickly(worker)
        soup, _ = listed(client)
        first = db.session.get(Case, case.id).next_due_kind
        from portal.content.obligations import title

        assert str(title(first)) in soup.select_one("tbody tr").get_text(" ")
        case_work.record_action(worker, case, first, "Confirmation letter posted today, ref 4411.")
        assert db.session.get(Case, case.id).due_stale is True
        listed(client)
        db.session.expire_all()
        refreshed = db.session.get(Case, case.id)
        assert refreshed.due_stale is False and refreshed.next_due_kind != first


def test_time_alone_brings_an_outcome_owed_into_the_lists(make):
    worker = make.staff()
    with time_machine.travel(at(WEDNESDAY), tick=False):
        (case,) = cases_reported(make, worker, 1, dt.date(2026, 11, 2))
        for kind in (ObligationKind.WRITTEN_CONFIRMATION, ObligationKind.CONTACT_PREFERENCES,
                     ObligationKind.PERSONAL_STATEMENT):
            case_work.record_action(worker, case, kind, "Done on the first call, ref 12.")
        from portal.models import CaseAction

        # Met by their structured records (needs.py, referrals.py), written as these actions.
        for kind in (ObligationKind.NEEDS_ASSESSMENT, ObligationKind.SUPPORT_REFERRAL):
            db.session.add(CaseAction(case_id=case.id, kind=kind, caseworker_id=worker.id,
                                      details="Recorded on its own page."))
        hearing = make.hearing(case, starts_at=at(WEDNESDAY, 14))

        db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.HEARING_DATE_TOLD,
                                  hearing_id=hearing.id, caseworker_id=worker.id,
                                  details="Told on the phone."))
        db.session.commit()
        due_index.refresh([case.id])
        assert db.session.get(Case, case.id).next_due_at is None  # nothing owed this morning
    with time_machine.travel(at(WEDNESDAY, 16), tick=False):
        due_index.refresh_due()
        db.session.expire_all()
        case = db.session.get(Case, case.id)
        assert case.next_due_kind == ObligationKind.HEARING_OUTCOME_TOLD
        assert case.next_due_at == london.end_of_day(dt.date(2026, 12, 10))


def test_soon_counts_the_working_days_of_each_nation(client, make, staff_login):
    """Within 2 working days, counted with the bank holidays of England or of Wales."""
    worker = make.staff()
    with time_machine.travel(at(dt.date(2026, 12, 23)), tick=False):  # Wednesday
        english = cases_reported(make, worker, 1, dt.date(2026, 12, 23))[0]
        welsh = cases_reported(make, worker, 1, dt.date(2026, 12, 23), area=Area.WALES)[0]
        staff_login.sign_in_quickly(worker)
        _, soon = listed(client, due="soon")
        # Due 2 working days after the 23rd: the 29th (Christmas and Boxing Day's substitute
        # are bank holidays in both): due within 2 working days for both nations.
        assert set(soon) == {english.crime_reference, welsh.crime_reference}
        cases = db.session.scalars(select(Case).order_by(Case.id)).all()
        assert {london.local_date(c.next_due_at) for c in cases} == {dt.date(2026, 12, 29)}
