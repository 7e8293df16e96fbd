"""Every word in their language (issue 13): the caseworkers' words outside updates (a decision's
reasons, a hearing's outcome note, the answer about help at court, a reply to a message) wait in
the translation queue for victims who read another language; a caseworker of the case's team or
a translator attaches a translation; another team's caseworker is refused, audited."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Notification, WordsTranslation
from portal.models.enums import DecisionKind, HearingStatus, Role, Stage, TeamKind
from portal.models.types import utcnow
from portal.services.victim_input import conversations, court_needs
from tests.conftest import csrf_token, page, visible_text

REASONS = "There is enough evidence to charge him."
NOTE = "The court needs more time to read the reports."
ANSWER = "You can give evidence from behind a screen."
REPLY = "Yes, the trial is still going ahead."


def words_case(make, welsh_language="cy"):
    """A case with a Welsh reader and an English reader, and one of each kind of words: the
    help at court answer and the reply for each of them."""
    team = make.team(TeamKind.WITNESS_CARE)
    worker = make.staff(team=team, name="Jo Bennett")
    welsh = make.victim(name="Gwen Jones", language=welsh_language)
    english = make.victim(name="Sam Taylor", language="en")
    for victim in (welsh, english):
        make.preferences(victim, channels=["email"])
    case = make.case(victims=[welsh, english], team=team, contact=worker, stage=Stage.COURT)
    decision = make.decision(case, DecisionKind.CHARGED, reasons=REASONS)
    hearing = make.hearing(case, starts_at=utcnow() - dt.timedelta(days=3),
                           status=HearingStatus.HEARD, outcome="adjourned", outcome_note=NOTE,
                           outcome_recorded_at=utcnow() - dt.timedelta(days=2))
    items = {"decision": decision, "hearing": hearing}
    for victim in (welsh, english):
        need = court_needs.ask_for(victim, case, ["screens"], "")[0]
        court_needs.answer(worker, need, "agreed", ANSWER)
        items[f"need_{victim.language}"] = need
        items[f"reply_{victim.language}"] = conversations.reply(worker, case, victim, REPLY)
    return team, worker, welsh, english, case, items


def waiting_links(client) -> set[tuple[str, int, str]]:
    """(kind, item id, language) for each row of other words on the translations page."""
    soup = page(client.get("/staff/translations"))
    found = set()
    for link in soup.select("a[href*='/staff/translations/words/']"):
        kind, item_id, language = link["href"].rsplit("/", 3)[1:]
        found.add((kind, int(item_id), language))
    return found


def expected(items, language="cy"):
    return {("decision_reasons", items["decision"].id, language),
            ("outcome_note", items["hearing"].id, language),
            ("court_help_answer", items[f"need_{language}"].id, language),
            ("reply", items[f"reply_{language}"].id, language)}


def refusals(person) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == person.id))


def path_of(kind, item_id, language):
    return f"/staff/translations/words/{kind}/{item_id}/{language}"


def test_each_kind_of_words_waits_for_a_welsh_reader_not_an_english_one(client, make,
                                                                        staff_login):
    team, worker, welsh, english, case, items = words_case(make)
    staff_login.sign_in_quickly(worker)
    # Four kinds for Gwen, who reads Welsh; nothing for Sam (his own answer and reply are
    # not listed, and the case's words are not listed in English).
    assert waiting_links(client) == expected(items)
    listing = visible_text(client.get("/staff/translations"))
    assert "Gwen Jones" in listing and "Sam Taylor" not in listing
    assert case.crime_reference in listing
    assert "Cymraeg: 4 victims waiting" in " ".join(listing.split())


def test_an_english_reader_waits_for_nothing(client, make, staff_login):
    team, worker, welsh, english, case, items = words_case(make, welsh_language="en")
    staff_login.sign_in_quickly(worker)
    assert waiting_links(client) == set()
    assert "Nobody is waiting for a translation." in visible_text(
        client.get("/staff/translations"))


def test_a_translator_attaches_each_kind_and_sees_no_names(client, make, staff_login):
    team, worker, welsh, english, case, items = words_case(make)
    translator = make.staff(role=Role.TRANSLATOR)
    staff_login.sign_in_quickly(translator)
    assert waiting_links(client) == expected(items)
    listing = visible_text(client.get("/staff/translations"))
    for secret in ("Gwen", "Jones", "Sam Taylor", case.crime_reference):
        assert secret not in listing
    originals = {"decision_reasons": REASONS, "outcome_note": NOTE,
                 "court_help_answer": ANSWER, "reply": REPLY}
    notices = db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.victim_id == welsh.id))
    for kind, item_id, language in sorted(expected(items)):
        path = path_of(kind, item_id, language)
        opened = client.get(path)
        assert opened.status_code == 200
        shown = visible_text(opened)
        assert originals[kind] in shown
        assert case.crime_reference not in shown and "Gwen" not in shown
        field = page(opened).find("textarea", {"name": "body"})
        assert field["lang"] == "cy"
        response = client.post(path, data={"body": f"Cymraeg: {kind}",
                                           "csrf_token": csrf_token(client, path)})
        assert response.status_code == 302, kind
        # Translated once: the page closes, the row leaves the queue.
        assert client.get(path).status_code == 404
    assert waiting_links(client) == set()
    saved = db.session.scalars(select(WordsTranslation)).all()
    assert {(t.kind, t.item_id, t.language, t.translated_by_id) for t in saved} == {
        (kind, item_id, "cy", translator.id) for kind, item_id, _ in expected(items)}
    audited = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "words.translated")).all()
    assert len(audited) == 4 and {a.case_id for a in audited} == {case.id}
    # The translated reply tells Gwen, as the reply did; the other words are not sent again.
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.victim_id == welsh.id)) == notices + 1


def test_an_empty_translation_is_refused_beside_the_field(client, make, staff_login):
    team, worker, welsh, english, case, items = words_case(make)
    staff_login.sign_in_quickly(worker)
    path = path_of("decision_reasons", items["decision"].id, "cy")
    response = client.post(path, data={"body": "   ", "csrf_token": csrf_token(client, path)})
    assert response.status_code == 400 and page(response).find(id="body-error") is not None
    assert db.session.scalars(select(WordsTranslation)).all() == []


@pytest.mark.parametrize("kind", ["decision_reasons", "outcome_note", "court_help_answer",
                                  "reply"])
def test_another_teams_caseworker_gets_404_audited(client, make, staff_login, kind):
    team, worker, welsh, english, case, items = words_case(make)
    outsider = make.staff(team=make.team(TeamKind.POLICE))
    staff_login.sign_in_quickly(outsider)
    assert waiting_links(client) == set()
    item_id = {kind: item_id for kind, item_id, _ in expected(items)}[kind]
    path = path_of(kind, item_id, "cy")
    before = refusals(outsider)
    assert client.get(path).status_code == 404
    assert client.post(path, data={"body": "Cyfieithiad.",
                                   "csrf_token": csrf_token(client, "/staff/translations")}
                       ).status_code == 404
    assert refusals(outsider) == before + 2
    assert db.session.scalars(select(WordsTranslation)).all() == []


def test_words_nobody_waits_for_are_refused_audited(client, make, staff_login):
    team, worker, welsh, english, case, items = words_case(make)
    translator = make.staff(role=Role.TRANSLATOR)
    staff_login.sign_in_quickly(translator)
    before = refusals(translator)
    for path in (path_of("reply", items["reply_en"].id, "cy"),  # Sam's reply: he reads English
                 path_of("court_help_answer", items["need_en"].id, "cy"),
                 path_of("decision_reasons", items["decision"].id, "en"),  # as written
                 path_of("decision_reasons", items["decision"].id, "ar"),  # nobody reads it
                 path_of("statement", items["decision"].id, "cy"),  # no such kind
                 path_of("reply", 2**31 - 1, "cy")):  # no such item
        assert client.get(path).status_code == 404, path
    assert refusals(translator) == before + 6
