"""The team manager's figures: whether the team meets the Victims' Code, week by week, and
whether victims understood their updates; the same figures as a spreadsheet's CSV and each
chart as an SVG image."""
from __future__ import annotations

import csv
import functools
import io

from flask import Response, abort, request
from flask_babel import format_date, get_locale, gettext

from portal.caseworker import bp
from portal.caseworker.access import MANAGERS, signed_in_staff, staff_required
from portal.caseworker.charts import Chart, bars, grouped_weeks, stacked_weeks
from portal.caseworker.page import render, team_page
from portal.content import obligations as obligation_text
from portal.models.actions import ObligationKind
from portal.services.case_file import (
    figures_over_time,
    figures_snapshot,
    team_overview,
    victims_verdicts,
)

# The periods a manager may choose, in weeks (the default first).
PERIODS = (12, 4, 26, 52)
# A cell a spreadsheet would take for a formula (CSV injection): these first characters.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def state_names() -> dict[str, str]:
    return {"on_time": gettext("On time"), "late": gettext("Late"),
            "missed": gettext("Missed"), "due": gettext("Still due")}


def week_label(monday) -> str:
    return _week_label(monday, get_locale())


@functools.lru_cache(maxsize=4096)
def _week_label(monday, locale) -> str:
    """Written once per worker per week and language (a figures page writes about a hundred
    week labels; Babel takes 0.1 ms for each). The locale is in the key, as in
    template_helpers."""
    return format_date(monday, "d MMM")


def chosen_weeks() -> int:
    """The period asked for (?weeks=), one of PERIODS; else the default."""
    weeks = request.args.get("weeks", type=int)
    return weeks if weeks in PERIODS else PERIODS[0]


@bp.get("/team/figures")
@staff_required(*MANAGERS)
def figures():
    return team_page(_draw_figures, figures_snapshot.worked_out_at(signed_in_staff().team_id,
                                                                   chosen_weeks()))


def _draw_figures():
    person = signed_in_staff()
    weeks = chosen_weeks()
    snapshot = figures_snapshot.for_team(person.team_id, weeks)
    return render("caseworker/figures.html", figures=snapshot.figures,
                  over_time=snapshot.over_time, verdicts=snapshot.verdicts,
                  worked_out_at=snapshot.worked_out_at,
                  fresh_minutes=int(figures_snapshot.FRESH_FOR.total_seconds() // 60),
                  period_weeks=weeks, periods=sorted(PERIODS), states=state_names(),
                  week_label=week_label,
                  chart_alt=chart_alt, measure_alts={name: alt for name, (_title, alt)
                                                     in measure_charts().items()},
                  team=person.team, nav_current="figures")


def chart_alt(kind) -> str:
    return gettext("Chart of “%(duty)s” each week: on time, late, missed and still due. "
                   "The same figures are in the table after it.",
                   duty=obligation_text.title(kind))


@bp.get("/team/figures/charts/<duty>.svg")
@staff_required(*MANAGERS)
def figures_chart(duty: str):
    """One duty's weeks as a chart (an image: see charts.py for why), from the same snapshot
    as the page's table, so the two always agree."""
    try:
        kind = ObligationKind(duty)
    except ValueError:
        abort(404)
    snapshot = figures_snapshot.for_team(signed_in_staff().team_id, chosen_weeks())
    over_time = snapshot.over_time
    weeks = over_time.by_kind.get(kind)
    if weeks is None:
        abort(404)

    def draw() -> Chart:
        names = state_names()
        return stacked_weeks(
            str(obligation_text.title(kind)), chart_alt(kind),
            [week_label(monday) for monday in over_time.weeks],
            [(str(names[state]), [getattr(counts, state) for counts in weeks])
             for state in figures_over_time.STATES])

    return snapshot.drawing(("duty", str(kind), str(get_locale())), draw).response()


def measure_charts() -> dict[str, tuple[str, str]]:
    """The charts of the measures after the duties: name -> its title and text alternative
    (each alternative says where the same figures are, as the duties' do)."""
    return {
        "understood": (
            gettext("“Did you understand this update?” each week"),
            gettext("Chart of the answers to “Did you understand this update?” each week, "
                    "every kind of update together: yes, partly and no. The same figures are "
                    "in the table after it.")),
        "time-to-tell": (
            gettext("Working days to tell victims"),
            gettext("Chart of the median and 90th percentile working days to tell victims of "
                    "hearing dates, hearing outcomes and decisions. The same figures are in "
                    "the table after it.")),
        "preferences-asked": (
            gettext("Contact preferences asked in time"),
            gettext("Chart of the contact preferences owed each week and of those asked "
                    "within the deadline. The same figures are in the table after it.")),
        "messages-as-asked": (
            gettext("Messages the way victims asked"),
            gettext("Chart of the messages each week on a channel the victim chose, of them "
                    "the fallbacks, and on a channel they did not choose. The same figures "
                    "are in the table after it.")),
    }


@bp.get("/team/figures/measures/<name>.svg")
@staff_required(*MANAGERS)
def figures_measure_chart(name: str):
    """One measure's chart (an image, as the duties' are): the team's own figures for the
    period asked for, from the page's snapshot; not found when the name is unknown or the
    measure has no figures."""
    charts = measure_charts()
    if name not in charts:
        abort(404)
    title, alt = charts[name]
    snapshot = figures_snapshot.for_team(signed_in_staff().team_id, chosen_weeks())
    chart = snapshot.drawing(("measure", name, str(get_locale())),
                             lambda: _MEASURES[name](snapshot, title, alt))
    if chart is None:
        abort(404)
    return chart.response()


def _understood(snapshot, title: str, alt: str) -> Chart | None:
    verdicts = snapshot.verdicts
    if not verdicts.understanding:  # no victim answered in these weeks
        return None
    names = {"yes": gettext("Yes"), "partly": gettext("Partly"), "no": gettext("No")}
    return stacked_weeks(title, alt, [week_label(monday) for monday in verdicts.weeks],
                         [(names[answer], [getattr(week, answer)
                                           for week in verdicts.understanding_each_week])
                          for answer in names])


def _time_to_tell(snapshot, title: str, alt: str) -> Chart | None:
    period = snapshot.over_time.period_times
    if not any(times.count for times in period.values()):  # none was met in these weeks
        return None
    # Short names under the bars (the duties' titles are too long for a phone's chart).
    names = {ObligationKind.HEARING_DATE_TOLD: gettext("Hearing dates"),
             ObligationKind.HEARING_OUTCOME_TOLD: gettext("Hearing outcomes"),
             ObligationKind.DECISION_LETTER: gettext("Decisions")}
    kinds = list(period)
    return bars(title, alt, [names[kind] for kind in kinds],
                [(gettext("Median"), [period[kind].median for kind in kinds]),
                 (gettext("90th percentile"), [period[kind].p90 for kind in kinds])])


def _preferences_asked(snapshot, title: str, alt: str) -> Chart | None:
    over_time = snapshot.over_time
    counts = over_time.by_kind.get(ObligationKind.CONTACT_PREFERENCES)
    if counts is None:  # no such deadline in these weeks
        return None
    return grouped_weeks(title, alt, [week_label(monday) for monday in over_time.weeks],
                         [(gettext("Asked in time"), [week.on_time for week in counts]),
                          (gettext("Owed"), [week.decided for week in counts])])


def _messages_as_asked(snapshot, title: str, alt: str) -> Chart | None:
    verdicts = snapshot.verdicts
    if not any(week.sent for week in verdicts.followed):  # none to a victim who was asked
        return None
    # The table's columns, named shorter (the title says they are messages) to fit a phone.
    return grouped_weeks(
        title, alt, [week_label(monday) for monday in verdicts.weeks],
        [(gettext("On a chosen channel"), [week.chosen for week in verdicts.followed]),
         (gettext("Of them, fallbacks"), [week.fallback for week in verdicts.followed]),
         (gettext("On a channel not chosen"), [week.not_chosen for week in verdicts.followed])])


_MEASURES = {"understood": _understood, "time-to-tell": _time_to_tell,
             "preferences-asked": _preferences_asked, "messages-as-asked": _messages_as_asked}


@bp.get("/team/figures.csv")
@staff_required(*MANAGERS)
def figures_csv():
    """Every weekly figure, one row per team, week and measure."""
    person = signed_in_staff()
    snapshot = figures_snapshot.for_team(person.team_id, chosen_weeks())  # as the page shows
    over_time = snapshot.over_time
    return csv_response(figures_over_time.csv_rows(person.team.name, over_time)
                        + victims_verdicts.csv_rows(person.team.name, snapshot.verdicts),
                        f"team-figures-{over_time.weeks[-1].isoformat()}.csv")


def csv_response(rows: list[list], filename: str) -> Response:
    """The analyst's CSV (team, week_starting, measure, obligation_kind, value) as a
    download: the figures' and the monthly report's."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["team", "week_starting", "measure", "obligation_kind", "value"])
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _safe_cell(value):
    """A text cell that a spreadsheet would read as a formula starts with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@bp.get("/team/overview")
@staff_required(*MANAGERS)
def overview():
    """A team manager's first screen: what needs the team now, each a link to its list."""
    return team_page(_draw_overview, next_duties=True)


def _draw_overview():
    person = signed_in_staff()
    return render("caseworker/overview.html", overview=team_overview.for_team(person.team_id),
                  team=person.team, nav_current="overview")
