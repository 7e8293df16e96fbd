"""What every page has: "Exit this page", a skip link, a language switcher, security headers."""
from __future__ import annotations

import pytest

from tests.conftest import page

PUBLIC_PAGES = ["/", "/sign-in", "/sign-in/password", "/no-such-page"]


@pytest.fixture
def victim_pages(client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim])
    victim_auth.sign_in(victim)
    return ["/cases", f"/cases/{case.id}", "/account/password", f"/cases/{case.id + 999}"]


def assert_frame(response):
    soup = page(response)
    exit_button = soup.select_one(".govuk-exit-this-page .govuk-exit-this-page__button")
    assert exit_button is not None, "no Exit this page button"
    assert exit_button["href"] == "/exit"
    assert soup.select_one(".govuk-exit-this-page")["data-module"] == "govuk-exit-this-page"
    skip = soup.select_one("a.govuk-skip-link")
    assert skip is not None and skip["href"] == "#main-content"
    assert soup.find("main", id="main-content") is not None
    assert soup.html["lang"] and soup.html["dir"] in ("ltr", "rtl")
    assert soup.find("h1") is not None
    assert_title_starts_with_h1(soup)
    assert len(soup.select(".portal-languages__item")) == 6


def assert_title_starts_with_h1(soup):
    """The tab's title names the page as its heading does (a screen reader announces the
    title first), and holds no markup."""
    title = " ".join(soup.title.get_text().split())
    heading = " ".join(soup.find("h1").get_text(" ").split())
    assert "<" not in title and soup.title.find(True) is None, title
    assert title.removeprefix("Error: ").removeprefix("Gwall: ").startswith(heading), (
        title, heading)


def assert_headers(response):
    soup = page(response)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    nonce = soup.find("script", nonce=True)["nonce"]
    assert f"'nonce-{nonce}'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_the_frame_and_headers(client, path):
    response = client.get(path)
    assert_frame(response)
    assert_headers(response)


def test_signed_in_pages_have_the_frame_and_headers(client, victim_pages):
    for path in victim_pages:
        response = client.get(path)
        assert_frame(response)
        assert_headers(response)


def test_nonce_changes_with_every_response(client):
    first = page(client.get("/")).find("script", nonce=True)["nonce"]
    second = page(client.get("/")).find("script", nonce=True)["nonce"]
    assert first != second


def test_exit_ends_the_session_and_leaves_for_a_neutral_site(app, client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim])
    victim_auth.sign_in(victim)
    response = client.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"] == app.config["EXIT_URL"]
    assert "cookies" in response.headers["Clear-Site-Data"]
    # Whatever the browser still holds, the case is no longer shown.
    assert client.get(f"/cases/{case.id}").status_code == 302


def test_session_cookie_is_httponly_and_strict(client, make, victim_auth):
    victim_auth.sign_in(make.victim())
    cookie = client.get_cookie("portal_session")
    assert cookie.http_only and cookie.same_site == "Strict"


def test_static_assets_are_served(client):
    soup = page(client.get("/"))
    stylesheet = client.get(soup.find("link", rel="stylesheet")["href"])
    assert stylesheet.status_code == 200 and "text/css" in stylesheet.headers["Content-Type"]
    script = client.get(soup.find("script", type="module")["src"])
    assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]


def test_the_stylesheet_does_not_use_the_gov_uk_typeface(client):
    css = client.get(page(client.get("/")).find("link", rel="stylesheet")["href"])
    assert "GDS Transport" not in css.get_data(as_text=True)
    assert "@font-face" not in css.get_data(as_text=True)
