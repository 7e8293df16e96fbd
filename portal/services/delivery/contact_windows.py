"""When a victim may be contacted: their windows by weekday, in London time.

Windows are kept as ``[{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "12:00"}]`` (Monday
is 0; "24:00" ends a window at midnight; an end before the start is the next morning, so
21:00 to 07:00 on Friday runs from Friday evening to Saturday morning). Every calculation is
done on the London wall clock and then turned into UTC (portal/london.py), so 09:00 stays
09:00 across the clock changes in March and October.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portal import london

# Before a victim has told us, we only contact them at reasonable hours.
UNASKED_WINDOWS = [{"days": [0, 1, 2, 3, 4, 5, 6], "start": "08:00", "end": "20:00"}]

# Weekly summaries go on Mondays, at 09:00 or the victim's first window after it.
SUMMARY_WEEKDAY = 0
SUMMARY_TIME = dt.time(9, 0)


@dataclass(frozen=True)
class Window:
    days: frozenset[int]
    start: dt.time
    end: dt.time | None  # None means midnight at the end of the day

    def bounds(self, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
        """The window that opens on this day, as aware UTC datetimes (an overnight one ends the
        next day)."""
        start = london.at(day, self.start)
        if self.end is None:
            return start, london.start_of_day(day + dt.timedelta(days=1))
        if self.end < self.start:
            return start, london.at(day + dt.timedelta(days=1), self.end)
        return start, london.at(day, self.end)


def parse_time(value: str) -> dt.time | None:
    """"09:30" as a time; "24:00" as None (the end of the day). Raises ValueError."""
    if value == "24:00":
        return None
    hours, _, minutes = value.partition(":")
    return dt.time(int(hours), int(minutes))


def parse(windows: list[dict] | None) -> list[Window]:
    """Stored windows as Window objects. Raises ValueError for a malformed one."""
    parsed = []
    for item in windows or []:
        days = frozenset(int(d) for d in item["days"])
        if not days or not days <= set(range(7)):
            raise ValueError("days must be 0 (Monday) to 6 (Sunday)")
        start, end = parse_time(item["start"]), parse_time(item["end"])
        if start is None or end == start:
            raise ValueError("a window must not end when it starts")
        parsed.append(Window(days, start, end))
    return parsed


def _openings(windows: list[Window], at: dt.datetime, days_ahead: int = 8):
    """(start, end) of every window from the London day before ``at`` onwards."""
    today = london.local_date(at)
    for offset in range(-1, days_ahead):
        day = today + dt.timedelta(days=offset)
        for window in windows:
            if day.weekday() in window.days:
                yield window.bounds(day)


def is_open(windows: list[Window], at: dt.datetime) -> bool:
    """Whether ``at`` falls inside a window. No windows at all means any time."""
    if not windows:
        return True
    return any(start <= at < end for start, end in _openings(windows, at, 1))


def next_allowed(windows: list[Window], at: dt.datetime) -> dt.datetime:
    """``at`` itself when a window is open, otherwise the start of the next window."""
    if is_open(windows, at):
        return at
    return next_start(windows, at)


def next_start(windows: list[Window], after: dt.datetime) -> dt.datetime:
    """The start of the first window that opens after ``after`` (``after`` when there are no
    windows)."""
    if not windows:
        return after
    starts = [start for start, _ in _openings(windows, after) if start > after]
    return min(starts)


def window_end(windows: list[Window], at: dt.datetime) -> dt.datetime | None:
    """The end of the window open at ``at`` (the latest, if windows overlap), or None."""
    ends = [end for start, end in _openings(windows, at, 1) if start <= at < end]
    return max(ends) if ends else None


def summary_time(windows: list[Window], now: dt.datetime) -> dt.datetime:
    """When this week's summary goes: the next Monday 09:00 in London (never a past one), or
    the first window open at or after it."""
    today = london.local_date(now)
    monday = today + dt.timedelta(days=(SUMMARY_WEEKDAY - today.weekday()) % 7)
    slot = london.at(monday, SUMMARY_TIME)
    if slot <= now:
        slot = london.at(monday + dt.timedelta(days=7), SUMMARY_TIME)
    return next_allowed(windows, slot)
