"""A victim's journeys in a real browser: sign in with a code, read a case, leave quickly, with
the mouse and with the keyboard alone."""
from __future__ import annotations

import pytest


def hearing_when(day) -> str:
    """How the case page writes the trial's date and time in English."""
    return f"{day:%A}, {day.day} {day:%B %Y} at 10:00"


def assert_case_page(visit, scenario) -> None:
    """What a victim must be able to read on the case page: where the case is, the next hearing
    and who to contact."""
    page = visit.page
    assert visit.heading() == "Your case"
    assert "Burglary" in page.locator(".govuk-caption-l").first.inner_text()
    now = page.get_by_role("region", name="Where your case is now")
    assert "Court." in now.inner_text()
    hearing = " ".join(page.get_by_role("region", name="Next hearing").inner_text().split())
    assert hearing_when(scenario.hearing_day) in hearing
    assert scenario.court_name in hearing and "Trial" in hearing
    assert "Yes. You have been asked to go to court as a witness." in hearing
    contact = " ".join(page.get_by_role("complementary", name="Who to contact now")
                       .inner_text().split())
    assert scenario.contact_name in contact and scenario.team_name in contact
    assert "01632 960201" in contact


def assert_nothing_of_the_case(visit, scenario) -> None:
    text = visit.text()
    for secret in ("Burglary", scenario.case.crime_reference, scenario.court_name,
                   scenario.contact_name, "Your cases"):
        assert secret not in text, f"{secret!r} is still on {visit.path} after exit"


def test_the_browser_keeps_the_back_forward_cache_as_a_victims_does(visit):
    """The exit test below would prove nothing with the cache off (Playwright's default)."""
    visit.page.goto(visit.portal.exit_url)
    visit.page.evaluate("window.stillHere = true")
    visit.open("/")
    visit.back()
    assert visit.page.url == visit.portal.exit_url
    assert visit.page.evaluate("window.stillHere === true"), "the page was loaded again"


@pytest.mark.parametrize("how", ["button", "shift"])
def test_sign_in_read_the_case_and_exit(visit, data, how):
    scenario = data.victim_with_cases()
    page = visit.page
    visit.open("/")
    page.get_by_role("button", name="Sign in").click()
    visit.ready()
    page.get_by_label("Email address or mobile phone number").fill(scenario.victim.email)
    page.get_by_role("button", name="Send me a code").click()
    visit.ready()
    assert visit.heading() == "Enter your code"
    page.get_by_label("Code", exact=True).fill(visit.read_code(scenario.victim.email))
    page.get_by_role("button", name="Continue").click()
    visit.ready()
    assert visit.heading() == "Your cases"
    page.get_by_role("link", name="Burglary").click()
    visit.ready()
    assert_case_page(visit, scenario)

    if how == "button":
        visit.exit_with_button()
    else:
        visit.exit_with_shift()
    assert visit.heading() == "Weather forecast"
    sessions = data.login_sessions(scenario.victim)
    assert [(s.ended_at is not None, s.end_reason) for s in sessions] == [(True, "exit")]

    # Back to where the case was: the browser asks the server again, which sends it to sign in.
    visit.back()
    assert visit.path == "/sign-in?next_page=cases"
    assert visit.heading() == "Sign in"
    assert_nothing_of_the_case(visit, scenario)
    # And further back through the history: still nothing.
    visit.back()
    assert_nothing_of_the_case(visit, scenario)


def test_the_same_journey_with_the_keyboard_alone(visit, data):
    """Tab, Enter and typing only: no clicks. Every stop shows where the focus is."""
    scenario = data.victim_with_cases()
    visit.open("/")

    def tab_and_enter(name: str) -> None:
        visit.tab_to(name)
        assert visit.focus_is_visible(), f"no visible focus on {name!r} at {visit.path}"
        visit.press("Enter")

    # The first Tab reaches the skip link, and it moves the focus to the main content.
    visit.press("Tab")
    assert visit.focused() == "Skip to main content" and visit.focus_is_visible()
    visit.press("Enter")
    assert visit.page.evaluate("document.activeElement.id") == "main-content"

    tab_and_enter("Sign in")
    visit.ready()
    assert visit.heading() == "Sign in"
    visit.tab_to("Email address or mobile phone number")
    assert visit.focus_is_visible()
    visit.type(scenario.victim.email)
    visit.press("Enter")
    visit.ready()
    assert visit.heading() == "Enter your code"

    visit.tab_to("Code")
    visit.type(visit.read_code(scenario.victim.email))
    visit.press("Enter")
    visit.ready()
    assert visit.heading() == "Your cases"

    tab_and_enter("Burglary")
    visit.ready()
    assert_case_page(visit, scenario)

    tab_and_enter("Exit this page")
    visit.page.wait_for_url(visit.portal.exit_url)
    assert [s.end_reason for s in data.login_sessions(scenario.victim)] == ["exit"]
    visit.back()
    assert visit.heading() == "Sign in"
    assert_nothing_of_the_case(visit, scenario)


def test_a_wrong_code_is_announced_and_leads_back_to_the_field(visit, data):
    victim = data.make.victim()
    visit.request_code(victim.email)
    right = visit.read_code(victim.email)
    visit.tab_to("Code")
    visit.type("000000" if right != "000000" else "111111")
    visit.press("Enter")
    visit.ready()

    page = visit.page
    assert page.title().startswith("Error: Enter your code")
    # The summary takes the focus, so a screen reader reads it out at once, and is an alert.
    summary = page.locator(".govuk-error-summary")
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    alert = " ".join(page.get_by_role("alert").inner_text().split())
    assert alert == ("There is a problem That code is not right. You can try 4 more times.")
    # The field says it too, and is described by its message.
    field = page.get_by_label("Code", exact=True)
    assert "code-error" in field.get_attribute("aria-describedby")
    assert " ".join(page.locator("#code-error").inner_text().split()) == (
        "Error: That code is not right. You can try 4 more times.")
    # From the summary, the keyboard reaches the message's link, which puts the focus in the
    # field to correct it.
    visit.press("Tab")
    assert visit.focused() == "That code is not right. You can try 4 more times."
    visit.press("Enter")
    assert page.evaluate("document.activeElement.id") == "code"
    assert summary.is_visible()


def test_an_empty_email_address_is_announced(visit, data):
    visit.open("/sign-in")
    visit.tab_to("Send me a code")
    visit.press("Enter")
    visit.ready()
    assert visit.page.title().startswith("Error: Sign in")
    assert visit.page.evaluate(
        "document.activeElement.classList.contains('govuk-error-summary')")
    assert "Enter your email address or mobile phone number" in (
        visit.page.get_by_role("alert").inner_text())


def test_feedback_on_an_update_with_the_keyboard_alone(visit, data):
    """"Did you understand this update?": a comment and one answer, then a thank-you that a
    screen reader announces, on the same update."""
    from portal.models import UpdateFeedback

    scenario = data.victim_with_cases()
    visit.sign_in_as(scenario.victim)
    visit.open(f"/cases/{scenario.case.id}")
    visit.tab_to("What could we explain better? (optional)")
    assert visit.focus_is_visible()
    visit.type("What does listed mean?")
    visit.tab_to("Partly")
    assert visit.focus_is_visible()
    visit.press("Enter")
    visit.ready()

    update = scenario.case.updates[0]
    assert visit.path == f"/cases/{scenario.case.id}?thanks={update.id}#update-{update.id}"
    status = visit.page.locator(f"#feedback-{update.id}-status")
    assert status.get_attribute("role") == "status"
    assert " ".join(status.inner_text().split()) == (
        "Thank you. Your answer helps us write clearer updates.")
    [saved] = data.rows(UpdateFeedback)
    assert (saved.understood, saved.comment) == ("partly", "What does listed mean?")
