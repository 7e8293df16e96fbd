"""A victim's first sign-in asks how and when to contact them, and how safely, before the case
is shown (how often and the help they need come later, on the same page); they answer with the
mouse, and again with the keyboard alone."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import ContactPreference
from portal.models.enums import Stage


def first_time_victim(data):
    make = data.make
    victim = make.victim(name="Gwen Pritchard", email="gwen.first@example.org",
                         phone="+447700900555")
    case = make.case(victims=[victim], stage=Stage.INVESTIGATION)
    return victim, case


def sign_in_first_time(visit, victim):
    visit.request_code(victim.email)
    visit.enter_code(visit.read_code(victim.email))
    assert visit.path == "/preferences", f"first sign-in went to {visit.path}"


def saved_preference(victim) -> ContactPreference:
    db.session.expire_all()
    return db.session.scalars(select(ContactPreference).where(
        ContactPreference.victim_id == victim.id)).one()


def test_first_sign_in_asks_how_to_be_contacted_before_the_case(visit, data):
    victim, case = first_time_victim(data)
    sign_in_first_time(visit, victim)
    # The case is not shown until the questions are answered.
    visit.open(f"/cases/{case.id}")
    assert visit.path == "/preferences"
    page = visit.page
    page.locator("#first_choice").select_option("sms")
    page.locator("#second_choice").select_option("email")
    page.get_by_label("Only at the times I choose").check()
    for day in ("Monday", "Tuesday"):
        page.get_by_label(day, exact=True).first.check()
    for day in ("Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        page.get_by_label(day, exact=True).first.uncheck()
    page.locator("#window_1_start").select_option("18:00")
    page.locator("#window_1_end").select_option("20:00")
    page.locator("#urgent").check()  # yes: urgent news may come at other times
    assert page.get_by_label("Key decisions only").count() == 0  # asked later, not now
    page.locator("#discreet").check()
    page.locator("#voicemail_safe-2").check()
    page.locator("#post_safe-2").check()
    visit.submit()
    assert visit.path == "/cases", f"after saving: {visit.path} {visit.heading()}"
    visit.open(f"/cases/{case.id}")
    assert visit.path == f"/cases/{case.id}"
    # Later, the rest: how often, and the help they need.
    visit.open("/preferences")
    page.get_by_label("Key decisions only").check()
    page.get_by_label("I use a screen reader").check()
    visit.submit()
    assert visit.path == "/preferences"
    saved = saved_preference(victim)
    assert saved.channels == ["sms", "email"] and saved.asked_at is not None
    assert saved.windows == [{"days": [0, 1], "start": "18:00", "end": "20:00"}]
    assert (saved.frequency, saved.screen_reader, saved.discreet) == (
        "key_decisions", True, True)
    assert (saved.voicemail_safe, saved.post_safe) == (False, False)


def test_a_missing_answer_is_announced_and_nothing_is_saved(visit, data):
    victim, _ = first_time_victim(data)
    sign_in_first_time(visit, victim)
    visit.page.locator("#first_choice").select_option("")
    visit.page.locator("#phone").fill("not a number")
    visit.submit()
    summary = visit.page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.evaluate("el => el.contains(document.activeElement)")
    assert visit.page.locator("#first_choice-error").is_visible()
    assert visit.page.locator("#phone-error").is_visible()
    assert db.session.scalars(select(ContactPreference).where(
        ContactPreference.victim_id == victim.id)).first() is None


def test_preferences_with_the_keyboard_alone(visit, data):
    victim, case = first_time_victim(data)
    sign_in_first_time(visit, victim)
    page = visit.page
    # Answers start from what the case team holds; each can be changed from the keyboard.
    visit.tab_to("First choice")
    for _ in range(4):  # to "Phone call": not already chosen as a second way
        if page.locator("#first_choice").input_value() == "phone":
            break
        page.keyboard.press("ArrowDown")
    after = page.locator("#first_choice").input_value()
    assert after == "phone"
    visit.tab_to("Only at the times I choose")  # a radio group takes focus at its answer
    page.keyboard.press("ArrowUp")  # and the arrow keys choose another
    assert page.get_by_label("At any time").is_checked()
    visit.tab_to("Save and see my cases")
    page.keyboard.press("Enter")
    visit.ready()
    assert visit.path == "/cases", f"{visit.path}: {visit.heading()}"
    saved = saved_preference(victim)
    assert saved.channels[0] == after and saved.windows == []
