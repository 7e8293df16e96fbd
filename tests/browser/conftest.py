"""Browser tests: one live portal and one headless Chromium for the whole run, a fresh browser
context (cookies, storage, history) for every test, and empty tables after each.

Fixtures:
  live_portal    the running portal (session): ``.url(path)``, ``.exit_url``, ``.app``
  chromium       Debian's Chromium (session); the run fails, saying so, if it cannot start
  portal_settings  extra settings for the live app (session); override it to point the portal
                 at a fake SMS or SMTP server
  data           PortalData in an app context of the live app: ``data.make`` (the factories),
                 ``data.victim_with_cases()``, ``data.messages_to()``, ``data.login_sessions()``
  visit          a Visit in a fresh context at phone width: ``open``, ``sign_in_with_code``,
                 ``read_code``, ``exit_with_button``, ``exit_with_shift``, ``back``, ``tab_to``,
                 ``assert_accessible`` and Playwright's own ``visit.page``
  new_visit      makes more visits (a second person, a caseworker) in their own contexts
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.harness import PHONE, ChromiumUnavailable, launch_chromium
from tests.browser.harness import live_portal as run
from tests.browser.visit import PortalData, Visit, empty_tables

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items) -> None:
    """Every test in this folder drives a browser: mark it so (`-m "not browser"` skips them
    on purpose, never by accident)."""
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def portal_settings() -> dict:
    """Settings the live app starts with, on top of the test configuration."""
    return {}


@pytest.fixture(scope="session")
def live_portal(portal_settings):
    """The portal on 127.0.0.1 and a free port, with its own database: a temporary SQLite file,
    or a database beside TEST_DATABASE_URL's. "Exit this page" leads to a local neutral page."""
    with run(os.environ.get("TEST_DATABASE_URL"), **portal_settings) as portal:
        yield portal


@pytest.fixture(scope="session")
def chromium():
    playwright = sync_playwright().start()
    try:
        browser = launch_chromium(playwright.chromium)
    except ChromiumUnavailable as error:
        problem = str(error)
    else:
        problem = None
    if problem:
        playwright.stop()
        pytest.fail(f"The browser tests cannot run: {problem}", pytrace=False)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def _fresh_live_database(request):
    """Runs around every browser test, outermost: after the test (and its browser contexts)
    has finished, empty the live server's tables, and fail the test if the server answered any
    request with a 5xx error."""
    if "live_portal" not in request.fixturenames:
        yield
        return
    portal = request.getfixturevalue("live_portal")
    portal.errors.seen.clear()
    yield
    with portal.app.app_context():
        empty_tables()
    errors, portal.errors.seen[:] = list(portal.errors.seen), []
    assert not errors, f"the server failed: {errors}"


@pytest.fixture
def data(live_portal):
    """Factories and look-ups against the live server's database, in an app context of the live
    app held for the test."""
    with live_portal.app.app_context():
        yield PortalData()


@pytest.fixture
def new_visit(live_portal, chromium):
    """Makes a Visit in a fresh browser context (its own cookies and history); closed after the
    test. Page errors and Content-Security-Policy violations fail the test."""
    contexts = []
    problems: list[str] = []

    def make(viewport: dict = PHONE, **context_options) -> Visit:
        context = chromium.new_context(viewport=viewport, locale="en-GB", **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", lambda message: problems.append(f"console: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None)
        return Visit(live_portal, page, chromium)

    yield make
    for context in contexts:
        context.close()
    assert not problems, f"the browser reported: {problems}"


@pytest.fixture
def visit(new_visit) -> Visit:
    """A person on a phone-sized screen (320x640) in a fresh browser context."""
    return new_visit()
