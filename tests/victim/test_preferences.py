"""Contact preferences: asked at first sign-in before any case is shown, checked field by
field, and recordable by a caseworker on the victim's behalf (audited)."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Victim
from portal.services import preferences
from portal.services.errors import InvalidInputs
from tests.conftest import csrf_token, page, visible_text
from tests.delivery.helpers import notifications

UTC = dt.timezone.utc


def answers(**changes) -> dict:
    """A complete, valid form: texts then email, weekday mornings and evenings."""
    data = {
        "first_choice": "sms", "second_choice": "email", "third_choice": "",
        "fourth_choice": "", "phone": "07700 900123", "email": "Sam@Example.org",
        "postal_address": "", "contact_times": "chosen",
        "window_1_days": ["0", "1", "2", "3", "4"], "window_1_start": "09:00",
        "window_1_end": "12:00", "window_2_days": ["0", "1", "2", "3", "4"],
        "window_2_start": "18:00", "window_2_end": "20:00", "urgent": "yes",
        "frequency": "every_update", "language": "en", "interpreter_language": "",
        "other_needs": "", "discreet": "no", "voicemail_safe": "no", "post_safe": "yes",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def newcomer(client, make, victim_auth):
    """A victim signing in for the first time, on one case."""
    victim = make.victim(email="sam@example.org", phone="+447700900555")
    case = make.case(victims=[victim])
    victim_auth.sign_in(victim, asked=False)
    return victim, case


def post(client, data: dict):
    return client.post("/preferences", data={**data,
                                             "csrf_token": csrf_token(client, "/preferences")})


def test_first_sign_in_asks_before_any_case_is_shown(client, newcomer):
    victim, case = newcomer
    for path in ("/cases", f"/cases/{case.id}"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/preferences"
    form_page = client.get("/preferences")
    assert "Before you see your case" in visible_text(form_page)
    response = post(client, answers())
    assert response.status_code == 302 and response.headers["Location"] == "/cases"
    assert client.get(f"/cases/{case.id}").status_code == 200
    saved = db.session.get(Victim, victim.id)
    assert saved.preference.asked_at is not None and saved.preference.recorded_by_id is None
    assert saved.phone == "+447700900123" and saved.email == "sam@example.org"
    assert saved.preference.channels == ["sms", "email"]
    assert saved.preference.windows == [
        {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "12:00"},
        {"days": [0, 1, 2, 3, 4], "start": "18:00", "end": "20:00"}]
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "preferences.saved")).one()
    assert event.actor_kind == "victim" and "phone" in event.detail["changed"]
    assert "+447700900123" not in str(event.detail)  # never a number in the audit log


@pytest.fixture
def returning(client, make, victim_auth):
    """A victim who answered the first questions at an earlier sign-in."""
    victim = make.victim(email="sam@example.org", phone="+447700900555")
    case = make.case(victims=[victim])
    victim_auth.sign_in(victim)
    return victim, case


def test_first_sign_in_asks_only_what_is_needed_to_contact_safely(client, newcomer):
    victim, _ = newcomer
    soup = page(client.get("/preferences"))
    legends = {legend.get_text(" ", strip=True) for legend in soup.select("legend")}
    assert {"How should we contact you?", "When can we contact you?",
            "Should our messages be discreet?", "Is it safe to send you letters?"} <= legends
    assert not {"How often do you want to hear from us?", "Which language should we use?",
                "Do you need any of these?"} & legends
    assert soup.find(attrs={"name": "other_needs"}) is None
    # Answered without them: the rest keeps its defaults until the victim comes back to it.
    later = ("frequency", "language", "interpreter_language", "other_needs")
    response = post(client, answers(**{name: None for name in later}))
    assert response.status_code == 302 and response.headers["Location"] == "/cases"
    saved = db.session.get(Victim, victim.id)
    assert saved.preference.frequency == "every_update" and saved.language == "en"
    assert saved.preference.hearing_reminders is True
    # Afterwards every question is there, to change at any time.
    legends = {legend.get_text(" ", strip=True)
               for legend in page(client.get("/preferences")).select("legend")}
    assert {"How often do you want to hear from us?", "Which language should we use?"} <= legends


def test_the_form_is_accessible_markup(client, returning):
    soup = page(client.get("/preferences"))
    assert soup.title.text.startswith("How we contact you")
    legends = {legend.get_text(" ", strip=True) for legend in soup.select("legend")}
    assert {"How should we contact you?", "When can we contact you?",
            "How often do you want to hear from us?", "Which language should we use?",
            "Should our messages be discreet?", "Is it safe to send you letters?"} <= legends
    for field in soup.select("input:not([type=hidden]), select, textarea"):
        label = soup.find("label", attrs={"for": field["id"]})
        assert label is not None and label.get_text(strip=True), field["id"]
    welsh = soup.find("input", attrs={"name": "language", "value": "cy"})
    assert soup.find("label", attrs={"for": welsh["id"]})["lang"] == "cy"
    assert soup.select_one("#phone")["type"] == "tel"
    assert soup.select_one("#phone")["aria-describedby"] == "phone-hint"


@pytest.mark.parametrize("changes, field, message", [
    ({"phone": "0770 090"}, "phone", "Enter a phone number like 07700 900123"),
    ({"email": "sam@"}, "email", "Enter an email address like name@example.com"),
    ({"phone": "020 7946 0000"}, "phone", "Enter a mobile phone number, so that we can text"),
    ({"first_choice": ""}, "first_choice", "Choose at least one way for us to contact you"),
    ({"second_choice": "sms"}, "first_choice", "Choose each way of contacting you only once"),
    ({"second_choice": "letter"}, "postal_address", "Enter the address to send letters to"),
    ({"second_choice": "letter", "post_safe": "no", "postal_address": "1 High St"},
     "first_choice", "You said post is not safe"),
    ({"window_1_end": "09:00"}, "window_1_end",
     "The end time must not be the same as the start time"),
    ({"window_1_days": [], "window_2_days": []}, "window_1_days", "Choose at least one day"),
    ({"discreet": None}, "discreet", "Choose yes or no"),
])
def test_a_bad_value_is_named_beside_its_field_and_nothing_is_saved(client, newcomer, changes,
                                                                    field, message):
    victim, _ = newcomer
    response = post(client, answers(**changes))
    assert response.status_code == 400
    soup = page(response)
    assert soup.title.text.startswith("Error: ")
    error = soup.find(id=f"{field}-error")
    assert error is not None and message in error.get_text(), soup.select(".govuk-error-message")
    summary_links = [a["href"] for a in soup.select(".govuk-error-summary a")]
    assert f"#{field}" in summary_links
    assert soup.find(id=field) is not None  # the summary's link has somewhere to go
    saved = db.session.get(Victim, victim.id)
    assert saved.preference is None or saved.preference.asked_at is None
    assert saved.phone == "+447700900555"
    assert client.get("/cases").status_code == 302  # still asked first


@pytest.mark.parametrize("changes, field, message", [
    ({"other_needs": "x" * 501}, "other_needs", "in 500 characters or fewer"),
    ({"needs": ["interpreter"]}, "interpreter_language",
     "Tell us which language you need an interpreter for"),
])
def test_a_bad_later_answer_is_named_beside_its_field_and_nothing_is_saved(
        client, returning, changes, field, message):
    victim, _ = returning
    before = db.session.get(Victim, victim.id).preference.other_needs
    response = post(client, answers(**changes))
    assert response.status_code == 400
    error = page(response).find(id=f"{field}-error")
    assert error is not None and message in error.get_text()
    assert db.session.get(Victim, victim.id).preference.other_needs == before


def test_every_choice_is_kept_and_shown_again(client, make, victim_auth):
    victim = make.victim(email="gwen@example.org")
    make.case(victims=[victim])
    victim_auth.sign_in(victim)
    response = post(client, answers(
        first_choice="letter", second_choice="phone", third_choice="email",
        postal_address="1 Heol y Castell\nAberglas", contact_times="any", urgent="no",
        frequency="weekly_summary", language="cy",
        needs=["large_print", "interpreter", "no_computer_documents"],
        interpreter_language="Polish", other_needs="Please call my daughter first.",
        discreet="yes", voicemail_safe="yes"))
    assert response.status_code == 302 and response.headers["Location"] == "/preferences"
    pref = db.session.get(Victim, victim.id).preference
    assert pref.channels == ["letter", "phone", "email"] and pref.windows == []
    assert (pref.frequency, pref.urgent_may_break_window) == ("weekly_summary", False)
    assert pref.large_print and pref.interpreter and pref.no_computer_documents
    assert not (pref.easy_read or pref.screen_reader or pref.british_sign_language)
    assert (pref.interpreter_language, pref.other_needs) == ("Polish",
                                                             "Please call my daughter first.")
    assert pref.discreet and pref.voicemail_safe and pref.post_safe
    assert db.session.get(Victim, victim.id).language == "cy"
    shown = page(client.get("/preferences"))
    assert shown.html["lang"] == "cy"  # the portal now speaks their language
    assert shown.select_one("#first_choice option[selected]")["value"] == "letter"
    assert shown.find("input", attrs={"name": "frequency", "value": "weekly_summary"}).has_attr(
        "checked")
    assert shown.select_one("#postal_address").text.strip() == "1 Heol y Castell\nAberglas"


def test_a_caseworker_can_record_them_for_the_victim_audited(make):
    worker = make.caseworker()
    victim = make.victim(phone=None)
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC), tick=False):
        pref = preferences.save(victim, {"channels": ["phone", "email"], "phone": "07700900321",
                                         "windows": [], "frequency": "key_decisions"},
                                recorded_by=worker)
    assert pref.recorded_by_id == worker.id
    assert pref.asked_at == dt.datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert victim.phone == "+447700900321"
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "preferences.recorded")).one()
    assert (event.actor_kind, event.actor_id) == ("caseworker", worker.id)
    assert event.detail["victim_id"] == victim.id
    with pytest.raises(InvalidInputs) as refused:
        preferences.save(victim, {"channels": ["sms"], "phone": "not a number",
                                  "email": "nope"}, recorded_by=worker)
    assert set(refused.value.problems) == {"phone", "email"}
    db.session.refresh(victim)
    assert victim.preference.channels == ["phone", "email"]


def test_a_number_or_address_another_victim_uses_is_refused(make):
    make.victim(email="taken@example.org")
    victim = make.victim()
    with pytest.raises(InvalidInputs) as refused:
        preferences.save(victim, {"email": "Taken@example.org"})
    assert "cannot be used" in refused.value.problems["email"]


def test_new_windows_move_waiting_notifications(make, contactable):
    victim = contactable(channels=["sms"], preference={"windows": [
        {"days": [5], "start": "10:00", "end": "11:00"}]})
    with time_machine.travel(dt.datetime(2026, 11, 26, 15, 0, tzinfo=UTC), tick=False):
        make.update(make.case(victims=[victim]))
        assert notifications()[0].not_before == dt.datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
        preferences.save(victim, {"windows": [{"days": [3], "start": "17:00", "end": "19:00"}]})
    assert notifications()[0].not_before == dt.datetime(2026, 11, 26, 17, 0, tzinfo=UTC)


def test_one_bad_time_is_one_error_and_an_overnight_time_is_kept(client, newcomer):
    victim, _ = newcomer
    response = post(client, answers(window_1_end="09:00"))
    assert response.status_code == 400
    soup = page(response)
    # One problem with the times: said once, beside the time, and once in the summary.
    assert len(soup.select(".govuk-error-message")) == 1
    assert len(soup.select(".govuk-error-summary a")) == 1
    response = post(client, answers(window_1_start="21:00", window_1_end="07:00"))
    assert response.status_code in (302, 303)
    saved = db.session.get(Victim, victim.id).preference
    assert {"days": [0, 1, 2, 3, 4], "start": "21:00", "end": "07:00"} in saved.windows
