"""Command-line chores: `flask --app portal demo` (the demo data), `worker` (the delivery
worker), `retention` (anonymise cases closed long ago), `create-admin` (the first console
account) and, in development only, `totp-code EMAIL` (a demo account's current authenticator
code)."""
from __future__ import annotations

import click
import pyotp
from babel import Locale
from flask import Flask, current_app
from sqlalchemy import select

from portal import memory
from portal.extensions import db
from portal.models import Case, Caseworker
from portal.models.enums import Role
from portal.services.errors import InvalidInput
from portal.services.identifiers import normalise_email
from portal.services.sign_in import staff_auth


def register(app: Flask) -> None:
    @app.cli.command("demo")
    @click.option("--scale", type=click.IntRange(min=1), default=None,
                  help="Also add this many generated cases (for benchmarks), after the demo.")
    def demo(scale: int | None) -> None:
        """Load the fictional demo data (safe to run again) and print how to sign in.

        Refused in production: the demo's accounts and passwords are published."""
        from portal import demo as demo_data

        if current_app.config["PORTAL_ENV"] == "production":
            raise click.UsageError("flask demo is refused in production: its accounts and "
                                   "passwords are published in the README.")
        result = demo_data.load()
        if scale:
            from portal.demo import scale as scaled

            made = scaled.generate(scale)
            click.echo(f"Generated {made.cases} cases ({made.rows} rows) in "
                       f"{made.seconds:.0f} s.")
        base = current_app.config["PUBLIC_URL"]
        click.echo(f"Demo data ready ({result.cases_added} cases added).")
        click.echo("")
        click.echo(f"Victim:     {base}/sign-in")
        click.echo(f"  email:    {demo_data.DEMO_VICTIM_EMAIL} "
                   f"(the code appears at {base}/dev/outbox)")
        click.echo(f"  password: {demo_data.DEMO_VICTIM_PASSWORD} (or sign in with a password)")
        click.echo("Every demo victim signs in the same way, with a code, in their own language:")
        for name, email, _phone, code, active in demo_data.VICTIMS.values():
            if active:
                click.echo(f"  {name:<16} {Locale.parse(code).get_display_name('en'):<9} {email}")
        click.echo(f"Caseworker: {base}/staff/sign-in")
        click.echo(f"  email:    {demo_data.DEMO_CASEWORKER_EMAIL}")
        click.echo(f"  password: {demo_data.DEMO_CASEWORKER_PASSWORD}")
        click.echo(f"  authenticator secret: {demo_data.DEMO_TOTP_SECRET}")
        click.echo("  current code: flask --app portal totp-code "
                   f"{demo_data.DEMO_CASEWORKER_EMAIL}")
        click.echo(f"Translator: {demo_data.DEMO_TRANSLATOR_EMAIL} (same password and secret)")
        click.echo(f"Area lead:  {demo_data.DEMO_AREA_LEAD_EMAIL} (same password and secret)")
        if result.invitation_token:
            click.echo(f"Invitation for a new victim: {base}/invitation/{result.invitation_token}")

    @app.cli.command("worker")
    @click.option("--drain", is_flag=True,
                  help="Stop once nothing is due, instead of waiting for more.")
    def worker(drain: bool) -> None:
        """Send the outbox's notifications, and apply the changes at court caseworkers have
        confirmed, until stopped (Ctrl+C or SIGTERM).

        Run as many as you like against PostgreSQL; SQLite supports one. Settings:
        DELIVERY_BATCH_SIZE, DELIVERY_LEASE_SECONDS, DELIVERY_POLL_SECONDS.
        """
        import logging
        import signal
        import threading

        from portal.models import page_versions
        from portal.services import retention, supporter_updates
        from portal.services.case_file import bulk_jobs, due_index
        from portal.services.delivery import dispatcher

        def housekeeping(now):  # every minute: the duties (lists, figures), the pages'
            due_index.housekeeping(now)  # versions pruned; retention daily
            page_versions.prune(db.session.connection())
            db.session.commit()
            try:  # a failed retention run must not hold up the messages: next minute again
                retention.daily(now)
            except Exception:  # noqa: BLE001
                db.session.rollback()
                logging.getLogger("portal.retention").exception(
                    "retention failed; trying again in a minute")

        def jobs(worker, stop):  # changes at court, then supporters' updates (issue 15)
            return bulk_jobs.run_next(worker, stop) + supporter_updates.send_due(worker, stop)

        if not logging.getLogger().handlers:
            logging.basicConfig(level=logging.INFO,
                                format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        stop = threading.Event()
        previous = {signum: signal.signal(signum, lambda *_: stop.set())
                    for signum in (signal.SIGINT, signal.SIGTERM)}
        memory.pause_automatic_collection()  # collect between batches: portal/memory.py
        try:  # a signal stops the worker after the message in hand, not in the middle of it
            stats = dispatcher.run(drain=drain, stop=stop, housekeeping=housekeeping,
                                   jobs=jobs)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        click.echo(f"Messages sent: {stats.messages}. Tasks for case teams: {stats.tasks}. "
                   f"Engine time: {stats.engine_ms_per_message:.2f} ms per message.")

    @app.cli.command("retention")
    def retention_command() -> None:
        """Anonymise the people and words of cases closed longer than RETENTION_YEARS, keeping
        the figures (docs/DOMAIN.md, "How long we keep it"). Safe to run again; the worker
        runs it once a day."""
        from portal.services import retention

        result = retention.run()
        years = current_app.config["RETENTION_YEARS"]
        click.echo(f"Cases closed more than {years} years ago anonymised: {result.cases}.")
        click.echo(f"People anonymised: {result.victims}. People kept because they are on a "
                   f"case not yet due: {result.victims_kept}. Statement files deleted: "
                   f"{result.files}.")

    @app.cli.command("refresh-duties")
    @click.option("--batch", type=click.IntRange(min=1), default=1000)
    def refresh_duties(batch: int) -> None:
        """Work out every case's Victims' Code duties again: the lists' next duty and the team
        figures' records. Once after deploying the records (the worker otherwise fills them in
        a batch a minute) or after `flask demo --scale`."""
        from portal.services.case_file import due_index

        ids = list(db.session.scalars(select(Case.id).order_by(Case.id)))
        done = 0
        for start in range(0, len(ids), batch):
            done += due_index.refresh(ids[start:start + batch])
        click.echo(f"Duties worked out again on {done} cases.")

    @app.cli.command("create-admin")
    @click.option("--name", prompt="Full name")
    @click.option("--email", prompt="Email address")
    @click.password_option("--password", prompt="Password (at least 12 characters)")
    def create_admin(name: str, email: str, password: str) -> None:
        """Make an administrator account and print its authenticator set-up."""
        try:
            address = normalise_email(email)
        except ValueError:
            raise click.UsageError("That is not an email address.") from None
        if db.session.scalar(select(Caseworker).where(Caseworker.email == address)):
            raise click.UsageError("There is already an account with that email address.")
        admin = Caseworker(name=" ".join(name.split()), email=address, role=Role.ADMIN)
        db.session.add(admin)
        try:
            secret, codes = staff_auth.set_up_directly(admin, password)
        except InvalidInput as error:
            db.session.rollback()
            raise click.UsageError(error.message) from None
        uri = staff_auth.provisioning_uri(admin, secret)
        click.echo(f"Administrator {admin.email} created.")
        click.echo("Scan this QR code with an authenticator app, or type the key below it:")
        import segno

        segno.make(uri, error="m").terminal(compact=True)
        click.echo(f"Key: {' '.join(secret[i:i + 4] for i in range(0, len(secret), 4))}")
        click.echo("Recovery codes (each works once; keep them somewhere safe):")
        for code in codes:
            click.echo(f"  {code}")
        click.echo(f"Sign in at {current_app.config['PUBLIC_URL']}/staff/sign-in")

    @app.cli.command("totp-code")
    @click.argument("email")
    def totp_code(email: str) -> None:
        """Development only: print the current authenticator code for a demo account."""
        if current_app.config["PORTAL_ENV"] == "production":
            raise click.UsageError("totp-code is for development only.")
        person = db.session.scalar(
            select(Caseworker).where(Caseworker.email == email.strip().lower()))
        if person is None or not person.totp_secret:
            raise click.UsageError("No account with an authenticator app for that address.")
        click.echo(pyotp.TOTP(person.totp_secret).now())
