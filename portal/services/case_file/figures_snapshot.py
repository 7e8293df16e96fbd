"""A team manager's figures as one snapshot, worked out at most every ``FRESH_FOR`` and then
read from memory (issue 16: the manager's pages under 300 ms at the 95th percentile with
100,000 cases).

Why a snapshot and not a count on every view: the figures are about twenty sums over a team's
duty records, messages, answers and complaints (about 60 ms of the database and 40 ms of
Python for a team of 720 cases), and the page, its CSV and its charts all read the same
figures. A manager's figures are about weeks, so five minutes old is as good as new; the page
says when they were worked out. Why in each process's memory and not a daily rollup the worker
writes: a daily rollup would be up to a day old and need a table and a migration for every
measure; a snapshot is never older than ``FRESH_FOR``, needs nothing new, and a process that
has not got one works it out in one request (about 100 ms). With several web processes each
works out its own, so two reloads can differ by up to ``FRESH_FOR``; the time shown says which.

The monthly report for the Local Criminal Justice Board is kept the same way (``report``): a
month's figures and reviews, about 60 ms to work out.

The victims' written comments are not part of it: they are read on each view (one query, 20
rows), so a manager sees a comment as soon as it is written.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field, replace

from cachetools import TTLCache

from portal.models.types import utcnow
from portal.services.case_file import (
    figures_over_time,
    monthly_report,
    team_figures,
    victims_verdicts,
)
from portal.services.victim_input import feedback

FRESH_FOR = dt.timedelta(minutes=5)
# Each team's figures for each period a manager may choose, in each web process: the least
# recently used go first. A snapshot is a few kilobytes, and its drawn charts up to about
# 700 KB (eleven charts of 20 to 65 KB in two languages), so 64 keep a worker under 50 MB for
# them at worst (a web worker's target is 150 MB in all); one evicted is worked out again.
_MAX_SNAPSHOTS = 64
# The wall clock, as the figures' own "now" is (a frozen clock in the tests freezes both).
_cache: TTLCache = TTLCache(maxsize=_MAX_SNAPSHOTS, ttl=FRESH_FOR.total_seconds(),
                            timer=time.time)
_lock = threading.Lock()


@dataclass(frozen=True)
class Snapshot:
    figures: team_figures.Figures
    over_time: figures_over_time.OverTime
    verdicts: victims_verdicts.Verdicts
    worked_out_at: dt.datetime
    # Its charts as drawn (the views': by chart and language), kept as long as it is: a chart
    # takes pygal 5 to 40 ms to draw, and a figures page shows up to eleven.
    drawn: dict = field(default_factory=dict, compare=False)

    def drawing(self, key, draw):
        """What ``draw()`` made for ``key`` from this snapshot, drawn once."""
        with _lock:
            found = self.drawn.get(key)
        if found is None:
            found = draw()
            with _lock:
                self.drawn[key] = found
        return found


def for_team(team_id: int, weeks: int, now: dt.datetime | None = None) -> Snapshot:
    """The team's figures for the last ``weeks`` weeks, worked out at most ``FRESH_FOR``
    ago, with the victims' comments as they are now."""
    key = (team_id, weeks)
    with _lock:
        found = _cache.get(key)
    if found is None:
        now = now or utcnow()
        over_time = figures_over_time.for_team(team_id, now, weeks=weeks)
        found = Snapshot(
            figures=team_figures.for_team(team_id, now, comments=False),
            over_time=over_time,
            verdicts=victims_verdicts.for_team(team_id, over_time, now),
            worked_out_at=now)
        with _lock:
            _cache[key] = found
    return replace(found, figures=replace(found.figures,
                                          comments=feedback.team_comments(team_id)))


def report(team_id: int, month: dt.date):
    """The team's monthly report for ``month`` (monthly_report.for_team: the month's weeks
    counted as the figures count them, its reviews and verdicts), kept as the figures are."""
    key = ("report", team_id, month)
    with _lock:
        found = _cache.get(key)
    if found is None:
        found = (utcnow(), monthly_report.for_team(team_id, month))
        with _lock:
            _cache[key] = found
    return found[1]


def worked_out_at(team_id: int, weeks: int | None = None,
                  month: dt.date | None = None) -> dt.datetime | None:
    """When the team's figures for ``weeks`` (or its report for ``month``) kept in this process
    were worked out; None when the next look works them out again. A page drawn from them is
    kept under this (portal/page_cache.py), so it never outlives them."""
    with _lock:
        found = _cache.get((team_id, weeks) if month is None else ("report", team_id, month))
    if found is None:
        return None
    return found.worked_out_at if month is None else found[0]


def forget() -> None:
    """Every snapshot in this process (the tests', between one test and the next)."""
    with _lock:
        _cache.clear()
