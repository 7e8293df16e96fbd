"""The worker end to end: the real twilio client to a fake Twilio over HTTP, smtplib to a
real SMTP server, and the database in between."""
from __future__ import annotations

import datetime as dt

import time_machine

from portal.extensions import db
from portal.models import TaskKind
from portal.models.enums import UpdateEvent
from portal.models.types import utcnow
from portal.services.delivery.sms_text import GSM7, fit_for_sms, measure
from tests.delivery.helpers import attempts, notifications, tasks_of
from tests.test_translations import catalogue


def test_each_victim_gets_one_message_on_their_first_channel(app, make, providers, contactable,
                                                             run_worker):
    texted = contactable(channels=["sms", "email"], name="Ada Lovelace")
    emailed = contactable(channels=["email", "sms"], name="Grace Hopper")
    case = make.case(victims=[texted, emailed])
    make.update(case, UpdateEvent.HEARING_MOVED, "The trial now starts on Monday.")

    stats = run_worker()

    assert stats.messages == 2
    [sms] = providers.sms.accepted
    assert sms.to == texted.phone and sms.sender == "+447700900000"
    # The news first (the sender ID names the service), and how to stop, which fits.
    assert sms.body.startswith("A court hearing has moved to a new date.")
    assert sms.body.endswith("Reply STOP to stop texts.")
    assert sms.status_callback == "http://localhost/webhooks/twilio/status"
    [email] = providers.email.messages
    assert email["To"] == emailed.email
    assert email["From"] == "Case updates <updates@case-updates.example>"
    assert email["Subject"] == ("A court hearing has moved to a new date (crime reference "
                                f"{case.crime_reference})")
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    assert "The trial now starts on Monday." in text
    assert "<p>The trial now starts on Monday.</p>" in html
    by_channel = {n.channel: n for n in notifications()}
    assert by_channel["sms"].status == "queued" and by_channel["sms"].provider_id == sms.sid
    assert by_channel["email"].status == "sent"
    assert by_channel["email"].provider_id == email["Message-ID"]
    # Every attempt is on record: channel, provider id, outcome, times.
    recorded = {(a.channel, a.provider_id, a.outcome) for a in attempts()}
    assert recorded == {("sms", sms.sid, "accepted"), ("email", email["Message-ID"], "accepted")}
    assert all(a.finished_at >= a.started_at for a in attempts())
    # Nothing is sent twice when the worker runs again.
    assert run_worker().messages == 0
    assert len(providers.sms.received) == 1 and len(providers.email.messages) == 1


def test_several_updates_due_together_go_in_one_message(make, providers, contactable,
                                                        run_worker):
    victim = contactable(channels=["sms"])
    first, second = make.case(victims=[victim]), make.case(victims=[victim])
    make.update(first, UpdateEvent.CHARGED)
    make.update(second, UpdateEvent.HEARING_LISTED)
    make.update(second, UpdateEvent.GENERAL)

    run_worker()

    [sms] = providers.sms.received
    assert sms.body == ("You have 3 new updates. Sign in to read them: "
                        "http://localhost/cases Reply STOP to stop texts.")
    rows = notifications()
    assert {n.status for n in rows} == {"queued"} and {n.provider_id for n in rows} == {sms.sid}
    carrier = rows[0]
    assert [n.combined_into_id for n in rows] == [None, carrier.id, carrier.id]
    assert [a.notification_id for a in attempts()] == [carrier.id]


def test_provider_failing_for_a_while_then_recovering_sends_each_once(make, providers,
                                                                      contactable, run_worker):
    victims = [contactable(channels=["sms"]) for _ in range(3)]
    make.update(make.case(victims=victims))
    providers.sms.answer_next(("status", 500), ("status", 500), ("status", 503),
                              ("status", 429), ("status", 500), ("status", 502))
    start = utcnow()

    run_worker()
    rows = notifications()
    assert {(n.status, n.reason) for n in rows} == {("pending", "retry")}
    assert all(n.not_before > start for n in rows)  # backing off, not hammering
    for hours in range(1, 8):
        with time_machine.travel(start + dt.timedelta(hours=hours), tick=False):
            run_worker()

    accepted = sorted(r.to for r in providers.sms.accepted)
    assert accepted == sorted(v.phone for v in victims)  # each exactly once
    assert len(providers.sms.received) == 9
    assert {n.status for n in notifications()} == {"queued"}
    outcomes = [a.outcome for a in attempts()]
    assert outcomes.count("retry") == 6 and outcomes.count("accepted") == 3
    assert {a.error_code for a in attempts() if a.outcome == "retry"} == {
        "500", "503", "429", "502"}


def test_retries_back_off_and_give_up_after_hours_then_try_the_next_channel(
        app, make, providers, contactable, run_worker):
    victim = contactable(channels=["sms", "email"])
    case = make.case(victims=[victim])
    make.update(case)
    providers.sms.answer_next(*[("status", 500)] * 50)
    start = now = utcnow()
    waits = []
    for _ in range(app.config["DELIVERY_MAX_ATTEMPTS"]):
        with time_machine.travel(now, tick=False):
            run_worker()
        row = notifications()[0]
        if row.status != "pending":
            break
        waits.append((row.not_before - now).total_seconds())
        now = row.not_before

    sms_row, email_row = notifications()
    assert (sms_row.status, sms_row.reason) == ("failed", "gave_up")
    assert len(providers.sms.received) == app.config["DELIVERY_MAX_ATTEMPTS"]
    assert now - start > dt.timedelta(hours=1)  # hours, not seconds
    assert waits[0] < 60 and max(waits) <= app.config["DELIVERY_BACKOFF_CEILING_SECONDS"]
    assert waits[5] > waits[0] * 8  # exponential
    # The next channel was used and the case team was told.
    assert (email_row.channel, email_row.fallback_from_id) == ("email", sms_row.id)
    with time_machine.travel(now, tick=False):
        run_worker()
    assert [m["To"] for m in providers.email.messages] == [victim.email]
    [task] = tasks_of(TaskKind.DELIVERY_FAILED)
    assert task.case_id == case.id and task.detail["next_channel"] == "email"


def test_a_permanent_refusal_is_not_retried_the_next_channel_is_used(make, providers,
                                                                     contactable, run_worker):
    victim = contactable(channels=["sms", "email"])
    case = make.case(victims=[victim])
    providers.sms.refuse_number(victim.phone, 400, 21211)
    make.update(case, UpdateEvent.VERDICT)

    run_worker()

    assert len(providers.sms.received) == 1
    sms_row, email_row = notifications()
    assert (sms_row.status, sms_row.reason, sms_row.error_code) == (
        "failed", "permanent_error", "21211")
    assert (email_row.status, email_row.fallback_from_id) == ("sent", sms_row.id)
    [email] = providers.email.messages
    assert email["Subject"] == ("The court has reached a verdict (crime reference "
                                f"{case.crime_reference})")
    [task] = tasks_of(TaskKind.DELIVERY_FAILED)
    assert task.detail == {"channel": "sms", "reason": "permanent_error", "error_code": "21211",
                           "next_channel": "email", "next_notification_id": email_row.id}
    # Twilio's message quoted the number; nothing of it was kept.
    assert all(victim.phone not in (a.error or "") for a in attempts())


def test_twilio_unsubscribed_error_turns_texts_off(make, providers, contactable, run_worker):
    victim = contactable(channels=["sms", "email"])
    providers.sms.refuse_number(victim.phone, 400, 21610)
    make.update(make.case(victims=[victim]))
    run_worker()
    assert victim.preference.sms_opted_out is True
    assert [m["To"] for m in providers.email.messages] == [victim.email]


def test_a_timeout_after_sending_is_unknown_and_never_resent(app, make, providers, contactable,
                                                             run_worker, monkeypatch):
    monkeypatch.setitem(app.config, "TWILIO_TIMEOUT_SECONDS", 0.3)
    victim = contactable(channels=["sms", "email"])
    case = make.case(victims=[victim])
    make.update(case)
    providers.sms.answer_next(("hold", 1.0))  # Twilio takes it, but answers too late

    run_worker()
    run_worker()

    [row] = notifications()
    assert (row.status, row.reason) == ("unknown", "timeout_unknown")
    assert len(providers.sms.received) == 1 and providers.email.messages == []
    [task] = tasks_of(TaskKind.UNKNOWN_OUTCOME)
    assert task.case_id == case.id and task.victim_id == victim.id
    assert attempts()[0].outcome == "unknown"


def test_a_provider_that_cannot_be_reached_is_retried(app, make, providers, contactable,
                                                      run_worker, monkeypatch):
    from tests.fakes.smtp_server import free_port

    monkeypatch.setitem(app.config, "TWILIO_API_BASE", f"http://127.0.0.1:{free_port()}")
    victim = contactable(channels=["sms"])
    make.update(make.case(victims=[victim]))
    run_worker()
    [row] = notifications()
    assert (row.status, row.reason) == ("pending", "retry")
    assert attempts()[0].error == "ConnectionError (not sent)"


def test_email_refused_for_good_moves_on_and_4xx_is_retried(make, providers, contactable,
                                                            run_worker):
    refused = contactable(channels=["email", "sms"])
    later = contactable(channels=["email"])
    providers.email.refuse(refused.email)
    providers.email.refuse(later.email, "451 4.3.0 Try again later")
    make.update(make.case(victims=[refused, later]))

    run_worker()

    rows = {(n.victim_id, n.channel): n for n in notifications()}
    assert (rows[refused.id, "email"].status, rows[refused.id, "email"].error_code) == (
        "failed", "550")
    assert rows[refused.id, "sms"].status == "queued"
    assert [r.to for r in providers.sms.accepted] == [refused.phone]
    assert (rows[later.id, "email"].status, rows[later.id, "email"].error_code) == (
        "pending", "451")


def test_an_answer_from_the_team_is_announced_without_its_words(make, providers, contactable,
                                                                run_worker):
    from portal.services.victim_input import conversations

    worker = make.staff()
    texted = contactable(channels=["sms"])
    emailed = contactable(channels=["email"])
    case = make.case(victims=[texted, emailed], team=worker.team)
    conversations.reply(worker, case, texted, "Yes, your sister can come with you.")
    conversations.reply(worker, case, emailed, "The trial is in court 3.")
    run_worker()
    [sms] = providers.sms.accepted
    assert sms.body == ("You have a new message. Sign in to read it: "
                        "http://localhost/sign-in Reply STOP to stop texts.")
    [email] = providers.email.messages
    assert email["Subject"] == "You have a new message"
    assert "court 3" not in email.get_body(("plain",)).get_content()
    assert {n.status for n in notifications()} == {"queued", "sent"}


def test_a_welsh_reader_gets_texts_and_emails_from_the_service_in_welsh(app, make, providers,
                                                                       contactable, run_worker):
    """A text starts with its news in the reader's language (no name: the sender ID names the
    service); an email's sender is the service's name in the reader's language, through the
    real SMTP server and the Twilio client."""
    texted = contactable(channels=["sms"], language="cy")
    emailed = contactable(channels=["email"], language="ar")
    make.update(make.case(victims=[texted, emailed]), UpdateEvent.CHARGED, "Charged today.")
    run_worker()
    [sms] = providers.sms.accepted
    welsh = catalogue("cy")
    charged = fit_for_sms(welsh.get("Someone has been charged").string, "cy")
    assert sms.body.startswith(charged + ".")
    assert "Diweddariadau achos" not in sms.body and "Case updates" not in sms.body
    [email] = providers.email.messages
    assert email["From"].addresses[0].display_name == "مستجدات الملف"
    assert email["From"].addresses[0].addr_spec == "updates@case-updates.example"


def test_a_victims_first_text_says_how_to_stop_even_when_that_costs_a_segment(
        app, make, providers, contactable, run_worker, monkeypatch):
    """"Reply STOP" goes on a text only when it fits in the same segments, except on the first
    text a victim is sent. A Romanian hearing date at a production-length address leaves no
    room for it: the first text takes a second segment to say it, the next stays in one."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://portal.example.gov.uk")
    victim = contactable(channels=["sms"], language="ro")
    case = make.case(victims=[victim])
    for day in (30, 29):
        hearing = make.hearing(case, starts_at=dt.datetime(2026, 9, day, 9, 0,
                                                           tzinfo=dt.timezone.utc))
        update = make.update(case, UpdateEvent.HEARING_LISTED)
        update.hearing = hearing
        db.session.commit()
        run_worker()
    first, second = (sms.body for sms in providers.sms.received)
    stop = fit_for_sms(catalogue("ro").get("Reply STOP to stop texts.").string, "ro")
    assert first.endswith(" " + stop) and stop not in second
    assert "septembrie 2026" in first and "https://portal.example.gov.uk/cases/" in first
    assert (measure(first).encoding, measure(first).segments) == (GSM7, 2)
    assert (measure(second).encoding, measure(second).segments) == (GSM7, 1)
    assert measure(first[:-len(stop) - 1]).segments == 1  # the words alone fit in one


def test_a_text_after_a_failed_first_one_still_says_how_to_stop(
        app, make, providers, contactable, run_worker, monkeypatch):
    """A text the network refused for good was never read: the next one is still the first."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://portal.example.gov.uk")
    victim = contactable(channels=["sms"], language="ro")
    case = make.case(victims=[victim])
    hearing = make.hearing(case, starts_at=dt.datetime(2026, 9, 30, 9, 0, tzinfo=dt.timezone.utc))
    update = make.update(case, UpdateEvent.HEARING_LISTED)
    update.hearing = hearing
    db.session.commit()
    run_worker()
    [sent] = notifications()
    sent.status = "undelivered"  # as the status callback records it
    db.session.commit()
    update = make.update(case, UpdateEvent.HEARING_LISTED)
    update.hearing = hearing
    db.session.commit()
    run_worker()
    stop = fit_for_sms(catalogue("ro").get("Reply STOP to stop texts.").string, "ro")
    assert [sms.body.endswith(stop) for sms in providers.sms.received] == [True, True]
