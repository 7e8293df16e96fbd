"""Victims' pages ask the database a fixed, small number of questions (issue 12: at most 8),
however much a case holds or however many cases a victim has, so they stay fast at national
scale."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.models.enums import DecisionKind, HearingKind, Stage, UpdateEvent
from portal.models.types import utcnow
from tests.caseworker.test_case_page import counting_queries

MOST = 8
DAY = dt.timedelta(days=1)


def busy_case(make, victim, size: int):
    """A case with ``size`` hearings past and to come, decisions and updates."""
    case = make.case(victims=[victim], stage=Stage.COURT, contact=make.staff())
    for n in range(size):
        make.hearing(case, kind=HearingKind.MENTION, starts_at=utcnow() - (20 + n) * DAY,
                     status="heard", outcome="adjourned", outcome_note=f"Note {n}.")
        make.hearing(case, starts_at=utcnow() + (10 + n) * DAY, must_attend=bool(n % 2))
        make.decision(case, DecisionKind.CHARGED, reasons=f"Reason {n}.")
        make.update(case, UpdateEvent.GENERAL, f"News {n}.")
    return case


def queries(client, path: str, kept: bool = False) -> int:
    """The questions a page asks when drawn (``kept``: when served from what was kept,
    portal/page_cache.py)."""
    from portal import page_cache

    client.get(path)  # the session's own first questions, then the page as a victim sees it
    if not kept:
        page_cache.clear()
    with counting_queries() as seen:
        assert client.get(path).status_code == 200
    return len(seen)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_case_page_asks_the_same_few_questions_however_busy_the_case(
        client, make, victim_auth, language):
    victim = make.victim(language=language)
    quiet, busy = busy_case(make, victim, 1), busy_case(make, victim, 6)
    victim_auth.sign_in(victim)
    counts = [queries(client, f"/cases/{case.id}") for case in (quiet, busy)]
    assert counts[0] == counts[1] and counts[1] <= MOST, counts


def test_your_cases_asks_the_same_few_questions_for_one_case_or_eight(
        client, make, victim_auth):
    one, many = make.victim(), make.victim()
    busy_case(make, one, 2)
    for _ in range(8):
        busy_case(make, many, 2)
    counts = []
    for victim in (one, many):
        victim_auth.sign_in(victim)
        counts.append(queries(client, "/cases"))
    assert counts[0] == counts[1] and counts[1] <= MOST, counts


# Who is signed in, the versions the kept page stands on, and (the case page) the record that
# the victim viewed it: nothing about the case itself.
KEPT_MOST = {"/cases": 2, "case": 3}


def test_a_kept_page_asks_only_who_is_signed_in_and_whether_it_still_stands(
        client, make, victim_auth):
    victim = make.victim()
    case = busy_case(make, victim, 3)
    victim_auth.sign_in(victim)
    assert queries(client, f"/cases/{case.id}", kept=True) <= KEPT_MOST["case"]
    assert queries(client, "/cases", kept=True) <= KEPT_MOST["/cases"]
