"""Every word in their language (issue 13): a victim who reads another language sees the
caseworker's words (a decision's reasons, a hearing's outcome note, the answer about help at
court, a reply) translated once a translation is attached, marked as one, with the words their
contact wrote behind a details element; until then, the words as written, marked as English."""
from __future__ import annotations

import datetime as dt

from portal.extensions import db
from portal.models.enums import DecisionKind, HearingStatus, Role
from portal.models.types import utcnow
from portal.services import access
from portal.services.case_file import words_translations
from tests.caseworker.test_case_page import counting_queries
from tests.caseworker.test_words_translations import ANSWER, NOTE, REASONS, REPLY, words_case
from tests.conftest import page

WELSH = {"decision_reasons": "Mae digon o dystiolaeth i'w gyhuddo.",
         "outcome_note": "Mae angen mwy o amser ar y llys.",
         "court_help_answer": "Gallwch roi tystiolaeth o'r tu ôl i sgrin.",
         "reply": "Ydy, mae'r treial yn mynd yn ei flaen."}


def translate_all(make, items, language="cy"):
    translator = make.staff(role=Role.TRANSLATOR)
    for kind, item in (("decision_reasons", items["decision"]),
                       ("outcome_note", items["hearing"]),
                       ("court_help_answer", items[f"need_{language}"]),
                       ("reply", items[f"reply_{language}"])):
        words = access.words_to_translate(translator, kind, item.id, language)
        words_translations.attach(translator, words, language, WELSH[kind])


def pages(client, case):
    return [page(client.get(f"/cases/{case.id}{part}"))
            for part in ("", "/messages", "/court-help")]


def english_only(soup, text):
    """The element holding ``text``, checked to be marked as English, left to right."""
    found = [el for el in soup.find_all(attrs={"lang": "en"}) if text in el.get_text()]
    assert found, text
    assert found[-1].get("dir") == "ltr"
    return found[-1]


def test_until_translated_a_welsh_reader_sees_the_words_marked_as_english(client, make,
                                                                          victim_auth):
    team, worker, welsh, english, case, items = words_case(make)
    victim_auth.sign_in(welsh)
    case_page, messages, court_help = pages(client, case)
    for soup, text in ((case_page, REASONS), (case_page, NOTE), (messages, REPLY),
                       (court_help, ANSWER)):
        english_only(soup, text)
        assert soup.select("details.portal-original-words") == []


def test_a_translation_is_shown_with_the_original_on_request(client, make, victim_auth):
    team, worker, welsh, english, case, items = words_case(make)
    translate_all(make, items)
    victim_auth.sign_in(welsh)
    case_page, messages, court_help = pages(client, case)
    for soup, kind, original in ((case_page, "decision_reasons", REASONS),
                                 (case_page, "outcome_note", NOTE),
                                 (messages, "reply", REPLY),
                                 (court_help, "court_help_answer", ANSWER)):
        shown = [el for el in soup.select(".govuk-body")
                 if el.get_text(strip=True) == WELSH[kind]]
        assert shown and shown[0].get("lang") is None, kind  # in the page's language
        details = [d for d in soup.select("details.portal-original-words")
                   if original in d.get_text()]
        assert len(details) == 1, kind
        assert details[0].select_one("summary").get_text(strip=True)
        words = english_only(details[0], original)
        assert words.find_parent("details") is details[0]
        # The translation is marked as one, and the English is not shown outside the details.
        note = shown[0].find_next_sibling("p")
        assert "portal-translation-note" in note["class"]
        outside = [el for el in soup.find_all(string=True)
                   if original in el and el.find_parent("details") is None]
        assert outside == [], kind


def test_an_english_reader_sees_the_words_as_written(client, make, victim_auth):
    team, worker, welsh, english, case, items = words_case(make)
    translate_all(make, items)
    victim_auth.sign_in(english)
    case_page, messages, court_help = pages(client, case)
    for soup, text in ((case_page, REASONS), (case_page, NOTE), (messages, REPLY),
                       (court_help, ANSWER)):
        assert text in soup.get_text()
        assert soup.select("details.portal-original-words") == []
        assert not any(w in soup.get_text() for w in WELSH.values())


def test_the_case_page_costs_the_same_queries_however_many_words_are_translated(
        client, make, victim_auth):
    team, worker, welsh, english, case, items = words_case(make)
    victim_auth.sign_in(welsh)
    client.get(f"/cases/{case.id}")  # warm: the session's own first queries
    with counting_queries() as before:
        assert client.get(f"/cases/{case.id}").status_code == 200
    translate_all(make, items)
    for day in range(1, 4):  # more decisions and outcome notes, each translated
        decision = make.decision(case, DecisionKind.CHARGED, reasons=f"Reason {day}.")
        hearing = make.hearing(case, starts_at=utcnow() - dt.timedelta(days=10 + day),
                               status=HearingStatus.HEARD, outcome="adjourned",
                               outcome_note=f"Note {day}.")
        translator = make.staff(role=Role.TRANSLATOR)
        for kind, item in (("decision_reasons", decision), ("outcome_note", hearing)):
            words_translations.attach(
                translator, access.words_to_translate(translator, kind, item.id, "cy"), "cy",
                f"Cymraeg {kind} {day}.")
    db.session.expire_all()
    client.get(f"/cases/{case.id}")
    with counting_queries() as after:
        response = client.get(f"/cases/{case.id}")
    assert "Cymraeg decision_reasons 3." in response.get_data(as_text=True)
    assert len(after) == len(before)
