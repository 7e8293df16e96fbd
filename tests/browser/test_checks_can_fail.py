"""The checks catch what they are for: each test breaks a page on purpose, in the browser, and
asserts the checker reports it. (A checker that never fails proves nothing.)"""
from __future__ import annotations

import pytest

from tests.browser import checks
from tests.browser.harness import PHONE, ChromiumUnavailable, launch_chromium


def failure(visit) -> str:
    with pytest.raises(AssertionError) as raised:
        visit.assert_accessible((PHONE,))
    return str(raised.value)


def test_a_field_without_its_label_fails(visit):
    visit.open("/sign-in")
    assert checks.problems(visit.page) == []
    visit.page.evaluate("() => document.querySelector('label[for=identifier]').remove()")
    report = failure(visit)
    assert "axe label (critical): Form elements must have labels at #identifier" in report


def test_a_missing_skip_link_fails(visit):
    visit.open("/sign-in")
    visit.page.evaluate("() => document.querySelector('.govuk-skip-link').remove()")
    assert "there is no skip link" in failure(visit)


def test_a_skip_link_that_is_not_first_fails(visit):
    visit.open("/")
    visit.page.evaluate("() => document.querySelector('footer').append("
                        "document.querySelector('.govuk-skip-link'))")
    assert "the skip link is not the first thing Tab reaches" in failure(visit)


def test_something_too_wide_for_a_phone_fails(visit):
    visit.open("/")
    visit.page.evaluate("""() => {
        const wide = document.createElement('pre');
        wide.id = 'too-wide';
        wide.textContent = 'NS/24/0001-'.repeat(60);
        document.querySelector('main').append(wide);
    }""")
    report = failure(visit)
    assert "the page scrolls sideways at 320px" in report and "pre#too-wide" in report


def test_a_missing_chromium_fails_and_says_so(chromium):
    with pytest.raises(ChromiumUnavailable, match="/nonexistent/chromium does not exist"):
        launch_chromium(chromium.browser_type, executable="/nonexistent/chromium")


def test_a_chromium_that_will_not_start_fails_and_says_so(chromium):
    with pytest.raises(ChromiumUnavailable, match="Chromium could not start from /bin/false"):
        launch_chromium(chromium.browser_type, executable="/bin/false")
