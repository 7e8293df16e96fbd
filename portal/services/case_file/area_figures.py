"""Across teams (issue 16): every team side by side on the same measures, for an
administrator or an area lead, with no case content (no names, no references, no comments): the
Victims' Code duties met on time, late or missed over the last 12 weeks (as each team's figures
count them: figures_over_time's sums, grouped by team), victims' answers to "Did you understand
this update?" in those weeks, and the team managers' quality reviews since the first of those
weeks' months. Narrowed to England or Wales, only the cases in that nation count (a case's
``area``), and only the teams with a case there are listed. Every look is audited."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, func, select

from portal import london
from portal.extensions import db
from portal.models import Case, Caseworker, ObligationRecord, Team, Update, UpdateFeedback
from portal.models.enums import Area as Nation
from portal.models.types import utcnow
from portal.services import audit
from portal.services.case_file import due_index, figures_over_time, supervision
from portal.services.case_file.figures_over_time import Counts
from portal.services.victim_input.feedback import UnderstandingFigures


@dataclass
class TeamRow:
    team_id: int
    name: str
    duties: Counts
    understanding: UnderstandingFigures
    reviews: int
    answers: supervision.Answers

    @property
    def understood_share(self) -> int | None:
        total = self.understanding.total
        return round(100 * self.understanding.yes / total) if total else None


@dataclass
class Area:
    weeks: list[dt.date]  # Mondays, oldest first
    since_month: dt.date  # reviews counted from the first of this month
    teams: list[TeamRow]
    nation: Nation | None = None  # England or Wales only; None: both


def nation(value: str | None) -> Nation | None:
    """The nation asked for in the address: England, Wales, or anything else both."""
    try:
        return Nation(value) if value else None
    except ValueError:
        return None


def look(person: Caseworker, in_nation: Nation | None = None,
         now: dt.datetime | None = None) -> Area:
    """The comparison for an administrator or area lead, and the look audited (which nation:
    no team, case or person is named in it)."""
    found = compare(now, in_nation=in_nation)
    audit.record(person, "area.viewed", nation=in_nation.value if in_nation else "both")
    db.session.commit()
    return found


def compare(now: dt.datetime | None = None, weeks: int = figures_over_time.WEEKS,
            in_nation: Nation | None = None) -> Area:
    """Every team's row: a GROUP BY per measure, whatever the number of cases."""
    now = now or utcnow()
    mondays = figures_over_time.weeks_to(now, weeks)
    in_area = [Case.area == in_nation] if in_nation else []
    teams_query = select(Team.id, Team.name).order_by(Team.name)
    if in_nation:
        teams_query = teams_query.where(exists().where(Case.team_id == Team.id, *in_area))
    teams = list(db.session.execute(teams_query))
    for team_id, _name in teams:  # each team's own changes, as its figures do
        due_index.refresh_team(team_id, now)
    R = ObligationRecord
    duties = {team_id: Counts(*(int(n or 0) for n in numbers))
              for team_id, *numbers in db.session.execute(
                  select(Case.team_id, *figures_over_time.state_sums(now))
                  .join(Case, Case.id == R.case_id)
                  .where(R.week >= mondays[0], R.week <= mondays[-1], *in_area)
                  .group_by(Case.team_id))}
    understood: dict[int, dict[str, int]] = {}
    for team_id, answer, count in db.session.execute(
            select(Case.team_id, UpdateFeedback.understood, func.count())
            .join(Update, Update.id == UpdateFeedback.update_id)
            .join(Case, Case.id == Update.case_id)
            .where(UpdateFeedback.created_at >= london.start_of_day(mondays[0]), *in_area)
            .group_by(Case.team_id, UpdateFeedback.understood)):
        understood.setdefault(team_id, {})[answer] = count
    since_month = supervision.month_of(mondays[0])
    reviews = supervision.reviews_by_team(since_month, in_nation)
    answers = supervision.by_team(since_month, in_nation)
    rows = []
    for team_id, name in teams:
        said = understood.get(team_id, {})
        rows.append(TeamRow(
            team_id, name, duties.get(team_id, Counts()),
            UnderstandingFigures(said.get("yes", 0), said.get("partly", 0), said.get("no", 0)),
            reviews.get(team_id, 0), answers.get(team_id, supervision.Answers())))
    return Area(mondays, since_month, rows, in_nation)
