"""What victims made of the team's work, week by week (issue 16): their answers to "Did you
understand this update?", their complaints, and whether their contact preferences were asked
in time and followed. Counted in SQL over the team's rows, a fixed number of queries whatever
the team's size; docs/DOMAIN.md "Victims' verdicts" says what each counts.

- A week is a London week from Monday. SQLite cannot turn a UTC time into a London day, so
  each row is put in its week by comparing its UTC time with the UTC instants the London
  Mondays begin at (one CASE in the query), which is exact across the clock changes.
- An update records its event, not a template: each event has one starting template
  (update_templates.prefill), so the answers per event are the answers per template.
- A complaint is answered when the team manager acknowledges it (Complaint.acknowledged_at:
  the portal records no other answer, and no reason or category beyond the organisation).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import String, and_, case, cast, func, literal, select

from portal import london
from portal.extensions import db
from portal.models import (
    Case,
    Complaint,
    ContactPreference,
    Notification,
    PersonalStatement,
    Update,
    UpdateFeedback,
)
from portal.models.actions import ObligationKind
from portal.models.feedback import UNDERSTOOD_ANSWERS
from portal.services.case_file.figures_over_time import (
    TRIED,
    Counts,
    OverTime,
    Times,
)
from portal.services.working_days import working_days_between


@dataclass
class Answers:
    yes: int = 0
    partly: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def yes_share(self) -> int | None:
        """Whole per cent of the answers that were "Yes"; None when there were none."""
        return round(100 * self.yes / self.total) if self.total else None


@dataclass
class ComplaintWeek:
    made: int = 0
    answered: int = 0  # of those made that week, acknowledged since
    times: Times = field(default_factory=Times)  # working days to acknowledge them


@dataclass
class StatementWeek:
    """Personal statements victims gave in a week, and how far each has gone: sent to the
    prosecution, confirmed on the court file (and the working days that took)."""

    received: int = 0
    sent: int = 0
    on_file: int = 0
    times: Times = field(default_factory=Times)  # working days from received to on file

    def add(self, other: StatementWeek) -> None:
        self.received += other.received
        self.sent += other.sent
        self.on_file += other.on_file
        self.times.days.extend(other.times.days)


@dataclass
class Followed:
    """Messages sent to victims whose preferences were asked: on a channel they chose, and
    how many of those were a fallback from a failed first channel; or on one they did not."""

    chosen: int = 0
    fallback: int = 0
    not_chosen: int = 0

    @property
    def sent(self) -> int:
        return self.chosen + self.not_chosen

    @property
    def chosen_share(self) -> int | None:
        return round(100 * self.chosen / self.sent) if self.sent else None


@dataclass
class Verdicts:
    weeks: list[dt.date]
    understanding: dict[str, list[Answers]]  # update event -> each week
    understanding_period: dict[str, Answers]
    complaints: list[ComplaintWeek]
    complaints_period: ComplaintWeek
    unanswered: int  # complaints not acknowledged yet, whenever made
    oldest_unanswered: dt.datetime | None
    asked: list[Counts]  # the contact preferences duty each week (the duty records)
    asked_period: Counts
    followed: list[Followed]
    followed_period: Followed
    statements: list[StatementWeek] = field(default_factory=list)
    statements_period: StatementWeek = field(default_factory=StatementWeek)

    @property
    def understanding_each_week(self) -> list[Answers]:
        """Every kind of update's answers together, each week (the chart's figures)."""
        return _together(self.understanding, len(self.weeks))


def for_team(team_id: int, over_time: OverTime, now: dt.datetime) -> Verdicts:
    """The team's verdicts for the weeks of its figures ``over_time``: five queries (the
    preferences duty and the statements offered are read from ``over_time``, counted from the
    duty records)."""
    weeks = over_time.weeks
    starts, end = _bounds(weeks)
    understanding, period = _understanding(team_id, starts, end)
    complaints = _complaints(team_id, starts, end)
    total = ComplaintWeek()
    for week in complaints:
        total.made += week.made
        total.answered += week.answered
        total.times.days.extend(week.times.days)
    unanswered, oldest = db.session.execute(
        select(func.count(), func.min(Complaint.created_at)).join(Case)
        .where(Case.team_id == team_id, Complaint.acknowledged_at.is_(None),
               Complaint.created_at <= now)).one()
    asked = over_time.by_kind.get(ObligationKind.CONTACT_PREFERENCES,
                                  [Counts() for _ in weeks])
    asked_period = Counts()
    for counts in asked:
        asked_period.add(counts)
    followed = _followed(team_id, starts, end)
    followed_period = Followed()
    for week in followed:
        for name in ("chosen", "fallback", "not_chosen"):
            setattr(followed_period, name, getattr(followed_period, name) + getattr(week, name))
    statements = _statements(team_id, starts, end)
    statements_period = StatementWeek()
    for week in statements:
        statements_period.add(week)
    return Verdicts(weeks=weeks, understanding=understanding, understanding_period=period,
                    complaints=complaints, complaints_period=total, unanswered=unanswered,
                    oldest_unanswered=oldest, asked=asked, asked_period=asked_period,
                    followed=followed, followed_period=followed_period,
                    statements=statements, statements_period=statements_period)


def _bounds(mondays: list[dt.date]) -> tuple[list[dt.datetime], dt.datetime]:
    """The UTC instants the London weeks start at, and the one the last week ends at."""
    return ([london.start_of_day(monday) for monday in mondays],
            london.start_of_day(mondays[-1] + dt.timedelta(days=7)))


def _together(by_event: dict[str, list[Answers]], weeks: int) -> list[Answers]:
    together = [Answers() for _ in range(weeks)]
    for answers in by_event.values():
        for week, found in zip(together, answers):
            for answer in UNDERSTOOD_ANSWERS:
                setattr(week, answer, getattr(week, answer) + getattr(found, answer))
    return together


def _week(column, starts: list[dt.datetime]):
    """The index of the London week a UTC time falls in (the caller keeps it in the weeks)."""
    if len(starts) == 1:
        return literal(0)
    return case(*[(column < start, n - 1) for n, start in enumerate(starts[1:], 1)],
                else_=len(starts) - 1)


def _understanding(team_id: int, starts, end) -> tuple[dict, dict]:
    """Answers per update event per week, by when the victim answered."""
    F = UpdateFeedback
    week = _week(F.created_at, starts)
    rows = db.session.execute(
        select(Update.event, week, F.understood, func.count())
        .join(Update, Update.id == F.update_id).join(Case, Case.id == Update.case_id)
        .where(Case.team_id == team_id, F.created_at >= starts[0], F.created_at < end,
               F.understood.in_(UNDERSTOOD_ANSWERS))
        .group_by(Update.event, week, F.understood)).all()
    by_event: dict[str, list[Answers]] = {}
    period: dict[str, Answers] = {}
    for event, n, understood, count in rows:
        weeks = by_event.setdefault(str(event), [Answers() for _ in starts])
        for answers in (weeks[n], period.setdefault(str(event), Answers())):
            setattr(answers, understood, getattr(answers, understood) + count)
    order = sorted(by_event)
    return {e: by_event[e] for e in order}, {e: period[e] for e in order}


def _complaints(team_id: int, starts, end) -> list[ComplaintWeek]:
    """Complaints made each week, how many of them were acknowledged, and the working days
    (the case's nation's) each took to acknowledge: one query, a row per acknowledged one."""
    week = _week(Complaint.created_at, starts)
    rows = db.session.execute(
        select(week, Complaint.created_at, Complaint.acknowledged_at, Case.area,
               func.count())
        .join(Case, Case.id == Complaint.case_id)
        .where(Case.team_id == team_id, Complaint.created_at >= starts[0],
               Complaint.created_at < end)
        .group_by(week, Complaint.created_at, Complaint.acknowledged_at, Case.area)).all()
    weeks = [ComplaintWeek() for _ in starts]
    for n, made, acknowledged, area, count in rows:
        weeks[n].made += count
        if acknowledged is not None:
            weeks[n].answered += count
            days = max(0, working_days_between(london.local_date(made),
                                               london.local_date(acknowledged), area))
            weeks[n].times.days.extend([days] * count)
    return weeks


def _statements(team_id: int, starts, end) -> list[StatementWeek]:
    """Personal statements received each week (by when the victim gave it), how many of them
    went to the prosecution and how many are confirmed on the court file since, with the
    working days (the case's nation's) each took to reach the file: one query."""
    S = PersonalStatement
    week = _week(S.received_at, starts)
    rows = db.session.execute(
        select(week, S.received_at, S.sent_to_prosecution_at.is_not(None),
               S.confirmed_on_file_at, Case.area)
        .join(Case, Case.id == S.case_id)
        .where(Case.team_id == team_id, S.received_at >= starts[0], S.received_at < end)).all()
    weeks = [StatementWeek() for _ in starts]
    for n, received, sent, on_file, area in rows:
        weeks[n].received += 1
        weeks[n].sent += 1 if sent or on_file is not None else 0
        if on_file is not None:
            weeks[n].on_file += 1
            weeks[n].times.days.append(max(0, working_days_between(
                london.local_date(received), london.local_date(on_file), area)))
    return weeks


def _followed(team_id: int, starts, end) -> list[Followed]:
    """Messages tried each week to the team's victims whose preferences were asked, grouped
    by channel, whether a fallback, and the victim's chosen channels (as text: a JSON column
    cannot be grouped on PostgreSQL); whether the channel was chosen is read per group."""
    N, P = Notification, ContactPreference
    week = _week(N.created_at, starts)
    chosen = cast(P.channels, String)
    fallback = N.fallback_from_id.is_not(None)
    rows = db.session.execute(
        select(week, N.channel, fallback, chosen, func.count())
        .join(Case, Case.id == N.case_id)
        .join(P, and_(P.victim_id == N.victim_id, P.asked_at.is_not(None)))
        .where(Case.team_id == team_id, N.created_at >= starts[0], N.created_at < end,
               N.update_id.is_not(None), N.status.in_([str(s) for s in TRIED]))
        .group_by(week, N.channel, fallback, chosen)).all()
    weeks = [Followed() for _ in starts]
    for n, channel, was_fallback, channels, count in rows:
        if channel in _channels(channels):
            weeks[n].chosen += count
            if was_fallback:
                weeks[n].fallback += count
        else:
            weeks[n].not_chosen += count
    return weeks


def _channels(text: str | None) -> list[str]:
    try:
        found = json.loads(text) if text else []
    except ValueError:
        return []
    return [str(c) for c in found] if isinstance(found, list) else []


def csv_rows(team_name: str, verdicts: Verdicts) -> list[list]:
    """The weekly verdicts as the figures' CSV rows (team, week_starting, measure,
    obligation_kind, value): the understanding answers per update event in the fourth column
    ("update:<event>"), complaints with it empty, preferences with "contact_preferences",
    statements with "personal_statement"."""
    rows = []
    for event, weeks in verdicts.understanding.items():
        for monday, answers in zip(verdicts.weeks, weeks):
            for answer in UNDERSTOOD_ANSWERS:
                rows.append([team_name, monday.isoformat(), f"understood_{answer}",
                             f"update:{event}", getattr(answers, answer)])
            rows.append([team_name, monday.isoformat(), "understood_yes_percent",
                         f"update:{event}", _blank(answers.yes_share)])
    for monday, week in zip(verdicts.weeks, verdicts.complaints):
        rows += [[team_name, monday.isoformat(), "complaints_made", "", week.made],
                 [team_name, monday.isoformat(), "complaints_acknowledged", "", week.answered],
                 [team_name, monday.isoformat(), "complaints_median_working_days_to_acknowledge",
                  "", _blank(week.times.median)]]
    for monday, asked, followed in zip(verdicts.weeks, verdicts.asked, verdicts.followed):
        rows += [[team_name, monday.isoformat(), "preferences_asked_on_time",
                  "contact_preferences", asked.on_time],
                 [team_name, monday.isoformat(), "preferences_owed",
                  "contact_preferences", asked.decided],
                 [team_name, monday.isoformat(), "messages_on_chosen_channel",
                  "contact_preferences", followed.chosen],
                 [team_name, monday.isoformat(), "messages_on_fallback_chosen_channel",
                  "contact_preferences", followed.fallback],
                 [team_name, monday.isoformat(), "messages_on_channel_not_chosen",
                  "contact_preferences", followed.not_chosen]]
    for monday, week in zip(verdicts.weeks, verdicts.statements):
        rows += [[team_name, monday.isoformat(), "statements_received", "personal_statement",
                  week.received],
                 [team_name, monday.isoformat(), "statements_sent_to_prosecution",
                  "personal_statement", week.sent],
                 [team_name, monday.isoformat(), "statements_on_court_file",
                  "personal_statement", week.on_file],
                 [team_name, monday.isoformat(), "statements_median_working_days_to_court_file",
                  "personal_statement", _blank(week.times.median)]]
    return rows


def _blank(value):
    return "" if value is None else value
