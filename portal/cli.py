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
        if result.invitation_token:
            click.echo(f"Invitation for a new victim: {base}/invitation/{result.invitation_token}")
        click.echo("  current code: flask --app portal totp-code "
                   f"{demo_data.DEMO_CASEWORKER_EMAIL}")

    from portal.console_cli import register as register_console

    register_console(app)
