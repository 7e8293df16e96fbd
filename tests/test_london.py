"""London time: days and wall-clock times to moments and back, in winter, in summer and at the
two clock changes, where a day is 23 or 25 hours long and an hour is missing or happens twice."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import london

UTC = dt.timezone.utc
D = dt.date
T = dt.time
HOUR = dt.timedelta(hours=1)
TICK = dt.timedelta(microseconds=1)
# 2026: the clocks go forward at 01:00 GMT on 29 March and back at 02:00 BST on 25 October.
MARCH = D(2026, 3, 29)
OCTOBER = D(2026, 10, 25)

PROPERTIES = settings(max_examples=300, database=None, deadline=None)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def last_sunday(year: int, month: int) -> dt.date:
    day = D(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


# Half the days drawn are clock-change Sundays (the rule has been the last Sunday of March and of
# October since 1996), where the mistakes would be.
CHANGE_DAYS = [last_sunday(year, month) for year in range(1996, 2061) for month in (3, 10)]
days = st.one_of(st.dates(D(1996, 1, 1), D(2060, 12, 30)), st.sampled_from(CHANGE_DAYS))
clocks = st.times().map(lambda clock: clock.replace(fold=0))


def test_at_is_the_london_wall_clock_in_utc_in_winter_and_in_summer():
    assert london.at(D(2026, 1, 15), T(10)) == utc(2026, 1, 15, 10)
    assert london.at(D(2026, 6, 15), T(10)) == utc(2026, 6, 15, 9)
    assert london.at(D(2026, 6, 15), T(10)).tzinfo is UTC


def test_a_time_that_happens_twice_in_october_is_the_first_one_still_in_summer_time():
    first = london.at(OCTOBER, T(1, 30))
    assert first == utc(2026, 10, 25, 0, 30)
    # An hour later the wall clock shows 01:30 again, now in GMT: the same day and time.
    assert london.local_time(first) == london.local_time(first + HOUR) == T(1, 30)
    assert london.local_date(first) == london.local_date(first + HOUR) == OCTOBER
    assert london.at(OCTOBER, T(2, 0)) == utc(2026, 10, 25, 2, 0)


def test_a_time_that_never_happens_in_march_is_read_in_winter_time():
    missing = london.at(MARCH, T(1, 30))
    assert missing == utc(2026, 3, 29, 1, 30)
    assert london.local_time(missing) == T(2, 30)  # what London's clocks show at that moment
    assert london.at(MARCH, T(0, 59)) == utc(2026, 3, 29, 0, 59)
    assert london.at(MARCH, T(1, 0)) == london.at(MARCH, T(2, 0)) == utc(2026, 3, 29, 1, 0)
    assert london.at(MARCH, T(3, 0)) == utc(2026, 3, 29, 2, 0)


def test_days_are_23_or_25_hours_long_at_the_changes():
    assert london.end_of_day(MARCH) - london.start_of_day(MARCH) == 23 * HOUR - TICK
    assert london.end_of_day(OCTOBER) - london.start_of_day(OCTOBER) == 25 * HOUR - TICK
    assert london.end_of_day(D(2026, 6, 10)) - london.start_of_day(D(2026, 6, 10)) == \
        24 * HOUR - TICK


def test_days_start_and_end_at_london_midnight():
    assert london.start_of_day(D(2026, 6, 10)) == utc(2026, 6, 9, 23, 0)
    assert london.end_of_day(D(2026, 6, 10)) == utc(2026, 6, 10, 22, 59, 59, 999999)
    assert london.start_of_day(D(2026, 12, 1)) == utc(2026, 12, 1, 0, 0)
    assert london.end_of_day(D(2026, 12, 1)) == utc(2026, 12, 1, 23, 59, 59, 999999)
    assert london.start_of_day(MARCH) == utc(2026, 3, 29, 0, 0)
    assert london.end_of_day(MARCH) == utc(2026, 3, 29, 22, 59, 59, 999999)
    assert london.start_of_day(OCTOBER) == utc(2026, 10, 24, 23, 0)
    assert london.end_of_day(OCTOBER) == utc(2026, 10, 25, 23, 59, 59, 999999)


def test_the_london_date_is_a_day_ahead_of_utc_before_one_in_the_morning_in_summer():
    assert london.local_date(utc(2026, 6, 9, 23, 30)) == D(2026, 6, 10)
    assert london.local_date(utc(2026, 12, 9, 23, 30)) == D(2026, 12, 9)
    assert london.local_date(dt.datetime(2026, 6, 9, 23, 30)) == D(2026, 6, 10)  # naive: UTC
    assert london.local_time(utc(2026, 6, 9, 23, 30)) == T(0, 30)


def test_today_is_the_london_date():
    with time_machine.travel(utc(2026, 6, 9, 23, 30), tick=False):
        assert london.today() == D(2026, 6, 10)
    with time_machine.travel(utc(2026, 12, 9, 23, 30), tick=False):
        assert london.today() == D(2026, 12, 9)


@PROPERTIES
@given(st.datetimes(dt.datetime(1996, 1, 1), dt.datetime(2060, 12, 30), timezones=st.just(UTC)))
def test_a_moment_comes_back_from_its_london_day_and_time(moment):
    back = london.at(london.local_date(moment), london.local_time(moment))
    second_of_two = moment.astimezone(ZoneInfo("Europe/London")).fold == 1
    assert back == (moment - HOUR if second_of_two else moment)


@PROPERTIES
@given(days, clocks)
def test_a_london_day_and_time_come_back_from_their_moment(day, clock):
    moment = london.at(day, clock)
    assert moment.tzinfo is UTC
    assert london.local_date(moment) == day
    missing = day.month == 3 and day in CHANGE_DAYS and T(1) <= clock < T(2)
    expected = (dt.datetime.combine(day, clock) + HOUR).time() if missing else clock
    assert london.local_time(moment) == expected


@PROPERTIES
@given(days)
def test_one_day_ends_just_before_the_next_begins(day):
    start, end = london.start_of_day(day), london.end_of_day(day)
    assert london.local_date(start) == london.local_date(end) == day
    assert london.local_time(start) == T(0)
    assert end + TICK == london.start_of_day(day + dt.timedelta(days=1))


def test_the_repeated_hour_comes_back_as_its_first_occurrence():
    """Found by the property above: 01:00 GMT on 25 October 1998, the second 01:00 of that
    night, is a time of day like any other once taken off its moment."""
    moment = dt.datetime(1998, 10, 25, 1, 0, tzinfo=UTC)
    assert london.local_time(moment).fold == 0
    assert london.at(london.local_date(moment), london.local_time(moment)) == moment - HOUR
