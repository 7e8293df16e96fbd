"""Victims' verdicts on the team figures (issue 16), asserted on a constructed data set with a
frozen clock: "Did you understand this update?" per kind of update per week with the share
"Yes"; complaints made, acknowledged, working days to acknowledge (over a bank holiday) and the
oldest waiting; contact preferences asked in time and messages sent the way victims asked.
Another team's rows are never counted; the CSV carries the weekly rows."""
from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal import page_cache
from portal.extensions import db
from portal.models import Complaint, Notification, UpdateFeedback
from portal.models.enums import Role, UpdateEvent
from portal.models.messaging import DeliveryStatus
from portal.services.case_file import figures_over_time, victims_verdicts
from tests.conftest import page

LONDON = ZoneInfo("Europe/London")
# Wednesday 11 November 2026, noon: the twelve weeks run from Monday 24 August to this week.
NOW = dt.datetime(2026, 11, 11, 12, tzinfo=LONDON)


def at(month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def verdicts_for(team_id, weeks=12):
    over_time = figures_over_time.for_team(team_id, NOW, weeks=weeks)
    return victims_verdicts.for_team(team_id, over_time, NOW)


def answer(update, victim, understood, when, comment=None):
    db.session.add(UpdateFeedback(update=update, victim_id=victim.id, understood=understood,
                                  created_at=when, comment=comment))


def complaint(case, victim, made, acknowledged=None):
    db.session.add(Complaint(case=case, victim=victim, text="Nobody told me.", created_at=made,
                             acknowledged_at=acknowledged))


def sent(note, status=DeliveryStatus.DELIVERED, when=None):
    note.status = status
    if when is not None:
        note.created_at = when


def a_team(make, name):
    from portal.models.enums import TeamKind

    return make.team(TeamKind.WITNESS_CARE, name=name)


def northtown(make):
    """The team's victims, their answers, complaints and messages; and Southtown's, never
    counted with them."""
    team = a_team(make, "Northtown Witness Care")
    manager = make.staff(team=team, role=Role.MANAGER)
    ann, bob, cat = make.victim(), make.victim(language="cy"), make.victim()
    # Ann chose texts then emails; Bob emails only; Cat was never asked.
    make.preferences(ann, channels=["sms", "email"], asked_at=at(11, 3, 9))
    make.preferences(bob, channels=["email"], asked_at=at(11, 3, 10))
    # Reported Monday 2 November: the preferences are due by Wednesday 4 November, and Ann
    # and Bob (the case's victims) were both asked on Tuesday: on time. Cat's case, reported
    # the same day, is missed (she was never asked).
    first = make.case(victims=[ann, bob], team=team, reported_on=dt.date(2026, 11, 2))
    second = make.case(victims=[cat], team=team, reported_on=dt.date(2026, 11, 2))
    listed = make.update(first, UpdateEvent.HEARING_LISTED, urgent=True)
    general = make.update(first, UpdateEvent.GENERAL, urgent=True)
    to_cat = make.update(second, UpdateEvent.GENERAL, urgent=True)
    # Week of 2 November: the listing, Yes and Partly (Ann's given at 00:30 on Monday).
    answer(listed, ann, "yes", at(11, 2, 0, 30))
    answer(listed, bob, "partly", at(11, 4, 10), comment="What is a plea hearing?")
    # Week of 26 October: late on Sunday 1 November (GMT after the clocks went back).
    answer(general, ann, "yes", at(11, 1, 23, 30))
    # This week: a No.
    answer(general, bob, "no", at(11, 10, 9))
    answer(to_cat, cat, "yes", at(11, 10, 9))
    # Before the twelve weeks: not counted.
    old = make.update(second, UpdateEvent.GENERAL)
    answer(old, cat, "no", at(8, 1, 9))
    # Complaints: made Friday 28 August, acknowledged Tuesday 1 September over the bank
    # holiday Monday (1 working day); made and acknowledged on Monday 2 November (0); one on
    # Wednesday 4 November still waiting; one from June still waiting (the oldest).
    complaint(first, ann, at(8, 28, 16), at(9, 1, 11))
    complaint(first, bob, at(11, 2, 10), at(11, 2, 15))
    complaint(second, cat, at(11, 4, 10))
    complaint(second, cat, at(6, 1, 10))
    # Messages: the listing went to Ann by text and Bob by email (both chosen). The general
    # update's text to Ann failed and fell back to email (chosen, a fallback); Bob was sent a
    # letter (not one he chose). Cat was never asked: her messages are not counted.
    for note in db.session.query(Notification).filter(
            Notification.update_id.in_([listed.id, general.id, to_cat.id])):
        sent(note, when=at(11, 3, 12) if note.update_id == listed.id else None)
    text_to_ann = db.session.query(Notification).filter_by(
        update_id=general.id, victim_id=ann.id).one()
    text_to_ann.status = DeliveryStatus.FAILED
    db.session.add(Notification(victim_id=ann.id, case_id=first.id, update_id=general.id,
                                kind="update", channel="email", fallback_from_id=text_to_ann.id,
                                status=DeliveryStatus.DELIVERED, created_at=at(11, 10, 12)))
    db.session.query(Notification).filter_by(update_id=general.id, victim_id=bob.id).one() \
        .channel = "letter"
    db.session.commit()

    # Southtown: the same kinds of rows in the same weeks.
    other = a_team(make, "Southtown Witness Care")
    dan = make.victim()
    make.preferences(dan, channels=["sms"], asked_at=at(11, 5, 9))
    theirs = make.case(victims=[dan], team=other, reported_on=dt.date(2026, 11, 2))
    update = make.update(theirs, UpdateEvent.HEARING_LISTED, urgent=True)
    answer(update, dan, "no", at(11, 4, 9))
    complaint(theirs, dan, at(1, 5, 9))
    complaint(theirs, dan, at(11, 3, 9))
    for note in db.session.query(Notification).filter_by(victim_id=dan.id):
        sent(note)
        note.channel = "letter"
    db.session.commit()
    return team, manager


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def data(make, frozen):
    return northtown(make)


def week(verdicts, monday: dt.date) -> int:
    return verdicts.weeks.index(monday)


def test_understanding_per_kind_of_update_each_week_with_the_share_yes(data):
    team, _ = data
    verdicts = verdicts_for(team.id)
    assert {e: (a.yes, a.partly, a.no, a.yes_share)
            for e, a in verdicts.understanding_period.items()} == {
        "general": (2, 0, 1, 67), "hearing_listed": (1, 1, 0, 50)}
    listed = verdicts.understanding["hearing_listed"]
    assert (listed[week(verdicts, dt.date(2026, 11, 2))].yes,
            listed[week(verdicts, dt.date(2026, 11, 2))].partly) == (1, 1)
    general = verdicts.understanding["general"]
    got = {verdicts.weeks[n]: (a.yes, a.partly, a.no) for n, a in enumerate(general) if a.total}
    assert got == {dt.date(2026, 10, 26): (1, 0, 0), dt.date(2026, 11, 9): (1, 0, 1)}
    assert general[-1].yes_share == 50
    # Southtown's "No" to a listing in the same week is not here.
    assert listed[week(verdicts, dt.date(2026, 11, 2))].no == 0


def test_complaints_made_acknowledged_working_days_and_the_oldest_waiting(data):
    team, _ = data
    verdicts = verdicts_for(team.id)
    got = {verdicts.weeks[n]: (c.made, c.answered, c.times.median)
           for n, c in enumerate(verdicts.complaints) if c.made}
    assert got == {dt.date(2026, 8, 24): (1, 1, 1),  # over the bank holiday: 1 working day
                   dt.date(2026, 11, 2): (2, 1, 0)}
    period = verdicts.complaints_period
    assert (period.made, period.answered, sorted(period.times.days)) == (3, 2, [0, 1])
    # June's and November's are waiting; Southtown's January one is not the team's.
    assert verdicts.unanswered == 2
    assert verdicts.oldest_unanswered == at(6, 1, 10)


def test_preferences_asked_in_time_and_messages_sent_the_way_victims_asked(data):
    from portal.models.actions import ObligationKind as K

    team, _ = data
    verdicts = verdicts_for(team.id)
    n = week(verdicts, dt.date(2026, 11, 2))
    assert (verdicts.asked[n].on_time, verdicts.asked[n].missed) == (1, 1)
    assert (verdicts.asked_period.on_time, verdicts.asked_period.decided) == (1, 2)
    # The same duty records as the duty's own figures.
    over_time = figures_over_time.for_team(team.id, NOW)
    assert over_time.by_kind[K.CONTACT_PREFERENCES][n].on_time == 1
    # Week of 2 November: the listing by text to Ann and email to Bob.
    first = verdicts.followed[n]
    assert (first.chosen, first.fallback, first.not_chosen) == (2, 0, 0)
    # This week: Ann's email after her failed text (the failed text is counted too, it was on
    # a channel she chose) and Bob's letter, which he did not choose.
    this = verdicts.followed[-1]
    assert (this.chosen, this.fallback, this.not_chosen) == (2, 1, 1)
    total = verdicts.followed_period
    assert (total.chosen, total.sent, total.chosen_share) == (4, 5, 80)


def test_the_page_shows_each_figure_and_no_other_teams(client, staff_login, data):
    team, manager = data
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/figures"))
    table = soup.find("table", id="verdicts-by-event")
    general = table.find("tr", attrs={"data-event": "general"})
    assert [general.find("td", attrs={"data-answer": a}).text for a in ("yes", "partly", "no")
            ] == ["2", "0", "1"]
    assert general.find("td", attrs={"data-measure": "yes_share"}).text == "67%"
    weekly = soup.find("table", id="verdicts-weeks")
    rows = weekly.find_all("tr", attrs={"data-event": "hearing_listed"})
    assert [r["data-week"] for r in rows] == ["2026-11-02"]
    assert rows[0].find("td", attrs={"data-measure": "yes_share"}).text == "50%"
    complaints = soup.find("table", id="complaints-weeks")
    bank_holiday = complaints.find("tr", attrs={"data-week": "2026-08-24"})
    assert bank_holiday.find("td", attrs={"data-measure": "median"}).text == "1"
    total = complaints.find("tr", attrs={"data-week": "all"})
    assert [total.find("td", attrs={"data-measure": m}).text
            for m in ("made", "acknowledged")] == ["3", "2"]
    waiting = soup.find(id="complaints-unanswered").get_text(" ", strip=True)
    assert "2 complaints are waiting" in waiting and "1 Jun 2026" in waiting
    summary = soup.find(id="preferences-summary").get_text(" ", strip=True)
    assert "1 of 2" in summary and "4 of 5" in summary
    prefs = soup.find("table", id="preferences-weeks").find("tr", attrs={"data-week": "2026-11-09"})
    assert [prefs.find("td", attrs={"data-measure": m}).text
            for m in ("chosen", "fallback", "not_chosen")] == ["2", "1", "1"]
    assert "Southtown" not in soup.get_text()


def test_the_verdicts_and_preferences_charts_draw_their_tables(client, make, staff_login,
                                                                data):
    from tests.caseworker.test_figures_over_time import assert_an_accessible_image, drawn

    team, manager = data
    # A case reported today: its preferences are still due (not owed yet, so not drawn).
    make.case(victims=[make.victim()], team=team, reported_on=dt.date(2026, 11, 11))
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/figures"))
        images = {name: soup.find("img", attrs={"data-chart": name})
                  for name in ("understood", "preferences-asked", "messages-as-asked")}
        charts = {name: drawn(assert_an_accessible_image(client.get(image["src"])))
                  for name, image in images.items()}
    for image in images.values():
        assert "The same figures are in the table after it." in image["alt"]
    assert images["understood"].find_next("table")["id"] == "verdicts-each-week"
    assert images["preferences-asked"].find_next("table")["id"] == "preferences-weeks"
    assert images["messages-as-asked"].find_next("table")["id"] == "preferences-weeks"

    def columns(table_id, cells, headers_from):
        """The table's headers from ``headers_from`` on, and each column of whole numbers by
        its row's week label (the label under the chart's bars)."""
        table = soup.find("table", id=table_id)
        headers = [th.get_text(strip=True) for th in table.thead.find_all("th")][headers_from:]
        rows = table.tbody.find_all("tr")
        return headers, [{r.th.get_text(strip=True): int(r.find("td", attrs=cell).text)
                          for r in rows} for cell in cells]

    # Every update's answers together each week: Yes, Partly and No stacked.
    headers, answers = columns("verdicts-each-week", [{"data-answer": a} for a in
                                                      ("yes", "partly", "no")], 1)
    legend, bars = charts["understood"]
    assert legend == headers[:3] == ["Yes", "Partly", "No"]
    assert bars == answers
    # As counted: 2 November a Yes and a Partly (not Southtown's No); this week a Yes and a No.
    assert [bars[n]["2 Nov"] for n in range(3)] == [1, 1, 0]
    assert [bars[n]["9 Nov"] for n in range(3)] == [1, 0, 1]
    assert len(bars[0]) == 12
    # Preferences owed and asked in time, side by side each week.
    headers, asked = columns("preferences-weeks", [{"data-measure": m} for m in
                                                   ("asked_on_time", "owed")], 1)
    legend, bars = charts["preferences-asked"]
    assert legend == headers[:2] == ["Asked in time", "Owed"]
    assert bars == asked and (bars[0]["2 Nov"], bars[1]["2 Nov"]) == (1, 2)
    assert bars[1]["9 Nov"] == 0
    # Messages on a chosen channel, of them fallbacks, on a channel not chosen.
    headers, followed = columns("preferences-weeks", [{"data-measure": m} for m in
                                                      ("chosen", "fallback", "not_chosen")], 3)
    legend, bars = charts["messages-as-asked"]
    assert headers == ["Messages on a chosen channel", "Of them, fallbacks",
                       "Messages on a channel not chosen"]
    assert legend == ["On a chosen channel", "Of them, fallbacks", "On a channel not chosen"]
    assert bars == followed and [bars[n]["9 Nov"] for n in range(3)] == [2, 1, 1]


def test_the_verdicts_charts_honour_the_period_and_the_team(client, make, staff_login, data):
    from tests.caseworker.test_figures_over_time import drawn

    team, manager = data
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/figures?weeks=4"))
        image = soup.find("img", attrs={"data-chart": "understood"})
        assert image["src"].endswith("?weeks=4"), image["src"]
        _, bars = drawn(client.get(image["src"]).get_data(as_text=True))
        assert list(bars[0]) == ["19 Oct", "26 Oct", "2 Nov", "9 Nov"]
        assert client.get("/staff/team/figures/measures/nonsense.svg").status_code == 404
        # Southtown's manager sees Southtown's one No, on 2 November, and nothing of Northtown.
        southtown = db.session.query(type(team)).filter_by(name="Southtown Witness Care").one()
        staff_login.sign_in_quickly(make.staff(team=southtown, role=Role.MANAGER))
        client.get("/staff/team/figures")
        _, bars = drawn(client.get("/staff/team/figures/measures/understood.svg")
                        .get_data(as_text=True))
        assert [sum(series.values()) for series in bars] == [0, 0, 1] and bars[2]["2 Nov"] == 1
        # A team with no answers and no messages: no chart, and no image on its page.
        empty = a_team(make, "Easttown Witness Care")
        staff_login.sign_in_quickly(make.staff(team=empty, role=Role.MANAGER))
        soup = page(client.get("/staff/team/figures"))
        for name in ("understood", "preferences-asked", "messages-as-asked"):
            assert soup.find("img", attrs={"data-chart": name}) is None, name
            assert client.get(f"/staff/team/figures/measures/{name}.svg").status_code == 404


def test_the_csv_carries_the_weekly_verdicts(client, staff_login, data):
    team, manager = data
    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/staff/team/figures.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["team"] for r in rows} == {"Northtown Witness Care"}
    value = {(r["week_starting"], r["measure"], r["obligation_kind"]): r["value"] for r in rows}
    assert value[("2026-11-02", "understood_yes", "update:hearing_listed")] == "1"
    assert value[("2026-11-02", "understood_partly", "update:hearing_listed")] == "1"
    assert value[("2026-11-02", "understood_yes_percent", "update:hearing_listed")] == "50"
    assert value[("2026-11-09", "understood_no", "update:general")] == "1"
    assert value[("2026-08-31", "understood_yes_percent", "update:general")] == ""
    assert value[("2026-08-24", "complaints_made", "")] == "1"
    assert value[("2026-08-24", "complaints_median_working_days_to_acknowledge", "")] == "1"
    assert value[("2026-11-02", "complaints_made", "")] == "2"
    assert value[("2026-11-02", "complaints_acknowledged", "")] == "1"
    assert value[("2026-11-02", "preferences_asked_on_time", "contact_preferences")] == "1"
    assert value[("2026-11-02", "preferences_owed", "contact_preferences")] == "2"
    assert value[("2026-11-09", "messages_on_chosen_channel", "contact_preferences")] == "2"
    assert value[("2026-11-09", "messages_on_fallback_chosen_channel",
                  "contact_preferences")] == "1"
    assert value[("2026-11-09", "messages_on_channel_not_chosen", "contact_preferences")] == "1"
    # Every week has its complaints and preferences rows, zeros included.
    made = [r for r in rows if r["measure"] == "complaints_made"]
    assert len(made) == 12 and sum(int(r["value"]) for r in made) == 3


def test_the_verdicts_ask_the_same_queries_however_many_cases(client, make, staff_login,
                                                              frozen):
    from tests.caseworker.test_case_page import counting_queries

    team = a_team(make, "Northtown Witness Care")
    manager = make.staff(team=team, role=Role.MANAGER)
    staff_login.sign_in_quickly(manager)
    counts = []
    for cases in (1, 6):
        for n in range(cases):
            victim = make.victim()
            make.preferences(victim, channels=["sms"], asked_at=at(11, 3, 9))
            case = make.case(victims=[victim], team=team, reported_on=dt.date(2026, 11, 2))
            update = make.update(case, UpdateEvent.GENERAL, urgent=True)
            answer(update, victim, ("yes", "partly", "no")[n % 3], at(11, 4, 9))
            complaint(case, victim, at(11, 2, 10), at(11, 3 + n % 2, 10))
            complaint(case, victim, at(10, 2 + n, 10))
            for note in db.session.query(Notification).filter_by(victim_id=victim.id):
                sent(note)
            db.session.commit()
        client.get("/staff/team/figures")  # the team's changed cases worked out once
        page_cache.clear()  # the page as drawn, not as kept (portal/page_cache.py)
        with counting_queries() as seen:
            assert client.get("/staff/team/figures").status_code == 200
        counts.append(len(seen))
        with counting_queries() as seen:
            assert client.get("/staff/team/figures.csv").status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_a_single_week_is_counted_too(data):
    """A month's report in its first week has one week: the verdicts still count it."""
    team, _ = data
    verdicts = verdicts_for(team.id, weeks=1)
    assert verdicts.weeks == [dt.date(2026, 11, 9)]
    assert verdicts.understanding_period["general"].no == 1
    assert (verdicts.followed[0].chosen, verdicts.followed[0].not_chosen) == (2, 1)


def test_personal_statements_given_sent_and_on_the_court_file(client, make, staff_login,
                                                              frozen):
    """Statements are counted in the week the victim gave them: sent to the prosecution, on
    the court file, and the working days to the file (over the August bank holiday); another
    team's and those before the weeks are not counted. The page, the summary and the CSV say
    the same."""
    from portal.models import PersonalStatement

    team = a_team(make, "Northtown Witness Care")
    manager = make.staff(team=team, role=Role.MANAGER)
    ann, bob = make.victim(), make.victim()
    case = make.case(victims=[ann, bob], team=team, reported_on=dt.date(2026, 8, 3))
    other = make.case(victims=[make.victim()], team=a_team(make, "Southtown Witness Care"))

    def statement(on_case, victim, given, sent=None, on_file=None):
        db.session.add(PersonalStatement(case=on_case, victim=victim, text="How it hurt me.",
                                         received_at=given, sent_to_prosecution_at=sent,
                                         confirmed_on_file_at=on_file))

    # Friday 28 August, on the court file Tuesday 1 September: 1 working day (the Monday is a
    # bank holiday). Monday 2 November: sent, not on the file yet. Tuesday 3 November: not sent.
    statement(case, ann, at(8, 28, 10), at(8, 28, 15), at(9, 1, 12))
    statement(case, bob, at(11, 2, 9), at(11, 2, 16))
    statement(case, ann, at(11, 3, 9))
    statement(case, bob, at(8, 1, 9), at(8, 2, 9), at(8, 3, 9))  # before the twelve weeks
    statement(other, other.victims[0], at(11, 2, 9), at(11, 2, 10), at(11, 3, 10))
    db.session.commit()

    verdicts = verdicts_for(team.id)
    august, november = week(verdicts, dt.date(2026, 8, 24)), week(verdicts, dt.date(2026, 11, 2))
    assert (verdicts.statements[august].received, verdicts.statements[august].sent,
            verdicts.statements[august].on_file) == (1, 1, 1)
    assert verdicts.statements[august].times.median == 1
    assert (verdicts.statements[november].received, verdicts.statements[november].sent,
            verdicts.statements[november].on_file) == (2, 1, 0)
    period = verdicts.statements_period
    assert (period.received, period.sent, period.on_file, period.times.median) == (3, 2, 1, 1)

    staff_login.sign_in_quickly(manager)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/figures"))
        exported = client.get("/staff/team/figures.csv").get_data(as_text=True)
    summary = soup.find(id="statements-summary").get_text(" ", strip=True)
    assert "gave in these weeks: 3" in summary and "prosecution: 2" in summary
    assert "court file: 1" in summary and "court file: 1." in summary
    row = soup.find("table", id="statements-weeks").find("tr", attrs={"data-week": "2026-11-02"})
    assert [row.find("td", attrs={"data-measure": m}).text
            for m in ("received", "sent", "on_file", "median")] == ["2", "1", "0", "–"]
    value = {(r["week_starting"], r["measure"]): r["value"]
             for r in csv.DictReader(io.StringIO(exported))
             if r["obligation_kind"] == "personal_statement"}
    assert value[("2026-08-24", "statements_median_working_days_to_court_file")] == "1"
    assert value[("2026-11-02", "statements_received")] == "2"
    assert value[("2026-11-02", "statements_on_court_file")] == "0"
