"""The caseworker console in a real browser: signing in with an authenticator code, writing an
update that trips the jargon checker as it is typed, fixing it, previewing and sending it; and
the console's pages checked with axe (WCAG 2.2 A and AA) at phone and laptop widths, in English
and Welsh (the console's two languages)."""
from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from sqlalchemy import select

from portal.models import Notification, Update
from portal.models.enums import DecisionKind, TeamKind
from portal.models.types import utcnow
from tests.factories import STAFF_PASSWORD


@pytest.fixture
def console_case(data):
    make = data.make
    secret = pyotp.random_base32()
    team = make.team(TeamKind.WITNESS_CARE, name="Northshire Witness Care Unit")
    worker = make.staff(team=team, totp_secret=secret, name="Jo Bennett")
    victim = make.victim(name="Sam Taylor", phone="+447700900123")
    make.preferences(victim)  # answered the first sign-in questions, so the case is shown
    case = make.case(victims=[victim], team=team, contact=worker)
    make.hearing(case, starts_at=utcnow() + dt.timedelta(days=9), must_attend=True)
    make.decision(case, DecisionKind.CHARGED,
                  reasons="There was enough evidence to charge him with burglary.")
    return worker, secret, victim, case


def sign_in_to_console(visit, worker, secret) -> None:
    visit.open("/staff/sign-in")
    visit.page.get_by_label("Email address").fill(worker.email)
    visit.page.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
    visit.submit()
    visit.page.locator("#code").fill(pyotp.TOTP(secret).now())
    visit.submit()
    assert visit.path == "/staff/cases", f"sign-in ended on {visit.path}: {visit.heading()}"


@pytest.fixture
def live_providers(live_portal, fake_twilio, fake_smtp, monkeypatch):
    """The live portal sends through the fake Twilio and SMTP servers for this test (instead
    of the development outbox), as it would through the real providers."""
    fake_twilio.reset()
    fake_smtp.reset()
    settings = {**fake_twilio.settings(), **fake_smtp.settings(), "DEV_OUTBOX": False}
    for key, value in settings.items():
        monkeypatch.setitem(live_portal.app.config, key, value)
    return fake_twilio


def test_caseworker_fixes_a_jargon_warning_previews_and_sends(visit, data, console_case,
                                                              live_providers):
    worker, secret, victim, case = console_case
    sign_in_to_console(visit, worker, secret)
    visit.open(f"/staff/cases/{case.id}/updates/new?event=general")
    body = visit.page.locator("#body")
    body.fill("The OIC will call you next week about the trial.")
    # The checker answers as the caseworker types, into a live region.
    warning = visit.page.locator("#checker-warnings li", has_text="OIC").first
    warning.wait_for()
    assert "the officer dealing with your case" in warning.inner_text()
    body.fill("The officer dealing with your case will call you next week about the trial.")
    warning.wait_for(state="detached")
    visit.page.get_by_role("button", name="Check and preview").click()
    visit.ready()
    preview = visit.page.locator("#preview")
    assert preview.is_visible()
    sms = visit.page.locator(".portal-preview p.portal-message").first.inner_text()
    assert "Reply STOP to stop texts." in sms and "OIC" not in sms
    visit.page.locator("main").get_by_role("button", name="Send the update").last.click()
    visit.ready()
    update = data.make  # keep the factory's session fresh for the look-ups below
    from portal.extensions import db

    db.session.expire_all()
    sent = db.session.scalars(select(Update).where(Update.case_id == case.id)).one()
    assert "officer dealing with your case" in sent.body_text and sent.warnings == []
    notification = db.session.scalars(
        select(Notification).where(Notification.update_id == sent.id)).one()
    assert notification.victim_id == victim.id
    del update

    # The delivery worker sends it through the real twilio client to the fake provider: the
    # victim's phone gets one text, in plain words, with the way to stop texts.
    from portal.services.delivery import dispatcher

    dispatcher.run(drain=True)
    texts = [r for r in live_providers.received if r.to == victim.phone]
    assert len(texts) == 1
    assert "There is an update on your case" in texts[0].body
    assert texts[0].body.endswith("Reply STOP to stop texts.")
    assert f"/cases/{case.id}" in texts[0].body

    # The victim sees it on their case page.
    reader = visit.browser.new_context(viewport={"width": 320, "height": 640})
    try:
        from tests.browser.visit import Visit

        victim_visit = Visit(visit.portal, reader.new_page(), visit.browser)
        victim_visit.sign_in_as(victim)
        victim_visit.open(f"/cases/{case.id}")
        assert "The officer dealing with your case will call you next week" in victim_visit.text()
    finally:
        reader.close()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_console_pages_pass_axe_at_phone_and_laptop_width(visit, data, console_case, lang):
    worker, secret, victim, case = console_case
    worker_id = worker.id
    from portal.services.victim_input import conversations, statements

    conversations.post_from_victim(victim, case, "When is the trial?")
    statements.add_written(victim, case, "How the crime has affected me.")
    visit.sign_in_as(worker, lang=lang)
    for path in ("/staff/cases", "/staff/team", f"/staff/cases/{case.id}",
                 f"/staff/cases/{case.id}/history", f"/staff/cases/{case.id}/hearings/new",
                 f"/staff/cases/{case.id}/updates/new?event=general", "/staff/account",
                 "/staff/inbox", f"/staff/cases/{case.id}/messages/{victim.id}"):
        visit.open(path)
        assert visit.path.split("?")[0] == path.split("?")[0], (path, visit.path)
        visit.assert_accessible()
    assert worker_id


def test_the_caseworker_journey_with_the_keyboard_alone(visit, data, console_case):
    worker, secret, victim, case = console_case
    page = visit.page

    def enter_and_wait(visit):
        with page.expect_navigation():
            page.keyboard.press("Enter")
        visit.ready()

    visit.open("/staff/sign-in")
    visit.tab_to("Email address")
    visit.type(worker.email)
    visit.tab_to("Password")
    visit.type(STAFF_PASSWORD)
    enter_and_wait(visit)
    assert visit.path == "/staff/sign-in/code", visit.heading()
    visit.tab_to("Code")
    visit.type(pyotp.TOTP(secret).now())
    enter_and_wait(visit)
    assert visit.path == "/staff/cases", visit.heading()
    visit.tab_to_element(page.get_by_role("link", name=case.crime_reference))
    enter_and_wait(visit)
    assert visit.path == f"/staff/cases/{case.id}"
    visit.tab_to("Post an update")
    enter_and_wait(visit)
    visit.tab_to("What is the update about?")
    visit.type("There is an update")  # a list jumps to the choice typed
    assert page.locator("#event").input_value() == "general"
    visit.tab_to("Continue")
    enter_and_wait(visit)
    visit.tab_to("Your update")
    page.keyboard.press("Control+A")
    visit.type("The officer dealing with your case will call you next week.")
    visit.tab_to("Check and preview")
    assert visit.focus_is_visible()
    enter_and_wait(visit)
    assert page.locator("#preview").is_visible(), visit.text()[:1500]
    visit.tab_to("Send the update", limit=120)
    enter_and_wait(visit)
    from portal.extensions import db
    from portal.models import Update

    db.session.expire_all()
    sent = db.session.scalars(select(Update).where(Update.case_id == case.id)).one()
    assert "officer dealing with your case" in sent.body_text


def test_a_caseworker_calls_a_victim_from_the_task_queue_and_the_duty_turns_met(visit, data):
    """The inspection's victim who asked for a call, not online documents: the call waits in
    the team's task queue; no answer is recorded with when to try again; then the victim is
    reached, and telling them about the hearing turns from due to done."""
    import time_machine

    from portal import london
    from portal.extensions import db
    from portal.models import CaseAction, Update
    from portal.models.actions import ObligationKind
    from portal.models.enums import UpdateEvent
    from portal.services.delivery import dispatcher
    from portal.services.delivery.outbox import notify_update

    make = data.make
    secret = pyotp.random_base32()
    team = make.team(TeamKind.WITNESS_CARE, name="Northshire Witness Care Unit")
    worker = make.staff(team=team, totp_secret=secret, name="Jo Bennett")
    victim = make.victim(name="Peter Hale", phone="+447700900444")
    make.preferences(victim, channels=["phone"], windows=[], voicemail_safe=False)
    case = make.case(victims=[victim], team=team, contact=worker)
    tuesday = dt.date(2026, 12, 8)
    with time_machine.travel(london.at(tuesday, dt.time(13, 40)), tick=True) as clock:
        hearing = make.hearing(case, starts_at=london.at(dt.date(2027, 1, 12), dt.time(10)),
                               must_attend=True)
        update = Update(case=case, event=UpdateEvent.HEARING_LISTED, hearing=hearing,
                        body_html="<p>The trial is on 12 January.</p>",
                        body_text="The trial is on 12 January.")
        db.session.add(update)
        db.session.flush()
        db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.HEARING_DATE_TOLD,
                                  update=update, hearing_id=hearing.id, details="Update sent"))
        notify_update(update)
        db.session.commit()
        dispatcher.run(drain=True)

        sign_in_to_console(visit, worker, secret)
        visit.page.get_by_role("link", name="Tasks (1)").click()
        visit.ready()
        assert visit.heading() == "Tasks"
        assert "Do not leave a voicemail" in visit.text()
        visit.page.get_by_role("link", name="Call the victim with an update").click()
        visit.ready()
        visit.page.get_by_label("No answer: try again later").check()
        visit.page.get_by_label("Day").fill("8")
        visit.page.get_by_label("Month").fill("12")
        visit.page.get_by_label("Year").fill("2026")
        visit.page.get_by_label("Time to try again").fill("14:00")
        visit.page.get_by_role("button", name="Save").click()
        visit.ready()
        assert visit.path.split("?")[0] == "/staff/tasks"
        assert "Try again Tuesday, 8 December 2026 at 14:00" in visit.text()
        visit.assert_accessible()

        clock.move_to(london.at(tuesday, dt.time(14, 2)))
        visit.page.get_by_role("link", name="Call the victim with an update").click()
        visit.ready()
        assert "1" in visit.page.locator(".govuk-summary-list").inner_text()  # one try so far
        visit.page.get_by_label("I spoke to the victim").check()
        visit.page.get_by_role("button", name="Save").click()
        visit.ready()
        assert "Nothing to do." in visit.text()
        visit.open(f"/staff/cases/{case.id}")
        row = visit.page.locator("tr", has_text="Tell the victim about the hearing")
        assert "Done" in row.inner_text() and "Overdue" not in row.inner_text()
