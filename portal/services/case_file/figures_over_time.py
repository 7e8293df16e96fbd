"""A team's Victims' Code figures week by week (issue 16), counted in SQL from the duty
records (models/figures.ObligationRecord, kept by obligation_records.py).

- A duty belongs to the week its deadline falls in: weeks in London time, starting on Monday.
- Each duty is met on time (met by its deadline), late (met after it), missed (not met and
  its deadline has passed) or still due. The shares are of the duties whose outcome is known
  (on time, late and missed), so a week whose deadlines are still ahead is not shown as bad.
- The time to tell a victim of a hearing, an outcome and a decision is counted in working days
  (the case's nation's, bank holidays skipped) from the London day the team heard of it to the
  London day the last victim was reached: 0 is the same day. Working days, not hours, because
  the deadlines are in working days: news heard on Friday evening and told on Monday is on
  time, and 60 hours would say otherwise. The median and the 90th percentile are nearest-rank
  (a value some duty actually took).
- Breakdowns: by caseworker (who met the duty), by the kind of hearing or decision, by the
  language of the victim the duty waited on longest and by the channel that reached them; and
  the messages that failed, by channel and by the victim's language.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from portal import london
from portal.extensions import db
from portal.models import Case, Caseworker, Notification, ObligationRecord, Victim
from portal.models.actions import ObligationKind
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services.case_file import due_index
from portal.services.case_file.obligation_records import week_of

WEEKS = 12
K = ObligationKind
# The duties that are telling a victim something: a hearing, its outcome, a decision.
TOLD = (K.HEARING_DATE_TOLD, K.HEARING_OUTCOME_TOLD, K.DECISION_LETTER)
STATES = ("on_time", "late", "missed", "due")
# Messages that were tried, and those of them that did not get through.
TRIED = (DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED,
         DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN)
FAILED = (DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED, DeliveryStatus.UNKNOWN)


@dataclass
class Counts:
    on_time: int = 0
    late: int = 0
    missed: int = 0
    due: int = 0

    def add(self, other: Counts) -> None:
        for state in STATES:
            setattr(self, state, getattr(self, state) + getattr(other, state))

    @property
    def decided(self) -> int:
        return self.on_time + self.late + self.missed

    @property
    def total(self) -> int:
        return self.decided + self.due

    def share(self, state: str) -> int | None:
        """Whole per cent of the duties whose outcome is known; None when none is."""
        return round(100 * getattr(self, state) / self.decided) if self.decided else None


@dataclass
class Times:
    """Working days taken, nearest-rank median and 90th percentile."""

    days: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)

    def percentile(self, p: int) -> int | None:
        if not self.days:
            return None
        ordered = sorted(self.days)
        return ordered[max(1, math.ceil(p * len(ordered) / 100)) - 1]

    @property
    def median(self) -> int | None:
        return self.percentile(50)

    @property
    def p90(self) -> int | None:
        return self.percentile(90)


@dataclass
class Breakdown:
    key: str | None  # a caseworker's name, a language code, a channel; None: not known
    counts: Counts = field(default_factory=Counts)
    times: Times = field(default_factory=Times)


@dataclass
class Failures:
    key: str
    tried: int = 0
    failed: int = 0


@dataclass
class OverTime:
    weeks: list[dt.date]  # Mondays, oldest first
    by_kind: dict[ObligationKind, list[Counts]]  # each aligned with weeks
    times: dict[ObligationKind, list[Times]]  # the TOLD kinds, aligned with weeks
    period_times: dict[ObligationKind, Times]
    by_caseworker: list[Breakdown]
    by_language: list[Breakdown]  # the TOLD duties
    by_channel: list[Breakdown]  # the TOLD duties
    by_event: list[Breakdown]  # the TOLD duties, by the kind of hearing or decision
    failures_by_channel: list[Failures]
    failures_by_language: list[Failures]

    @property
    def first(self) -> dt.date:
        return self.weeks[0]

    @property
    def last_day(self) -> dt.date:
        return self.weeks[-1] + dt.timedelta(days=6)


def weeks_to(now: dt.datetime, weeks: int = WEEKS) -> list[dt.date]:
    """The Mondays of the last ``weeks`` London weeks, this one last."""
    return weeks_ending(week_of(london.local_date(now)), weeks)


def weeks_ending(last_week: dt.date, weeks: int) -> list[dt.date]:
    """The Mondays of ``weeks`` weeks, the week of Monday ``last_week`` last."""
    return [last_week - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def for_team(team_id: int, now: dt.datetime | None = None, weeks: int = WEEKS,
             last_week: dt.date | None = None) -> OverTime:
    """The team's figures for the last ``weeks`` weeks (or the ``weeks`` up to Monday
    ``last_week``, for a month's report): four queries."""
    now = now or utcnow()
    due_index.refresh_team(team_id, now)  # the team's own changes, as its lists do
    mondays = weeks_ending(last_week, weeks) if last_week else weeks_to(now, weeks)
    index = {monday: n for n, monday in enumerate(mondays)}
    R = ObligationRecord
    in_team = _in_team(team_id, mondays)
    met = R.met_at.is_not(None)
    grouped = db.session.execute(
        select(R.kind, R.week, R.caseworker_id, R.language, R.channel, R.event, *_sums(now))
        .join(Case, Case.id == R.case_id).where(*in_team)
        .group_by(R.kind, R.week, R.caseworker_id, R.language, R.channel, R.event)).all()
    by_kind: dict[ObligationKind, list[Counts]] = {}
    caseworkers: dict = defaultdict(lambda: Breakdown(None))
    languages: dict = defaultdict(lambda: Breakdown(None))
    channels: dict = defaultdict(lambda: Breakdown(None))
    events: dict = defaultdict(lambda: Breakdown(None))
    for kind, week, caseworker_id, language, channel, event, *numbers in grouped:
        counts = Counts(*(int(n or 0) for n in numbers))
        kind = ObligationKind(kind)
        by_kind.setdefault(kind, [Counts() for _ in mondays])[index[week]].add(counts)
        caseworkers[caseworker_id].counts.add(counts)
        if kind in TOLD:
            languages[language].counts.add(counts)
            channels[channel].counts.add(counts)
            events[event].counts.add(counts)
    times = {kind: [Times() for _ in mondays] for kind in TOLD}
    period = {kind: Times() for kind in TOLD}
    for kind, week, days, caseworker_id, language, channel, event in db.session.execute(
            select(R.kind, R.week, R.working_days, R.caseworker_id, R.language, R.channel,
                   R.event)
            .join(Case, Case.id == R.case_id)
            .where(*in_team, met, R.kind.in_([str(k) for k in TOLD]))):
        kind = ObligationKind(kind)
        for found in (times[kind][index[week]], period[kind], caseworkers[caseworker_id].times,
                      languages[language].times, channels[channel].times,
                      events[event].times):
            found.days.append(days)
    names = dict(db.session.execute(select(Caseworker.id, Caseworker.name).where(
        Caseworker.id.in_([i for i in caseworkers if i is not None]))).all()) \
        if caseworkers else {}
    return OverTime(
        weeks=mondays,
        by_kind={kind: by_kind[kind] for kind in ObligationKind if kind in by_kind},
        times=times, period_times=period,
        by_caseworker=_named(caseworkers, names),
        by_language=_keyed(languages), by_channel=_keyed(channels), by_event=_keyed(events),
        **_failures(team_id, london.start_of_day(mondays[0])))


def _in_team(team_id: int, mondays: list[dt.date]) -> tuple:
    R = ObligationRecord
    return (Case.team_id == team_id, R.week >= mondays[0], R.week <= mondays[-1])


def state_sums(now: dt.datetime) -> list:
    """On time, late, missed and still due, as SQL sums (for other figures' GROUP BYs)."""
    return _sums(now)


def _sums(now: dt.datetime) -> list:
    """On time, late, missed and still due, counted (in the order of STATES)."""
    R = ObligationRecord
    met = R.met_at.is_not(None)
    return [func.sum(case((condition, 1), else_=0)) for condition in (
        met & (R.met_at <= R.due_at), met & (R.met_at > R.due_at),
        ~met & (R.due_at < now), ~met & (R.due_at >= now))]


def _named(found: dict, names: dict) -> list[Breakdown]:
    rows = []
    for caseworker_id, breakdown in found.items():
        breakdown.key = names.get(caseworker_id)
        rows.append(breakdown)
    return sorted(rows, key=lambda b: (b.key is None, b.key or ""))


def _keyed(found: dict) -> list[Breakdown]:
    rows = []
    for key, breakdown in found.items():
        breakdown.key = key
        rows.append(breakdown)
    return sorted(rows, key=lambda b: (b.key is None, b.key or ""))


def _failures(team_id: int, since: dt.datetime) -> dict:
    """Messages tried to the team's victims since ``since``, and those that failed, by channel
    and by the victim's language."""
    failed = func.sum(case((Notification.status.in_([str(s) for s in FAILED]), 1), else_=0))
    rows = db.session.execute(
        select(Notification.channel, Victim.language, func.count(), failed)
        .join(Case, Case.id == Notification.case_id)
        .join(Victim, Victim.id == Notification.victim_id)
        .where(Case.team_id == team_id, Notification.created_at >= since,
               Notification.status.in_([str(s) for s in TRIED]))
        .group_by(Notification.channel, Victim.language)).all()
    by_channel: dict[str, Failures] = {}
    by_language: dict[str, Failures] = {}
    for channel, language, tried, failed_count in rows:
        for table, key in ((by_channel, channel), (by_language, language)):
            entry = table.setdefault(key, Failures(key))
            entry.tried += tried
            entry.failed += int(failed_count or 0)
    return {"failures_by_channel": sorted(by_channel.values(), key=lambda f: f.key),
            "failures_by_language": sorted(by_language.values(), key=lambda f: f.key)}


def csv_rows(team_name: str, figures: OverTime) -> list[list]:
    """One row per week, measure and duty, as a performance analyst loads it: team,
    week_starting, measure, obligation_kind, value (an empty value: nothing to measure)."""
    rows = []
    for kind, weeks in figures.by_kind.items():
        for monday, counts in zip(figures.weeks, weeks):
            for state in STATES:
                rows.append([team_name, monday.isoformat(), state, str(kind),
                             getattr(counts, state)])
            for state in ("on_time", "late", "missed"):
                rows.append([team_name, monday.isoformat(), f"{state}_percent", str(kind),
                             _blank(counts.share(state))])
    for kind, weeks in figures.times.items():
        for monday, times in zip(figures.weeks, weeks):
            rows.append([team_name, monday.isoformat(), "median_working_days", str(kind),
                         _blank(times.median)])
            rows.append([team_name, monday.isoformat(), "p90_working_days", str(kind),
                         _blank(times.p90)])
    return rows


def _blank(value):
    return "" if value is None else value
