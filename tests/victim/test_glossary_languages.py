"""The glossary is found in the page as rendered, in the reader's language (content/glossary.py,
fragments.with_glossary): the same case explains the same legal words whichever language the
victim reads it in, because each language's catalogue gives the forms its words take."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.extensions import db
from portal.models.enums import DecisionKind, HearingKind, HearingOutcome, Stage
from portal.models.types import utcnow
from tests.conftest import page

DAY = dt.timedelta(days=1)


def cases_at_every_stage(make, victim) -> list:
    """A case at each stage, with the hearings and decisions a case there has."""
    make_case = lambda stage, **values: make.case(victims=[victim], stage=stage,  # noqa: E731
                                                  **values)
    investigation = make_case(Stage.INVESTIGATION)
    charging = make_case(Stage.CHARGING)
    make.decision(charging, DecisionKind.NO_FURTHER_ACTION)
    court = make_case(Stage.COURT)
    make.decision(court, DecisionKind.CHARGED, made_at=utcnow() - 30 * DAY)
    make.hearing(court, kind=HearingKind.PLEA_AND_TRIAL_PREPARATION, must_attend=False)
    make.hearing(court, kind=HearingKind.TRIAL, starts_at=utcnow() + 40 * DAY, must_attend=True)
    outcome = make_case(Stage.OUTCOME)
    make.hearing(outcome, kind=HearingKind.TRIAL, starts_at=utcnow() - 3 * DAY,
                 outcome=HearingOutcome.TRIAL_COMPLETED)
    make.decision(outcome, DecisionKind.VERDICT_GUILTY)
    sentence = make_case(Stage.SENTENCE, violent_or_sexual=True)
    make.decision(sentence, DecisionKind.SENTENCE, sentence_months=30)
    after = make_case(Stage.AFTER_SENTENCE, violent_or_sexual=True)
    make.decision(after, DecisionKind.SENTENCE, sentence_months=48,
                  made_at=utcnow() - 400 * DAY)
    closed = make_case(Stage.CLOSED)
    make.decision(closed, DecisionKind.VERDICT_NOT_GUILTY)
    return [investigation, charging, court, outcome, sentence, after, closed]


def explained(client, case) -> set[str]:
    soup = page(client.get(f"/cases/{case.id}"))
    return {dt_["data-term"] for dt_ in soup.select(".portal-glossary dt")}


@pytest.mark.parametrize("language", ["cy", "pl", "ro", "ur", "ar"])
def test_the_same_words_are_explained_in_every_language(client, make, victim_auth, language):
    victim = make.victim()
    cases = cases_at_every_stage(make, victim)
    victim_auth.sign_in(victim)
    english = {case.id: explained(client, case) for case in cases}
    victim.language = language
    db.session.commit()
    translated = {case.id: explained(client, case) for case in cases}
    assert all(english.values())  # the words were found in English, each page has some
    differences = {case.stage: (sorted(english[case.id] - translated[case.id]),
                                sorted(translated[case.id] - english[case.id]))
                   for case in cases if english[case.id] != translated[case.id]}
    # For each stage: (explained in English only, explained in this language only).
    assert differences == {}
