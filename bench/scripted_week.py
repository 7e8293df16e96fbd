"""A scripted working week on the demo data: what the Victims' Code duties look like after a
team works Monday to Friday with the delivery worker running.

The demo is loaded on Monday 08:00 into a database of its own (a temporary SQLite file; never
DATABASE_URL). Then, for each day:
- the worker runs every hour from 08:00 to 20:00 (the development outbox stands in for the
  providers: texts and emails are "sent", and a text counts once an hour has passed without a
  failure);
- at 09:30 the case teams post the pre-filled update for every duty to tell victims that is
  due or overdue (hearings, outcomes, decision letters, release), and record the first-contact
  duties (needs assessment, referral, written confirmation) that are due;
- at 11:00 and 15:00 they work the task queue: 7 calls in 10 reach the victim (the rest are
  tried again the next morning), every letter is posted, every failed message is followed up.
On Friday at 18:00 it counts every duty on every demo case by kind: met on time, met late,
overdue, still due.

    .venv/bin/python bench/scripted_week.py
"""
from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import time_machine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MONDAY = dt.date(2026, 12, 7)
TELL = ("hearing_date_told", "hearing_outcome_told", "decision_letter", "release_contact")
FIRST_CONTACT = ("written_confirmation", "needs_assessment", "support_referral",
                 "vcs_referral", "personal_statement")


def main() -> None:
    folder = tempfile.mkdtemp(prefix="scripted-week-")
    os.environ.pop("DATABASE_URL", None)
    from portal import create_app, london

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/week.db",
                      "UPLOAD_FOLDER": folder, "DEV_OUTBOX": True})
    rng = random.Random(7)
    with app.app_context(), time_machine.travel(london.at(MONDAY, dt.time(8)), tick=False) as t:
        from flask_migrate import upgrade

        from portal import demo
        from portal.extensions import db

        upgrade()
        demo.load(MONDAY)
        db.session.commit()
        for offset in range(5):
            day = MONDAY + dt.timedelta(days=offset)
            for hour in range(8, 21):
                t.move_to(london.at(day, dt.time(hour, 5)))
                _run_worker()
                if hour == 9:
                    t.move_to(london.at(day, dt.time(9, 30)))
                    with app.test_request_context():
                        _post_what_is_owed(london.at(day, dt.time(9, 30)))
                if hour in (11, 15):
                    _work_the_queue(rng, london.at(day, dt.time(hour, 30)))
                if hour == 14:
                    with app.test_request_context():
                        _translate_what_waits()
                        _ask_preferences(london.at(day, dt.time(14, 30)))
        t.move_to(london.at(MONDAY + dt.timedelta(days=4), dt.time(18)))
        _report(london.at(MONDAY + dt.timedelta(days=4), dt.time(18)))


def _run_worker() -> None:
    from portal.services.delivery import dispatcher

    dispatcher.run(drain=True)


def _post_what_is_owed(now: dt.datetime) -> None:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Case, CaseAction, Caseworker
    from portal.models.enums import Role, UpdateEvent
    from portal.services.case_file import obligations, update_templates, updates

    cases = db.session.scalars(select(Case).options(*obligations.load_options())).all()
    for case in cases:
        author = case.contact or db.session.scalar(select(Caseworker).where(
            Caseworker.team_id == case.team_id, Caseworker.role != Role.ADMIN).limit(1))
        if author is None:
            continue
        for owed in obligations.for_case(case, now=now):
            if owed.met or owed.waiting_on is not None or owed.triggered_at > now:
                continue
            if owed.kind in FIRST_CONTACT:
                db.session.add(CaseAction(case_id=case.id, kind=owed.kind, caseworker_id=author.id,
                                          at=now, details="Done at the first contact call."))
                db.session.commit()
                continue
            if owed.kind not in TELL:
                continue
            event, about = _event_for(owed)
            if event is None:
                continue
            body = update_templates.prefill(case, event, owed.hearing, owed.decision, "en")
            draft = updates.Draft(event=event, body=body, language="en",
                                  hearing_id=getattr(owed.hearing, "id", None),
                                  decision_id=getattr(owed.decision, "id", None))
            try:
                updates.post(case, author, draft)
            except Exception as error:  # noqa: BLE001  (a script: report and carry on)
                db.session.rollback()
                print(f"  could not post {event} on {case.crime_reference}: {error}")
    del UpdateEvent


def _event_for(owed):
    from portal.models.enums import DecisionKind, HearingStatus, UpdateEvent

    if owed.kind == "hearing_date_told" and owed.hearing is not None:
        status = owed.hearing.status
        event = {HearingStatus.MOVED: UpdateEvent.HEARING_MOVED,
                 HearingStatus.VACATED: UpdateEvent.HEARING_VACATED}.get(
            status, UpdateEvent.HEARING_LISTED)
        return event, None
    if owed.kind == "hearing_outcome_told" and owed.hearing is not None:
        return UpdateEvent.HEARING_OUTCOME, None
    if owed.kind == "decision_letter" and owed.decision is not None:
        return {DecisionKind.NO_FURTHER_ACTION: UpdateEvent.NO_FURTHER_ACTION,
                DecisionKind.OUT_OF_COURT: UpdateEvent.NO_FURTHER_ACTION,
                DecisionKind.CHARGE_DROPPED: UpdateEvent.CHARGE_DROPPED,
                DecisionKind.CHARGE_CHANGED: UpdateEvent.CHARGE_CHANGED}.get(
            owed.decision.decision_kind), None
    if owed.kind == "release_contact":
        return UpdateEvent.OFFENDER_RELEASED, None
    return None, None


def _translate_what_waits() -> None:
    """The translator attaches the caseworkers' words in each language victims wait for."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Caseworker
    from portal.models.enums import Role
    from portal.services.case_file import update_translations

    translator = db.session.scalar(select(Caseworker).where(Caseworker.role == Role.TRANSLATOR))
    if translator is None:
        return
    for row in update_translations.waiting(translator):
        update_translations.attach(translator, row.update, row.language,
                                   f"({row.language}) {row.update.body_text}")


def _ask_preferences(now: dt.datetime) -> None:
    """A caseworker calls each victim not yet asked how to be contacted and records the
    answers: the victim's current choices, said aloud."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Case, Victim
    from portal.services import preferences

    for victim in db.session.scalars(select(Victim)).all():
        if not preferences.needs_asking(victim) or not victim.case_links:
            continue
        case = db.session.get(Case, victim.case_links[0].case_id)
        if case.contact is None:
            continue
        try:
            preferences.save(victim, preferences.current_values(victim), recorded_by=case.contact)
        except Exception as error:  # noqa: BLE001
            db.session.rollback()
            print(f"  could not record preferences for victim {victim.id}: {error}")


def _work_the_queue(rng: random.Random, now: dt.datetime) -> None:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Caseworker, Task
    from portal.models.enums import Role
    from portal.services.case_file import task_queue

    for task in db.session.scalars(select(Task).where(Task.done_at.is_(None))).all():
        if task.retry_at is not None and task.retry_at > now:
            continue
        person = db.session.scalar(select(Caseworker).where(
            Caseworker.team_id == task.case.team_id, Caseworker.role != Role.ADMIN).limit(1))
        outcomes = task_queue.OUTCOMES.get(task.kind, ("noted",))
        if task.kind == "phone_call":
            if rng.random() < 0.7:
                task_queue.record(person, task, "reached", now=now)
            else:
                task_queue.record(person, task, "no_answer", retry_at=now + dt.timedelta(
                    hours=20), now=now)
        else:
            task_queue.record(person, task, str(outcomes[0]), now=now)


def _report(now: dt.datetime) -> None:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Case, Notification
    from portal.services.case_file import obligations

    cases = db.session.scalars(select(Case).options(*obligations.load_options())).all()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for owed in obligations.for_cases(cases, now).values():
        for item in owed:
            by_kind[str(item.kind)][item.state(now)] += 1
    print(f"{len(cases)} demo cases, Monday {MONDAY} to Friday 18:00")
    print(f"{'duty':24} {'on time':>8} {'late':>6} {'overdue':>8} {'due':>5}")
    totals = Counter()
    for kind in sorted(by_kind):
        c = by_kind[kind]
        totals.update(c)
        print(f"{kind:24} {c['met']:>8} {c['met_late']:>6} {c['overdue']:>8} {c['due']:>5}")
    print(f"{'all':24} {totals['met']:>8} {totals['met_late']:>6} {totals['overdue']:>8} "
          f"{totals['due']:>5}")
    statuses = Counter(db.session.scalars(select(Notification.status)).all())
    print("messages:", dict(statuses))
    for case_id, owed in obligations.for_cases(cases, now).items():
        for item in owed:
            if item.state(now) in ("overdue", "due"):
                why = ", ".join(f"{r.state}" + (f" ({r.reason})" if r.reason else "")
                                for r in item.not_reached.values()) or "nothing sent"
                print(f"  {item.state(now)}: {item.kind} on case {case_id}: {why}")


if __name__ == "__main__":
    main()
