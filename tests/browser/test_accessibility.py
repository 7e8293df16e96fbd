"""axe-core's WCAG 2.2 A and AA rules, sideways scrolling and the skip link, on every page the
victim's journeys reach, in English and Arabic, at 320x640 and 1280x800.

Each page is reached the way a person reaches it (a form sent, a link followed), then checked at
both sizes. Each reaching step also checks it arrived where it meant to, so a redirect to
another page can never make a check pass in its place.
"""
from __future__ import annotations

import pytest

from tests.browser.harness import LAPTOP, PHONE


def submit(visit) -> None:
    visit.submit()


def arrived(visit, path: str, error: bool = False) -> None:
    assert visit.path.split("?")[0] == path, f"expected {path}, reached {visit.path}"
    summary = visit.page.locator(".govuk-error-summary")
    assert summary.count() == (1 if error else 0), f"error summary on {path}: {summary.count()}"


def signed_in(visit, data, lang):
    """A victim with cases, signed in (the sign-in pages have their own journeys)."""
    scenario = data.victim_with_cases(language=lang)
    visit.sign_in_as(scenario.victim)
    return scenario


def start(visit, data, lang):
    visit.open("/", lang=lang)
    arrived(visit, "/")


def sign_in(visit, data, lang):
    visit.open("/sign-in", lang=lang)
    arrived(visit, "/sign-in")


def sign_in_with_an_error(visit, data, lang):
    visit.open("/sign-in", lang=lang)
    submit(visit)
    arrived(visit, "/sign-in", error=True)


def code(visit, data, lang):
    visit.open("/", lang=lang)
    visit.request_code(data.make.victim(language=lang).email)
    arrived(visit, "/sign-in/code")


def code_with_an_error(visit, data, lang):
    code(visit, data, lang)
    visit.page.locator("#code").fill("12345")
    submit(visit)
    arrived(visit, "/sign-in/code", error=True)


def password_sign_in(visit, data, lang):
    visit.open("/sign-in/password", lang=lang)
    arrived(visit, "/sign-in/password")


def password_sign_in_with_an_error(visit, data, lang):
    visit.open("/sign-in/password", lang=lang)
    visit.page.locator("#identifier").fill("someone@example.org")
    visit.page.locator("#password").fill("not the password")
    submit(visit)
    arrived(visit, "/sign-in/password", error=True)


def cases(visit, data, lang):
    signed_in(visit, data, lang)
    visit.open("/cases", lang=lang)
    arrived(visit, "/cases")
    assert visit.page.locator(".portal-case-list__item").count() == 2


def case(visit, data, lang):
    scenario = signed_in(visit, data, lang)
    visit.open(f"/cases/{scenario.case.id}", lang=lang)
    arrived(visit, f"/cases/{scenario.case.id}")


def closed_case_with_review_rights(visit, data, lang):
    scenario = signed_in(visit, data, lang)
    visit.open(f"/cases/{scenario.closed_case.id}", lang=lang)
    arrived(visit, f"/cases/{scenario.closed_case.id}")
    assert visit.page.locator(".portal-decision .govuk-inset-text").count() == 1


def set_password(visit, data, lang):
    signed_in(visit, data, lang)
    visit.open("/account/password", lang=lang)
    arrived(visit, "/account/password")


def set_password_with_an_error(visit, data, lang):
    set_password(visit, data, lang)
    visit.page.locator("#password").fill("too short")
    submit(visit)
    arrived(visit, "/account/password", error=True)


def page_not_found(visit, data, lang):
    response = visit.open("/no-such-page", lang=lang)
    assert response.status == 404


def signed_out(visit, data, lang):
    signed_in(visit, data, lang)
    visit.open("/cases", lang=lang)
    # On a phone the links are folded under the Menu button: open it, as a person would.
    toggle = visit.page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.click()
    visit.page.locator("#navigation [type=submit]").click()
    visit.ready()
    arrived(visit, "/sign-out")


def case_after_feedback(visit, data, lang):
    scenario = signed_in(visit, data, lang)
    visit.open(f"/cases/{scenario.case.id}", lang=lang)
    visit.page.locator(".portal-feedback button[value=partly]").click()
    visit.ready()
    arrived(visit, f"/cases/{scenario.case.id}")
    assert visit.page.locator(".portal-feedback [role=status]").count() == 1


def _case_page(visit, data, lang, tail: str):
    scenario = signed_in(visit, data, lang)
    path = f"/cases/{scenario.case.id}/{tail}"
    visit.open(path, lang=lang)
    arrived(visit, path)
    return path


def messages(visit, data, lang):
    _case_page(visit, data, lang, "messages")


def messages_with_an_error(visit, data, lang):
    path = _case_page(visit, data, lang, "messages")
    submit(visit)
    arrived(visit, path, error=True)


def statement(visit, data, lang):
    _case_page(visit, data, lang, "statement")


def dates_to_avoid(visit, data, lang):
    _case_page(visit, data, lang, "dates-to-avoid")


def dates_to_avoid_with_an_error(visit, data, lang):
    path = _case_page(visit, data, lang, "dates-to-avoid")
    visit.page.locator("main form:has([type=submit]) input[type=text]").first.fill("31")
    submit(visit)
    arrived(visit, path, error=True)


def court_help(visit, data, lang):
    _case_page(visit, data, lang, "court-help")


def complaint(visit, data, lang):
    _case_page(visit, data, lang, "complaint")


def complaint_with_an_error(visit, data, lang):
    path = _case_page(visit, data, lang, "complaint")
    submit(visit)
    arrived(visit, path, error=True)


def preferences_at_first_sign_in(visit, data, lang):
    victim = data.make.victim(language=lang)
    data.make.case(victims=[victim])
    visit.sign_in_as(victim)
    visit.open("/cases", lang=lang)  # not before they have said how to contact them
    arrived(visit, "/preferences")


def preferences(visit, data, lang):
    signed_in(visit, data, lang)
    visit.open("/preferences", lang=lang)
    arrived(visit, "/preferences")


def preferences_with_an_error(visit, data, lang):
    preferences(visit, data, lang)
    visit.page.locator("#phone").fill("0770 090")
    submit(visit)
    arrived(visit, "/preferences", error=True)


def sent_messages(visit, data, lang):
    """Messages we sent you: a text and an email about an update."""
    from portal.extensions import db
    from portal.models import Notification
    from portal.models.types import utcnow

    scenario = signed_in(visit, data, lang)
    update = scenario.case.updates[0]
    for channel, status in (("sms", "delivered"), ("email", "sent")):
        db.session.add(Notification(victim=scenario.victim, case=scenario.case, update=update,
                                    kind="update", channel=channel, status=status,
                                    sent_at=utcnow()))
    db.session.commit()
    visit.open("/account/messages", lang=lang)
    arrived(visit, "/account/messages")
    assert visit.page.locator("main ol > li").count() >= 2


def your_information(visit, data, lang):
    signed_in(visit, data, lang)  # just signed in: recent enough to need no confirming
    visit.open("/account/your-information", lang=lang)
    arrived(visit, "/account/your-information")


PAGES = [start, sign_in, sign_in_with_an_error, code, code_with_an_error, password_sign_in,
         password_sign_in_with_an_error, cases, case, closed_case_with_review_rights,
         case_after_feedback, messages, messages_with_an_error, statement, dates_to_avoid,
         dates_to_avoid_with_an_error, court_help, complaint, complaint_with_an_error,
         set_password, set_password_with_an_error, preferences_at_first_sign_in, preferences,
         preferences_with_an_error, page_not_found, signed_out, sent_messages,
         your_information]


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("reach", PAGES, ids=[p.__name__ for p in PAGES])
def test_page_is_accessible_at_phone_and_laptop_width(visit, data, reach, lang):
    reach(visit, data, lang)
    html = visit.page.locator("html")
    assert html.get_attribute("lang") == ("ar" if lang == "ar" else "en-GB")
    assert html.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    visit.assert_accessible((PHONE, LAPTOP))
