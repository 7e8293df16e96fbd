"""A team's monthly report for the Local Criminal Justice Board (issue 16): the weeks of a
month, counted exactly as the team figures count them (figures_over_time.for_team over those
weeks), the month's quality reviews (supervision.results), and the same CSV rows as the
figures' CSV (figures_over_time.csv_rows: one row per team, week and measure).

A month's weeks are the weeks whose Monday falls in it (London time), so each week is in one
month's report only and twelve reports add up to the year. Weeks still to come are left out;
a month in the future has no report.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from portal import london
from portal.models.types import utcnow
from portal.services.case_file import figures_over_time, supervision, victims_verdicts
from portal.services.case_file.obligation_records import week_of

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str | None, now: dt.datetime | None = None) -> dt.date | None:
    """``2026-11`` as its first day; this month when not given; None when it is not a month
    or is after this one."""
    this_month = supervision.month_of(london.local_date(now or utcnow()))
    if not text:
        return this_month
    match = MONTH.match(text)
    if not match:
        return None
    try:
        month = dt.date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None
    return month if dt.date(2000, 1, 1) <= month <= this_month else None


def mondays_in(month: dt.date, now: dt.datetime | None = None) -> list[dt.date]:
    """The Mondays in the month, up to this week's."""
    this_week = week_of(london.local_date(now or utcnow()))
    day = month + dt.timedelta(days=(7 - month.weekday()) % 7)
    found = []
    while day.month == month.month and day <= this_week:
        found.append(day)
        day += dt.timedelta(weeks=1)
    return found


@dataclass
class Report:
    month: dt.date
    weeks: list[dt.date]
    figures: figures_over_time.OverTime | None  # None: no week of the month has started
    reviews: supervision.Results
    # Victims' verdicts over the same weeks (their CSV rows follow the figures').
    verdicts: victims_verdicts.Verdicts | None = None

    @property
    def previous(self) -> dt.date:
        return supervision.month_of(self.month - dt.timedelta(days=1))


def for_team(team_id: int, month: dt.date, now: dt.datetime | None = None) -> Report:
    now = now or utcnow()
    weeks = mondays_in(month, now)
    figures = (figures_over_time.for_team(team_id, now, weeks=len(weeks), last_week=weeks[-1])
               if weeks else None)
    return Report(month, weeks, figures,
                  supervision.results(team_id, now, months=1, last_month=month),
                  victims_verdicts.for_team(team_id, figures, now) if figures else None)


def csv_rows(team_name: str, report: Report) -> list[list]:
    """The month's rows, as the figures' CSV writes them."""
    if not report.figures:
        return []
    rows = figures_over_time.csv_rows(team_name, report.figures)
    if report.verdicts is not None:
        rows += victims_verdicts.csv_rows(team_name, report.verdicts)
    return rows
