"""Benchmark: a court closed for the day (or its list moved), for 10,000 victims, as a job.

Builds one team's day at one court: 8,333 hearings on 8,333 cases with 10,000 victims (some on
two cases), half texted and half emailed, all contactable now. Then, with 4 delivery workers
already running (`flask worker`'s loop: dispatcher.run with the bulk jobs), it times:

1. the caseworker's preview and confirmation, through the real console pages (Flask's test
   client, in a process of its own, whose memory is reported afterwards);
2. the worker applying the job: every hearing cancelled (or moved), an update on each case, a
   notification for each victim, once each;
3. every message reaching the fake Twilio (HTTP) and SMTP servers, each exactly once.

It makes a database of its own on the PostgreSQL server named by BENCH_DATABASE_URL (or
TEST_DATABASE_URL, or postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and drops it at
the end, so it never touches your data: the user needs CREATEDB. It takes about a minute and a
half; it is not part of `make bench`. Run it as:

    .venv/bin/python bench/bulk_update.py [--cases 8333] [--victims 10000] [--workers 4]
                                          [--change closed|moved]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import multiprocessing
import os
import re
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
COURT = "Bench Crown Court"
STAFF_EMAIL = "bench.caseworker@teams.example"


def settings(database: str, sms_base: str, smtp_port: int) -> dict:
    """The app's settings: the fakes for providers, the delivery engine at its defaults."""
    from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN

    return {
        "SQLALCHEMY_DATABASE_URI": database, "PUBLIC_URL": "https://case-updates.example",
        "DEV_OUTBOX": False, "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "+447700900000", "TWILIO_API_BASE": sms_base, "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port, "SMTP_STARTTLS": False,
    }


def the_day(now: dt.datetime) -> dt.date:
    """A weekday three weeks ahead: far enough that closing it is not urgent news."""
    day = now.date() + dt.timedelta(days=21)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def load(app, cases: int, victims: int) -> dt.date:
    """One team's day at one court: a hearing on each case, between 10:00 and 16:00 London
    time; each case has its own victim, the victims left over join the first cases as a second
    victim, and a few hundred victims are on two cases. Written in bulk with Core."""
    from portal import london
    from portal.extensions import db
    from portal.models import (
        Case,
        CaseVictim,
        Caseworker,
        ContactPreference,
        Court,
        Hearing,
        Organisation,
        Team,
        Victim,
    )
    from portal.models.types import utcnow
    from portal.services.sign_in.passwords import hash_password

    now = utcnow()
    day = the_day(now)
    with app.app_context():
        org = Organisation(name="Bench Police", kind="police")
        team = Team(organisation=org, name="Bench witness care", kind="witness_care",
                    phone="01632 960000", email="bench@teams.example")
        court = Court(name=COURT, address="1 Bench Street, Benchtown")
        person = Caseworker(team=team, name="Bench Caseworker", email=STAFF_EMAIL,
                            role="caseworker", password_hash=hash_password("not used here"))
        db.session.add_all([org, team, court, person])
        db.session.flush()
        victim_ids = db.session.scalars(insert(Victim).returning(Victim.id), [
            {"full_name": f"Bench Victim {n}", "email": f"bench{n}@example.org",
             # Valid mobile numbers (Ofcom's range for drama has only 1,000): they never leave
             # this machine.
             "phone": f"+447400{n:06d}", "language": "en", "activated_at": now,
             "created_at": now} for n in range(victims)]).all()
        db.session.execute(insert(ContactPreference), [
            {"victim_id": i, "channels": ["sms"] if n % 2 else ["email"], "windows": [],
             "asked_at": now, "updated_at": now, "frequency": "every_update"}
            for n, i in enumerate(victim_ids)])
        case_ids = db.session.scalars(insert(Case).returning(Case.id), [
            {"crime_reference": f"BENCH/{n:06d}", "offence": "burglary", "team_id": team.id,
             "contact_id": person.id, "reported_on": now.date(), "stage": "court",
             "created_at": now, "updated_at": now, "due_stale": False}
            for n in range(cases)]).all()
        links = [(case_ids[n], victim_ids[n]) for n in range(min(cases, victims))]
        links += [(case_ids[n % cases], victim_ids[n]) for n in range(cases, victims)]
        # Victims on two of the day's cases: told once.
        links += [(case_ids[n], victim_ids[(n + 1) % min(cases, victims)])
                  for n in range(0, min(cases, victims), 20)]
        db.session.execute(insert(CaseVictim), [
            {"case_id": c, "victim_id": v, "added_at": now} for c, v in sorted(set(links))])
        db.session.execute(insert(Hearing), [
            {"case_id": case_id, "court_id": court.id, "kind": "trial",
             "starts_at": london.at(day, dt.time(10 + n % 7, 0)), "must_attend": n % 3 == 0,
             "status": "listed", "created_at": now}
            for n, case_id in enumerate(case_ids)])
        db.session.commit()
    return day


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def web(config: dict, day: dt.date, change: str, results) -> None:
    """The caseworker, in a process of their own like a web worker: preview, then confirm."""
    from portal import create_app
    from portal.extensions import db
    from portal.models import Caseworker, Court
    from portal.services.sign_in import sessions

    app = create_app(config, migrations=False)  # as wsgi.py builds a web worker's
    client = app.test_client()
    with app.app_context():
        person = db.session.scalar(select(Caseworker).where(Caseworker.email == STAFF_EMAIL))
        court_id = db.session.scalar(select(Court.id).where(Court.name == COURT))
        token = sessions.start(person)
    with client.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"] = token, True

    def csrf(html: str) -> str:
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)

    page = client.get("/staff/hearings/bulk")
    assert page.status_code == 200, page.status_code
    gc.collect()
    before = rss_mb()
    new_day = day + dt.timedelta(days=7)
    started = time.perf_counter()
    preview = client.post("/staff/hearings/bulk", data={
        "csrf_token": csrf(page.get_data(as_text=True)), "court": court_id,
        "date": [str(day.day), str(day.month), str(day.year)], "change": change,
        "new_date": [str(new_day.day), str(new_day.month), str(new_day.year)]
        if change == "moved" else ["", "", ""],
        "reason": "the building has no heating"})
    preview_seconds = time.perf_counter() - started
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200, preview.status_code
    gc.collect()
    after_preview = rss_mb()
    form = re.search(r'<form method="post" action="/staff/hearings/bulk/confirm".*?</form>',
                     html, re.S).group(0)
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden" value="([^"]*)"',
                           form))
    data.update(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"',
                           form))
    import html as html_module

    data["body"] = html_module.unescape(
        re.search(r"<textarea[^>]*>(.*?)</textarea>", form, re.S).group(1)).strip()
    data["send"] = "now"
    gc.collect()
    started = time.perf_counter()
    confirmed = client.post("/staff/hearings/bulk/confirm", data=data)
    confirm_seconds = time.perf_counter() - started
    assert confirmed.status_code == 303, (confirmed.status_code, confirmed.get_data()[:2000])
    progress = client.get(confirmed.headers["Location"])
    assert progress.status_code == 200
    gc.collect()
    results.put({"preview": preview_seconds, "confirm": confirm_seconds,
                 "job": confirmed.headers["Location"], "rss": rss_mb(), "before": before,
                 "after_preview": after_preview,
                 "peak": rss_mb("VmHWM"), "preview_kb": len(html) / 1024})


def worker(config: dict, housekeeping: bool, ready, stop, results) -> None:
    """One `flask worker`: the delivery loop with the changes at court (and, as the command
    runs it, the case lists' refresh every minute)."""
    from portal import create_app, memory
    from portal.services.case_file import bulk_jobs, due_index
    from portal.services.delivery import dispatcher

    app = create_app(config)
    memory.pause_automatic_collection()  # as the worker command does
    with app.app_context():
        from portal.extensions import db

        db.session.execute(text("SELECT 1"))
        db.session.commit()
        ready.put(os.getpid())
        spent = {"housekeeping": 0.0, "cases": 0, "jobs": 0.0}

        def refresh(now):
            started = time.perf_counter()
            spent["cases"] += due_index.refresh_due(now)
            spent["housekeeping"] += time.perf_counter() - started

        def jobs(name, stop):
            started = time.perf_counter()
            try:
                return bulk_jobs.run_next(name, stop)
            finally:
                spent["jobs"] += time.perf_counter() - started

        stats = dispatcher.run(stop=stop, jobs=jobs,
                               housekeeping=refresh if housekeeping else None)
    results.put({"messages": stats.messages, "peak": rss_mb("VmHWM"), "rss": rss_mb(),
                 "busy": stats.busy_seconds, **spent})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=8_333)
    parser.add_argument("--victims", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--change", choices=("closed", "moved"), default="closed")
    parser.add_argument("--wait", type=float, default=0.0,
                        help="Seconds between the workers' start and the caseworker's "
                             "preview: 40 puts the workers' first minutely refresh of the "
                             "case lists in the middle of the job and its sending.")
    parser.add_argument("--no-housekeeping", action="store_true",
                        help="Run the workers without the case lists' refresh (due_index).")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from portal import create_app
    from tests.fakes.smtp_server import FakeSmtp
    from tests.fakes.twilio_server import FakeTwilio

    server = make_url(os.environ.get("BENCH_DATABASE_URL")
                      or os.environ.get("TEST_DATABASE_URL") or DEFAULT_URL)
    if server.get_backend_name() != "postgresql":
        raise SystemExit("The bulk update benchmark needs PostgreSQL (several workers).")
    name = f"bench_bulk_{uuid.uuid4().hex[:8]}"  # its own database, dropped at the end
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    sms, smtp = FakeTwilio(), FakeSmtp()
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    processes = []
    try:
        database = server.set(database=name).render_as_string(hide_password=False)
        config = settings(database, sms.base_url, smtp.port)
        app = create_app(config)
        with app.app_context():
            upgrade()
        started = time.perf_counter()
        day = load(app, args.cases, args.victims)
        print(f"Loaded {args.cases} hearings on {args.cases} cases with {args.victims} victims "
              f"in {time.perf_counter() - started:.1f} s; {os.cpu_count()} CPUs, load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

        ready, results, web_results = context.Queue(), context.Queue(), context.Queue()
        processes = [context.Process(target=worker, args=(config, not args.no_housekeeping,
                                                          ready, stop, results))
                     for _ in range(args.workers)]
        for process in processes:
            process.start()
        for _ in processes:
            ready.get(timeout=120)
        print(f"{args.workers} workers running (batches of the default "
              f"{app.config['DELIVERY_BATCH_SIZE']}, polling every "
              f"{app.config['DELIVERY_POLL_SECONDS']:g} s; case lists' refresh "
              f"{'off' if args.no_housekeeping else 'on'})")

        time.sleep(args.wait)
        caseworker = context.Process(target=web, args=(config, day, args.change, web_results))
        caseworker.start()
        page = web_results.get(timeout=600)
        caseworker.join()
        print(f"Preview ({page['preview_kb']:.0f} KB of HTML): {page['preview']:.2f} s; "
              f"confirm, the job queued: {page['confirm']:.2f} s; web process "
              f"{page['before']:.0f} MB resident before, {page['after_preview']:.0f} MB after "
              f"the preview, {page['rss']:.0f} MB after confirming, {page['peak']:.0f} MB at "
              f"its peak")

        from portal.extensions import db
        from portal.models import BulkJob, Notification

        job_id = int(page["job"].rsplit("/", 1)[1])
        with app.app_context():
            while True:
                job = db.session.get(BulkJob, job_id, populate_existing=True)
                if job.status in ("done", "failed"):
                    break
                db.session.commit()
                time.sleep(0.05)
            queued_at = job.created_at.timestamp()  # the same clock: this machine's
            applied = job.finished_at.timestamp() - queued_at
            expected = db.session.scalar(select(func.count()).select_from(Notification).where(
                Notification.update_id.is_not(None)))
            print(f"Job {job.status}: {job.hearings_done} hearings, {job.cases_updated} "
                  f"updates, {job.victims_notified} victims told ({expected} notifications), "
                  f"{applied:.1f} s after it was queued; the worker took "
                  f"{(job.finished_at - job.started_at).total_seconds():.1f} s, from "
                  f"{(job.started_at - job.created_at).total_seconds():.1f} s after queuing")
            status, told = job.status, job.victims_notified
            db.session.commit()
        deadline = time.monotonic() + 600
        while len(sms.accepted) + len(smtp.raw) < expected and time.monotonic() < deadline:
            time.sleep(0.05)
        delivered_at = time.time() - queued_at
        time.sleep(2)  # anything sent twice would arrive now
        stop.set()
        reports = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join()
        delivered = len(sms.accepted) + len(smtp.raw)
        peaks = ", ".join(f"{report['peak']:.0f}" for report in reports)
        for n, report in enumerate(reports, 1):
            print(f"  worker {n}: {report['messages']} messages in {report['busy']:.1f} s of "
                  f"batches, {report['jobs']:.1f} s in jobs, {report['housekeeping']:.1f} s "
                  f"refreshing {report['cases']} cases' next duty")
        to = [r.to for r in sms.accepted] + [m["To"] for m in smtp.messages]
        print(f"All {delivered} messages at the fakes ({len(sms.accepted)} texts, "
              f"{len(smtp.raw)} emails) {delivered_at:.1f} s after the job was queued "
              f"({delivered / (delivered_at - applied + 1e-9) * 60:.0f} a minute once applied; "
              f"{delivered / delivered_at * 60:.0f} a minute overall); workers' peak memory "
              f"{peaks} MB")
        if status != "done" or delivered != expected or len(set(to)) != len(to) \
                or expected != told:
            raise SystemExit("expected every victim told exactly once")
        with app.app_context():
            db.engine.dispose()
    finally:
        stop.set()
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
        sms.close()
        smtp.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
