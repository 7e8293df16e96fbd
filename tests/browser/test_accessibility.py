"""axe-core's WCAG 2.2 A and AA rules, sideways scrolling and the skip link, on every page the
victim's journeys reach, in English and Arabic, at 320x640 and 1280x800."""
from __future__ import annotations

import pytest

from tests.browser.harness import LAPTOP, PHONE


def submit(visit):
    """Send the form in the page's main content (the navigation has a sign-out form too)."""
    visit.page.locator("main [type=submit]").click()
    visit.ready()


def _signed_in(visit, data, lang):
    scenario = data.victim_with_cases(language=lang)
    visit.open("/", lang=lang)
    visit.sign_in_with_code(scenario.victim.email)
    return scenario


def start(visit, data, lang):
    visit.open("/", lang=lang)


def sign_in(visit, data, lang):
    visit.open("/sign-in", lang=lang)


def sign_in_with_an_error(visit, data, lang):
    visit.open("/sign-in", lang=lang)
    submit(visit)


def code(visit, data, lang):
    visit.open("/", lang=lang)
    visit.request_code(data.make.victim(language=lang).email)


def code_with_an_error(visit, data, lang):
    code(visit, data, lang)
    visit.page.locator("#code").fill("12345")
    submit(visit)


def password_sign_in(visit, data, lang):
    visit.open("/sign-in/password", lang=lang)


def password_sign_in_with_an_error(visit, data, lang):
    visit.open("/sign-in/password", lang=lang)
    visit.page.locator("#identifier").fill("someone@example.org")
    visit.page.locator("#password").fill("not the password")
    submit(visit)


def cases(visit, data, lang):
    _signed_in(visit, data, lang)
    visit.open("/cases", lang=lang)


def case(visit, data, lang):
    scenario = _signed_in(visit, data, lang)
    visit.open(f"/cases/{scenario.case.id}", lang=lang)


def closed_case_with_review_rights(visit, data, lang):
    scenario = _signed_in(visit, data, lang)
    visit.open(f"/cases/{scenario.closed_case.id}", lang=lang)


def set_password(visit, data, lang):
    _signed_in(visit, data, lang)
    visit.open("/account/password", lang=lang)


def set_password_with_an_error(visit, data, lang):
    set_password(visit, data, lang)
    visit.page.locator("#password").fill("too short")
    submit(visit)


def page_not_found(visit, data, lang):
    response = visit.open("/no-such-page", lang=lang)
    assert response.status == 404


def signed_out(visit, data, lang):
    _signed_in(visit, data, lang)
    visit.open("/cases", lang=lang)
    visit.page.locator("#navigation button").click()
    visit.ready()


PAGES = [start, sign_in, sign_in_with_an_error, code, code_with_an_error, password_sign_in,
         password_sign_in_with_an_error, cases, case, closed_case_with_review_rights,
         set_password, set_password_with_an_error, page_not_found, signed_out]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("reach", PAGES, ids=[p.__name__ for p in PAGES])
def test_page_is_accessible_at_phone_and_laptop_width(visit, data, reach, lang):
    reach(visit, data, lang)
    html = visit.page.locator("html")
    assert html.get_attribute("lang") == ("ar" if lang == "ar" else "en-GB")
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    visit.assert_accessible((PHONE, LAPTOP))
