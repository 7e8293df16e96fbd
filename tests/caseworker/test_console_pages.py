"""Every console page: the frame, security headers, labels, headings in order, the error
summary; English and Welsh; the checker script loaded under the CSP."""
from __future__ import annotations

import datetime as dt

import pytest

from portal.models.enums import DecisionKind, Role
from portal.models.types import utcnow
from tests.conftest import page
from tests.test_frame import assert_headers, assert_title_starts_with_h1


@pytest.fixture
def pages(make, staff_login):
    def sign_in(role):
        team = make.team()
        person = make.staff(team=team, role=role)
        victim = make.victim()
        case = make.case(contact=person if role != Role.ADMIN else None, victims=[victim],
                         team=team)
        hearing = make.hearing(case, starts_at=utcnow() - dt.timedelta(days=1))
        decision = make.decision(case, DecisionKind.NO_FURTHER_ACTION)
        staff_login.sign_in_quickly(person)
        c = f"/staff/cases/{case.id}"
        h = f"{c}/hearings/{hearing.id}"
        by_role = {
            Role.CASEWORKER: ["/staff/cases", "/staff/team", "/staff/cases/new", c,
                              f"{c}/history", f"{c}/victims/new", f"{c}/stage",
                              f"{c}/actions/new", f"{c}/release", f"{c}/handover",
                              f"{c}/hearings/new", f"{h}/move", f"{h}/cancel", f"{h}/outcome",
                              f"{c}/decisions/new", f"{c}/updates/new",
                              f"{c}/updates/new?event=no_further_action&about=decision:"
                              f"{decision.id}", "/staff/hearings/bulk", "/staff/account"],
            Role.MANAGER: ["/staff/team/figures", "/staff/team", "/staff/account"],
            Role.ADMIN: ["/staff/admin", "/staff/admin/organisations/new",
                         "/staff/admin/teams/new", "/staff/admin/courts/new",
                         "/staff/admin/accounts/new", "/staff/account"],
        }
        return by_role[role]
    return sign_in


def assert_console_frame(response, path):
    assert response.status_code == 200, (path, response.status_code)
    soup = page(response)
    assert soup.select_one("a.govuk-skip-link")["href"] == "#main-content"
    assert soup.find("main", id="main-content") is not None
    assert soup.select(".govuk-exit-this-page") == [], path  # staff pages have no quick exit
    assert [a.text.strip() for a in soup.select(".portal-languages__item")] == [
        "English", "Cymraeg"]
    assert len(soup.find_all("h1")) == 1, path
    assert soup.title.text.strip().endswith("– Case updates")
    assert_title_starts_with_h1(soup)
    levels = [int(h.name[1]) for h in soup.main.find_all(["h1", "h2", "h3", "h4"])]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), path
    for field in soup.main.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit") or field.name == "button":
            continue
        labelled = soup.find("label", attrs={"for": field.get("id")})
        assert labelled is not None, (path, field.get("name"))
    for table in soup.main.find_all("table"):
        assert table.find("th") is not None, path


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MANAGER, Role.ADMIN])
def test_console_pages_have_the_frame_headers_and_labels(client, pages, role):
    for path in pages(role):
        response = client.get(path)
        assert_console_frame(response, path)
        assert_headers(response)


def test_sign_in_pages_have_the_frame(client):
    response = client.get("/staff/sign-in")
    assert_console_frame(response, "/staff/sign-in")
    assert_headers(response)
    soup = page(response)
    assert soup.find("input", {"name": "email"})["autocomplete"] == "username"
    assert soup.find("input", {"name": "password"})["autocomplete"] == "current-password"


def test_the_update_page_loads_the_checker_as_a_module_from_our_origin(client, pages):
    paths = pages(Role.CASEWORKER)
    response = client.get(next(p for p in paths if "event=" in p))
    scripts = [s.get("src") for s in page(response).find_all("script", src=True)]
    checker = next(src for src in scripts if src.startswith("/static/update-checker-"))
    assert client.get(checker).status_code == 200
    assert "connect-src 'self'" in response.headers["Content-Security-Policy"]
    form = page(response).find("form", id="update-form")
    assert form["data-checker-url"].endswith("/updates/check")
    assert page(response).find(id="checker-result")["aria-live"] == "polite"


def test_the_console_speaks_welsh_when_asked(client, pages):
    pages(Role.CASEWORKER)
    soup = page(client.get("/staff/cases?lang=cy"))
    assert soup.html["lang"] == "cy"
    current = soup.select_one(".portal-languages__current")
    assert current.text == "Cymraeg"
    # Languages the console does not offer are not chosen for it.
    assert page(client.get("/staff/cases?lang=ar")).html["lang"] == "cy"


def test_form_errors_are_summarised_and_beside_the_fields(client, pages):
    paths = pages(Role.CASEWORKER)
    path = next(p for p in paths if p.endswith("/decisions/new"))
    soup = page(client.get(path))
    token = soup.find("input", {"name": "csrf_token"})["value"]
    response = client.post(path, data={"csrf_token": token, "kind": "sentence",
                                       "made_on": ["30", "2", "2026"], "reasons": ""})
    assert response.status_code == 400
    soup = page(response)
    summary = soup.select_one(".govuk-error-summary")
    links = {a["href"] for a in summary.select("a")}
    assert {"#made_on", "#reasons"} <= links
    assert "Enter a real date" in soup.find(id="made_on-error").text
    assert soup.title.text.startswith("Error:")


def test_console_forms_in_welsh_have_no_english_widget_words(client, make):
    """The password field's "Show" button and its announcements come from GOV.UK Frontend's
    English defaults unless the widget translates them."""
    soup = page(client.get("/staff/sign-in?lang=cy"))
    field = soup.select_one(".govuk-password-input")
    assert field is not None
    words = {name: value for name, value in field.attrs.items() if name.startswith("data-i18n")}
    assert words["data-i18n.show-password"] == "Dangos"
    assert words["data-i18n.hide-password"] == "Cuddio"
    assert not {"Show", "Hide", "Show password", "Hide password"} & set(words.values())
