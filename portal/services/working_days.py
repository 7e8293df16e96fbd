"""Working days: Monday to Friday, less the bank holidays of England or of Wales.

The Victims' Code counts its deadlines in working days, and a case's area says whose bank
holidays count. The holidays package knows them offline (``holidays.UK(subdiv="ENG")`` and
``"WLS"``). Today the two calendars are the same; they are still kept apart, because the
nations can and do add their own (a Welsh bank holiday for St David's Day has been asked for).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from portal.models.enums import Area

LONDON = ZoneInfo("Europe/London")
SUBDIVISIONS = {Area.ENGLAND: "ENG", Area.WALES: "WLS"}


@lru_cache(maxsize=64)
def bank_holidays(area: str, year: int) -> frozenset[dt.date]:
    """The bank holidays in this area in this year (substitute days included)."""
    calendar = holidays.UK(subdiv=SUBDIVISIONS[Area(area)], years=year)
    return frozenset(calendar.keys())


def is_working_day(day: dt.date, area: str) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(area, day.year)


def add_working_days(start: dt.date, count: int, area: str) -> dt.date:
    """The day that is ``count`` working days after ``start`` (the start day itself does not
    count). With a count of 0: the start day if it is a working day, else the next one."""
    day = start
    if count == 0:
        while not is_working_day(day, area):
            day += dt.timedelta(days=1)
        return day
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day, area):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date, area: str) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is
    earlier (then it counts the working days after ``end`` up to and including ``start``)."""
    if end < start:
        return -working_days_between(end, start, area)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, area):
            count += 1
    return count


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in England and Wales at this moment."""
    return moment.astimezone(LONDON).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of this London day, in UTC: a deadline "by Tuesday" ends here."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)
    return (midnight - dt.timedelta(microseconds=1)).astimezone(dt.timezone.utc)
