"""Every word in their language, for a review (issue 13 with issue 14): the reasons a team
gives for the outcome of a victim's request for a Victims' Right to Review wait in the
translation queue for a victim who reads another language; the case team or a translator
translates them from the console; the victim's review page then shows the translation, marked
as one, with the English on request (until then the English, marked as English); an English
reader reads the English; another team is refused (404, audited); the victim's download
carries the words and their translation."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, WordsTranslation
from portal.models.enums import DecisionKind, Role, TeamKind
from portal.services.case_file import review_requests as team_reviews
from portal.services.victim_input import review_requests
from tests.caseworker.test_case_page import counting_queries
from tests.caseworker.test_words_translations import waiting_links
from tests.conftest import csrf_token, page, visible_text

WHY = "A second prosecutor read the file. The evidence is not enough to go on."
WELSH = "Darllenodd ail erlynydd y ffeil. Nid oes digon o dystiolaeth i barhau."


@pytest.fixture
def reviewed(make):
    """Gwen (who reads Welsh) and Sam (English) each asked for a review of the CPS's decision
    to stop their shared case; the team gave both outcomes with the same reasons."""
    cps = make.team(TeamKind.PROSECUTION, name="CPS Wessex")
    worker = make.staff(team=cps, name="Sam Okafor")
    gwen = make.victim(name="Gwen Jones", language="cy")
    sam = make.victim(name="Sam Taylor", language="en")
    for victim in (gwen, sam):
        make.preferences(victim, channels=["email"])
    case = make.case(victims=[gwen, sam], team=cps, contact=worker)
    decision = make.decision(case, DecisionKind.CHARGE_DROPPED, team=cps)
    asked = {v.language: review_requests.ask(v, case, decision, None, "email")
             for v in (gwen, sam)}
    return cps, worker, gwen, sam, case, asked


def give_outcome(client, staff_login, worker, case, request, notes=WHY):
    staff_login.sign_in_quickly(worker)
    path = f"/staff/cases/{case.id}/reviews/{request.id}"
    response = client.post(path, data={"status": "upheld", "notes": notes,
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    staff_login.sign_out()


def words_path(request, language="cy"):
    return f"/staff/translations/words/review_outcome/{request.id}/{language}"


def translate(client, staff_login, person, request, text=WELSH):
    staff_login.sign_in_quickly(person)
    path = words_path(request)
    opened = client.get(path)
    assert opened.status_code == 200
    assert WHY in visible_text(opened)
    response = client.post(path, data={"body": text, "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    staff_login.sign_out()


def review_page(client, victim_auth, victim, case, request):
    victim_auth.sign_in(victim)
    response = client.get(f"/cases/{case.id}/reviews/{request.id}")
    assert response.status_code == 200
    return page(response)


def refusals(person) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == person.id))


def test_a_welsh_readers_review_outcome_waits_in_the_queue_an_english_readers_does_not(
        client, make, staff_login, reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    staff_login.sign_in_quickly(worker)
    # Before the outcome there are no reasons to translate.
    assert not {k for k, _, _ in waiting_links(client) if k == "review_outcome"}
    staff_login.sign_out()
    for request in asked.values():
        give_outcome(client, staff_login, worker, case, request)
    staff_login.sign_in_quickly(worker)
    waiting = {row for row in waiting_links(client) if row[0] == "review_outcome"}
    # Gwen's request only: Sam reads English, and each request's reasons are for its victim.
    assert waiting == {("review_outcome", asked["cy"].id, "cy")}
    listing = visible_text(client.get("/staff/translations"))
    assert "Gwen Jones" in listing and "Sam Taylor" not in listing
    assert "Reasons for the result of a review" in listing
    # Sam's reasons, or Gwen's in English, are nobody's to translate: refused.
    assert client.get(words_path(asked["en"])).status_code == 404
    assert client.get(words_path(asked["cy"], "en")).status_code == 404


def test_until_translated_the_welsh_reader_sees_the_english_marked_as_english(
        client, make, staff_login, victim_auth, reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    give_outcome(client, staff_login, worker, case, asked["cy"])
    soup = review_page(client, victim_auth, gwen, case, asked["cy"])
    [words] = [el for el in soup.find_all(attrs={"lang": "en"}) if WHY in el.get_text()]
    assert words.get("dir") == "ltr"
    assert "portal-translation-note" in words.find_next_sibling("p")["class"]
    assert soup.select("details.portal-original-words") == []


@pytest.mark.parametrize("who", ["translator", "case_team"])
def test_once_translated_the_welsh_reader_sees_welsh_marked_as_a_translation(
        client, make, staff_login, victim_auth, reviewed, who):
    cps, worker, gwen, sam, case, asked = reviewed
    for request in asked.values():
        give_outcome(client, staff_login, worker, case, request)
    person = make.staff(role=Role.TRANSLATOR) if who == "translator" else worker
    translate(client, staff_login, person, asked["cy"])
    saved = db.session.scalars(select(WordsTranslation)).one()
    assert (saved.kind, saved.item_id, saved.language, saved.translated_by_id) == (
        "review_outcome", asked["cy"].id, "cy", person.id)
    # The row has left the queue, and the translation page is closed.
    staff_login.sign_in_quickly(person)
    assert ("review_outcome", asked["cy"].id, "cy") not in waiting_links(client)
    assert client.get(words_path(asked["cy"])).status_code == 404
    staff_login.sign_out()

    soup = review_page(client, victim_auth, gwen, case, asked["cy"])
    [shown] = [el for el in soup.select(".govuk-body") if el.get_text(strip=True) == WELSH]
    assert shown.get("lang") is None  # in the page's language
    assert "portal-translation-note" in shown.find_next_sibling("p")["class"]
    # The English is there on request only, inside the details, marked as English.
    [details] = soup.select("details.portal-original-words")
    assert WHY in details.get_text()
    assert details.find(attrs={"lang": "en"}).get_text(strip=True) == WHY
    outside = [s for s in soup.find_all(string=True)
               if WHY in s and s.find_parent("details") is None]
    assert outside == []


def test_an_english_reader_reads_the_english(client, make, staff_login, victim_auth,
                                             reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    for request in asked.values():
        give_outcome(client, staff_login, worker, case, request)
    translate(client, staff_login, worker, asked["cy"])
    soup = review_page(client, victim_auth, sam, case, asked["en"])
    assert WHY in soup.get_text() and WELSH not in soup.get_text()
    assert soup.select("details.portal-original-words") == []
    assert soup.select(".portal-translation-note") == []


def test_a_victim_cannot_open_anothers_review(client, make, staff_login, victim_auth,
                                              reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    give_outcome(client, staff_login, worker, case, asked["en"])
    victim_auth.sign_in(gwen)
    assert client.get(f"/cases/{case.id}/reviews/{asked['en'].id}").status_code == 404


def test_another_team_cannot_translate_it(client, make, staff_login, reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    give_outcome(client, staff_login, worker, case, asked["cy"])
    outsider = make.staff(team=make.team(TeamKind.POLICE))
    staff_login.sign_in_quickly(outsider)
    assert waiting_links(client) == set()
    before = refusals(outsider)
    path = words_path(asked["cy"])
    assert client.get(path).status_code == 404
    assert client.post(path, data={"body": WELSH,
                                   "csrf_token": csrf_token(client, "/staff/translations")}
                       ).status_code == 404
    assert refusals(outsider) == before + 2
    assert db.session.scalars(select(WordsTranslation)).all() == []


def test_the_review_page_keeps_to_the_victim_pages_query_budget(
        client, make, staff_login, victim_auth, reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    give_outcome(client, staff_login, worker, case, asked["cy"])
    translate(client, staff_login, worker, asked["cy"])
    victim_auth.sign_in(gwen)
    path = f"/cases/{case.id}/reviews/{asked['cy'].id}"
    client.get(path)  # warm: the session's own first queries
    db.session.expire_all()
    with counting_queries() as seen:
        response = client.get(path)
    assert WELSH in response.get_data(as_text=True)
    assert len(seen) <= 8, seen


def test_the_download_carries_the_reasons_and_their_translation(
        client, make, staff_login, victim_auth, reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    for request in asked.values():
        give_outcome(client, staff_login, worker, case, request)
    translate(client, staff_login, worker, asked["cy"])
    victim_auth.sign_in(gwen)
    response = client.get("/account/your-information.json")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    [mine] = data["review_requests"]  # Gwen's own; never Sam's
    assert mine["id"] == asked["cy"].id and mine["status"] == "upheld"
    assert mine["outcome_notes"] == WHY
    assert mine["outcome_notes_in_your_language"] == WELSH
    # The readable page shows it as the case pages do: the Welsh, the English on request.
    readable = page(client.get("/account/your-information"))
    assert WELSH in readable.get_text()
    assert any(WHY in d.get_text() for d in readable.select("details.portal-original-words"))


def test_a_record_without_the_console_has_no_words_until_the_outcome(make, reviewed):
    cps, worker, gwen, sam, case, asked = reviewed
    team_reviews.record(worker, case, asked["cy"], "acknowledged")
    from portal.services.case_file import words_translations

    assert [r for r in words_translations.waiting(worker) if r.kind == "review_outcome"] == []
    team_reviews.record(worker, case, asked["cy"], "overturned", WHY)
    [row] = [r for r in words_translations.waiting(worker) if r.kind == "review_outcome"]
    assert (row.item_id, row.language, row.text, row.count) == (asked["cy"].id, "cy", WHY, 1)
    assert row.victim_names == ["Gwen Jones"]
