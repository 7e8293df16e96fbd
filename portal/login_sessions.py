"""Starting and ending a signed-in session in the browser, the same way for victims and staff.

The server keeps the session (services/sign_in/sessions.py); the signed cookie carries only its
token. Each sign-in step renews the cookie, so nothing planted before sign-in survives it;
every ending (sign-out, "Exit this page", a forged form) ends the server's session too. The
language the person was reading in is the one thing carried across, so the next page is in
their language.
"""
from __future__ import annotations

from flask import session
from flask_login import current_user, login_user, logout_user

from portal.services.sign_in import sessions


def renew(**values) -> None:
    """A fresh cookie session holding only the language and ``values``; any signed-in session
    is ended first."""
    lang = session.get("lang")
    if current_user.is_authenticated:
        sessions.end(current_user.get_id(), "renewed")
        logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    session.update(values)


def begin(person) -> None:
    """Sign this victim or member of staff in: a renewed cookie and a new server session."""
    renew()
    sessions.start(person)
    login_user(person)


def end(reason: str, *, keep_language: bool = True) -> None:
    """End the signed-in session, if any, on the server and in the cookie."""
    lang = session.get("lang")
    if current_user.is_authenticated:
        sessions.end(current_user.get_id(), reason)
    logout_user()
    session.clear()
    if keep_language and lang:
        session["lang"] = lang
