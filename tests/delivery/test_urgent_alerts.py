"""Urgent alerts about the offender through the real delivery engine (issue 14): an escape is
sent at once, even outside the victim's window when they allow urgent news to break it; the
worker sends it again every ALERT_REPEAT_MINUTES until the victim confirms they have read it;
still unread after ALERT_ESCALATE_HOURS, the team gets a phone task, once; once read, nothing
more goes and nobody is asked to call."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AlertReceipt, TaskKind, Update
from portal.models.enums import Stage, TeamKind, UpdateEvent
from portal.services.case_file import alerts, plain_english
from tests.delivery.helpers import notifications, tasks_of

UTC = dt.timezone.utc
# Thursday 26 November 2026, 10:00 (London is on UTC in winter).
START = dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
EVENINGS = [{"days": [0, 1, 2, 3, 4], "start": "18:00", "end": "20:00"}]


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scheme_case(make, contactable):
    victim = contactable(channels=["sms"], phone="+447700900456",
                         preference={"windows": EVENINGS, "urgent_may_break_window": True})
    case = make.case(victims=[victim], stage=Stage.AFTER_SENTENCE,
                     team=make.team(TeamKind.PROBATION), violent_or_sexual=True)
    return victim, case


def escape(case, make):
    author = make.staff(team=case.team)
    return alerts.record(author, case, "escaped", START - dt.timedelta(minutes=20))


def test_an_escape_is_sent_urgently_and_repeated_until_read_then_a_call(
        app, make, providers, run_worker, clock, scheme_case, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_REPEAT_MINUTES", 30)
    monkeypatch.setitem(app.config, "ALERT_ESCALATE_HOURS", 2)
    victim, case = scheme_case
    alert = escape(case, make)
    update = db.session.get(Update, alert.update_id)
    assert (update.event, update.urgent) == (UpdateEvent.URGENT_ALERT, True)
    assert "escaped from prison" in update.body_text and "0300 060 6699" in update.body_text
    assert plain_english.check(update.body_text, UpdateEvent.URGENT_ALERT).ok
    # Sent at once, though the victim's window is the evening: urgent news breaks it.
    run_worker()
    assert len(providers.sms.accepted) == 1
    assert providers.sms.accepted[0].to == "+447700900456"
    # Not read: 30 minutes on, the worker sends it again; not before.
    clock.shift(dt.timedelta(minutes=10))
    run_worker()
    assert len(providers.sms.accepted) == 1
    clock.shift(dt.timedelta(minutes=21))
    run_worker()
    assert len(providers.sms.accepted) == 2
    assert tasks_of(TaskKind.PHONE_CALL) == []
    # Still not read 2 hours after the alert: a phone task for the team, due now, once.
    clock.shift(dt.timedelta(minutes=90))
    run_worker()
    [call] = tasks_of(TaskKind.PHONE_CALL)
    assert (call.case_id, call.victim_id) == (case.id, victim.id)
    assert call.detail["alert_id"] == alert.id and call.detail["reason"] == "alert_unread"
    assert call.due_by <= dt.datetime.now(UTC)
    clock.shift(dt.timedelta(minutes=31))
    run_worker()
    assert len(tasks_of(TaskKind.PHONE_CALL)) == 1
    receipt = db.session.scalars(select(AlertReceipt)).one()
    assert receipt.sends == len(providers.sms.accepted) >= 3


def test_once_read_it_is_not_sent_again_and_nobody_is_asked_to_call(
        app, make, providers, run_worker, clock, scheme_case, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_REPEAT_MINUTES", 30)
    victim, case = scheme_case
    alert = escape(case, make)
    run_worker()
    assert len(providers.sms.accepted) == 1
    clock.shift(dt.timedelta(minutes=5))
    alerts.confirm_read(victim, case, alert.id)
    clock.shift(dt.timedelta(hours=3))
    run_worker()
    assert len(providers.sms.accepted) == 1
    assert tasks_of(TaskKind.PHONE_CALL) == []
    assert len(notifications()) == 1


def test_the_repeats_stop_at_the_most_allowed(app, make, providers, run_worker, clock,
                                              scheme_case, monkeypatch):
    monkeypatch.setitem(app.config, "ALERT_REPEAT_MINUTES", 30)
    monkeypatch.setitem(app.config, "ALERT_MAX_SENDS", 2)
    _, case = scheme_case
    escape(case, make)
    for _ in range(5):
        run_worker()
        clock.shift(dt.timedelta(minutes=31))
    assert len(providers.sms.accepted) == 2


def test_an_alert_is_urgent_news_for_the_console(make):
    from portal.services.case_file import urgency

    assert urgency.assess(UpdateEvent.URGENT_ALERT, None, "england").urgent


def test_a_welsh_reader_is_not_sent_a_half_welsh_alert(make, clock, scheme_case):
    """Until every paragraph of the alert has its Welsh, a Welsh reader gets the English as
    written (like any update waiting for its words), never a mixture."""
    from portal.models import UpdateTranslation

    victim, case = scheme_case
    victim.language = "cy"
    db.session.commit()
    alert = escape(case, make)
    translations = db.session.scalars(select(UpdateTranslation).where(
        UpdateTranslation.update_id == alert.update_id)).all()
    english = db.session.get(Update, alert.update_id).body_text
    for translation in translations:  # whole, where the catalogue has every paragraph
        english_paragraphs = {p.strip() for p in english.split("\n\n")}
        assert not english_paragraphs & {p.strip() for p in translation.body_text.split("\n\n")}
