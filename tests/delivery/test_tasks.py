"""Phone calls and letters become tasks for the case team; the service the console lists."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from bs4 import BeautifulSoup

from portal.models import TaskKind
from portal.models.enums import UpdateEvent
from portal.services.delivery import letters, tasks
from portal.services.errors import NotFound
from tests.delivery.helpers import notifications, tasks_of

UTC = dt.timezone.utc
EVENINGS = [{"days": [0, 1, 2, 3, 4], "start": "18:00", "end": "20:00"}]


def test_a_phone_call_is_a_task_inside_the_victims_window(make, providers, contactable,
                                                          run_worker):
    victim = contactable(channels=["phone"], phone="+442079460000",
                         preference={"windows": EVENINGS, "voicemail_safe": False})
    case = make.case(victims=[victim])
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC), tick=False):
        update = make.update(case, UpdateEvent.HEARING_LISTED)
        run_worker()
    assert tasks_of() == []  # nobody is asked to call outside the window
    with time_machine.travel(dt.datetime(2026, 11, 26, 18, 5, tzinfo=UTC), tick=False):
        run_worker()
    [task] = tasks_of(TaskKind.PHONE_CALL)
    assert (task.case_id, task.victim_id) == (case.id, victim.id)
    assert task.due_by == dt.datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    assert task.detail == {"update_id": update.id, "voicemail_safe": False, "discreet": False}
    [row] = notifications()
    assert (row.status, row.reason) == ("task", "phone_call_task")
    assert providers.sms.received == [] and providers.email.messages == []


def test_a_letter_is_a_task_with_a_printable_page_in_large_print(app, make, contactable,
                                                                 run_worker):
    victim = contactable(channels=["letter"], name="Gwen Pritchard", language="cy",
                         preference={"postal_address": "1 Heol y Castell\nAberglas\nSA1 1CC",
                                     "large_print": True})
    case = make.case(victims=[victim])
    make.update(case, UpdateEvent.SENTENCE, "He was sentenced to three years.")
    run_worker()
    [task] = tasks_of(TaskKind.LETTER)
    assert task.detail["large_print"] is True
    with app.test_request_context():
        html = letters.letter_page(task)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "cy"
    assert "letter--large-print" in soup.body["class"]
    address = [p.text for p in soup.select(".letter__address p")]
    assert address == ["Gwen Pritchard", "1 Heol y Castell", "Aberglas", "SA1 1CC"]
    assert "He was sentenced to three years." in soup.get_text()
    assert soup.find("link", rel="stylesheet")["href"] == app.jinja_env.globals["asset_url"](
        "letter.css")


def test_only_a_letter_task_has_a_letter_page(app, make):
    case = make.case(victims=[make.victim()])
    task = tasks.tell_case_team(case, TaskKind.SMS_STOPPED)
    with app.test_request_context(), pytest.raises(NotFound):
        letters.letter_page(task)


def test_the_case_team_sees_its_open_tasks_and_can_complete_them(make):
    worker = make.caseworker()
    outsider = make.caseworker()
    case = make.case(victims=[make.victim()], team=worker.team)
    first = tasks.tell_case_team(case, TaskKind.SMS_STOPPED, message_sid="SM1")
    second = tasks.tell_case_team(case, TaskKind.UNKNOWN_OUTCOME)
    from portal.extensions import db

    db.session.commit()
    assert tasks.open_tasks(case) == [first, second]
    assert tasks.for_team(worker.team_id) == [first, second]
    with pytest.raises(NotFound):
        tasks.complete(first.id, outsider)
    done = tasks.complete(first.id, worker)
    assert done.done_by_id == worker.id and done.done_at is not None
    assert tasks.open_tasks(case) == [second]
    assert tasks.for_team(worker.team_id, include_done=True) == [first, second]
