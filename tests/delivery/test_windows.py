"""Contact windows in London time, across the clock changes, and what the worker does with
them."""
from __future__ import annotations

import datetime as dt

import time_machine

from portal.models.enums import UpdateEvent
from portal.services.delivery import contact_windows as cw
from tests.delivery.helpers import notifications

UTC = dt.timezone.utc
MORNINGS = [{"days": [0, 1, 2, 3, 4, 5, 6], "start": "09:00", "end": "12:00"}]


def test_windows_keep_london_wall_clock_across_the_october_change():
    windows = cw.parse(MORNINGS)
    # Saturday 24 October 2026, 21:00 in London (BST, UTC+1).
    saturday_evening = dt.datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
    assert not cw.is_open(windows, saturday_evening)
    # The clocks go back at 02:00 on Sunday 25 October: 09:00 is now 09:00 UTC, not 08:00.
    assert cw.next_allowed(windows, saturday_evening) == dt.datetime(2026, 10, 25, 9, 0,
                                                                     tzinfo=UTC)
    assert cw.window_end(windows, dt.datetime(2026, 10, 25, 11, 59, tzinfo=UTC)) == \
        dt.datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
    # The Saturday before, the same window opened at 08:00 UTC.
    assert cw.is_open(windows, dt.datetime(2026, 10, 24, 8, 0, tzinfo=UTC))
    assert not cw.is_open(windows, dt.datetime(2026, 10, 25, 8, 30, tzinfo=UTC))


def test_windows_keep_london_wall_clock_across_the_march_change():
    windows = cw.parse(MORNINGS)
    # Sunday 29 March 2026: clocks go forward; 09:00 in London is 08:00 UTC.
    assert cw.next_allowed(windows, dt.datetime(2026, 3, 28, 22, 0, tzinfo=UTC)) == \
        dt.datetime(2026, 3, 29, 8, 0, tzinfo=UTC)


def test_weekday_windows_skip_the_weekend_and_midnight_ends_a_day():
    windows = cw.parse([{"days": [0, 1, 2, 3, 4], "start": "18:00", "end": "24:00"}])
    friday_late = dt.datetime(2026, 11, 27, 23, 30, tzinfo=UTC)  # GMT in November
    assert cw.is_open(windows, friday_late)
    assert cw.window_end(windows, friday_late) == dt.datetime(2026, 11, 28, 0, 0, tzinfo=UTC)
    assert cw.next_start(windows, friday_late) == dt.datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def test_no_windows_means_any_time_and_bad_windows_are_refused():
    anytime = dt.datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert cw.is_open([], anytime) and cw.next_allowed([], anytime) == anytime
    for bad in ([{"days": [], "start": "09:00", "end": "10:00"}],
                [{"days": [7], "start": "09:00", "end": "10:00"}],
                [{"days": [1], "start": "10:00", "end": "10:00"}]):
        try:
            cw.parse(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad}")


def test_an_overnight_window_runs_into_the_next_morning():
    # Friday nights only, 21:00 to 07:00 (November: London is on UTC).
    windows = cw.parse([{"days": [4], "start": "21:00", "end": "07:00"}])
    assert cw.is_open(windows, dt.datetime(2026, 11, 27, 23, 0, tzinfo=UTC))  # Friday 23:00
    assert cw.is_open(windows, dt.datetime(2026, 11, 28, 6, 30, tzinfo=UTC))  # Saturday 06:30
    assert not cw.is_open(windows, dt.datetime(2026, 11, 28, 7, 0, tzinfo=UTC))
    assert not cw.is_open(windows, dt.datetime(2026, 11, 27, 6, 30, tzinfo=UTC))  # Friday 06:30
    assert cw.window_end(windows, dt.datetime(2026, 11, 28, 1, 0, tzinfo=UTC)) == \
        dt.datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    assert cw.next_allowed(windows, dt.datetime(2026, 11, 28, 12, 0, tzinfo=UTC)) == \
        dt.datetime(2026, 12, 4, 21, 0, tzinfo=UTC)


def test_weekly_summary_goes_on_monday_in_the_first_window():
    windows = cw.parse([{"days": [0], "start": "10:30", "end": "12:00"}])
    wednesday = dt.datetime(2026, 10, 21, 12, 0, tzinfo=UTC)
    # Monday 26 October, after the clocks went back: 10:30 London is 10:30 UTC.
    assert cw.summary_time(windows, wednesday) == dt.datetime(2026, 10, 26, 10, 30, tzinfo=UTC)


def test_worker_holds_an_update_until_sunday_morning_after_the_clocks_go_back(
        make, providers, contactable, run_worker):
    victim = contactable(channels=["sms"], preference={"windows": MORNINGS})
    case = make.case(victims=[victim])
    with time_machine.travel(dt.datetime(2026, 10, 24, 20, 0, tzinfo=UTC), tick=False):
        make.update(case, UpdateEvent.HEARING_LISTED)
        run_worker()
    [row] = notifications()
    assert row.not_before == dt.datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert row.reason == "window"
    # 08:30 UTC on Sunday is 08:30 in London now, not 09:30: still outside the window.
    with time_machine.travel(dt.datetime(2026, 10, 25, 8, 30, tzinfo=UTC), tick=False):
        run_worker()
    assert providers.sms.received == []
    with time_machine.travel(dt.datetime(2026, 10, 25, 9, 0, 5, tzinfo=UTC), tick=False):
        run_worker()
    assert [r.to for r in providers.sms.accepted] == [victim.phone]


def test_urgent_news_breaks_the_window_only_for_victims_who_allow_it(make, providers,
                                                                      contactable, run_worker):
    allows = contactable(channels=["sms"], preference={"windows": MORNINGS,
                                                       "urgent_may_break_window": True})
    refuses = contactable(channels=["sms"], preference={"windows": MORNINGS,
                                                        "urgent_may_break_window": False})
    case = make.case(victims=[allows, refuses])
    with time_machine.travel(dt.datetime(2026, 11, 26, 19, 0, tzinfo=UTC), tick=False):
        make.update(case, UpdateEvent.HEARING_MOVED, "The hearing is now tomorrow.",
                    urgent=True)
        run_worker()
    assert [r.to for r in providers.sms.accepted] == [allows.phone]
    waiting = [n for n in notifications() if n.victim_id == refuses.id]
    assert waiting[0].not_before == dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_a_victim_not_yet_asked_is_contacted_only_in_the_daytime(make, providers, run_worker):
    victim = make.victim()
    with time_machine.travel(dt.datetime(2026, 11, 26, 23, 0, tzinfo=UTC), tick=False):
        make.update(make.case(victims=[victim]))
        run_worker()
    assert providers.sms.received == []
    assert notifications()[0].not_before == dt.datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def test_a_window_that_closed_after_planning_holds_the_message(make, providers, contactable,
                                                               run_worker):
    victim = contactable(channels=["sms"])
    with time_machine.travel(dt.datetime(2026, 11, 26, 14, 0, tzinfo=UTC), tick=False):
        make.update(make.case(victims=[victim]))
        # The victim changes their mind (a caseworker records it directly in the table, so
        # nothing moves the waiting message): only mornings now.
        make.preferences(victim, windows=MORNINGS)
    with time_machine.travel(dt.datetime(2026, 11, 26, 15, 0, tzinfo=UTC), tick=False):
        run_worker()
    assert providers.sms.received == []
    assert notifications()[0].not_before == dt.datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
