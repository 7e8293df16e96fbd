"""A victim who declined the Victim Contact Scheme (the Victims' Code, right 11: news of the
offender after sentence comes through the scheme) is not told about the offender's release,
licence conditions, urgent alerts or parole: their case page says why and who to call to change
their mind; such updates are queued only for the victims who joined; the duties to tell of the
release and parole are met when those are reached; a supporter of the declined victim sees and
gets nothing of it; the console names who is not told; joining later shows it all again."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AlertReceipt,
    Notification,
    ParoleReview,
    SupporterNotification,
    Update,
    VcsReferral,
)
from portal.models.actions import ObligationKind as K
from portal.models.enums import Stage, TeamKind, UpdateEvent
from portal.models.messaging import DeliveryStatus
from portal.services.case_file import alerts, obligations, update_templates, updates
from tests.conftest import csrf_token, page, visible_text
from tests.supporter_helpers import accept_and_sign_in, invite

LONDON = ZoneInfo("Europe/London")
# Friday 28 August 2026, 15:00 in London.
FRIDAY = dt.datetime(2026, 8, 28, 15, 0, tzinfo=LONDON)
AREA = "the town centre of Newport"
RELEASE_HEADLINE = "The offender will be released soon"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def two_victims(client, make, staff_login, contactable):
    """A sentenced case handed to probation with two victims referred to the scheme: Ana joined,
    Ben declined (each choice recorded on the console, as the probation team does)."""
    team = make.team(TeamKind.PROBATION)
    officer = make.staff(name="Maya Hughes", team=team)
    ana = contactable(channels=["email"], name="Ana Kowalska", email="ana@example.com")
    ben = contactable(channels=["email"], name="Ben Marsh", email="ben@example.com")
    case = make.case(victims=[ana, ben], stage=Stage.AFTER_SENTENCE, team=team,
                     contact=officer, violent_or_sexual=True)
    for victim in (ana, ben):
        db.session.add(VcsReferral(case_id=case.id, victim_id=victim.id, team_id=team.id,
                                   consent=True, language="en", liaison_officer_id=officer.id))
    db.session.commit()
    staff_login.sign_in_quickly(officer)
    choose(client, case, ana, "joined")
    choose(client, case, ben, "declined")
    return officer, case, ana, ben


def choose(client, case, victim, choice):
    referral = db.session.scalars(select(VcsReferral).where(
        VcsReferral.case_id == case.id, VcsReferral.victim_id == victim.id)
        .order_by(VcsReferral.id.desc())).first()
    path = f"/staff/cases/{case.id}/vcs-referral/{referral.id}/choice"
    response = client.post(path, data={"choice": choice, "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302


def post(case, officer, event: UpdateEvent) -> Update:
    body = update_templates.prefill(case, event)
    return updates.post(case, officer, updates.Draft(event=event.value, body=body))


def queued_for(update: Update) -> set[int]:
    return set(db.session.scalars(select(Notification.victim_id).where(
        Notification.update_id == update.id)))


def with_release_and_parole(make, case):
    make.release(case, expected_on=dt.date(2026, 10, 1), no_contact=True, exclusion_area=AREA)
    db.session.add(ParoleReview(case=case, eligible_on=dt.date(2027, 3, 1),
                                status="review_started", review_started_on=FRIDAY.date(),
                                review_recorded_at=FRIDAY))
    db.session.commit()


def test_release_and_parole_updates_go_only_to_the_victim_who_joined_and_meet_the_duties(
        client, make, two_victims, run_worker, providers):
    officer, case, ana, ben = two_victims
    with_release_and_parole(make, case)
    release = post(case, officer, UpdateEvent.RELEASE_PLANNED)
    parole = post(case, officer, UpdateEvent.PAROLE_REVIEW_STARTED)
    news = post(case, officer, UpdateEvent.GENERAL)
    assert queued_for(release) == {ana.id}
    assert queued_for(parole) == {ana.id}
    assert queued_for(news) == {ana.id, ben.id}  # other news still goes to both
    run_worker()
    # The updates waiting for each go in one email (combined): Ana's has the release and its
    # conditions, Ben's only the other news.
    emails = {m["To"]: m.get_body(("plain",)).get_content() for m in providers.email.messages}
    assert set(emails) == {"ana@example.com", "ben@example.com"}
    assert AREA in emails["ana@example.com"] and "0300 060 6699" in emails["ana@example.com"]
    assert AREA not in emails["ben@example.com"]
    assert "released" not in emails["ben@example.com"]
    assert "parole" not in emails["ben@example.com"].lower()
    db.session.expire_all()
    owed = {o.kind: o for o in obligations.for_case(case)}
    # Met once Ana was reached: Ben, who declined, is not waited for.
    assert owed[K.RELEASE_NOTICE].met and owed[K.RELEASE_NOTICE].not_reached == {}
    assert owed[K.PAROLE_REVIEW_TOLD].met


def test_an_urgent_alert_goes_only_to_the_victim_who_joined(client, make, two_victims):
    officer, case, ana, ben = two_victims
    alert = alerts.record(officer, case, "escaped", FRIDAY - dt.timedelta(hours=1))
    assert queued_for(alert.update) == {ana.id}
    assert set(db.session.scalars(select(AlertReceipt.victim_id))) == {ana.id}


def test_the_console_names_the_victim_who_is_not_told(client, two_victims):
    _, case, ana, ben = two_victims
    soup = page(client.get(f"/staff/cases/{case.id}"))
    line = soup.select_one(".portal-not-told")
    assert line is not None
    text = " ".join(line.get_text(" ").split())
    assert "Ben Marsh" in text and "Ana Kowalska" not in text
    assert "chose not to join the Victim Contact Scheme" in text


def test_the_declined_victim_sees_why_not_the_release_and_can_change_their_mind(
        client, make, two_victims, victim_auth, staff_login):
    officer, case, ana, ben = two_victims
    with_release_and_parole(make, case)
    post(case, officer, UpdateEvent.RELEASE_PLANNED)
    alerts.record(officer, case, "recalled", FRIDAY - dt.timedelta(hours=1))

    victim_auth.sign_in(ben)
    soup = page(client.get(f"/cases/{case.id}"))
    text = " ".join(soup.get_text(" ").split())
    assert soup.find("section", class_="portal-release") is None
    assert soup.find("section", class_="portal-parole") is None
    assert "When the offender is released" not in text and AREA not in text
    assert "Parole Board" not in text and RELEASE_HEADLINE not in text
    assert "Urgent" not in text and "sent back to prison" not in text
    paragraph = soup.find("section", class_="portal-not-in-scheme")
    assert paragraph is not None
    said = " ".join(paragraph.get_text(" ").split())
    assert "You chose not to join the Victim Contact Scheme" in said
    assert "will not tell you about the offender’s release" in said
    assert "change your mind at any time" in said and "Maya Hughes" in said
    assert "call 999" in said and "tell us straight away" in said

    victim_auth.sign_in(ana)
    soup = page(client.get(f"/cases/{case.id}"))
    text = " ".join(soup.get_text(" ").split())
    assert soup.find("section", class_="portal-release") is not None
    assert soup.find("section", class_="portal-parole") is not None
    assert AREA in text and RELEASE_HEADLINE in text and "sent back to prison" in text
    assert soup.find("section", class_="portal-not-in-scheme") is None

    # Ben changes his mind: the team records that he joined, and he sees it all.
    staff_login.sign_in_quickly(officer)
    choose(client, case, ben, "joined")
    victim_auth.sign_in(ben)
    soup = page(client.get(f"/cases/{case.id}"))
    text = " ".join(soup.get_text(" ").split())
    assert soup.find("section", class_="portal-release") is not None
    assert soup.find("section", class_="portal-parole") is not None
    assert AREA in text and RELEASE_HEADLINE in text
    assert soup.find("section", class_="portal-not-in-scheme") is None
    later = post(case, officer, UpdateEvent.RELEASE_PLANNED)
    assert queued_for(later) == {ana.id, ben.id}


def test_a_supporter_of_the_declined_victim_sees_and_gets_nothing_of_it(client, make,
                                                                        two_victims):
    officer, case, ana, ben = two_victims
    access, token = invite(ben, [case], permissions=("see_status", "receive_updates"),
                           contact="helper@example.org")
    accept_and_sign_in(client, token)
    with_release_and_parole(make, case)
    release = post(case, officer, UpdateEvent.RELEASE_PLANNED)
    parole = post(case, officer, UpdateEvent.PAROLE_REVIEW_STARTED)
    alert = alerts.record(officer, case, "escaped", FRIDAY - dt.timedelta(hours=1))
    news = post(case, officer, UpdateEvent.GENERAL)
    told = set(db.session.scalars(select(SupporterNotification.update_id).where(
        SupporterNotification.supporter_id == access.supporter_id)))
    assert told == {news.id}
    assert {release.id, parole.id, alert.update_id}.isdisjoint(told)
    text = visible_text(client.get(f"/supporting/cases/{access.id}"))
    assert "There is an update on your case" in text
    assert RELEASE_HEADLINE not in text and "Urgent news about the offender" not in text
    assert "parole" not in text.lower()


def test_every_victim_declined_no_release_or_parole_duty_is_owed(client, make, two_victims):
    officer, case, ana, ben = two_victims
    choose(client, case, ana, "declined")
    with_release_and_parole(make, case)
    db.session.expire_all()
    kinds = {o.kind for o in obligations.for_case(case)}
    assert K.RELEASE_NOTICE not in kinds and K.PAROLE_REVIEW_TOLD not in kinds
    assert K.PROBATION_LETTER in kinds  # the scheme's own letter is still owed


def test_declining_later_stops_what_was_waiting_and_the_alert_repeats(client, make,
                                                                      two_victims, app):
    from portal.services.delivery import alert_repeats

    officer, case, ana, ben = two_victims
    choose(client, case, ben, "joined")
    access, _ = invite(ben, [case], permissions=("see_status", "receive_updates"),
                       contact="helper@example.org")
    access.accepted_at = FRIDAY
    db.session.commit()
    # While Ben is in the scheme, the alert goes to him and his supporter too.
    alert = alerts.record(officer, case, "absconded", FRIDAY - dt.timedelta(hours=1))
    assert queued_for(alert.update) == {ana.id, ben.id}
    choose(client, case, ben, "declined")
    db.session.expire_all()
    [supporters_copy] = db.session.scalars(select(SupporterNotification).where(
        SupporterNotification.update_id == alert.update_id)).all()
    assert supporters_copy.status == "not_sent"
    bens = db.session.scalars(select(Notification).where(
        Notification.update_id == alert.update_id, Notification.victim_id == ben.id)).all()
    assert bens and all(n.status == DeliveryStatus.CANCELLED and n.reason == "declined_scheme"
                        for n in bens)
    assert set(db.session.scalars(select(AlertReceipt.victim_id))) == {ana.id}
    repeats, calls = alert_repeats.run(dt.datetime.now(dt.timezone.utc)
                                       + dt.timedelta(hours=3))
    assert calls == 1  # Ana's call only
    assert db.session.scalars(select(Notification).where(
        Notification.update_id == alert.update_id, Notification.victim_id == ben.id,
        Notification.status == DeliveryStatus.PENDING)).all() == []


def test_the_translation_queue_does_not_wait_for_the_declined_victim(client, make,
                                                                      two_victims):
    from portal.services.case_file import update_translations

    officer, case, ana, ben = two_victims
    ben.language = "pl"
    db.session.commit()
    with_release_and_parole(make, case)
    release = post(case, officer, UpdateEvent.RELEASE_PLANNED)
    news = post(case, officer, UpdateEvent.GENERAL)
    waiting = {(row.update.id, row.language) for row in update_translations.waiting(officer)}
    assert (news.id, "pl") in waiting and (release.id, "pl") not in waiting
    update_translations.attach(officer, release, "pl", "Sprawca wkrótce wyjdzie na wolność.")
    assert queued_for(release) == {ana.id}


def test_the_declined_victims_page_asks_no_more_questions(client, make, two_victims,
                                                          victim_auth):
    from tests.victim.test_query_counts import MOST, queries

    officer, case, ana, ben = two_victims
    with_release_and_parole(make, case)
    post(case, officer, UpdateEvent.RELEASE_PLANNED)
    alerts.record(officer, case, "recalled", FRIDAY - dt.timedelta(hours=1))
    counts = {}
    for victim in (ana, ben):
        victim_auth.sign_in(victim)
        counts[victim.full_name] = queries(client, f"/cases/{case.id}")
    # Whether he declined is read with the case (case_view.page_options): no question of its
    # own, and his page skips the unread alerts' question. Ana's, with an unread alert, is
    # within the budget too (the session and the victim are one question).
    assert counts["Ben Marsh"] <= MOST and counts["Ana Kowalska"] <= MOST, counts
    assert counts["Ben Marsh"] == counts["Ana Kowalska"] - 1, counts


def test_the_console_preview_says_the_declined_victim_is_not_sent_it(client, make,
                                                                     two_victims):
    from tests.caseworker.test_updates import compose, preview_data
    from tests.caseworker.test_updates import post as send

    officer, case, ana, ben = two_victims
    with_release_and_parole(make, case)
    _, data = compose(client, case, "release_planned")
    checked = send(client, case, data, check="1")
    soup = page(checked)
    bens = " ".join(soup.select_one(f"#forecast-{ben.id}").get_text(" ").split())
    anas = " ".join(soup.select_one(f"#forecast-{ana.id}").get_text(" ").split())
    assert "Not sent: they chose not to join the Victim Contact Scheme" in bens
    assert "Not sent" not in anas
    send(client, case, preview_data(checked), language="en", send="window", confirm="1")
    [update] = db.session.scalars(select(Update).where(Update.case_id == case.id)).all()
    assert queued_for(update) == {ana.id}
