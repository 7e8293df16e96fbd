"""Command-line chores: `flask --app portal demo`, and the others later issues add."""
from __future__ import annotations

import click
from flask import Flask, current_app


def register(app: Flask) -> None:
    @app.cli.command("demo")
    def demo() -> None:
        """Load the fictional demo data (safe to run again) and print how to sign in."""
        from portal.services import demo as demo_data

        result = demo_data.load()
        base = current_app.config["PUBLIC_URL"]
        click.echo(f"Demo data ready ({result.cases_added} cases added).")
        click.echo("")
        click.echo(f"Victim:     {base}/sign-in")
        click.echo(f"  email:    {demo_data.DEMO_VICTIM_EMAIL} (the code appears at {base}/dev/outbox)")
        click.echo(f"  password: {demo_data.DEMO_VICTIM_PASSWORD} (or sign in with a password)")
        click.echo(f"Caseworker: {base}/staff/sign-in")
        click.echo(f"  email:    {demo_data.DEMO_CASEWORKER_EMAIL}")
        click.echo(f"  password: {demo_data.DEMO_CASEWORKER_PASSWORD}")
        click.echo(f"  authenticator secret: {demo_data.DEMO_TOTP_SECRET}")
        click.echo("  current code: flask --app portal totp-code "
                   f"{demo_data.DEMO_CASEWORKER_EMAIL}")
        click.echo(f"Translator: {demo_data.DEMO_TRANSLATOR_EMAIL} (same password and secret)")
        if result.invitation_token:
            click.echo(f"Invitation for a new victim: {base}/invitation/{result.invitation_token}")

    @app.cli.command("worker")
    @click.option("--drain", is_flag=True,
                  help="Stop once nothing is due, instead of waiting for more.")
    def worker(drain: bool) -> None:
        """Send the outbox's notifications until stopped (Ctrl+C or SIGTERM).

        Run as many as you like against PostgreSQL; SQLite supports one. Settings:
        DELIVERY_BATCH_SIZE, DELIVERY_LEASE_SECONDS, DELIVERY_POLL_SECONDS.
        """
        import logging
        import signal
        import threading

        from portal.services import dispatcher

        if not logging.getLogger().handlers:
            logging.basicConfig(level=logging.INFO,
                                format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        stop = threading.Event()
        previous = {signum: signal.signal(signum, lambda *_: stop.set())
                    for signum in (signal.SIGINT, signal.SIGTERM)}
        try:  # a signal stops the worker after the message in hand, not in the middle of it
            stats = dispatcher.run(drain=drain, stop=stop)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        click.echo(f"Messages sent: {stats.messages}. Tasks for case teams: {stats.tasks}. "
                   f"Engine time: {stats.engine_ms_per_message:.2f} ms per message.")

    from portal.console_cli import register as register_console

    register_console(app)
