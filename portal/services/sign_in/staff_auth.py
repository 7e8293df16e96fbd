"""How caseworkers get in: a password, then a code from an authenticator app (TOTP) or a
single-use recovery code. Accounts are set up from an administrator's single-use link.

Every try is counted before it is checked (attempts.py, atomic), per address typed, known or
not, and never by the address in clear. Passwords are slowed per address and IP address, with
delays that grow (so a stranger typing someone's address cannot lock them out), and capped per
address from anywhere; app and recovery codes are limited per account. Every failure looks the
same from outside: an unknown account, a wrong password and an account not yet set up all
raise WrongPassword after the work of one password check.
"""
from __future__ import annotations

import datetime as dt
import secrets

import pyotp
from flask import current_app
from pyotp import utils as otp_utils
from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.models import Caseworker, RecoveryCode
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.errors import InvalidInput, TooManyTries, WrongCode, WrongPassword
from portal.services.sign_in.password_policy import problem as password_problem
from portal.services.sign_in.passwords import hash_password, verify_password
from portal.services.sign_in.tokens import keyed_hash, same

ISSUER = "Case updates"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def normalise_address(email: str) -> str:
    return (email or "").strip().lower()


def _subject(email: str) -> str:
    return keyed_hash("staff", normalise_address(email))


# --- counting tries ---------------------------------------------------------------------------

def _take_password_try(email: str, from_ip: str) -> None:
    config = current_app.config
    wait = (attempts.take("staff_password", keyed_hash("staff_ip", normalise_address(email),
                                                       from_ip),
                          config["STAFF_PASSWORD_TRIES_PER_ADDRESS_AND_IP"])
            or attempts.take("staff_password_any_ip", _subject(email),
                             config["STAFF_PASSWORD_TRIES_PER_ADDRESS"]))
    if wait:
        raise TooManyTries(wait)


def _take_code_try(caseworker: Caseworker) -> None:
    wait = attempts.take("staff_code", str(caseworker.id), current_app.config["STAFF_CODE_TRIES"])
    if wait:
        raise TooManyTries(wait)


def _tries_left(caseworker: Caseworker) -> int:
    return attempts.left("staff_code", str(caseworker.id), current_app.config["STAFF_CODE_TRIES"])


def _refused_code(caseworker: Caseworker, action: str) -> WrongCode:
    audit.record(caseworker, action)
    db.session.commit()
    left = _tries_left(caseworker)
    if left <= 0:
        raise TooManyTries(attempts.wait("staff_code", str(caseworker.id),
                                         current_app.config["STAFF_CODE_TRIES"]))
    return WrongCode(left)


# --- first factor ------------------------------------------------------------------------------

def check_password(email: str, password: str, from_ip: str = "") -> Caseworker:
    """The caseworker when the address and password match an active, set-up account.

    Raises TooManyTries (with the wait) past a limit, otherwise WrongPassword for anything else.
    """
    _take_password_try(email, from_ip)
    caseworker = db.session.scalar(
        select(Caseworker).where(Caseworker.email == normalise_address(email))
    )
    usable = caseworker is not None and caseworker.active
    stored = caseworker.password_hash if usable else None
    if verify_password(stored, password or "") and usable:
        audit.record(caseworker, "staff.password_accepted")
        db.session.commit()
        return caseworker
    audit.record(caseworker if usable else None, "staff.password_refused")
    db.session.commit()
    raise WrongPassword()


# --- second factor -----------------------------------------------------------------------------

# How long someone has between their password and their second factor.
PENDING_MINUTES = 10


def pending_marker(caseworker: Caseworker, setting_up: bool = False,
                   now: dt.datetime | None = None) -> dict:
    """What the signed cookie carries between the password and the second factor: the account
    and the time only. ``setting_up`` marks a password just chosen from a set-up link, the
    only moment an authenticator app may be bound to the account."""
    return {"id": caseworker.id, "at": (now or utcnow()).isoformat(), "setting_up": setting_up}


def pending_person(marker, setting_up: bool = False,
                   now: dt.datetime | None = None) -> Caseworker | None:
    """The person who gave their password within the last PENDING_MINUTES and not yet their
    second factor; None for a missing, malformed or lapsed marker or an inactive account. With
    ``setting_up``, only straight after choosing a password from a set-up link, so a password
    alone is never enough to bind someone else's app to the account."""
    if not isinstance(marker, dict) or (setting_up and not marker.get("setting_up")):
        return None
    try:
        since = dt.datetime.fromisoformat(marker["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if since.tzinfo is None or (now or utcnow()) - since > dt.timedelta(minutes=PENDING_MINUTES):
        return None
    person_id = marker.get("id")
    person = db.session.get(Caseworker, person_id) if isinstance(person_id, int) else None
    return person if person is not None and person.active else None


def _matching_step(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step (one before, now, or one after) whose code this is."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    code = "".join((code or "").split())
    for step in (current - 1, current, current + 1):
        if otp_utils.strings_equal(code, totp.generate_otp(step)):
            return step
    return None


def verify_totp(caseworker: Caseworker, code: str, now: dt.datetime | None = None,
                action: str = "staff.signed_in") -> None:
    """Accept a code from the caseworker's app once: a code already used (or one from an
    earlier step than the last one used) is refused, so a code seen over a shoulder cannot be
    replayed. Raises WrongCode or TooManyTries."""
    _take_code_try(caseworker)
    step = _matching_step(caseworker.totp_secret or "", code, now or utcnow())
    if step is not None and (caseworker.totp_last_step is None
                             or step > caseworker.totp_last_step):
        caseworker.totp_last_step = step
        audit.record(caseworker, action, factor="totp")
        db.session.commit()
        return
    raise _refused_code(caseworker, "staff.code_refused")


def use_recovery_code(caseworker: Caseworker, code: str) -> int:
    """Spend one recovery code; returns how many are left. Raises WrongCode or TooManyTries."""
    _take_code_try(caseworker)
    wanted = keyed_hash("recovery", str(caseworker.id), _normalise_recovery(code))
    row = db.session.scalar(
        select(RecoveryCode).where(RecoveryCode.caseworker_id == caseworker.id,
                                   RecoveryCode.used_at.is_(None),
                                   RecoveryCode.code_hash == wanted)
    )
    if row is None or not same(row.code_hash, wanted):
        raise _refused_code(caseworker, "staff.recovery_code_refused")
    row.used_at = utcnow()
    audit.record(caseworker, "staff.signed_in", factor="recovery_code")
    db.session.commit()
    return recovery_codes_left(caseworker)


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def recovery_codes_left(caseworker: Caseworker) -> int:
    return db.session.scalar(
        select(func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.caseworker_id == caseworker.id, RecoveryCode.used_at.is_(None))
    )


def new_recovery_codes(caseworker: Caseworker, commit: bool = True) -> list[str]:
    """Replace the caseworker's recovery codes with fresh ones, shown once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.caseworker_id == caseworker.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.session.add(RecoveryCode(caseworker_id=caseworker.id,
                                    code_hash=keyed_hash("recovery", str(caseworker.id), raw)))
    audit.record(caseworker, "staff.recovery_codes_made")
    if commit:
        db.session.commit()
    return codes


# --- setting up the app ------------------------------------------------------------------------

def start_enrolment(caseworker: Caseworker) -> str:
    """A new secret for the caseworker's authenticator app, kept as pending until a code from
    it is confirmed."""
    caseworker.totp_pending_secret = pyotp.random_base32()
    db.session.commit()
    return caseworker.totp_pending_secret


def provisioning_uri(caseworker: Caseworker, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=caseworker.email, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The set-up QR code as an SVG data URI (made here with segno, no network; the CSP allows
    img-src data:)."""
    import segno  # only here: most web workers never set up an authenticator app

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def confirm_enrolment(caseworker: Caseworker, code: str,
                      now: dt.datetime | None = None) -> list[str]:
    """Make the pending secret the caseworker's own once they type a code from it; returns
    their first recovery codes. Raises WrongCode or TooManyTries."""
    _take_code_try(caseworker)
    secret = caseworker.totp_pending_secret
    step = _matching_step(secret or "", code, now or utcnow()) if secret else None
    if step is None:
        raise _refused_code(caseworker, "staff.enrolment_code_refused")
    caseworker.totp_secret = secret
    caseworker.totp_pending_secret = None
    caseworker.totp_last_step = step
    audit.record(caseworker, "staff.authenticator_set_up")
    codes = new_recovery_codes(caseworker, commit=False)
    audit.record(caseworker, "staff.signed_in", factor="totp")
    db.session.commit()
    return codes


# --- set-up links ------------------------------------------------------------------------------

def issue_setup_link(caseworker: Caseworker, actor=None) -> str:
    """A single-use set-up link token (only its keyed hash is stored). Any password, app and
    recovery codes the account had stop working, and its open sessions end."""
    from portal.services.sign_in import sessions

    token = secrets.token_urlsafe(32)
    caseworker.setup_token_hash = keyed_hash("staff-setup", token)
    caseworker.setup_expires_at = utcnow() + dt.timedelta(
        days=current_app.config["STAFF_SETUP_VALID_DAYS"])
    caseworker.password_hash = None
    caseworker.totp_secret = None
    caseworker.totp_pending_secret = None
    caseworker.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.caseworker_id == caseworker.id))
    audit.record(actor, "staff.setup_link_issued", account_id=caseworker.id)
    db.session.commit()
    sessions.end_all_for(caseworker, "account_reset")
    return token


def find_setup(token: str) -> Caseworker | None:
    """The account this set-up link is for, if the link can still be used."""
    if not token:
        return None
    caseworker = db.session.scalar(
        select(Caseworker).where(Caseworker.setup_token_hash == keyed_hash("staff-setup", token))
    )
    if (caseworker is None or not caseworker.active or caseworker.setup_expires_at is None
            or caseworker.setup_expires_at <= utcnow()):
        return None
    return caseworker


def choose_password(caseworker: Caseworker, password: str) -> None:
    """Set the password from a set-up link, which is then spent. Raises InvalidInput."""
    reason = password_problem(password, caseworker.email, caseworker.name)
    if reason is not None:
        raise InvalidInput("password", str(reason))
    caseworker.password_hash = hash_password(password)
    caseworker.setup_token_hash = None
    caseworker.setup_expires_at = None
    audit.record(caseworker, "staff.password_set")
    db.session.commit()


def set_up_directly(caseworker: Caseworker, password: str) -> tuple[str, list[str]]:
    """For `flask create-admin`: password, app secret and recovery codes at once, in the
    terminal. Returns the secret and the recovery codes. Raises InvalidInput."""
    reason = password_problem(password, caseworker.email, caseworker.name)
    if reason is not None:
        raise InvalidInput("password", str(reason))
    caseworker.password_hash = hash_password(password)
    caseworker.totp_secret = pyotp.random_base32()
    db.session.flush()
    codes = new_recovery_codes(caseworker, commit=False)
    db.session.commit()
    return caseworker.totp_secret, codes
