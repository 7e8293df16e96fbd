"""A decision letter's duty is met only once every victim has it in their language (issue 13,
"Every word in their language"): the decision update translated into it, or the victim reads
the language the update was written in. Until then the case's next duty says it waits for a
translation."""
from __future__ import annotations

import datetime as dt

import time_machine
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Case, CaseVictim, Update
from portal.models.actions import ObligationKind
from portal.models.enums import DecisionKind, Stage, TeamKind
from portal.services.case_file import (
    due_index,
    obligations,
    update_templates,
    update_translations,
    updates,
)
from portal.services.delivery import dispatcher, reach


def next_weekday_morning() -> dt.datetime:
    day = london.today() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return london.at(day, dt.time(11))


def letter(case_id):
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    return next(o for o in obligations.for_case(case)
                if o.kind == ObligationKind.DECISION_LETTER)


def send_decision_letter(app, make, welsh):
    team = make.team(TeamKind.POLICE)
    worker = make.staff(team=team)
    english = make.victim(name="Sam Taylor")
    make.preferences(english, channels=["email"])
    case = make.case(victims=[v for v in (welsh, english) if v], team=team, contact=worker,
                     stage=Stage.CHARGING)
    decision = make.decision(case, DecisionKind.NO_FURTHER_ACTION,
                             reasons="No one saw the theft and the camera was broken.")
    with app.test_request_context():
        body = update_templates.prefill(case, "no_further_action", None, decision, "en")
        update = updates.post(case, worker, updates.Draft(
            event="no_further_action", body=body, decision_id=decision.id))
    return worker, case, update


def test_the_letter_waits_for_the_welsh_translation_of_what_was_sent(app, make):
    welsh = make.victim(name="Gwen Jones", language="cy")
    make.preferences(welsh, channels=["email"])
    worker, case, update = send_decision_letter(app, make, welsh)
    with time_machine.travel(next_weekday_morning(), tick=False):
        dispatcher.run(drain=True)
    with time_machine.travel(next_weekday_morning() + reach.CALLBACK_WINDOW, tick=False):
        owed = letter(case.id)
        # Sam has it in English; Gwen has only the English words: the duty stays open.
        assert not owed.met and owed.waiting_for_translation
        assert set(owed.not_reached) == {welsh.id}
        assert due_index.note_of(owed) == "translation"  # what the case lists show
        update_translations.attach(worker, db.session.get(Update, update.id), "cy",
                                   "Ni fyddwn yn mynd â'ch achos ymhellach.")
        dispatcher.run(drain=True)
    with time_machine.travel(next_weekday_morning() + 2 * reach.CALLBACK_WINDOW, tick=False):
        assert letter(case.id).met


def test_a_welsh_reader_sent_nothing_still_waits_for_the_translation(app, make):
    """Gwen joins the case after the letter was sent (nothing was sent to her: she reads it on
    her case page). Sam being told in English does not meet the duty while Gwen does not have
    the words in Welsh."""
    worker, case, update = send_decision_letter(app, make, None)
    welsh = make.victim(name="Gwen Jones", language="cy")
    make.preferences(welsh, channels=["email"])
    db.session.add(CaseVictim(case_id=case.id, victim_id=welsh.id))
    db.session.commit()
    with time_machine.travel(next_weekday_morning(), tick=False):
        dispatcher.run(drain=True)
    with time_machine.travel(next_weekday_morning() + reach.CALLBACK_WINDOW, tick=False):
        owed = letter(case.id)
        assert not owed.met and owed.waiting_for_translation
        assert set(owed.not_reached) == {welsh.id}
        update_translations.attach(worker, db.session.get(Update, update.id), "cy",
                                   "Ni fyddwn yn mynd â'ch achos ymhellach.")
        dispatcher.run(drain=True)  # the Welsh words are sent to her now
    with time_machine.travel(next_weekday_morning() + 2 * reach.CALLBACK_WINDOW, tick=False):
        assert letter(case.id).met


def test_a_reader_of_the_updates_own_language_needs_no_translation(app, make):
    worker, case, update = send_decision_letter(app, make, None)
    later = make.victim(name="Ali Khan", language="en")
    db.session.add(CaseVictim(case_id=case.id, victim_id=later.id))
    db.session.commit()
    with time_machine.travel(next_weekday_morning(), tick=False):
        dispatcher.run(drain=True)
    with time_machine.travel(next_weekday_morning() + reach.CALLBACK_WINDOW, tick=False):
        assert letter(case.id).met
    assert db.session.scalars(select(Update)).one().translations == []
