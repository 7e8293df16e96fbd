"""Benchmark: 10,000 notifications through the delivery engine with 1 and 4 workers.

Not a test: it prints messages per second and the engine's own time per message (everything
a worker does except wait for the provider), against a fake Twilio (HTTP) and a real SMTP
server (aiosmtpd) on 127.0.0.1, with PostgreSQL. Half the notifications are texts, half emails.

It makes a database of its own on the PostgreSQL server named by BENCH_DATABASE_URL (or
TEST_DATABASE_URL, or postgresql+psycopg://postgres@127.0.0.1:5432/postgres), and drops it at
the end: the user needs CREATEDB. Options: --notifications N, --workers 1,4.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def settings(database: str, sms_base: str, smtp_port: int, batch: int) -> dict:
    from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN

    return {
        "SQLALCHEMY_DATABASE_URI": database, "PUBLIC_URL": "https://case-updates.example",
        "DEV_OUTBOX": False, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "+447700900000", "TWILIO_API_BASE": sms_base, "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port, "SMTP_STARTTLS": False, "DELIVERY_BATCH_SIZE": batch,
    }


def worker(config: dict, results) -> None:
    """One worker process: drain the outbox and report its Stats."""
    from portal import create_app
    from portal.services.delivery import dispatcher

    app = create_app(config)
    with app.app_context():
        stats = dispatcher.run(drain=True)
    results.put((stats.messages, stats.busy_seconds, stats.provider_seconds, stats.cpu_seconds))


def load(app, count: int) -> None:
    """``count`` victims on one case, half texted and half emailed, one update to them all,
    and its notifications: written in bulk, as the console would in one transaction."""
    from portal.extensions import db
    from portal.models import (
        Case,
        CaseVictim,
        ContactPreference,
        Notification,
        Organisation,
        Team,
        Update,
        Victim,
    )
    from portal.models.types import utcnow

    now = utcnow()
    with app.app_context():
        org = Organisation(name="Bench Police", kind="police")
        team = Team(organisation=org, name="Bench team", kind="police", phone="01632 960000")
        case = Case(crime_reference="BENCH/1", offence="burglary", team=team,
                    reported_on=now.date())
        update = Update(case=case, event="general", body_html="<p>We have news.</p>",
                        body_text="We have news.")
        db.session.add_all([org, team, case, update])
        db.session.flush()
        victims = [{"full_name": f"Bench Victim {n}", "email": f"bench{n}@example.org",
                    # Valid mobile numbers (Ofcom's range for drama has only 1,000): they
                    # never leave this machine.
                    "phone": f"+447400{n:06d}", "language": "en", "activated_at": now,
                    "created_at": now} for n in range(count)]
        ids = db.session.scalars(insert(Victim).returning(Victim.id), victims).all()
        db.session.execute(insert(CaseVictim), [
            {"case_id": case.id, "victim_id": i, "added_at": now} for i in ids])
        db.session.execute(insert(ContactPreference), [
            {"victim_id": i, "channels": ["sms"] if n % 2 else ["email"], "windows": [],
             "asked_at": now, "updated_at": now, "frequency": "every_update"}
            for n, i in enumerate(ids)])
        db.session.execute(insert(Notification), [
            {"victim_id": i, "case_id": case.id, "update_id": update.id, "kind": "update",
             "channel": "sms" if n % 2 else "email", "status": "pending", "not_before": now,
             "created_at": now, "attempts": 0, "urgent": False}
            for n, i in enumerate(ids)])
        db.session.commit()


def reset(app) -> None:
    """Every notification back in the outbox, unsent."""
    from portal.extensions import db

    with app.app_context():
        db.session.execute(text("DELETE FROM delivery_attempt"))
        db.session.execute(text(
            "UPDATE notification SET status = 'pending', provider_id = NULL, sent_at = NULL, "
            "lease_until = NULL, claimed_by = NULL, attempts = 0, reason = NULL, "
            "combined_into_id = NULL"))
        db.session.commit()


def run(config: dict, workers: int, count: int, sms, smtp) -> None:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=worker, args=(config, results)) for _ in range(workers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    reports = [results.get(timeout=1800) for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - started
    messages = sum(r[0] for r in reports)
    engine = sum(r[1] - r[2] for r in reports)
    provider = sum(r[2] for r in reports)
    cpu = sum(r[3] for r in reports)
    delivered = len(sms.accepted) + len(smtp.raw)
    print(f"{workers} worker{'s' if workers > 1 else ' '}: {messages:6d} messages "
          f"({delivered} received by the fakes) in {wall:6.1f} s = "
          f"{messages / wall:7.0f} messages/s ({messages / wall * 60:8.0f} a minute); "
          f"engine {1000 * engine / messages:5.2f} ms per message, "
          f"provider calls {1000 * provider / messages:5.2f} ms per message; "
          f"worker CPU {1000 * cpu / messages:5.2f} ms per message")
    if messages != count or delivered != count:
        raise SystemExit(f"expected {count} messages each sent once")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--workers", default="1,4")
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from portal import create_app
    from tests.fakes.smtp_server import FakeSmtp
    from tests.fakes.twilio_server import FakeTwilio

    server = make_url(os.environ.get("BENCH_DATABASE_URL")
                      or os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL)
    if server.get_backend_name() != "postgresql":
        raise SystemExit("The dispatch benchmark needs PostgreSQL (several workers).")
    name = f"bench_dispatch_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    sms, smtp = FakeTwilio(), FakeSmtp()
    try:
        database = server.set(database=name).render_as_string(hide_password=False)
        config = settings(database, sms.base_url, smtp.port, args.batch_size)
        app = create_app(config)
        with app.app_context():
            upgrade()
        load(app, args.notifications)
        print(f"{args.notifications} notifications, half texts and half emails, "
              f"batches of {args.batch_size}, {os.cpu_count()} CPUs")
        for workers in (int(w) for w in args.workers.split(",")):
            reset(app)
            sms.reset()
            smtp.reset()
            run(config, workers, args.notifications, sms, smtp)
        with app.app_context():
            from portal.extensions import db

            db.engine.dispose()
    finally:
        sms.close()
        smtp.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
