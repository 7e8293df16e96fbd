"""Security headers, the CSP nonce and the session interface that notices tampering.

Every response gets its headers in one after_request so the tests can assert them.
"""
from __future__ import annotations

import secrets

from flask import Flask, g, request
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from werkzeug.routing import IntegerConverter


class DatabaseId(IntegerConverter):
    """Route ids: 1 up to the largest id the databases store (a 32-bit integer). Anything
    else does not match the route and answers 404, rather than reaching the database and
    failing there with a 500 (PostgreSQL refuses 99999999999 as an integer)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def set_security_headers(response):
    nonce = g.get("csp_nonce")
    script = f"script-src 'self' 'nonce-{nonce}'" if nonce else "script-src 'self'"
    # A response that set its own policy keeps it: the team figures' SVG charts, which allow
    # their one style element by its hash and nothing else (caseworker/charts.py).
    response.headers.setdefault("Content-Security-Policy", (
        "default-src 'self'; " + script + "; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; object-src 'none'"
    ))
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not request.path.startswith(("/static/", "/assets/")):
        # Nothing a victim sees may be kept by the browser or a shared device's cache: after
        # "Exit this page" the back button must not show their case.
        response.headers["Cache-Control"] = "no-store, max-age=0"
        response.headers["Pragma"] = "no-cache"
    return response


class TamperAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, which also notes when a cookie failed its signature, so
    the request can be answered with a plain 400 page instead of being silently reset."""

    def open_session(self, app: Flask, request):
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            return self.session_class(serializer.loads(value, max_age=max_age))
        except BadSignature:
            g.session_tampered = True
            return self.session_class()


# --- caseworker text --------------------------------------------------------------------------

# The small allow-list for caseworker text: paragraphs, lists, bold and https links.
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "b", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"https"}


def sanitise_html(html: str | None) -> str:
    """Strip everything outside the allow-list (nh3 strips rather than escapes, removes script
    and style content, and adds rel="noopener noreferrer" to links)."""
    import nh3

    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
