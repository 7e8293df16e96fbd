"""What a victim may do after each decision, as the official schemes allow it: the Victims'
Right to Review only after no further action (police, once a suspect was interviewed; CPS) or
a CPS decision to stop the case, never after an out-of-court disposal or a changed charge;
asked within 3 months of being told, with the date; the Unduly Lenient Sentence scheme after a
Crown Court sentence, with its 28-day date. The case page and the update templates agree."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification
from portal.models.enums import DecisionKind, HearingKind, HearingOutcome, Stage, TeamKind
from portal.models.enums import UpdateEvent as E
from portal.models.messaging import DeliveryStatus
from portal.services.case_file import plain_english, update_templates
from tests.conftest import visible_text

D = DecisionKind
UTC = dt.timezone.utc
REVIEW = "Victims’ Right to Review"
ULS = "Unduly Lenient Sentence scheme"
# Each decision kind: whether the review is offered, and by which body.
REVIEW_BY_KIND = {
    D.NO_FURTHER_ACTION: "police", D.CHARGE_DROPPED: "Crown Prosecution Service",
    D.OUT_OF_COURT: None, D.CHARGE_CHANGED: None, D.CHARGED: None, D.VERDICT_GUILTY: None,
    D.VERDICT_NOT_GUILTY: None, D.SENTENCE: None, D.APPEAL: None,
}


@pytest.fixture
def signed_in(client, make, victim_auth):
    victim = make.victim()
    victim_auth.sign_in(victim)
    return victim


@pytest.mark.parametrize("kind", list(D))
def test_the_case_page_offers_a_review_exactly_where_a_scheme_allows_it(client, make,
                                                                         signed_in, kind):
    police = make.team(TeamKind.POLICE)
    case = make.case(victims=[signed_in], stage=Stage.CLOSED, team=police)
    make.decision(case, kind, reasons="The reasons, in plain words.", team=police,
                  sentence_months=0 if kind is D.SENTENCE else None)
    text = visible_text(client.get(f"/cases/{case.id}"))
    body = REVIEW_BY_KIND[kind]
    assert (REVIEW in text) is (body is not None), kind
    if body:
        assert f"ask the {body} to look at the decision again" in text
        assert "within 3 months of being told about the decision" in text
    # A closed case never promises a review in general words.
    assert "how to ask for a review if you disagree" not in text


def test_the_police_review_says_when_it_applies(client, make, signed_in):
    case = make.case(victims=[signed_in], team=make.team(TeamKind.POLICE))
    make.decision(case, D.NO_FURTHER_ACTION, team=case.team)
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "If someone was interviewed as a suspect, you can ask the police" in text


def test_the_date_to_ask_by_runs_from_when_the_victim_was_told(client, make, signed_in):
    cps = make.team(TeamKind.PROSECUTION)
    case = make.case(victims=[signed_in], team=cps)
    decision = make.decision(case, D.CHARGE_DROPPED, team=cps,
                             made_at=dt.datetime(2026, 3, 2, 10, tzinfo=UTC))
    update = make.update(case, E.CHARGE_DROPPED, "The case has been stopped.")
    update.decision_id = decision.id
    notification = db.session.scalars(select(Notification).where(
        Notification.update_id == update.id)).first()
    # Told on 16 March, two weeks after the decision: the 3 months start then.
    notification.status = DeliveryStatus.SENT
    notification.sent_at = dt.datetime(2026, 3, 16, 9, tzinfo=UTC)
    db.session.commit()
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "Ask by Tuesday, 16 June 2026." in text
    assert "3 months from when we told you about the decision" in text


def _sentenced(make, victim, court_name: str, months: int = 18):
    case = make.case(victims=[victim], stage=Stage.CLOSED)
    made_at = dt.datetime(2026, 4, 1, 14, tzinfo=UTC)
    make.hearing(case, starts_at=made_at - dt.timedelta(hours=4), kind=HearingKind.SENTENCING,
                 court=make.court(court_name), outcome=HearingOutcome.SENTENCED)
    decision = make.decision(case, D.SENTENCE, made_at=made_at, sentence_months=months)
    return case, decision


def test_a_crown_court_sentence_gives_the_unduly_lenient_sentence_date(client, make,
                                                                       signed_in):
    case, decision = _sentenced(make, signed_in, "Leeds Crown Court")
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert ULS in text and "Attorney General’s Office" in text
    assert "must reach them by Wednesday, 29 April 2026" in text  # 28 days after 1 April
    prefill = update_templates.prefill(case, E.SENTENCE, decision=decision)
    assert ULS in prefill and "by Wednesday, 29 April 2026" in prefill


def test_a_magistrates_court_sentence_does_not(client, make, signed_in):
    case, decision = _sentenced(make, signed_in, "Leeds Magistrates’ Court", months=0)
    assert ULS not in visible_text(client.get(f"/cases/{case.id}"))
    assert ULS not in update_templates.prefill(case, E.SENTENCE, decision=decision)


def test_a_sentence_without_prison_does_not_promise_a_community_order(make):
    case = make.case(victims=[make.victim()])
    decision = make.decision(case, D.SENTENCE, sentence_months=0,
                             reasons="The court gave a fine of £200.")
    text = update_templates.prefill(case, E.SENTENCE, decision=decision)
    assert "will not go to prison for this crime" in text
    assert "in the community" not in text


@pytest.mark.parametrize(("event", "kind", "offered"), [
    (E.NO_FURTHER_ACTION, D.NO_FURTHER_ACTION, True),
    (E.CHARGE_DROPPED, D.CHARGE_DROPPED, True),
    (E.CHARGE_CHANGED, D.CHARGE_CHANGED, False),
])
def test_the_update_templates_offer_a_review_only_where_it_applies(make, event, kind, offered):
    team = make.team(TeamKind.WITNESS_CARE)
    case = make.case(victims=[make.victim()], team=team)
    decision = make.decision(case, kind, reasons="There was not enough evidence.",
                             team=make.team(TeamKind.PROSECUTION))
    text = update_templates.prefill(case, event, decision=decision)
    assert (REVIEW in text) is offered
    # Witness care posts it; the reasons are the Crown Prosecution Service's.
    assert "reasons the Crown Prosecution Service gave for the decision" in text
    assert "why we made the decision" not in text
    assert plain_english.check(text, event).ok, plain_english.check(text, event).findings


def test_the_checker_no_longer_demands_a_review_for_a_changed_charge():
    text = ("The prosecution service has changed the charge because the injury was less "
            "serious than first thought. You can ask us for more information. Victim Support "
            "can help you.")
    missing = [f.params for f in plain_english.check(text, E.CHARGE_CHANGED).findings
               if f.code == "missing_part"]
    assert missing == []


def test_no_update_about_an_out_of_court_disposal_offers_a_review(make):
    """The charging stage's words, shown to every victim at that stage, promise no review."""
    from portal.content import stages

    assert "how to ask for a review" not in str(stages.STAGES[Stage.CHARGING].next)
    assert "review" not in str(stages.STAGES[Stage.CLOSED].now)
