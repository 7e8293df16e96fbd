"""What a victim reads: their cases, each stage explained, hearings, decisions, contacts, rights."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from portal.content.rights import RIGHTS_BY_STAGE
from portal.content.stages import STAGES
from portal.extensions import db
from portal.models import AuditEvent
from portal.models.enums import DecisionKind, HearingKind, HearingOutcome, HearingStatus, Stage
from tests.conftest import page, visible_text

UTC = dt.timezone.utc


@pytest.fixture
def signed_in(client, make, victim_auth):
    victim = make.victim()
    victim_auth.sign_in(victim)
    return victim


@pytest.mark.parametrize("stage", list(Stage))
def test_each_stage_is_explained_with_its_rights(client, make, signed_in, stage):
    case = make.case(victims=[signed_in], stage=stage)
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 200
    text = visible_text(response)
    assert str(STAGES[stage].now) in text
    assert str(STAGES[stage].next) in text
    shown = {int(n) for n in re.findall(r"Right (\d+):", text)}
    assert shown == set(RIGHTS_BY_STAGE[stage])
    current = page(response).find(attrs={"aria-current": "step"})
    assert current is not None and str(STAGES[stage].title) in current.text
    assert "Now" in current.text  # the state is in words, not only colour


def test_next_hearing_in_full_in_london_time(client, make, signed_in):
    case = make.case(victims=[signed_in], stage=Stage.COURT)
    court = make.court(name="Northshire Crown Court")
    # 09:30 UTC on a summer day is 10:30 in London.
    make.hearing(case, starts_at=dt.datetime(2027, 7, 6, 9, 30, tzinfo=UTC), court=court,
                 kind=HearingKind.TRIAL, must_attend=True)
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "Tuesday, 6 July 2027 at 10:30" in text
    assert "Northshire Crown Court" in text and court.address in text
    assert "Yes. You have been asked to go to court as a witness." in text
    assert "Witnesses give evidence" in text


def test_winter_hearing_is_not_shifted(client, make, signed_in):
    case = make.case(victims=[signed_in], stage=Stage.COURT)
    make.hearing(case, starts_at=dt.datetime(2027, 1, 12, 10, 0, tzinfo=UTC))
    assert "12 January 2027 at 10:00" in visible_text(client.get(f"/cases/{case.id}"))


def test_past_hearings_show_what_happened(client, make, signed_in):
    case = make.case(victims=[signed_in], stage=Stage.COURT)
    make.hearing(case, starts_at=dt.datetime(2026, 3, 2, 10, tzinfo=UTC),
                 kind=HearingKind.PLEA_AND_TRIAL_PREPARATION, status=HearingStatus.HEARD,
                 outcome=HearingOutcome.ADJOURNED, outcome_note="The judge was unwell.")
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "Past hearings" in text
    assert "Postponed to a later date" in text and "The judge was unwell." in text
    assert "No hearing has been set" in text


def test_no_further_action_gives_reasons_review_and_support(client, make, signed_in):
    case = make.case(victims=[signed_in], stage=Stage.CLOSED)
    make.decision(case, DecisionKind.NO_FURTHER_ACTION,
                  reasons="Nobody saw the theft and the footage did not show a face.")
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "No further action will be taken" in text
    assert "Nobody saw the theft and the footage did not show a face." in text
    assert "Victims’ Right to Review" in text
    assert "Where to get support" in text and "0808 16 89 111" in text


def test_charge_has_reasons_but_no_review(client, make, signed_in):
    case = make.case(victims=[signed_in], stage=Stage.COURT)
    make.decision(case, DecisionKind.CHARGED, reasons="His fingerprints were found.")
    text = visible_text(client.get(f"/cases/{case.id}"))
    assert "Someone has been charged" in text and "His fingerprints were found." in text
    assert "Right to Review" not in text


def test_sentence_length_in_words(client, make, signed_in):
    case = make.case(victims=[signed_in], stage=Stage.SENTENCE)
    make.decision(case, DecisionKind.SENTENCE, reasons="It was planned.", sentence_months=18)
    assert "Prison sentence of 18 months." in visible_text(client.get(f"/cases/{case.id}"))


def test_who_to_contact_now(client, make, signed_in):
    team = make.team(name="Northshire Witness Care Unit")
    contact = make.caseworker(team=team, name="Jo Bennett", phone="+447700900321")
    case = make.case(victims=[signed_in], stage=Stage.COURT, contact=contact)
    soup = page(client.get(f"/cases/{case.id}"))
    aside = soup.find(id="contact-heading").parent
    text = " ".join(aside.get_text(" ").split())
    assert "Jo Bennett" in text and "Northshire Witness Care Unit" in text
    assert "07700 900321" in text
    assert "Monday to Friday, 09:00 to 17:00" in text
    assert aside.find("a", href="tel:+447700900321") is not None


def test_glossary_explains_the_legal_words_used(client, make, signed_in):
    case = make.case(victims=[signed_in], stage=Stage.COURT)
    make.hearing(case, kind=HearingKind.PLEA_AND_TRIAL_PREPARATION)
    soup = page(client.get(f"/cases/{case.id}"))
    terms = [dt_.get_text(strip=True) for dt_ in soup.select(".portal-glossary dt")]
    assert "Defendant" in terms and "Hearing" in terms
    # Only the words the page shows: none of these is on a court-stage page like this one.
    assert not {"Bail", "Licence", "Exclusion zone", "Remand"} & set(terms)
    shown = soup.find("main").get_text(" ").lower().split("words used on this page")[0]
    assert ("plea" in shown) == ("Plea" in terms)

    # The caseworker's words are read too: an update that says "bail" brings its meaning.
    make.update(case, text="He was given bail at the hearing and must not contact you.")
    soup = page(client.get(f"/cases/{case.id}"))
    bail = [dt_ for dt_ in soup.select(".portal-glossary dt") if dt_.get_text(strip=True) == "Bail"]
    assert bail and "not contacting you" in bail[0].find_next_sibling("dd").get_text()


def test_another_victims_case_is_404_and_audited(client, make, signed_in):
    other = make.victim()
    their_case = make.case(victims=[other])
    response = client.get(f"/cases/{their_case.id}")
    assert response.status_code == 404
    assert their_case.crime_reference not in response.get_data(as_text=True)
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.refused")).one()
    assert event.actor_id == signed_in.id
    assert event.detail == {"requested_case_id": their_case.id}


@pytest.mark.parametrize("path", ["/cases/abc", "/cases/-1", "/cases/99999999", "/cases/1.5"])
def test_malformed_or_unknown_case_id_is_404(client, signed_in, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in page(response).h1.text


def test_viewing_a_case_is_audited(client, make, signed_in):
    case = make.case(victims=[signed_in])
    client.get(f"/cases/{case.id}")
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case.viewed")).one()
    assert (event.case_id, event.actor_kind, event.actor_id) == (case.id, "victim", signed_in.id)


def test_case_list_shows_each_case_with_stage_and_next_step(client, make, signed_in):
    first = make.case(victims=[signed_in], stage=Stage.COURT)
    make.hearing(first, starts_at=dt.datetime(2027, 2, 1, 10, tzinfo=UTC))
    second = make.case(victims=[signed_in], stage=Stage.REPORTED)
    make.case(victims=[make.victim()])  # someone else's
    soup = page(client.get("/cases"))
    items = soup.select(".portal-case-list__item")
    assert len(items) == 2
    text = visible_text(client.get("/cases"))
    assert first.crime_reference in text and second.crime_reference in text
    assert "Trial on Monday, 1 February 2027 at 10:00" in text
    assert str(STAGES[Stage.REPORTED].next) in text


def test_a_case_with_two_victims_is_seen_by_both(client, make, victim_auth):
    one, two = make.victim(), make.victim()
    case = make.case(victims=[one, two])
    for victim in (one, two):
        victim_auth.sign_in(victim)
        assert client.get(f"/cases/{case.id}").status_code == 200
        victim_auth.sign_out()


def test_case_pages_are_not_cached(client, make, signed_in):
    case = make.case(victims=[signed_in])
    for path in ("/cases", f"/cases/{case.id}"):
        assert "no-store" in client.get(path).headers["Cache-Control"]


def test_signed_out_visitor_is_sent_to_sign_in(client, make):
    case = make.case(victims=[make.victim()])
    response = client.get(f"/cases/{case.id}")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_court_and_team_in_wales_are_named_in_welsh_for_a_welsh_reader(client, make,
                                                                       signed_in):
    court = make.court(name="Aberglas Magistrates' Court")
    court.name_cy = "Llys Ynadon Aberglas"
    team = make.team(name="Dyfed Valleys Witness Care Unit")
    team.name_cy = "Uned Gofal Tystion Cymoedd Dyfed"
    case = make.case(victims=[signed_in], stage=Stage.COURT, team=team)
    make.hearing(case, court=court, must_attend=True)
    english = visible_text(client.get(f"/cases/{case.id}"))
    assert "Aberglas Magistrates' Court" in english and "Llys Ynadon" not in english
    assert "Dyfed Valleys Witness Care Unit" in english
    signed_in.language = "cy"
    db.session.commit()
    welsh = visible_text(client.get(f"/cases/{case.id}"))
    assert "Llys Ynadon Aberglas" in welsh and "Magistrates" not in welsh
    assert "Uned Gofal Tystion Cymoedd Dyfed" in welsh and "Witness Care Unit" not in welsh
