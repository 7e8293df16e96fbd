"""Console chores: `flask --app portal create-admin` (the first account) and, in development
only, `flask --app portal totp-code EMAIL` (the demo's current authenticator code)."""
from __future__ import annotations

import click
import pyotp
import segno
from flask import Flask, current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import Caseworker
from portal.models.enums import Role
from portal.services import staff_auth
from portal.services.errors import InvalidInput
from portal.services.identifiers import normalise_email


def register(app: Flask) -> None:
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
