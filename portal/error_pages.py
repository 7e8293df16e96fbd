"""Error pages in plain words, with the right status and never a stack trace."""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, render_template, session
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from portal import i18n, login_sessions
from portal.extensions import db
from portal.services.errors import DomainError

log = logging.getLogger(__name__)

PAGES = {
    400: (_l("Sorry, there is a problem with what was sent"),
          _l("Go back, check what you entered and try again.")),
    403: (_l("You cannot see this page"),
          _l("If you think you should be able to, contact the person dealing with your case.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. If you followed a link, it "
             "may have expired.")),
    405: (_l("Sorry, that did not work"), _l("Go back and try again.")),
    413: (_l("The file is too big"), _l("Go back and choose a smaller file.")),
    429: (_l("Too many attempts"),
          _l("To keep your account safe, wait 15 minutes before you try again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Try again later. Nothing you entered has been lost or sent.")),
}


UNAVAILABLE = ("<!DOCTYPE html><html lang=\"en\"><title>Service unavailable</title>"
               "<h1>Sorry, there is a problem with the service</h1><p>Try again in a few "
               "minutes. If you are in danger, call 999.</p></html>")


def render_error(status: int, title=None, message=None):
    default_title, default_message = PAGES.get(status, PAGES[500])
    return render_template("errors/error.html", title=title or default_title,
                           message=message or default_message, status=status), status


def tampered_session():
    """A session cookie that failed its signature: sign out, say so, change nothing."""
    session.clear()
    return render_error(400, _l("Your session could not be read"),
                        _l("For your safety you have been signed out. Sign in again to "
                           "continue."))


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        # A form without a valid token may be forged: end the session, as SecureDrop does.
        login_sessions.end("csrf", keep_language=False)
        return render_error(400, _l("This form could not be accepted"),
                            _l("For your safety you have been signed out. Sign in again, then "
                               "fill in the form again. Nothing was changed."))

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_error(error.status)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # A Host header the portal does not answer to: no page, no link, nothing built from
        # the host the request named (there is no URL adapter to build one with anyway).
        return Response("Bad request\n", status=400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error):
        """The database cannot be reached (restarting, or the network to it is down): a plain
        503, never the page asked for, whoever asked (signing in needs the database too, so
        access is refused, not skipped). The page is rendered without anything that would
        ask the database again; if even that fails, a few words of HTML."""
        log.warning("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is gone; the pool replaces it
            pass
        headers = {"Retry-After": "30", "Cache-Control": "no-store"}
        # Nobody is signed in on this page: flask-login's template context would otherwise
        # load the person, from the database that is down.
        g._login_user = current_app.login_manager.anonymous_user()
        try:
            with i18n.as_reader(i18n.switcher_choice() or session.get("lang")):
                page = render_template("errors/unavailable.html", title=PAGES[500][0],
                                       message=PAGES[405][1])
        except Exception:  # noqa: BLE001 - rendering needs nothing, but never a 500 here
            page = UNAVAILABLE
        return page, 503, headers

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        """Any other error from the database: unavailable for now (503) when it cost the
        connection (portal/postgres_dialect.py: a statement a migration changed under a
        running process), otherwise unexpected."""
        if error.connection_invalidated:
            return database_unavailable(error)
        return unexpected(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error: %s", type(error).__name__)
        return render_error(500)
