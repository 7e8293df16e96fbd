"""Server-side login sessions: started at sign-in, ended at sign-out, exit or timeout."""
from __future__ import annotations

import datetime as dt
import functools

from flask import current_app
from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Caseworker, LoginSession, Supporter, Victim
from portal.models.enums import Principal
from portal.models.types import utcnow
from portal.services.sign_in.tokens import keyed_hash, new_token

# Writing last_seen_at on every request would turn every page view into a write.
_TOUCH_EVERY = dt.timedelta(seconds=30)


def start(person: Victim | Caseworker) -> str:
    """Open a new session for this person and return its token for the cookie.

    Only a keyed hash of the token is stored: a copy of the table cannot be replayed.
    """
    token = new_token()
    row = LoginSession(id=keyed_hash("session", token), principal=person.principal,
                       principal_id=person.id)
    db.session.add(row)
    db.session.commit()
    person.login_session = row
    person.session_token = token
    return token


def load(token: str, now: dt.datetime | None = None) -> Victim | Caseworker | None:
    """The person signed in with this token, or None when the session has ended or timed out.

    A session past its idle or absolute limit is ended here, on the server.
    """
    now = now or utcnow()
    found = db.session.execute(_session_and_victim(),
                               {"session_id": keyed_hash("session", token)}).first()
    row = found[0] if found else None
    if row is None or row.ended_at is not None:
        return None
    idle_limit = dt.timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])
    if now - row.last_seen_at > idle_limit:
        _end(row, "idle", now)
        return None
    absolute = dt.timedelta(hours=current_app.config[
        "CASEWORKER_ABSOLUTE_TIMEOUT_HOURS" if row.principal == Principal.CASEWORKER
        else "VICTIM_ABSOLUTE_TIMEOUT_HOURS"])
    if now - row.created_at > absolute:
        _end(row, "absolute", now)
        return None
    if row.principal == Principal.CASEWORKER:
        person = db.session.get(Caseworker, row.principal_id)
        if person is not None and not person.active:
            _end(row, "deactivated", now)
            return None
    elif row.principal == Principal.SUPPORTER:
        # A nominated supporter: the victim ending their access ends this session too
        # (services/supporters.end), and each page loads only access still in force.
        person = db.session.get(Supporter, row.principal_id)
    else:
        # With their contact questions (every victim page asks whether they were answered),
        # read with the session above.
        person = found[1]
    if person is None:
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    person.login_session = row
    person.session_token = token
    return person


@functools.cache
def _session_and_victim():
    """The session and, for a victim, the victim with their contact questions, in one question
    (every victim page asks this first; the pages' budget is 8 questions). Built once: every
    request of every signed-in person sends it."""
    return (select(LoginSession, Victim)
            .outerjoin(Victim, and_(LoginSession.principal == Principal.VICTIM,
                                    Victim.id == LoginSession.principal_id))
            .options(joinedload(Victim.preference))
            .where(LoginSession.id == bindparam("session_id")))


def end(token: str | None, reason: str) -> None:
    """End the session for this token, if it is open."""
    if not token:
        return
    row = db.session.get(LoginSession, keyed_hash("session", token))
    if row is not None and row.ended_at is None:
        _end(row, reason, utcnow())


def end_all_for(person: Victim | Caseworker, reason: str) -> None:
    """End every open session of this person (after a password change, for example)."""
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.principal == person.principal,
               LoginSession.principal_id == person.id,
               LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
    db.session.commit()


def end_all_except(person: Victim | Caseworker, keep: LoginSession | None,
                   reason: str) -> int:
    """End every open session of this person but ``keep`` (the one they are using); returns
    how many ended."""
    query = (update(LoginSession)
             .where(LoginSession.principal == person.principal,
                    LoginSession.principal_id == person.id,
                    LoginSession.ended_at.is_(None)))
    if keep is not None:
        query = query.where(LoginSession.id != keep.id)
    ended = db.session.execute(query.values(ended_at=utcnow(), end_reason=reason)).rowcount
    db.session.commit()
    return ended


def open_sessions(person: Victim | Caseworker) -> list[LoginSession]:
    """The person's sessions that are still open, newest first (for "Where you are signed
    in"); one idle past the limit is not counted, though it is ended only when next used."""
    idle_since = utcnow() - dt.timedelta(minutes=current_app.config["IDLE_TIMEOUT_MINUTES"])
    return list(db.session.scalars(
        select(LoginSession)
        .where(LoginSession.principal == person.principal,
               LoginSession.principal_id == person.id,
               LoginSession.ended_at.is_(None), LoginSession.last_seen_at > idle_since)
        .order_by(LoginSession.created_at.desc())))


def end_one(person: Victim | Caseworker, session_id: str, reason: str) -> bool:
    """End one of the person's own sessions, named by its id on the page; False when it is
    not theirs or not open (the same answer either way)."""
    row = db.session.get(LoginSession, session_id)
    if (row is None or row.principal != person.principal or row.principal_id != person.id
            or row.ended_at is not None):
        return False
    _end(row, reason, utcnow())
    return True


def _end(row: LoginSession, reason: str, now: dt.datetime) -> None:
    row.ended_at = now
    row.end_reason = reason
    db.session.commit()
