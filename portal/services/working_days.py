"""Working days: Monday to Friday, less the bank holidays of England or of Wales.

The Victims' Code counts its deadlines in working days, and a case's area says whose bank
holidays count. The holidays package knows them offline (``holidays.UK(subdiv="ENG")`` and
``"WLS"``) and counts working days itself (``get_nth_working_day``, ``get_working_days_count``,
``is_working_day``). Those functions walk day by day, which a list of thousands of cases cannot
afford, so each area's working days (as the package decides them) are also kept once as a sorted
list of day numbers, and adding or counting working days is two binary searches over it; the
package's own functions stay the reference the tests compare against.
Today the two calendars are the same; they are still kept apart, because the nations can and do
add their own (a Welsh bank holiday for St David's Day has been asked for).
"""
from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache

import holidays

from portal.models.enums import Area

SUBDIVISIONS = {Area.ENGLAND: "ENG", Area.WALES: "WLS"}


@cache
def calendar_of(area: str) -> holidays.HolidayBase:
    """The one bank-holiday calendar of this area, shared by every request and worker thread.

    A holidays calendar normally adds a year the first time a date in it is asked about
    (``expand=True``): it marks the year as present and then fills it in, so a thread asking at
    the same moment could see the year as done while its bank holidays are still missing, and
    count Christmas as a working day. So every year the package knows for the UK
    (``start_year`` to ``end_year``, 1872 to 2100 in 0.109: about 10 ms and under 2,000 dates,
    though the first calendar built also loads the package's names, about 0.1 s) is filled in
    once, here, and expansion is switched off: after this the calendar is only read. A date
    outside those years has no bank holidays, which is what the package would have answered for
    it anyway. Two threads arriving first may each build one; both are whole, and one is kept.
    """
    uk = holidays.UK
    return holidays.UK(subdiv=SUBDIVISIONS[Area(area)],
                       years=range(uk.start_year, uk.end_year + 1), expand=False)


@lru_cache(maxsize=64)
def bank_holidays(area: str, year: int) -> frozenset[dt.date]:
    """The bank holidays in this area in this year (substitute days included)."""
    return frozenset(day for day in calendar_of(area) if day.year == year)


def is_working_day(day: dt.date, area: str) -> bool:
    """Whether deadlines in this area count this day: a weekday that is not a bank holiday."""
    return calendar_of(area).is_working_day(day)


@cache
def _working_days(area: str) -> array:
    """Every working day of the calendar's years, as day numbers (``toordinal``), in order:
    about 58,000 numbers, worked out once by the package (about 0.1 s). Kept as 4-byte
    numbers (232 KB an area) rather than a tuple of Python ints (2.3 MB an area, in every web
    and worker process)."""
    calendar = calendar_of(area)
    first = dt.date(holidays.UK.start_year, 1, 1).toordinal()
    last = dt.date(holidays.UK.end_year, 12, 31).toordinal()
    return array("i", (n for n in range(first, last + 1)
                       if calendar.is_working_day(dt.date.fromordinal(n))))


def _inside(day: dt.date) -> bool:
    return holidays.UK.start_year <= day.year <= holidays.UK.end_year


def add_working_days(start: dt.date, count: int, area: str) -> dt.date:
    """The day that is ``count`` working days after ``start`` (the start day itself does not
    count). With a count of 0: the start day if it is a working day, else the next one. A
    negative count goes back that many working days."""
    days = _working_days(area)
    n = start.toordinal()
    if count >= 0:
        index = bisect_left(days, n) if count == 0 else bisect_right(days, n) + count - 1
    else:
        index = bisect_left(days, n) + count
    if not _inside(start) or not 0 <= index < len(days):
        return calendar_of(area).get_nth_working_day(start, count)  # beyond 1872 to 2100
    return dt.date.fromordinal(days[index])


def working_days_between(start: dt.date, end: dt.date, area: str) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is
    earlier (then it counts the working days after ``end`` up to and including ``start``).

    So a deadline today is 0 days away and tomorrow's (a working day) is 1, whatever today is.
    """
    if start == end:
        return 0
    if end < start:
        return -working_days_between(end, start, area)
    if not (_inside(start) and _inside(end)):
        return calendar_of(area).get_working_days_count(start + dt.timedelta(days=1), end)
    days = _working_days(area)
    return bisect_right(days, end.toordinal()) - bisect_right(days, start.toordinal())
