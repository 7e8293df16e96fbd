"""The helper API for browser journeys: a person's visit to the live portal (``Visit``) and the
data behind it (``PortalData``). See tests/browser/README.md for how to add a journey.

Plain module (no pytest) so that `make screenshots` can use the same steps.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, Response
from sqlalchemy import select, text

from portal.extensions import db
from portal.models import DevOutboxMessage, LoginSession, Update
from portal.models.enums import (
    DecisionKind,
    HearingKind,
    HearingOutcome,
    HearingStatus,
    Offence,
    Stage,
    TeamKind,
)
from portal.models.types import utcnow
from tests.browser import checks
from tests.browser.harness import LAPTOP, PHONE, LivePortal
from tests.factories import Factory

LONDON = ZoneInfo("Europe/London")
# The JavaScript of GOV.UK Frontend marks each component it has started; keyboard shortcuts such
# as Shift three times only work after that. Victims' pages have "Exit this page"; the staff
# console's pages have the service navigation instead.
FRONTEND_READY = (".govuk-exit-this-page[data-govuk-exit-this-page-init], "
                  ".govuk-service-navigation[data-govuk-service-navigation-init]")


class Visit:
    """One person in one fresh browser context. ``page`` is Playwright's page for anything
    the helpers below do not cover."""

    def __init__(self, portal: LivePortal, page: Page, browser: Browser | None = None) -> None:
        self.portal = portal
        self.page = page
        self.browser = browser

    # --- moving around ---------------------------------------------------------------------

    def open(self, path: str, lang: str | None = None) -> Response | None:
        """Go to a portal path (optionally in a language, as the switcher does) and wait for
        GOV.UK Frontend's JavaScript to start."""
        if lang:
            path += ("&" if "?" in path else "?") + f"lang={lang}"
        response = self.page.goto(self.portal.url(path))
        self.ready()
        return response

    def ready(self) -> None:
        """Wait until the page has loaded and its components have started."""
        self.page.wait_for_load_state()
        self.page.locator(FRONTEND_READY).first.wait_for(state="attached")

    @property
    def path(self) -> str:
        """The path of the page being shown, with its query string."""
        url = self.page.url
        return url[len(self.portal.base_url):] if url.startswith(self.portal.base_url) else url

    def back(self) -> None:
        """The browser's back button. The page may come from the back/forward cache, which
        fires no load event (Playwright would wait for ever), so wait for the navigation to
        commit and then for the document to be complete, whichever way it came."""
        self.page.go_back(wait_until="commit")
        self.page.wait_for_function("() => document.readyState === 'complete'")

    def heading(self) -> str:
        return " ".join(self.page.locator("h1").first.inner_text().split())

    def text(self) -> str:
        """Everything visible on the page, whitespace squeezed."""
        return " ".join(self.page.locator("body").inner_text().split())

    # --- signing in ------------------------------------------------------------------------

    def submit(self) -> None:
        """Send the form in the main content (the navigation has a sign-out form too)."""
        self.page.locator("main [type=submit]").click()
        self.ready()

    # Field ids rather than labels, so these steps work in every language; the journeys
    # themselves find fields by their English labels.
    def request_code(self, address: str) -> None:
        self.open("/sign-in")
        self.page.locator("#identifier").fill(address)
        self.submit()

    def enter_code(self, code: str) -> None:
        self.page.locator("#code").fill(code)
        self.submit()

    def read_code(self, address: str) -> str:
        """The newest sign-in code sent to this address, read from the development outbox page
        in a separate browser context, as if on the person's phone."""
        if self.browser is None:
            raise RuntimeError("read_code needs the Visit's browser")
        phone = self.browser.new_context()
        try:
            outbox = phone.new_page()
            heading = re.compile(f" to {re.escape(address)} ")
            for _ in range(50):  # the code is sent just after the request: reload until it is in
                outbox.goto(self.portal.url("/dev/outbox"))
                card = outbox.locator(".govuk-summary-card").filter(
                    has=outbox.get_by_role("heading", name=heading))
                if card.count():
                    break
                outbox.wait_for_timeout(100)
            body = card.first.get_by_test_id("message-body").inner_text()
        finally:
            phone.close()
        found = re.search(r"\b(\d{6})\b", body)
        assert found, f"no 6-digit code in the message to {address}: {body!r}"
        return found.group(1)

    def sign_in_with_code(self, address: str) -> None:
        """The whole code journey with the mouse; ends on "Your cases"."""
        self.request_code(address)
        self.enter_code(self.read_code(address))
        assert self.path == "/cases", f"sign-in ended on {self.path}: {self.heading()}"

    def sign_in_as(self, person, lang: str | None = None) -> None:
        """Skip the sign-in pages: open a server-side session for this victim or caseworker, as
        signing in does, and give the browser its signed cookie. For journeys that are not
        about signing in; the sign-in journeys themselves go through the pages."""
        from flask import session as flask_session

        from portal.services.sign_in import sessions

        app = self.portal.app
        with app.test_request_context():
            token = sessions.start(person)
            flask_session.update({"_user_id": token, "_fresh": True})
            if lang:
                flask_session["lang"] = lang
            value = app.session_interface.get_signing_serializer(app).dumps(dict(flask_session))
        self.page.context.add_cookies([{
            "name": app.config["SESSION_COOKIE_NAME"], "value": value,
            "url": self.portal.base_url, "httpOnly": True, "sameSite": "Strict"}])

    # --- leaving ---------------------------------------------------------------------------

    def exit_with_button(self) -> None:
        self.page.get_by_role("button", name="Exit this page").click()
        self.page.wait_for_url(self.portal.exit_url)

    def exit_with_shift(self) -> None:
        """Press Shift three times, as GOV.UK's "Exit this page" offers."""
        for _ in range(3):
            self.page.keyboard.press("Shift")
        self.page.wait_for_url(self.portal.exit_url)

    # --- the keyboard alone ----------------------------------------------------------------

    def focused(self) -> str:
        """The accessible name of what has focus (its label, text or aria-label)."""
        return self.page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return '';
                const label = el.getAttribute('aria-label')
                    || (el.labels && el.labels.length ? el.labels[0].innerText : '')
                    || el.innerText || el.value || '';
                return label.replace(/\\s+/g, ' ').trim();
            }""")

    def tab_to(self, name: str, limit: int = 40) -> int:
        """Press Tab until the element whose name contains ``name`` has focus; returns how many
        presses it took, and fails if it is never reached."""
        seen = []
        for presses in range(1, limit + 1):
            self.page.keyboard.press("Tab")
            now = self.focused()
            if name in now:
                return presses
            seen.append(now)
        raise AssertionError(f"Tab never reached {name!r} on {self.path}; it reached {seen}")

    def tab_to_element(self, locator, limit: int = 80) -> int:
        """Press Tab until this element (a Playwright locator) has focus."""
        handle = locator.element_handle()
        for presses in range(1, limit + 1):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("el => document.activeElement === el", handle):
                return presses
        raise AssertionError(f"Tab never reached the element on {self.path}")

    def focus_is_visible(self) -> bool:
        """Whether what has focus shows GOV.UK's focus style (a yellow highlight drawn with a box
        shadow or an outline), so a keyboard user can see where they are (WCAG 2.4.7)."""
        return self.page.evaluate(
            """() => {
                const style = getComputedStyle(document.activeElement);
                const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                    && style.outlineColor !== 'rgba(0, 0, 0, 0)'
                    && style.outlineColor !== 'transparent';
                return style.boxShadow !== 'none' || outline;
            }""")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, text_: str) -> None:
        self.page.keyboard.type(text_)

    # --- checks and pictures ---------------------------------------------------------------

    def assert_accessible(self, widths: tuple[dict, ...] = (PHONE, LAPTOP)) -> None:
        checks.assert_accessible(self.page, widths)


@dataclass
class CaseScenario:
    victim: object
    case: object
    closed_case: object
    hearing_day: dt.date
    court_name: str
    contact_name: str
    team_name: str


class PortalData:
    """Data in the live server's database, made with tests/factories.py. Needs an app context of
    the live app (the ``data`` fixture pushes one for the test)."""

    def __init__(self) -> None:
        self.make = Factory()

    def victim_with_cases(self, language: str = "en") -> CaseScenario:
        """A victim with two cases whose pages use every part of the case page: a case at court
        with a trial to attend, a past hearing, decisions and an update; and a closed case with
        a decision the victim can ask to be reviewed."""
        make = self.make
        team = make.team(TeamKind.WITNESS_CARE, name="Northshire Witness Care Unit")
        contact = make.caseworker(team=team, name="Jo Bennett", phone="01632 960201")
        victim = make.victim(name="Sam Taylor", language=language)
        make.preferences(victim)  # they answered the first sign-in questions
        case = make.case(victims=[victim], stage=Stage.COURT, contact=contact,
                         offence=Offence.BURGLARY)
        court = make.court("Northshire Crown Court")
        hearing_day = (dt.datetime.now(LONDON) + dt.timedelta(days=14)).date()
        while hearing_day.weekday() >= 5:  # courts sit on weekdays
            hearing_day += dt.timedelta(days=1)
        make.hearing(case, kind=HearingKind.TRIAL, court=court, must_attend=True,
                     starts_at=dt.datetime.combine(hearing_day, dt.time(10), LONDON))
        make.hearing(case, kind=HearingKind.SENTENCING, court=court,
                     status=HearingStatus.MOVED,
                     starts_at=dt.datetime.combine(hearing_day + dt.timedelta(days=42),
                                                   dt.time(14), LONDON),
                     previous_starts_at=dt.datetime.combine(
                         hearing_day + dt.timedelta(days=35), dt.time(10), LONDON))
        make.hearing(case, kind=HearingKind.FIRST, court=make.court("Northshire Magistrates"),
                     status=HearingStatus.HEARD, outcome=HearingOutcome.SENT_TO_CROWN_COURT,
                     outcome_note="The magistrates sent the case to the Crown Court.",
                     starts_at=utcnow() - dt.timedelta(days=40))
        make.decision(case, DecisionKind.CHARGED, reasons="There was enough evidence to charge "
                      "the man we arrested with burglary.", made_at=utcnow() - dt.timedelta(60))
        db.session.add(Update(case=case, author=contact, event="hearing_listed",
                              body_html="<p>The trial date is set. I will call you the week "
                                        "before to talk about the day.</p>",
                              body_text="The trial date is set. I will call you the week "
                                        "before to talk about the day."))
        db.session.commit()
        closed = make.case(victims=[victim], stage=Stage.CLOSED, contact=contact,
                           offence=Offence.THEFT)
        make.decision(closed, DecisionKind.NO_FURTHER_ACTION, reasons="We could not find anyone "
                      "who saw the theft, so we cannot identify who did it.")
        return CaseScenario(victim=victim, case=case, closed_case=closed,
                            hearing_day=hearing_day, court_name=court.name,
                            contact_name=contact.name, team_name=team.name)

    def messages_to(self, address: str) -> list[DevOutboxMessage]:
        db.session.expire_all()
        return list(db.session.scalars(
            select(DevOutboxMessage).where(DevOutboxMessage.to == address)
            .order_by(DevOutboxMessage.id)))

    def rows(self, model) -> list:
        """Every row of a table, as the server has left it."""
        db.session.expire_all()
        return list(db.session.scalars(select(model)))

    def login_sessions(self, person) -> list[LoginSession]:
        """The person's server-side sessions, as the server sees them now."""
        db.session.expire_all()
        return list(db.session.scalars(
            select(LoginSession).where(LoginSession.principal_id == person.id,
                                       LoginSession.principal == person.principal)))


def empty_tables() -> None:
    """Empty every table of the live server's database (its schema stays)."""
    db.session.remove()
    tables = [table.name for table in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            quoted = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))
