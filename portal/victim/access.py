"""Who may use which victim page. Every victim view is wrapped in one of these, so the
route-map test (tests/victim/test_route_map.py) can check that none is left unguarded:

- ``public``: anyone (the start page, signing in, invitations, exit);
- ``victim_required``: a signed-in victim (their contact preferences, their password);
- ``case_page``: a signed-in victim who has answered how they want to be contacted. Every
  page that shows a case, or anything on one, is a case page: until the questions are
  answered the victim is taken to them, so nothing about a case (not even its offence or
  crime reference) is shown first. Which case, and which item on it, is services/access.py's
  rule.
- ``supporter_required``: a signed-in nominated supporter (services/supporters.py); which
  case, and what on it, is services/access.supporter_case's rule.
"""
from __future__ import annotations

from functools import wraps

from flask import redirect, request, url_for
from flask_login import current_user

from portal.models.enums import Principal
from portal.services import preferences

PUBLIC, VICTIM, CASE = "public", "victim", "case"
SUPPORTER = "supporter"


def signed_in_victim():
    if current_user.is_authenticated and current_user.principal == Principal.VICTIM:
        return current_user._get_current_object()
    return None


def public(view):
    view.victim_access = PUBLIC
    return view


def _refuse_supporter() -> None:
    """A signed-in nominated supporter asking for a victim's own page gets what a page that
    does not exist gets (404), audited: nothing of the victim's is theirs to see."""
    if current_user.is_authenticated and current_user.principal == Principal.SUPPORTER:
        from portal.services.access import refuse

        raise refuse(current_user._get_current_object(), None, page=request.endpoint)


def victim_required(view):
    """Only a signed-in victim; anyone else is sent to sign in (a supporter: 404)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        _refuse_supporter()
        if signed_in_victim() is None:
            return redirect(url_for("victim.sign_in", next_page="cases"))
        return view(*args, **kwargs)

    wrapped.victim_access = VICTIM
    return wrapped


def case_page(view):
    """A signed-in victim who has said how they want to be contacted (the first sign-in asks
    before any case is shown)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        _refuse_supporter()
        person = signed_in_victim()
        if person is None:
            return redirect(url_for("victim.sign_in", next_page="cases"))
        if preferences.needs_asking(person):
            return redirect(url_for("victim.preferences"))
        return view(*args, **kwargs)

    wrapped.victim_access = CASE
    return wrapped


def signed_in_supporter():
    if current_user.is_authenticated and current_user.principal == Principal.SUPPORTER:
        return current_user._get_current_object()
    return None


def supporter_required(view):
    """Only a signed-in nominated supporter; anyone else is sent to the supporters' sign-in."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if signed_in_supporter() is None:
            return redirect(url_for("victim.supporter_sign_in"))
        return view(*args, **kwargs)

    wrapped.victim_access = SUPPORTER
    return wrapped
