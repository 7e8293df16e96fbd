"""Working days counted by the holidays package's own functions: fixed examples around
Christmas, New Year, Easter and one-off bank holidays, and properties that must hold for any day
in England or Wales, checked by hypothesis against a plain day-by-day count."""
from __future__ import annotations

import datetime as dt
from functools import cache

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.models.enums import Area
from portal.services.working_days import (
    SUBDIVISIONS,
    add_working_days,
    calendar_of,
    is_working_day,
    working_days_between,
)

BOTH = [Area.ENGLAND, Area.WALES]
D = dt.date

# No example database in the worktree; no deadline, as the first call builds the calendars.
PROPERTIES = settings(max_examples=300, database=None, deadline=None)


def _bank_holidays_near_now() -> list[dt.date]:
    days = holidays.UK(subdiv="ENG", years=range(1990, 2061))
    days.update(holidays.UK(subdiv="WLS", years=range(1990, 2061)))
    return sorted(days)


# Days near bank holidays (Christmas, Boxing Day and their substitutes, New Year, Easter, the
# one-off ones) are where counting goes wrong, so half the days drawn are within a fortnight of
# one; the rest are anywhere in the years the package knows.
days = st.one_of(
    st.dates(D(1872, 1, 1), D(2100, 12, 31)),
    st.builds(lambda holiday, offset: holiday + dt.timedelta(days=offset),
              st.sampled_from(_bank_holidays_near_now()), st.integers(-14, 14)),
)
areas = st.sampled_from(BOTH)


@cache
def one_year(area: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.UK(subdiv=SUBDIVISIONS[Area(area)], years=year))


def plain_count(start: dt.date, end: dt.date, area: str) -> int:
    """Working days in (start, end], one day at a time, with a calendar per year: the
    definition written the slow way, independent of the shared calendar."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        count += day.weekday() < 5 and day not in one_year(area, day.year)
    return count


@pytest.mark.parametrize("area", BOTH)
@pytest.mark.parametrize("start, count, expected", [
    # Christmas Day, Boxing Day observed on Monday 28th, New Year's Day: 18 Dec 2026 + 10.
    (D(2026, 12, 18), 10, D(2027, 1, 6)),
    # Christmas 2027 falls on a weekend: Monday 27th and Tuesday 28th are the substitutes.
    (D(2027, 12, 24), 1, D(2027, 12, 29)),
    # New Year's Day 2028 is a Saturday: Monday 3 January is the substitute.
    (D(2027, 12, 31), 1, D(2028, 1, 4)),
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
    (D(2027, 3, 25), 1, D(2027, 3, 30)),
    # One-off bank holidays: the coronation (8 May 2023) and the state funeral (19 Sep 2022).
    (D(2023, 5, 5), 1, D(2023, 5, 9)),
    (D(2022, 9, 16), 1, D(2022, 9, 20)),
    # A count of 0: the day itself if it is a working day, else the next one.
    (D(2026, 12, 21), 0, D(2026, 12, 21)),
    (D(2026, 12, 19), 0, D(2026, 12, 21)),
    (D(2026, 12, 25), 0, D(2026, 12, 29)),
    # A negative count goes back.
    (D(2027, 1, 6), -10, D(2026, 12, 18)),
])
def test_fixed_examples(area, start, count, expected):
    assert add_working_days(start, count, area) == expected


@pytest.mark.parametrize("area", BOTH)
def test_counts_over_christmas(area):
    assert working_days_between(D(2026, 12, 18), D(2027, 1, 6), area) == 10
    assert working_days_between(D(2027, 1, 6), D(2026, 12, 18), area) == -10
    assert working_days_between(D(2027, 12, 24), D(2027, 12, 29), area) == 1
    assert working_days_between(D(2026, 12, 25), D(2026, 12, 28), area) == 0
    assert working_days_between(D(2026, 12, 25), D(2026, 12, 25), area) == 0


@pytest.mark.parametrize("area", BOTH)
def test_the_shared_calendar_is_filled_in_once_and_never_grows(area):
    shared = calendar_of(area)
    assert shared is calendar_of(area)
    assert shared.expand is False
    years = set(shared.years)
    assert years == set(range(holidays.UK.start_year, holidays.UK.end_year + 1))
    add_working_days(D(2150, 12, 24), 5, area)
    working_days_between(D(1800, 1, 1), D(1800, 2, 1), area)
    assert set(shared.years) == years


@PROPERTIES
@given(days, st.integers(1, 40), areas)
def test_adding_n_working_days_lands_on_the_first_working_day_n_away(start, count, area):
    due = add_working_days(start, count, area)
    assert due > start
    assert is_working_day(due, area)
    assert working_days_between(start, due, area) == count
    assert working_days_between(start, due - dt.timedelta(days=1), area) == count - 1


@PROPERTIES
@given(days, areas)
def test_adding_none_gives_the_day_itself_or_the_next_working_day(start, area):
    due = add_working_days(start, 0, area)
    assert is_working_day(due, area)
    assert (due == start) == is_working_day(start, area)
    assert working_days_between(start, due, area) == (0 if due == start else 1)


@PROPERTIES
@given(days, st.integers(-60, 60), st.integers(-60, 60), areas)
def test_counts_are_antisymmetric_and_add_up(start, offset, further, area):
    middle = start + dt.timedelta(days=offset)
    end = middle + dt.timedelta(days=further)
    assert working_days_between(start, start, area) == 0
    assert working_days_between(start, middle, area) == -working_days_between(middle, start,
                                                                               area)
    assert (working_days_between(start, middle, area) + working_days_between(middle, end, area)
            == working_days_between(start, end, area))


@PROPERTIES
@given(days, st.integers(0, 60), areas)
def test_counts_match_a_plain_day_by_day_count(start, span, area):
    end = start + dt.timedelta(days=span)
    assert working_days_between(start, end, area) == plain_count(start, end, area)
