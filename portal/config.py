"""Configuration, read from the environment, with safe development defaults.

Development makes local defaults (a generated secret key under instance/, SQLite under
instance/, outgoing messages in the development outbox). Production refuses to start without a
secret key, a database and provider credentials.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from portal.london import LONDON


class ConfigurationError(RuntimeError):
    """Raised when the app is started in a way that would be unsafe."""


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


class Config:
    """Settings shared by every environment. Each is read from the environment variable of the
    same name when present."""

    ENV_NAME = "base"
    # Signs the session cookie and keys the hashes of one-time codes and invitation links.
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    # SQLAlchemy URL; postgresql+psycopg://user@host/db for production.
    SQLALCHEMY_DATABASE_URI: str | None = os.environ.get("DATABASE_URL")
    # hide_parameters: a failed statement is logged without its values (message bodies,
    # numbers and addresses must never reach a log). No ping on every checkout: a connection
    # idle a while is checked instead (portal/connection_pool.py).
    SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}
    # Public base URL, used in links sent to victims and to check Twilio's signatures.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Where "Exit this page" sends the victim: a neutral site that gives nothing away.
    EXIT_URL = os.environ.get("EXIT_URL", "https://www.bbc.co.uk/weather")
    SERVICE_NAME = os.environ.get("SERVICE_NAME", "Your case")
    # The host names the portal answers to (a request for any other is refused with 400, so
    # a forged Host header never reaches a redirect or a link): PUBLIC_URL's, plus ALLOWED_HOSTS.
    ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",")
                     if h.strip()]
    # How many proxies (load balancers) sit in front of the portal: their X-Forwarded-For and
    # X-Forwarded-Proto are believed, and no more, so rate limits count each victim's own
    # address behind a load balancer and nobody can forge theirs. 0: none (direct).
    PROXY_COUNT = _env_int("PROXY_COUNT", 0)

    # Cookies: never readable by scripts, never sent cross-site.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Strict"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    SESSION_COOKIE_NAME = "portal_session"
    REMEMBER_COOKIE_DURATION = 0
    # The CSRF token lives as long as the session, which itself ends after 30 idle minutes.
    WTF_CSRF_TIME_LIMIT = None
    # Victims and caseworkers are signed out after this long without a request.
    IDLE_TIMEOUT_MINUTES = _env_int("IDLE_TIMEOUT_MINUTES", 30)
    # Victims' case pages and lists of cases, and the console's team pages, kept rendered in
    # each web process while nothing on them changes (portal/page_cache.py): at most this many
    # seconds (0 turns it off), and at most this many megabytes of pages in each process.
    PAGE_CACHE_SECONDS = _env_int("PAGE_CACHE_SECONDS", 60)
    PAGE_CACHE_MB = _env_int("PAGE_CACHE_MB", 10)
    # Caseworkers are signed out this long after signing in, however active.
    CASEWORKER_ABSOLUTE_TIMEOUT_HOURS = _env_int("CASEWORKER_ABSOLUTE_TIMEOUT_HOURS", 8)
    # Victims are signed out this long after signing in, however active: a phone someone else
    # picks up days later is not still signed in.
    VICTIM_ABSOLUTE_TIMEOUT_HOURS = _env_int("VICTIM_ABSOLUTE_TIMEOUT_HOURS", 12)

    # Victim sign-in.
    INVITATION_VALID_DAYS = _env_int("INVITATION_VALID_DAYS", 14)
    # A victim's invitation to a supporter they chose (services/supporters.py): single use.
    SUPPORTER_INVITATION_VALID_DAYS = _env_int("SUPPORTER_INVITATION_VALID_DAYS", 7)
    # How many invitations a victim may send: each is a text or email to someone else.
    SUPPORTER_INVITATIONS_PER_DAY = os.environ.get("SUPPORTER_INVITATIONS_PER_DAY", "5 per day")
    CODE_VALID_MINUTES = 10
    # Limits, as the limits package writes them, each counted atomically (attempts.py) in
    # RATELIMIT_STORAGE_URI. Codes sent to one address: past these, the page answers as usual
    # and nothing is sent, so nobody can flood a phone or learn the address is known.
    CODE_SENDS_PER_ADDRESS = os.environ.get("CODE_SENDS_PER_ADDRESS", "3 per 15 minutes;10 per day")
    # Codes checked for one address, right or wrong, whoever asks.
    CODE_CHECKS_PER_ADDRESS = os.environ.get("CODE_CHECKS_PER_ADDRESS", "5 per 15 minutes")
    # Passwords tried: for one address from one IP address (so a stranger elsewhere cannot
    # lock a victim out), and for one address from anywhere (so many machines cannot guess).
    PASSWORD_TRIES_PER_ADDRESS_AND_IP = os.environ.get(
        "PASSWORD_TRIES_PER_ADDRESS_AND_IP", "5 per 15 minutes")
    PASSWORD_TRIES_PER_ADDRESS = os.environ.get("PASSWORD_TRIES_PER_ADDRESS", "30 per 15 minutes")
    # Caseworker sign-in: delays that grow with each failure from one place (three quick tries,
    # then one a minute or so, then a few an hour) rather than a lockout anyone could trigger
    # by typing someone's address; a wide limit per account from anywhere; and app or recovery
    # codes per account (only someone with the password reaches them).
    STAFF_PASSWORD_TRIES_PER_ADDRESS_AND_IP = os.environ.get(
        "STAFF_PASSWORD_TRIES_PER_ADDRESS_AND_IP", "3 per minute;6 per 15 minutes;10 per hour")
    STAFF_PASSWORD_TRIES_PER_ADDRESS = os.environ.get(
        "STAFF_PASSWORD_TRIES_PER_ADDRESS", "50 per hour")
    STAFF_CODE_TRIES = os.environ.get("STAFF_CODE_TRIES", "5 per 15 minutes")
    STAFF_SETUP_VALID_DAYS = _env_int("STAFF_SETUP_VALID_DAYS", 3)
    # What one victim may hand in within an hour.
    VICTIM_MESSAGES_PER_HOUR = os.environ.get("VICTIM_MESSAGES_PER_HOUR", "20 per hour")
    VICTIM_UPLOADS_PER_HOUR = os.environ.get("VICTIM_UPLOADS_PER_HOUR", "10 per hour")
    # flask-limiter storage: memory:// for one process, redis://127.0.0.1:6379 across several.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    SIGN_IN_RATE_LIMIT = os.environ.get("SIGN_IN_RATE_LIMIT", "20 per minute;200 per hour")

    # Messages: with no provider configured, development keeps them in the development outbox.
    DEV_OUTBOX = False
    TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID")
    TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN")
    TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID")
    TWILIO_FROM = os.environ.get("TWILIO_FROM")
    TWILIO_STATUS_CALLBACK_URL = os.environ.get("TWILIO_STATUS_CALLBACK_URL")
    # Base URL of Twilio's API; tests and staging point the real client at a local server.
    TWILIO_API_BASE = os.environ.get("TWILIO_API_BASE", "https://api.twilio.com")
    TWILIO_TIMEOUT_SECONDS = float(os.environ.get("TWILIO_TIMEOUT_SECONDS", "10"))
    SMTP_HOST = os.environ.get("SMTP_HOST")
    SMTP_PORT = _env_int("SMTP_PORT", 587)
    SMTP_USER = os.environ.get("SMTP_USER")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
    SMTP_STARTTLS = _env_bool("SMTP_STARTTLS", True)
    SMTP_TIMEOUT_SECONDS = float(os.environ.get("SMTP_TIMEOUT_SECONDS", "10"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "Case updates <updates@case-updates.example>")

    # Delivery worker.
    DELIVERY_MAX_ATTEMPTS = _env_int("DELIVERY_MAX_ATTEMPTS", 12)
    DELIVERY_BACKOFF_BASE_SECONDS = float(os.environ.get("DELIVERY_BACKOFF_BASE_SECONDS", "30"))
    DELIVERY_BACKOFF_CEILING_SECONDS = float(
        os.environ.get("DELIVERY_BACKOFF_CEILING_SECONDS", "3600")
    )
    # How long a worker's claim on a batch lasts unless renewed (it is, as the batch goes on):
    # what a worker killed mid-batch leaves the rest of its batch waiting, at most. A message
    # in a call is held longer, for the call's timeouts (services/delivery/dispatcher.py).
    DELIVERY_LEASE_SECONDS = float(os.environ.get("DELIVERY_LEASE_SECONDS", "15"))
    DELIVERY_BATCH_SIZE = _env_int("DELIVERY_BATCH_SIZE", 20)
    DELIVERY_POLL_SECONDS = float(os.environ.get("DELIVERY_POLL_SECONDS", "2"))
    # Reminders before each hearing a victim must go to: "7d" is 7 days before, "1wd" the
    # working day before (services/delivery/reminders.py). Empty turns them off.
    HEARING_REMINDERS = os.environ.get("HEARING_REMINDERS", "7d,1wd")
    # Urgent alerts about the offender (escape, recall...): sent again every
    # ALERT_REPEAT_MINUTES, at most ALERT_MAX_SENDS times, until the victim confirms they read
    # it; unread after ALERT_ESCALATE_HOURS, the team is given a call to make.
    ALERT_REPEAT_MINUTES = int(os.environ.get("ALERT_REPEAT_MINUTES", "30"))
    ALERT_MAX_SENDS = int(os.environ.get("ALERT_MAX_SENDS", "4"))
    ALERT_ESCALATE_HOURS = float(os.environ.get("ALERT_ESCALATE_HOURS", "2"))

    # Retention (services/retention.py, docs/DOMAIN.md "How long we keep it"): a case closed
    # longer than this many years has its people's details and words anonymised, its figures
    # kept. The project's own default, not a legal rule: set your organisation's own.
    RETENTION_YEARS = _env_int("RETENTION_YEARS", 6)
    # Cases anonymised in one transaction.
    RETENTION_BATCH_SIZE = _env_int("RETENTION_BATCH_SIZE", 500)

    # Personal statements uploaded by victims: outside static/, never served directly.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")  # default: instance/uploads
    # Requests larger than this are refused with a plain "file too big" page (413).
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "en"
    # Flask-Babel's format_time converts moments itself: to the same zone as portal/london.py.
    BABEL_DEFAULT_TIMEZONE = LONDON.key

    def check(self) -> None:
        """Refuse settings that would be unsafe in this environment."""


class DevelopmentConfig(Config):
    """`make run`: SQLite under instance/, a generated secret key, messages in the dev outbox."""

    ENV_NAME = "development"
    DEBUG = False  # the debugger would show stack traces; we want the real error pages
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    DEV_OUTBOX = _env_bool("DEV_OUTBOX", True)

    def apply_instance_defaults(self, instance_path: str) -> None:
        """Fill in the database and secret key under instance/ when the environment is silent."""
        folder = Path(instance_path)
        folder.mkdir(parents=True, exist_ok=True)
        if not self.SQLALCHEMY_DATABASE_URI:
            self.SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'portal.db'}"
        if not self.SECRET_KEY:
            key_file = folder / "secret_key"
            if not key_file.exists():
                key_file.write_text(secrets.token_hex(32))
                key_file.chmod(0o600)
            self.SECRET_KEY = key_file.read_text().strip()


class TestConfig(DevelopmentConfig):
    """The suite: its own database (TEST_DATABASE_URL or a temporary SQLite file)."""

    ENV_NAME = "test"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = None
    SECRET_KEY = "test-secret-key-not-for-production"
    RATELIMIT_ENABLED = False
    DEV_OUTBOX = True


class ProductionConfig(Config):
    """Everything from the environment; nothing guessed."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    # "__Host-": browsers accept it only over HTTPS, for this exact host, with Path=/, so no
    # subdomain or plain-HTTP page can set or overwrite the session cookie.
    SESSION_COOKIE_NAME = "__Host-portal_session"

    def check(self) -> None:
        missing = []
        if not self.SECRET_KEY or len(self.SECRET_KEY) < 32:
            missing.append("SECRET_KEY (at least 32 characters)")
        if not self.SQLALCHEMY_DATABASE_URI:
            missing.append("DATABASE_URL")
        if not (self.TWILIO_ACCOUNT_SID and self.TWILIO_AUTH_TOKEN):
            missing.append("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
        if not (self.TWILIO_MESSAGING_SERVICE_SID or self.TWILIO_FROM):
            missing.append("TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM")
        if not self.SMTP_HOST:
            missing.append("SMTP_HOST")
        if missing:
            raise ConfigurationError(
                "Refusing to start in production without: " + ", ".join(missing)
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def load(name: str | None = None) -> Config:
    """Return a config instance for PORTAL_ENV (development by default)."""
    name = name or os.environ.get("PORTAL_ENV", "development")
    try:
        return CONFIGS[name]()
    except KeyError:
        raise ConfigurationError(f"Unknown PORTAL_ENV {name!r}") from None
