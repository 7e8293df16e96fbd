"""The console in a real browser (Debian's Chromium) 320 px wide: no page scrolls sideways, and
axe finds no serious or critical accessibility problem. The checker script runs as the
caseworker types."""
from __future__ import annotations

import datetime as dt
import threading

import pyotp
import pytest
from werkzeug.serving import make_server

from portal.models.enums import DecisionKind
from portal.models.types import utcnow

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def console_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed (make browser)")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def test_console_pages_fit_320_pixels_and_pass_axe(app, make, console_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    secret = pyotp.random_base32()
    person = make.staff(totp_secret=secret, name="Jo Bennett")
    victim = make.victim(name="Katarzyna Nowak-Wiśniewska", language="pl")
    case = make.case(contact=person, victims=[victim])
    make.hearing(case, starts_at=utcnow() + dt.timedelta(days=9), must_attend=True)
    make.decision(case, DecisionKind.CHARGED,
                  reasons="There was enough evidence to charge him with burglary.")
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.set_default_timeout(5000)
    page.goto(f"{console_server}/staff/sign-in")
    page.fill("#email", person.email)
    page.fill("#password", "quiet harbour lantern seven")
    page.click("main button[type=submit]")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("main button[type=submit]")
    assert page.url.endswith("/staff/cases")

    axe = Axe()
    # Every page is measured; axe (about 1.5 s a page here) runs on one page of each kind.
    for path, audit in (("/staff/cases", True), ("/staff/team", False),
                        (f"/staff/cases/{case.id}", True),
                        (f"/staff/cases/{case.id}/history", False),
                        (f"/staff/cases/{case.id}/hearings/new", True),
                        (f"/staff/cases/{case.id}/updates/new?event=general", True),
                        ("/staff/account", False)):
        page.goto(console_server + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
        if audit:
            results = axe.run(page)
            serious = [v["id"] for v in results.response["violations"]
                       if v["impact"] in ("serious", "critical")]
            assert serious == [], (path, serious)

    # As the caseworker types, the server's checker answers into the live region.
    page.goto(f"{console_server}/staff/cases/{case.id}/updates/new?event=general")
    page.fill("#body", "The OIC will call you about the case you were involved in.")
    # (A locator, not wait_for_function: the page's CSP rightly refuses eval.)
    page.locator("#checker-warnings li", has_text="OIC").first.wait_for()
    assert "the officer dealing with your case" in page.inner_text("#checker-result")
    page.click("button[name=check]")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert "What each victim will get" in page.inner_text("main")
    page.close()
