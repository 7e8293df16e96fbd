"""A team manager's figures week by week (issue 16), asserted on a constructed set of duties
with known outcomes: the weeks (London, from Monday), on time / late / missed / still due,
the working days to tell victims (a bank holiday and the October clock change among them),
the breakdowns, the charts against their tables, and the CSV against the page."""
from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal import page_cache
from portal.extensions import db
from portal.models import CaseAction, Notification
from portal.models.actions import ObligationKind as K
from portal.models.enums import DecisionKind, Role, Stage, TeamKind
from portal.models.messaging import DeliveryStatus
from portal.services.case_file import figures_over_time
from tests.conftest import page

LONDON = ZoneInfo("Europe/London")
# Wednesday 11 November 2026, noon: the twelve weeks run from Monday 24 August to this week.
NOW = dt.datetime(2026, 11, 11, 12, tzinfo=LONDON)
LONG_AGO = dt.datetime(2026, 1, 5, 9, tzinfo=LONDON)
SVG = "{http://www.w3.org/2000/svg}"


def at(month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def outcome_case(make, team, language, heard, done=None, by=None):
    """A case whose hearing's outcome the team heard of at ``heard``, told (recorded by
    ``by``) at ``done``, or never."""
    victim = make.victim(language=language)
    case = make.case(victims=[victim], team=team, stage=Stage.COURT,
                     reported_on=LONG_AGO.date())
    # Listed long ago, so its "hearing date told" duty falls outside the weeks.
    hearing = make.hearing(case, starts_at=heard.replace(hour=9), created_at=LONG_AGO,
                           outcome_recorded_at=heard)
    if done is not None:
        db.session.add(CaseAction(case=case, kind=K.HEARING_OUTCOME_TOLD, hearing=hearing,
                                  caseworker=by, at=done, details="Told the victim by phone."))
        db.session.commit()
    return case


def decision_case(make, team, language, made, done=None, by=None, enhanced=False):
    victim = make.victim(language=language)
    case = make.case(victims=[victim], team=team, stage=Stage.COURT,
                     reported_on=LONG_AGO.date(), enhanced_rights=enhanced)
    decision = make.decision(case, DecisionKind.NO_FURTHER_ACTION, made_at=made)
    if done is not None:
        db.session.add(CaseAction(case=case, kind=K.DECISION_LETTER, decision=decision,
                                  caseworker=by, at=done, details="Letter sent."))
        db.session.commit()
    return case


@pytest.fixture
def team_duties(make, frozen):
    team = make.team(TeamKind.WITNESS_CARE, name="Northtown Witness Care")
    manager = make.staff(team=team, role=Role.MANAGER)
    alex = make.staff(team=team, name="Alex Hughes")
    bea = make.staff(team=team, name="Bea Jones")
    # Week of 2 November: on time (same day), late (2 working days), missed.
    outcome_case(make, team, "en", at(11, 2, 10), at(11, 2, 15), alex)
    outcome_case(make, team, "cy", at(11, 3, 10), at(11, 5, 9), bea)
    outcome_case(make, team, "cy", at(11, 4, 10))
    # Friday 28 August, told on Tuesday 1 September: Monday 31 August is a bank holiday, so
    # the deadline is Tuesday (week of 31 August), on time, 1 working day.
    outcome_case(make, team, "en", at(8, 28, 16), at(9, 1, 11), alex)
    # Before the clocks went back (Sunday 25 October): due Friday 23 October, told at 00:30
    # on Saturday in London (still Friday in UTC): late, in the week of 19 October.
    outcome_case(make, team, "ur", at(10, 22, 10), at(10, 24, 0, 30), bea)
    # After it: due Tuesday 27 October, told at 23:30 London (GMT): on time.
    outcome_case(make, team, "en", at(10, 26, 10), at(10, 27, 23, 30), alex)
    # A decision letter met on time (due Monday 19 October), one still due this week.
    decision_case(make, team, "pl", at(10, 12, 10), at(10, 14, 10), alex)
    decision_case(make, team, "cy", at(11, 11, 9), enhanced=True)
    # Another team's missed duty in the same week: never counted here.
    other = make.team(TeamKind.WITNESS_CARE, name="Southtown Witness Care")
    outcome_case(make, other, "en", at(11, 4, 10))
    return team, manager


def week_index(monday: dt.date) -> int:
    return figures_over_time.weeks_to(NOW).index(monday)


def test_each_weeks_duties_are_counted_in_the_week_of_their_deadline(team_duties):
    team, _ = team_duties
    figures = figures_over_time.for_team(team.id, NOW)
    assert figures.weeks[0] == dt.date(2026, 8, 24) and figures.weeks[-1] == dt.date(2026, 11, 9)
    assert len(figures.weeks) == 12 and all(w.weekday() == 0 for w in figures.weeks)
    outcomes = figures.by_kind[K.HEARING_OUTCOME_TOLD]
    got = {figures.weeks[n]: (c.on_time, c.late, c.missed, c.due)
           for n, c in enumerate(outcomes) if c.total}
    assert got == {
        dt.date(2026, 8, 31): (1, 0, 0, 0),  # the bank holiday week
        dt.date(2026, 10, 19): (0, 1, 0, 0),  # late by half an hour, the week of the change
        dt.date(2026, 10, 26): (1, 0, 0, 0),
        dt.date(2026, 11, 2): (1, 1, 1, 0),  # the other team's missed duty is not here
    }
    week = outcomes[week_index(dt.date(2026, 11, 2))]
    assert (week.share("on_time"), week.share("late"), week.share("missed")) == (33, 33, 33)
    letters = figures.by_kind[K.DECISION_LETTER]
    assert letters[week_index(dt.date(2026, 10, 19))].on_time == 1
    this_week = letters[-1]
    assert (this_week.due, this_week.share("on_time")) == (1, None)  # nothing known yet
    assert set(figures.by_kind) == {K.HEARING_OUTCOME_TOLD, K.DECISION_LETTER}


def test_working_days_to_tell_victims_median_and_90th_percentile(team_duties):
    team, _ = team_duties
    figures = figures_over_time.for_team(team.id, NOW)
    outcome = figures.period_times[K.HEARING_OUTCOME_TOLD]
    # Same day 0; 3 to 5 November 2; over the bank holiday 1; Thursday to Saturday 1; 1.
    assert sorted(outcome.days) == [0, 1, 1, 1, 2]
    assert (outcome.median, outcome.p90) == (1, 2)
    assert figures.period_times[K.DECISION_LETTER].days == [2]
    assert figures.period_times[K.HEARING_DATE_TOLD].median is None
    week = figures.times[K.HEARING_OUTCOME_TOLD][week_index(dt.date(2026, 11, 2))]
    assert sorted(week.days) == [0, 2] and week.median == 0 and week.p90 == 2


def test_breakdowns_by_caseworker_language_and_channel(team_duties, make):
    team, _ = team_duties
    figures = figures_over_time.for_team(team.id, NOW)

    def table(rows):
        return {row.key: (row.counts.on_time, row.counts.late, row.counts.missed,
                          row.counts.due, row.times.median) for row in rows}

    assert table(figures.by_caseworker) == {"Alex Hughes": (4, 0, 0, 0, 1),
                                            "Bea Jones": (0, 2, 0, 0, 1),
                                            None: (0, 0, 1, 1, None)}
    assert table(figures.by_language) == {"en": (3, 0, 0, 0, 1), "cy": (0, 1, 1, 1, 2),
                                          "ur": (0, 1, 0, 0, 1), "pl": (1, 0, 0, 0, 2)}
    assert table(figures.by_channel) == {None: (4, 2, 1, 1, 1)}  # all recorded by hand
    assert table(figures.by_event) == {"hearing:trial": (3, 2, 1, 0, 1),
                                       "decision:no_further_action": (1, 0, 0, 1, 2)}


def test_messages_that_did_not_get_through_by_channel_and_language(make, frozen):
    team = make.team()
    welsh, english = make.victim(language="cy"), make.victim()
    for victim, status in ((welsh, DeliveryStatus.FAILED), (english, DeliveryStatus.DELIVERED)):
        make.preferences(victim, channels=["sms"])
        case = make.case(victims=[victim], team=team)
        make.update(case, urgent=True)
        note = db.session.query(Notification).filter_by(victim_id=victim.id).one()
        note.status = status
    # Another team's failure is not counted.
    stranger = make.victim(language="cy")
    make.preferences(stranger, channels=["sms"])
    make.update(make.case(victims=[stranger]), urgent=True)
    db.session.query(Notification).filter_by(victim_id=stranger.id).one().status = "failed"
    db.session.commit()
    figures = figures_over_time.for_team(team.id, NOW)
    assert [(f.key, f.tried, f.failed) for f in figures.failures_by_channel] == [("sms", 2, 1)]
    assert [(f.key, f.tried, f.failed) for f in figures.failures_by_language] == [
        ("cy", 1, 1), ("en", 1, 0)]


def chart_numbers(svg: str) -> dict[int, list[int]]:
    """Each series' values, as drawn: pygal keeps every bar's value in a <desc>."""
    root = ET.fromstring(svg)
    series = {}
    for group in root.iter(f"{SVG}g"):
        names = [c for c in group.get("class", "").split() if c.startswith("serie-")]
        values = [int(float(d.text)) for d in group.iter(f"{SVG}desc")
                  if d.get("class") == "value"]
        if names and values:
            series[int(names[0].split("-")[1])] = values
    return series


def drawn(svg: str) -> tuple[list[str], list[dict[str, int]]]:
    """A chart as a reader sees it: the legend's names, and each series' bars by the label
    under them (pygal keeps each bar's value and label in <desc>s; no figure draws no bar)."""
    root = ET.fromstring(svg)
    legend = [t.text for g in root.iter(f"{SVG}g") if "legend" in g.get("class", "").split()
              for t in g.iter(f"{SVG}text")]
    series: dict[int, dict[str, int]] = {}
    for group in root.iter(f"{SVG}g"):
        names = [c for c in group.get("class", "").split() if c.startswith("serie-")]
        if not names:
            continue
        bars = series.setdefault(int(names[0].split("-")[1]), {})
        for bar in group.iter(f"{SVG}g"):
            descs = {d.get("class").split()[0]: d.text for d in bar.findall(f"{SVG}desc")}
            if "value" in descs:
                bars[descs["x_label"]] = int(float(descs["value"]))
    return legend, [series.get(n, {}) for n in range(len(legend))]


def assert_an_accessible_image(response) -> str:
    """A chart's response: an SVG image with its title and description, no script, a policy
    allowing its one style element and nothing else; its SVG."""
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    policy = response.headers["Content-Security-Policy"]
    assert "script" not in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "'sha256-" in policy
    svg = response.get_data(as_text=True)
    assert "<script" not in svg and "viewBox" in svg and 'width="' not in svg.split(">")[0]
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    assert [root.find(f".//*[@id='{i}']").tag for i in labelled] == [f"{SVG}title",
                                                                      f"{SVG}desc"]
    # Every name in the legend is inside the drawing (at 16 units, about 0.6 of that a letter),
    # none cut off at its edge.
    _, _, width, height = (float(n) for n in root.get("viewBox").split())
    [legends] = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legends"]
    left, top = (float(n) for n in legends.get("transform")[10:-1].split(","))
    for text in legends.iter(f"{SVG}text"):
        assert top + float(text.get("y")) <= height, text.text
        assert left + float(text.get("x")) + 0.6 * 16 * len(text.text) <= width, text.text
    return svg


def test_the_working_days_chart_draws_the_times_table(client, staff_login, team_duties):
    _, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/figures"))
        image = soup.find("img", attrs={"data-chart": "time-to-tell"})
        assert "working days" in image["alt"] and "table after it" in image["alt"]
        # The image comes before its table, the next one on the page.
        assert image.find_next("table")["id"] == "times"
        svg = assert_an_accessible_image(client.get(image["src"]))
    legend, (median, p90) = drawn(svg)
    table = soup.find("table", id="times")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert legend == headers[2:4] == ["Median", "90th percentile"]
    rows = table.tbody.find_all("tr")
    labels = ["Hearing dates", "Hearing outcomes", "Decisions"]
    assert [r["data-kind"] for r in rows] == [
        "hearing_date_told", "hearing_outcome_told", "decision_letter"]

    def column(measure):
        cells = [r.find("td", attrs={"data-measure": measure}).text for r in rows]
        return {label: int(cell) for label, cell in zip(labels, cells) if cell != "–"}

    assert median == column("median") and p90 == column("p90")
    # No hearing date was told in these weeks: no bar, and a dash in the table.
    assert median["Hearing outcomes"] == 1 and p90["Hearing outcomes"] == 2
    assert "Hearing dates" not in median


def test_the_working_days_chart_is_not_found_without_figures(client, make, staff_login,
                                                             team_duties):
    _, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        client.get("/staff/team/figures")  # the team's records brought up to date, as in use
        assert client.get("/staff/team/figures/measures/time-to-tell.svg").status_code == 200
        assert client.get("/staff/team/figures/measures/nonsense.svg").status_code == 404
        # Another team's manager: none of Northtown's figures, so no chart and no image.
        empty = make.team(TeamKind.WITNESS_CARE, name="Easttown Witness Care")
        staff_login.sign_in_quickly(make.staff(team=empty, role=Role.MANAGER))
        assert client.get("/staff/team/figures/measures/time-to-tell.svg").status_code == 404
        soup = page(client.get("/staff/team/figures"))
        assert soup.find("img", attrs={"data-chart": "time-to-tell"}) is None


def test_the_page_charts_and_tables_agree(client, staff_login, team_duties):
    team, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/staff/team/figures")
        soup = page(response)
        assert soup.title.get_text(strip=True) == "Team figures – Case updates"
        table = soup.find("table", attrs={"data-figures": "hearing_outcome_told"})
        rows = table.tbody.find_all("tr")
        assert [r.th.get_text(strip=True) for r in rows][:2] == ["24 Aug", "31 Aug"]
        by_state = {state: [int(r.find("td", attrs={"data-state": state}).text) for r in rows]
                    for state in ("on_time", "late", "missed", "due")}
        assert sum(by_state["on_time"]) == 3 and by_state["missed"][10] == 1
        assert rows[10].find("td", attrs={"data-state": "share"}).text == "33%"
        image = soup.find("img", attrs={"data-chart": "hearing_outcome_told"})
        assert "hearing" in image["alt"].lower() and "table" in image["alt"]
        svg = assert_an_accessible_image(client.get(image["src"]))
    root = ET.fromstring(svg)
    series = chart_numbers(svg)
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")][1:5]
    legend = [t.text for g in root.iter(f"{SVG}g") if "legend" in g.get("class", "").split()
              for t in g.iter(f"{SVG}text")]
    assert legend == headers == ["On time", "Late", "Missed", "Still due"]
    assert series == {0: by_state["on_time"], 1: by_state["late"], 2: by_state["missed"],
                      3: by_state["due"]}
    # The times table and the breakdowns, as a manager reads them.
    times = soup.find("table", id="times")
    outcome = times.find("tr", attrs={"data-kind": "hearing_outcome_told"})
    assert outcome.find("td", attrs={"data-measure": "median"}).text == "1"
    assert outcome.find("td", attrs={"data-measure": "p90"}).text == "2"
    languages = {r.th.get_text(strip=True): r.find("td", attrs={"data-state": "missed"}).text
                 for r in soup.find("table", id="by-language").tbody.find_all("tr")}
    assert languages["Cymraeg"] == "1" or languages.get("Welsh") == "1"
    events = {r.th.get_text(strip=True): r.find("td", attrs={"data-state": "late"}).text
              for r in soup.find("table", id="by-event").tbody.find_all("tr")}
    assert events["Trial"] == "2"
    assert "Southtown" not in soup.get_text()


def test_the_csv_round_trips_and_matches_the_page(client, staff_login, team_duties):
    team, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/staff/team/figures.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["team", "week_starting", "measure", "obligation_kind", "value"]
    assert {r["team"] for r in rows} == {"Northtown Witness Care"}
    value = {(r["week_starting"], r["measure"], r["obligation_kind"]): r["value"] for r in rows}
    assert value[("2026-11-02", "on_time", "hearing_outcome_told")] == "1"
    assert value[("2026-11-02", "missed", "hearing_outcome_told")] == "1"
    assert value[("2026-11-02", "late_percent", "hearing_outcome_told")] == "33"
    assert value[("2026-08-31", "on_time", "hearing_outcome_told")] == "1"
    assert value[("2026-10-19", "late", "hearing_outcome_told")] == "1"
    assert value[("2026-11-09", "due", "decision_letter")] == "1"
    assert value[("2026-11-09", "on_time_percent", "decision_letter")] == ""
    assert value[("2026-11-02", "median_working_days", "hearing_outcome_told")] == "0"
    assert value[("2026-11-02", "p90_working_days", "hearing_outcome_told")] == "2"
    assert len({r["week_starting"] for r in rows}) == 12
    # The same numbers as the page's table, week by week.
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/figures"))
    table = soup.find("table", attrs={"data-figures": "hearing_outcome_told"})
    on_page = [int(r.find("td", attrs={"data-state": "on_time"}).text)
               for r in table.tbody.find_all("tr")]
    in_csv = [int(r["value"]) for r in rows
              if r["measure"] == "on_time" and r["obligation_kind"] == "hearing_outcome_told"]
    assert on_page == in_csv


def test_a_cell_a_spreadsheet_would_run_is_neutralised(client, make, staff_login, frozen):
    team = make.team(name="=HYPERLINK(\"http://evil.example\",\"Click\")")
    manager = make.staff(team=team, role=Role.MANAGER)
    outcome_case(make, team, "en", at(11, 4, 10))
    staff_login.sign_in_quickly(manager)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/staff/team/figures.csv").get_data(as_text=True))))
    assert rows and all(r["team"].startswith("'=") for r in rows)


@pytest.mark.parametrize("path", ["/staff/team/figures.csv",
                                  "/staff/team/figures/charts/hearing_outcome_told.svg",
                                  "/staff/team/figures/measures/time-to-tell.svg"])
def test_only_a_team_manager_gets_the_export_and_charts(client, make, staff_login, path,
                                                        team_duties):
    team, _ = team_duties
    staff_login.sign_in_quickly(make.staff(team=team, role=Role.CASEWORKER))
    assert client.get(path).status_code == 403
    staff_login.sign_out()
    assert client.get(path).status_code in (302, 401)


def test_a_chart_for_a_duty_without_figures_is_not_found(client, staff_login, team_duties):
    _, manager = team_duties
    staff_login.sign_in_quickly(manager)
    assert client.get("/staff/team/figures/charts/vcs_referral.svg").status_code == 404
    assert client.get("/staff/team/figures/charts/nonsense.svg").status_code == 404


def test_the_page_asks_the_same_few_queries_however_many_cases(client, make, staff_login,
                                                               frozen):
    from tests.caseworker.test_case_page import counting_queries

    team = make.team()
    manager = make.staff(team=team, role=Role.MANAGER)
    staff_login.sign_in_quickly(manager)
    counts = []
    for cases in (1, 6):
        for n in range(cases):
            outcome_case(make, team, "en", at(11, 2, 10), at(11, 2, 11 + n % 3), manager)
        client.get("/staff/team/figures")  # the team's changed cases worked out once
        page_cache.clear()  # the page as drawn, not as kept (portal/page_cache.py)
        with counting_queries() as seen:
            assert client.get("/staff/team/figures").status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[1] and counts[1] <= 21, counts  # 16, and 5 for the verdicts


def test_the_worker_fills_in_cases_without_records_and_keeps_them_up_to_date(make, frozen):
    from sqlalchemy import delete, func, select

    from portal.models import ObligationRecord
    from portal.services.case_file import due_index

    team = make.team()
    case = outcome_case(make, team, "en", at(11, 4, 10))
    due_index.refresh([case.id], NOW)
    db.session.execute(delete(ObligationRecord))  # as if written before the records existed
    db.session.commit()
    assert figures_over_time.for_team(team.id, NOW).by_kind == {}
    due_index.housekeeping(NOW)
    outcomes = figures_over_time.for_team(team.id, NOW).by_kind[K.HEARING_OUTCOME_TOLD]
    assert outcomes[week_index(dt.date(2026, 11, 2))].missed == 1
    # Told late now: the case's facts changed, the next round writes its records again.
    hearing = case.hearings[0]
    db.session.add(CaseAction(case=case, kind=K.HEARING_OUTCOME_TOLD, hearing=hearing,
                              at=NOW, details="Told at last."))
    db.session.commit()
    due_index.housekeeping(NOW)
    week = figures_over_time.for_team(team.id, NOW).by_kind[K.HEARING_OUTCOME_TOLD][
        week_index(dt.date(2026, 11, 2))]
    assert (week.late, week.missed) == (1, 0)
    assert db.session.scalar(select(func.count()).select_from(ObligationRecord).where(
        ObligationRecord.case_id == case.id, ObligationRecord.kind == "hearing_outcome_told"
    )) == 1


def test_flask_refresh_duties_works_out_every_case(app, make, frozen):
    from sqlalchemy import func, select

    from portal.models import ObligationRecord

    team = make.team()
    for day in (2, 3, 4):
        outcome_case(make, team, "en", at(11, day, 10))
    result = app.test_cli_runner().invoke(args=["refresh-duties", "--batch", "2"])
    assert "on 3 cases" in result.output
    assert db.session.scalar(select(func.count()).select_from(ObligationRecord).where(
        ObligationRecord.kind == "hearing_outcome_told")) == 3


def test_a_duty_met_by_an_update_counts_for_the_channel_and_language_that_reached(make,
                                                                                  frozen):
    team = make.team()
    welsh = make.victim(language="cy")
    make.preferences(welsh, channels=["sms"], language="cy")
    case = make.case(victims=[welsh], team=team, stage=Stage.COURT,
                     reported_on=LONG_AGO.date())
    heard = NOW - dt.timedelta(hours=3)
    hearing = make.hearing(case, starts_at=heard - dt.timedelta(hours=1),
                           created_at=LONG_AGO, outcome_recorded_at=heard)
    update = make.update(case, urgent=True)
    update.language = "cy"
    db.session.add(CaseAction(case=case, kind=K.HEARING_OUTCOME_TOLD, hearing=hearing,
                              update=update, at=NOW - dt.timedelta(hours=2),
                              details="Update sent."))
    note = db.session.query(Notification).filter_by(victim_id=welsh.id).one()
    note.status, note.sent_at = DeliveryStatus.DELIVERED, NOW - dt.timedelta(hours=2)
    note.delivered_at = NOW - dt.timedelta(minutes=90)
    db.session.commit()
    figures = figures_over_time.for_team(team.id, NOW)
    [channel] = figures.by_channel
    assert (channel.key, channel.counts.on_time, channel.times.median) == ("sms", 1, 0)
    [language] = figures.by_language
    assert (language.key, language.counts.on_time) == ("cy", 1)


def test_a_manager_chooses_the_period(client, staff_login, team_duties):
    _, manager = team_duties
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/figures?weeks=4"))
        table = soup.find("table", attrs={"data-figures": "hearing_outcome_told"})
        assert [r.th.get_text(strip=True) for r in table.tbody.find_all("tr")] == [
            "19 Oct", "26 Oct", "2 Nov", "9 Nov"]
        image = soup.find("img", attrs={"data-chart": "hearing_outcome_told"})
        assert image["src"].endswith("?weeks=4"), image["src"]
        assert len(chart_numbers(client.get(image["src"]).get_data(as_text=True))[0]) == 4
        csv_link = soup.find("a", href=lambda h: h and "figures.csv" in h)["href"]
        rows = list(csv.DictReader(io.StringIO(client.get(csv_link).get_data(as_text=True))))
        assert len({r["week_starting"] for r in rows}) == 4
        # Only the periods offered: anything else is the default 12 weeks.
        soup = page(client.get("/staff/team/figures?weeks=9999"))
        table = soup.find("table", attrs={"data-figures": "hearing_outcome_told"})
        assert len(table.tbody.find_all("tr")) == 12
        periods = soup.find("nav", attrs={"aria-labelledby": "periods-label"})
        assert periods.find(attrs={"aria-current": "page"}).get_text(strip=True) == "12 weeks"
        assert [a.text for a in periods.find_all("a")] == ["4 weeks", "26 weeks", "52 weeks"]
