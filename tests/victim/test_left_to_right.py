"""Phone numbers, email addresses, references and codes in Arabic and Urdu (issue 13, "every word
in their language"): typed into inputs marked ``dir="ltr"``, and shown inside translated
sentences isolated (``<bdi>``), so "+44 7700 900123" never reads "900123 7700 44+" and
"24/NS/0006" never "NS/0006/24"."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models.enums import Stage
from tests.conftest import page


def with_reference(case, reference: str = "24/NS/0006"):
    """The issue's own example: a reference that the bidi algorithm reorders when left alone."""
    case.crime_reference = reference
    db.session.commit()
    return case


def isolated(element) -> bool:
    """Whether the element sits in a <bdi> (or is one), which the bidi algorithm lays out on
    its own, in the direction it says (or its first letter's)."""
    return element.name == "bdi" or element.find_parent("bdi") is not None


@pytest.mark.parametrize("lang", ["ar", "ur", "en"])
def test_sign_in_inputs_for_addresses_and_codes_are_left_to_right(client, lang):
    for path in ("/sign-in", "/sign-in/password"):
        field = page(client.get(f"{path}?lang={lang}")).find("input", {"name": "identifier"})
        assert field["dir"] == "ltr", path
        assert field["spellcheck"] == "false", path


@pytest.mark.parametrize("lang", ["ar", "ur"])
def test_phone_and_email_inputs_on_the_preferences_page_are_left_to_right(client, make,
                                                                          victim_auth, lang):
    victim = make.victim(language=lang, phone="+447700900123")
    victim_auth.sign_in(victim)
    html = page(client.get(f"/preferences?lang={lang}"))
    assert html.find("html")["dir"] == "rtl"
    phone = html.find("input", {"name": "phone"})
    email = html.find("input", {"name": "email"})
    assert (phone["dir"], phone["type"]) == ("ltr", "tel")
    assert (email["dir"], email["type"]) == ("ltr", "email")
    # Text typed in Arabic or Urdu (the interpreter's language) keeps the page's direction.
    assert not html.find("input", {"name": "interpreter_language"}).has_attr("dir")


def test_the_code_input_is_left_to_right(client, make, victim_auth):
    victim = make.victim(language="ar")
    victim_auth.request_code(victim.email)
    field = page(client.get("/sign-in/code?lang=ar")).find("input", {"name": "code"})
    assert field["dir"] == "ltr"


def test_the_right_to_left_stylesheet_keeps_left_to_right_inputs_on_the_right():
    from portal import assets

    css = (assets.PUBLIC / assets.load_manifest()["portal.css"]).read_text(encoding="utf-8")
    assert '[dir=rtl] .govuk-input[dir=ltr]{text-align:right}' in css


def test_references_phone_numbers_names_and_addresses_are_isolated_on_the_arabic_case_page(
        client, make, victim_auth):
    victim = make.victim(language="ar")
    victim_auth.sign_in(victim)
    contact = make.caseworker(name="Jo Bennett", phone="01632 960201")
    case = make.case(victims=[victim], stage=Stage.COURT, contact=contact)
    with_reference(case)
    hearing = make.hearing(case, must_attend=True)
    html = page(client.get(f"/cases/{case.id}?lang=ar"))
    assert (html.find("html")["lang"], html.find("html")["dir"]) == ("ar", "rtl")

    reference = html.find(string=lambda s: s and "24/NS/0006" in s)
    assert reference is not None and isolated(reference.parent), reference
    assert reference.parent["dir"] == "ltr"

    numbers = html.find_all(string=lambda s: s and "01632 960201" in s)
    assert len(numbers) == 2  # what happens next, and who to contact
    for number in numbers:
        assert number.parent.name == "bdi" and number.parent["dir"] == "ltr"

    for words in (hearing.court.name, hearing.court.address, "Jo Bennett"):
        shown = html.find_all(string=lambda s, words=words: s and words in s)
        assert shown, words
        assert all(isolated(s.parent) for s in shown), (words, [s.parent for s in shown])


def test_the_reference_and_court_are_isolated_in_the_arabic_list_of_cases(client, make,
                                                                         victim_auth):
    victim = make.victim(language="ar")
    victim_auth.sign_in(victim)
    case = with_reference(make.case(victims=[victim], stage=Stage.COURT))
    hearing = make.hearing(case, must_attend=True)
    html = page(client.get("/cases?lang=ar"))
    references = html.find_all(string=lambda s: s and "24/NS/0006" in s)
    assert references and all(r.parent.name == "bdi" and r.parent["dir"] == "ltr"
                              for r in references)
    court = html.find(string=lambda s: s and hearing.court.name in s)
    assert court.parent.name == "bdi"


def test_an_english_page_reads_the_same(client, make, victim_auth):
    """Isolating changes nothing an English reader sees."""
    victim = make.victim()
    victim_auth.sign_in(victim)
    case = with_reference(make.case(victims=[victim], stage=Stage.COURT))
    html = page(client.get(f"/cases/{case.id}"))
    caption = " ".join(html.select_one(".govuk-caption-l").get_text().split())
    assert caption.endswith("Crime reference: 24/NS/0006")
