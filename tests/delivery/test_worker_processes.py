"""Workers as separate processes (`flask worker`), sharing one outbox: a worker killed in the
middle of a batch, and four workers at once on PostgreSQL."""
from __future__ import annotations

import collections
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, insert, select

from portal.extensions import db
from portal.models import CaseVictim, ContactPreference, DeliveryAttempt, Notification, Victim
from portal.models.types import utcnow
from portal.services.delivery import dispatcher
from tests.delivery.helpers import notifications

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def spawn_worker(app, providers, **settings) -> subprocess.Popen:
    """`flask --app portal worker --drain` in a new process, against this test's database and
    the fake providers."""
    env = {
        **os.environ, "PORTAL_ENV": "development", "FLASK_APP": "portal",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "k" * 40,
        "PUBLIC_URL": app.config["PUBLIC_URL"], "DEV_OUTBOX": "0",
        **{key: str(value) for key, value in providers.sms.settings().items() if value},
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(providers.email.port),
        "SMTP_STARTTLS": "0", "DELIVERY_POLL_SECONDS": "0.2",
        **{key: str(value) for key, value in settings.items()},
    }
    return subprocess.Popen([sys.executable, "-m", "flask", "worker", "--drain"], env=env,
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_a_worker_killed_mid_batch_leaves_its_messages_to_be_sent_once_after_the_lease(
        app, make, providers, contactable):
    victims = [contactable(channels=["sms"]) for _ in range(8)]
    make.update(make.case(victims=victims))
    # The fourth text hangs inside "Twilio": the worker is killed while it waits.
    providers.sms.answer_next(("ok",), ("ok",), ("ok",), ("hold", None))
    worker = spawn_worker(app, providers, DELIVERY_BATCH_SIZE=20, DELIVERY_LEASE_SECONDS=120)
    try:
        providers.sms.wait_for(4)
    finally:
        worker.kill()
        worker.communicate(timeout=10)
    providers.sms.release.set()

    rows = notifications()
    assert sorted(n.status for n in rows) == ["pending"] * 5 + ["queued"] * 3
    assert all(n.claimed_by for n in rows if n.status == "pending")
    # While the dead worker's lease lasts, nobody else takes its rows.
    assert dispatcher.run(drain=True).messages == 0
    with time_machine.travel(utcnow() + dt.timedelta(seconds=121)):
        stats = dispatcher.run(drain=True)

    assert stats.messages == 4
    per_number = collections.Counter(r.to for r in providers.sms.received)
    assert per_number == {v.phone: 1 for v in victims}  # each sent once, none twice
    rows = notifications()
    assert sorted(n.status for n in rows) == ["queued"] * 7 + ["unknown"]
    # The one in the provider's hands when the worker died is reported, not resent.
    [unknown] = [n for n in rows if n.status == "unknown"]
    assert unknown.reason == "worker_stopped"


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="SQLite supports one worker; this runs on "
                                            "PostgreSQL (TEST_DATABASE_URL, as CI does)")
def test_four_worker_processes_send_each_of_1000_notifications_once(app, make, providers):
    case = make.case()
    now = utcnow()
    victim_ids = db.session.scalars(insert(Victim).returning(Victim.id), [
        {"full_name": f"Victim {n}", "email": f"v{n}@example.org", "phone": f"+447700900{n:03d}",
         "language": "en", "activated_at": now, "created_at": now} for n in range(1000)]).all()
    db.session.execute(insert(CaseVictim), [
        {"case_id": case.id, "victim_id": i, "added_at": now} for i in victim_ids])
    db.session.execute(insert(ContactPreference), [
        {"victim_id": i, "channels": ["sms"] if n % 2 else ["email"], "windows": [],
         "asked_at": now, "updated_at": now} for n, i in enumerate(victim_ids)])
    db.session.commit()
    make.update(case)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 1000

    workers = [spawn_worker(app, providers, DELIVERY_BATCH_SIZE=20) for _ in range(4)]
    outputs = [w.communicate(timeout=300) for w in workers]

    assert [w.returncode for w in workers] == [0] * 4, outputs
    texts = collections.Counter(r.to for r in providers.sms.received)
    emails = collections.Counter(m["To"] for m in providers.email.messages)
    assert len(texts) == 500 and set(texts.values()) == {1}
    assert len(emails) == 500 and set(emails.values()) == {1}
    assert {n.status for n in notifications()} == {"queued", "sent"}
    per_notification = collections.Counter(db.session.scalars(
        select(DeliveryAttempt.notification_id)))
    assert len(per_notification) == 1000 and set(per_notification.values()) == {1}
    busy = set(db.session.scalars(select(DeliveryAttempt.worker)))
    assert len(busy) >= 2  # the work was shared
