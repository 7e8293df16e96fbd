"""Victims' pages kept rendered while nothing on them changes.

A victim's case page takes about 16 ms to draw at national scale (ten questions, the stage,
rights and glossary, each hearing, decision and update), and a victim reloads it far more often
than anything on it changes. Each web process keeps the pages it drew, under a key that holds
everything the page depends on:

- the victim, the address with its query string, the language of the page and of the victim;
- the version of each case on the page and the portal-wide version, read in one small question
  before anything else (services/access.victim_case_version), and bumped in the transaction of
  every write a victim could read (models/page_versions.py);
- the time, coarsely: a page is kept at most ``PAGE_CACHE_SECONDS`` (60 by default), so a
  hearing that has just started moves to "past hearings" within a minute.

The console's pages for a case team (the lists of cases, a manager's first screen, supervision,
the figures and the monthly report) are kept the same way for each member of staff, under their
team's version (services/access.team_pages_version; bumped as models/page_versions.py says),
so a list shows a deadline that has just passed as overdue within ``PAGE_CACHE_SECONDS``.

What differs on every response is put in when the page is served: the form token (CSRF) and
the script nonce of the Content-Security-Policy. A page with a one-off message on it (a flash,
the "texts will follow this language" notice) is never kept, nor is anything for a request
that is not a plain GET. Each process keeps at most ``PAGE_CACHE_MB`` megabytes of pages (a
victim's case page is about 20 KB, a list of cases 27 KB, the team figures 110 KB), the
least recently used going first; nothing is shared between processes, and the versions live
in the database, so any number of web processes and machines agree on what is out of date.
"""
from __future__ import annotations

import sys
import threading
import time

from cachetools import TTLCache
from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from portal.i18n import current_language
from portal.security import csp_nonce

_CSRF = "\x00portal-csrf\x00"
_NONCE = "\x00portal-nonce\x00"
_lock = threading.Lock()
_pages: TTLCache | None = None


def _store() -> TTLCache | None:
    global _pages
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if not seconds:
        return None
    size = int(current_app.config.get("PAGE_CACHE_MB", 10) * 1024 * 1024)
    if _pages is None or _pages.ttl != seconds or _pages.maxsize != size:
        # The wall clock, as the pages' own "now" is (a frozen clock in the tests freezes both).
        _pages = TTLCache(maxsize=size, ttl=seconds, getsizeof=sys.getsizeof, timer=time.time)
    return _pages


def _keepable() -> bool:
    return not (request.method != "GET" or session.get("_flashes")
                or g.get("messages_language_changed"))


def key(victim, versions) -> tuple | None:
    """The key of this request's page for this victim, or None when it must be drawn afresh."""
    if not _keepable():
        return None
    return (victim.id, victim.language, current_language(), request.full_path, versions)


def staff_key(person, versions) -> tuple | None:
    """The key of this request's console page for this member of a case team (``versions``:
    services/access.team_pages_version), or None when it must be drawn afresh."""
    if versions is None or not _keepable():
        return None
    return ("staff", person.id, person.role, person.team_id, current_language(),
            request.full_path, versions)


def get(page_key: tuple | None) -> str | None:
    """The kept page for this key, ready to send, or None."""
    store = _store()
    if page_key is None or store is None:
        return None
    with _lock:
        kept = store.get(page_key)
    if kept is None:
        return None
    return kept.replace(_CSRF, generate_csrf()).replace(_NONCE, csp_nonce())


def put(page_key: tuple | None, html: str) -> str:
    """Keep this page (just drawn for this request) and return it unchanged."""
    store = _store()
    if page_key is None or store is None:
        return html
    kept = html
    if "csrf_token" in g:
        kept = kept.replace(g.csrf_token, _CSRF)
    if "csp_nonce" in g:
        kept = kept.replace(g.csp_nonce, _NONCE)
    with _lock:
        if store.getsizeof(kept) <= store.maxsize:
            store[page_key] = kept
    return html


def clear() -> None:
    with _lock:
        if _pages is not None:
            _pages.clear()
