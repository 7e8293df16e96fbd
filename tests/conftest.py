"""Shared fixtures: one app and one database per session, emptied after each test.

SQLite (a temporary file) by default; PostgreSQL when TEST_DATABASE_URL is set (.ci/run does).
The schema is built by running the Alembic migrations from empty, so every run tests them.
"""
from __future__ import annotations

import datetime
import os
import re

import pytest
from bs4 import BeautifulSoup
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import MetaData, text

from portal import create_app
from portal.extensions import db
from tests import factories

# The fake Twilio and SMTP servers (session-wide) and the `providers` fixture.
# tests.log_leaks: every log line of the run is kept and checked for personal data at the end.
pytest_plugins = ["tests.fakes.fixtures", "tests.log_leaks"]


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def reset_database() -> None:
    """Drop everything in the database, so the migrations start from empty.

    Not ``db.drop_all()``: that drops only the tables today's models name, and a table an older
    revision made (and a later one dropped) would survive a run stopped halfway, then break the
    next run's ``CREATE TABLE``. On PostgreSQL the schema goes, with its types; on SQLite every
    table found by reflection.
    """
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
            return
        existing = MetaData()
        existing.reflect(connection)
        existing.drop_all(connection)


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    pytest-flask keeps a context open for the whole test; Flask would otherwise reuse it for the
    client's requests, sharing ``g`` (the CSRF token, the CSP nonce) and the database session
    between them. After each request the test's own objects are expired, so they reload.
    """

    # Sign-in codes are sent on a thread just after the request (outgoing.send_soon): the client
    # waits for them, as a person would wait for the text, unless a test is timing the answer.
    waits_for_sends = True

    def open(self, *args, **kwargs):
        from portal.services.delivery.outgoing import wait_for_sends

        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            if self.waits_for_sends:
                wait_for_sends()
            _cv_app.reset(token)
            if _cv_app.get(None) is not None:
                db.session.expire_all()


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """Argon2 at its cheapest, in the suite only: production's parameters take about 0.25 s a
    hash here, and the suite signs people in hundreds of times. Hashes keep their parameters,
    so verification works either way."""
    from argon2 import PasswordHasher, profiles

    from portal.services.sign_in import passwords

    saved = passwords._hasher, passwords._DUMMY_HASH
    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    passwords._DUMMY_HASH = passwords._hasher.hash("not a real password, for timing only")
    yield
    passwords._hasher, passwords._DUMMY_HASH = saved


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app({"SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
                      "PUBLIC_URL": "http://localhost",
                      "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads"))})
    app.test_client_class = IsolatedClient
    with app.app_context():
        from flask_migrate import upgrade

        reset_database()
        upgrade()
    yield app


@pytest.fixture
def client(app):
    """A client that does not preserve request contexts (pytest-flask's does, which would
    leave each request's context, and its database session, in place for the next)."""
    return app.test_client()


@pytest.fixture(autouse=True)
def _limiter_as_it_was():
    """Flask-Limiter keeps "enabled" on its one shared object, set by the last init_app: a
    test that builds an app with the limiter on (tests/security/test_sign_in_limits.py) must
    not leave every later test in the run rate limited."""
    from portal.extensions import limiter

    was_enabled = limiter.enabled
    yield
    limiter.enabled = was_enabled


@pytest.fixture(autouse=True)
def _figures_worked_out_again():
    """The team figures are kept for five minutes in each process (figures_snapshot): each
    test's tables are new, so no test may read another's snapshot."""
    from portal.services.case_file import figures_snapshot

    figures_snapshot.forget()
    yield


@pytest.fixture(autouse=True)
def _victim_pages_drawn_again():
    """Victims' pages are kept rendered in each process (portal/page_cache.py) under their
    cases' versions: each test's database starts its versions again, so no test may be served
    another's page. Within a test the cache is on, so every test that changes something and
    then reads a victim's page checks that the change made the kept page out of date."""
    from portal import page_cache

    page_cache.clear()
    yield


@pytest.fixture(autouse=True)
def _empty_tables(request):
    """Every test starts with empty tables (cheaper than rebuilding the schema)."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    from portal.services.delivery.outgoing import wait_for_sends

    wait_for_sends()  # a code still being sent after the test's last request
    with app.app_context():
        from portal.services import attempts

        attempts.reset()  # each test starts with every try and every code send available
    if _cv_app.get(None) is not None:
        db.session.remove()  # the test's own session, which may hold locks TRUNCATE waits for
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            # DELETE, children first, on both databases: on PostgreSQL a TRUNCATE of every
            # table costs about 70 ms against 5 ms for deleting the few rows a test made.
            for name in tables:
                connection.execute(text(f'DELETE FROM "{name}"'))


@pytest.fixture
def make(app):
    """Builders for test data (tests/factories.py), inside the app context."""
    return factories.Factory()


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def visible_text(response) -> str:
    return re.sub(r"\s+", " ", page(response).get_text(" ")).strip()


class VictimAuth:
    """Signs a victim in through the real code journey, reading the code from the dev outbox."""

    def __init__(self, client):
        self.client = client

    def request_code(self, address: str):
        return self.client.post("/sign-in", data={"identifier": address,
                                                  "csrf_token": csrf_token(self.client,
                                                                           "/sign-in")})

    def latest_code(self) -> str:
        from portal.models import DevOutboxMessage
        from portal.services.delivery.outgoing import wait_for_sends

        wait_for_sends()  # codes go after the request that asked for them

        message = db.session.scalars(
            db.select(DevOutboxMessage).order_by(DevOutboxMessage.id.desc())
        ).first()
        return re.search(r"\b(\d{6})\b", message.body).group(1)

    def submit_code(self, code: str):
        return self.client.post("/sign-in/code", data={
            "code": code, "csrf_token": csrf_token(self.client, "/sign-in/code")})

    def sign_in(self, victim, asked: bool = True):
        """Sign in; ``asked`` first records the victim's contact preferences as answered, so
        their cases are shown rather than the first sign-in questions."""
        if asked and (victim.preference is None or victim.preference.asked_at is None):
            factories.Factory().preferences(victim)
        self.request_code(victim.email)
        response = self.submit_code(self.latest_code())
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def sign_out(self):
        return self.client.post("/sign-out", data={
            "csrf_token": csrf_token(self.client, "/account/password")})


def csrf_token(client, path: str) -> str:
    """The CSRF token from a form on the page at ``path``."""
    response = client.get(path)
    field = page(response).find("input", {"name": "csrf_token"})
    assert field is not None, f"no CSRF token on {path} ({response.status_code})"
    return field["value"]


@pytest.fixture
def victim_auth(client):
    return VictimAuth(client)


class CaseworkerAuth:
    """Signs staff in to the console: through the real journey (password, then a code from the
    authenticator app), or straight into a server-side session for tests about other things."""

    def __init__(self, client):
        self.client = client

    def submit_password(self, email: str, password: str = factories.STAFF_PASSWORD):
        return self.client.post("/staff/sign-in", data={
            "email": email, "password": password,
            "csrf_token": csrf_token(self.client, "/staff/sign-in")})

    def submit_code(self, code: str):
        return self.client.post("/staff/sign-in/code", data={
            "code": code, "csrf_token": csrf_token(self.client, "/staff/sign-in/code")})

    @staticmethod
    def next_code(caseworker) -> str:
        """A code the portal will accept now: the current step's, or the next one's when the
        current step was used already (codes are single-use)."""
        import pyotp

        db.session.refresh(caseworker)
        totp = pyotp.TOTP(caseworker.totp_secret)
        step = totp.timecode(datetime.datetime.now(datetime.timezone.utc))
        if caseworker.totp_last_step is not None and caseworker.totp_last_step >= step:
            step = caseworker.totp_last_step + 1
        return totp.generate_otp(step)

    def sign_in(self, caseworker):
        response = self.submit_password(caseworker.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        response = self.submit_code(self.next_code(caseworker))
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    def sign_in_quickly(self, caseworker) -> None:
        """A server-side session for this person, as sign-in would make (the sign-in journey
        itself is tested in tests/caseworker/test_sign_in.py)."""
        from portal.services.sign_in import sessions

        token = sessions.start(caseworker)
        with self.client.session_transaction() as cookie_session:
            cookie_session["_user_id"] = token
            cookie_session["_fresh"] = True

    def sign_out(self):
        return self.client.post("/staff/sign-out", data={
            "csrf_token": csrf_token(self.client, "/staff/account")})


@pytest.fixture
def staff_login(client):
    return CaseworkerAuth(client)
