"""Posting an update: the template is pre-filled, the server checks it, each victim's messages
are previewed exactly, and only what was previewed is sent, with its warnings and
notifications in one transaction."""
from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from sqlalchemy import func, select

from portal import london
from portal.extensions import db
from portal.models import CaseAction, ContactPreference, Notification, Update
from portal.models.actions import ObligationKind
from portal.models.enums import DecisionKind
from portal.models.types import utcnow
from portal.services.case_file import obligations, update_translations
from portal.services.delivery import dispatcher, reach
from tests.conftest import page, visible_text


@pytest.fixture
def setting(make, staff_login):
    person = make.staff(name="Jo Bennett")
    plain = make.victim(name="Sam Taylor", phone="+447700900201", email="sam@example.org")
    discreet = make.victim(name="Layla Haddad", language="ar", phone="+447700900202",
                           email="layla@example.org")
    db.session.add(ContactPreference(victim=discreet, channels=["sms", "email"], discreet=True))
    db.session.commit()
    case = make.case(victims=[plain, discreet], contact=person)
    staff_login.sign_in_quickly(person)
    return person, case, plain, discreet


def compose(client, case, event, about=""):
    response = client.get(f"/staff/cases/{case.id}/updates/new",
                          query_string={"event": event, "about": about})
    assert response.status_code == 200, response.status_code
    soup = page(response)
    form = soup.find("form", id="update-form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")
            if field.get("type") not in ("radio",) and field.get("name")}
    data["body"] = form.find("textarea", {"name": "body"}).text
    data["language"] = "en"
    data["send"] = "window"
    return soup, data


def post(client, case, data, **changes):
    return client.post(f"/staff/cases/{case.id}/updates/new", data={**data, **changes})


def preview_data(response) -> dict:
    form = page(response).find("form", id="update-form")
    data = {field["name"]: field.get("value", "") for field in form.find_all("input")
            if field.get("type") not in ("radio", "submit") and field.get("name")}
    data["body"] = form.find("textarea", {"name": "body"}).text
    return data


def test_choose_an_event_then_edit_its_template(client, setting, make):
    person, case, *_ = setting
    hearing = make.hearing(case, must_attend=True)
    start = page(client.get(f"/staff/cases/{case.id}/updates/new"))
    assert start.find("select", {"name": "event"}) is not None
    about = [o["value"] for o in start.find("select", {"name": "about"}).find_all("option")]
    assert f"hearing:{hearing.id}" in about
    soup, data = compose(client, case, "hearing_listed", f"hearing:{hearing.id}")
    assert hearing.court.name in data["body"] and "You need to go to court" in data["body"]
    assert soup.find("label", {"for": "body"}) is not None


def test_check_and_preview_shows_each_victims_messages(client, setting, make):
    person, case, plain, discreet = setting
    _, data = compose(client, case, "general")
    data["body"] = "The officer dealing with your case has the CCTV footage now.\n\nWe will " \
                   "call you next week."
    response = post(client, case, data, check="1")
    assert response.status_code == 200
    soup = page(response)
    sections = soup.select("section.portal-preview")
    assert [s.h3.text for s in sections] == ["Sam Taylor", "Layla Haddad"]
    sam, layla = sections
    sms = sam.find("p", class_="portal-message")
    assert "There is an update on your case" in sms.text and "Reply STOP" in sms.text
    assert "1 text message (GSM-7" in sam.text
    assert "CCTV footage" in sam.text  # the portal and email versions carry the words
    # The discreet victim's text and email say only that there is an update.
    layla_messages = " ".join(p.text for p in layla.find_all("p", class_="portal-message"))
    assert "/sign-in" in layla_messages  # in her language: only how to sign in
    for secret in ("CCTV", "Layla", "Burglary", case.crime_reference, f"/cases/{case.id}"):
        assert secret not in layla_messages
    assert "Discreet messages" in layla.text
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0  # nothing sent yet


def test_only_what_was_previewed_is_sent(client, setting):
    person, case, *_ = setting
    _, data = compose(client, case, "general")
    previewed = preview_data(post(client, case, data, check="1"))
    previewed["language"], previewed["send"] = "en", "window"
    changed = post(client, case, previewed, body=previewed["body"] + " Something new.",
                   confirm="1")
    assert "not sent" in visible_text(changed)
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0
    sent = post(client, case, previewed, confirm="1")
    assert "Update sent" in page(sent).h1.text
    update = db.session.scalars(select(Update)).one()
    assert update.author_id == person.id and update.urgent is False
    notifications = db.session.scalars(select(Notification)).all()
    assert sorted(n.victim_id for n in notifications) == sorted(v.id for v in case.victims)
    assert all(n.update_id == update.id for n in notifications)


def test_an_update_may_be_sent_with_warnings_which_are_kept(client, setting):
    person, case, *_ = setting
    _, data = compose(client, case, "general")
    data["body"] = "The OIC will call you about the case you were involved in."
    data["send"] = "now"
    checked = post(client, case, data, check="1")
    previewed = preview_data(checked)
    warnings = [li.text for li in page(checked).select("#checker-warnings li")]
    assert any("OIC" in w for w in warnings) and any("impersonal" in w for w in warnings)
    post(client, case, previewed, language="en", send="now", confirm="1")
    update = db.session.scalars(select(Update)).one()
    assert {w["code"] for w in update.warnings} == {"jargon", "impersonal"}
    assert update.urgent is True
    case_page = page(client.get(f"/staff/cases/{case.id}"))
    assert "sent with 2 warnings" in case_page.text


def test_telling_the_victims_about_a_hearing_meets_the_obligation(client, setting, make):
    person, case, *_ = setting
    hearing = make.hearing(case)
    _, data = compose(client, case, "hearing_listed", f"hearing:{hearing.id}")
    previewed = preview_data(post(client, case, data, check="1"))
    post(client, case, previewed, language="en", send="window", confirm="1")
    action = db.session.scalars(select(CaseAction)).one()
    assert action.kind == ObligationKind.HEARING_DATE_TOLD and action.hearing_id == hearing.id
    # Posted is not told: the duty is met when the message reached each victim, in their
    # language (Layla reads Arabic: the caseworker's English words must be translated).
    told = hearing_told(case)
    assert not told.met and told.waiting_on == action
    assert {r.state for r in told.not_reached.values()} == {"waiting", "translation"}
    with time_machine.travel(next_weekday_morning(), tick=False):
        dispatcher.run(drain=True)
    with time_machine.travel(next_weekday_morning() + reach.CALLBACK_WINDOW, tick=False):
        told = hearing_told(case)
        assert not told.met and told.waiting_for_translation
        update = db.session.scalars(select(Update)).one()
        update_translations.attach(person, update, "ar", "تم تحديد موعد المحاكمة.")
        dispatcher.run(drain=True)
    with time_machine.travel(next_weekday_morning() + 2 * reach.CALLBACK_WINDOW, tick=False):
        told = hearing_told(case)
        assert told.met and told.state(utcnow()) == "met"


def next_weekday_morning() -> dt.datetime:
    """11:00 in London on the next weekday: inside the hours victims not yet asked are
    contacted (08:00 to 20:00), whenever the suite runs."""
    day = london.today() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return london.at(day, dt.time(11))


def hearing_told(case):
    db.session.expire_all()
    return next(o for o in obligations.for_case(db.session.get(type(case), case.id))
                if o.kind == ObligationKind.HEARING_DATE_TOLD)


def test_a_decision_update_missing_required_parts_leaves_the_letter_owed(client, setting,
                                                                         make):
    person, case, *_ = setting
    decision = make.decision(case, DecisionKind.NO_FURTHER_ACTION,
                             reasons="No one saw the theft and the camera was broken.")
    _, data = compose(client, case, "no_further_action", f"decision:{decision.id}")
    data["body"] = "We will not take your case further."
    previewed = preview_data(post(client, case, data, check="1"))
    post(client, case, previewed, language="en", send="window", confirm="1")
    letter = [o for o in obligations.for_case(case) if o.kind == ObligationKind.DECISION_LETTER]
    assert not letter[0].met
    # The pre-filled template has every part, so sending it meets the obligation.
    _, data = compose(client, case, "no_further_action", f"decision:{decision.id}")
    previewed = preview_data(post(client, case, data, check="1"))
    post(client, case, previewed, language="en", send="window", confirm="1")
    db.session.expire_all()
    letter = [o for o in obligations.for_case(case) if o.kind == ObligationKind.DECISION_LETTER]
    assert not letter[0].met and letter[0].waiting_on is not None  # sent, not yet reached
    with time_machine.travel(next_weekday_morning(), tick=False):
        dispatcher.run(drain=True)
        update = db.session.scalars(select(Update).order_by(Update.id.desc())).first()
        update_translations.attach(person, update, "ar", "لن نتابع قضيتك.")
        dispatcher.run(drain=True)
    with time_machine.travel(next_weekday_morning() + 2 * reach.CALLBACK_WINDOW, tick=False):
        db.session.expire_all()
        letter = [o for o in obligations.for_case(db.session.get(type(case), case.id))
                  if o.kind == ObligationKind.DECISION_LETTER]
        assert letter[0].met


def test_a_hearing_update_must_name_the_hearing(client, setting):
    person, case, *_ = setting
    _, data = compose(client, case, "hearing_listed")
    response = post(client, case, data, check="1")
    assert response.status_code == 400
    assert "Choose the hearing" in page(response).select_one(".govuk-error-summary").text


def test_an_empty_update_is_refused_beside_the_field(client, setting):
    person, case, *_ = setting
    _, data = compose(client, case, "general")
    response = post(client, case, data, body="   ", check="1")
    assert response.status_code == 400
    assert page(response).find(id="body-error") is not None
    assert page(response).title.text.startswith("Error:")


def test_the_update_reaches_the_victims_case_page(client, setting, victim_auth):
    person, case, plain, _ = setting
    _, data = compose(client, case, "general")
    data["body"] = "We have the CCTV footage now."
    previewed = preview_data(post(client, case, data, check="1"))
    post(client, case, previewed, language="en", send="window", confirm="1")
    client.post("/staff/sign-out", data={"csrf_token": previewed["csrf_token"]})
    victim_auth.sign_in(plain)
    assert "We have the CCTV footage now." in visible_text(client.get(f"/cases/{case.id}"))


def test_sent_updates_move_the_case_to_the_top_of_the_victims_list(app, setting):
    person, case, *_ = setting
    before = case.updated_at
    from portal.services.case_file import updates

    with app.test_request_context():
        updates.post(case, person, updates.Draft(event="general", body="A short update."))
    db.session.refresh(case)
    assert case.updated_at > before - dt.timedelta(seconds=1)


def test_the_preview_shows_the_stop_line_on_a_victims_first_text(app, make, monkeypatch):
    """The preview is the text the worker will send: "Reply STOP" on the first text a victim
    gets even when it costs a segment, and after that only where it fits. A Romanian hearing
    date at a production-length address leaves no room for it."""
    from portal.models.enums import Channel, UpdateEvent
    from portal.services.case_file.updates import preview
    from portal.services.delivery.sms_text import fit_for_sms
    from tests.test_translations import catalogue

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://portal.example.gov.uk")
    new, texted = make.victim(language="ro"), make.victim(language="ro")
    for victim in (new, texted):
        make.preferences(victim, channels=["sms"], windows=[])
    case = make.case(victims=[new, texted])
    db.session.add(Notification(victim=texted, case=case, kind="update", channel="sms",
                                status="delivered", sent_at=utcnow()))
    hearing = make.hearing(case, starts_at=dt.datetime(2026, 9, 30, 9, 0,
                                                       tzinfo=dt.timezone.utc))
    update = Update(case=case, event=UpdateEvent.HEARING_LISTED, hearing=hearing,
                    body_html="<p>x</p>", body_text="x")
    db.session.add(update)
    db.session.commit()
    with app.test_request_context():
        views = {view.victim.id: view for view in preview(update)}
    sms = {victim_id: next(c for c in view.channels if c.channel is Channel.SMS)
           for victim_id, view in views.items()}
    stop = fit_for_sms(catalogue("ro").get("Reply STOP to stop texts.").string, "ro")
    assert sms[new.id].message.text.endswith(" " + stop) and sms[new.id].sms.segments == 2
    assert stop not in sms[texted.id].message.text and sms[texted.id].sms.segments == 1
