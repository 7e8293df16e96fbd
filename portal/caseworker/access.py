"""Who may use which console page. Every console view is wrapped in ``staff_required`` (or
marked ``public``), so the route-map test can check that no page is left unguarded."""
from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from portal.models import Caseworker
from portal.models.enums import Principal, Role
from portal.services import audit

CASEWORK = (Role.CASEWORKER, Role.MANAGER)
MANAGERS = (Role.MANAGER,)
ADMINS = (Role.ADMIN,)
TRANSLATING = (Role.CASEWORKER, Role.MANAGER, Role.TRANSLATOR)
# Teams compared (the area view): counts only, no case content.
AREA_VIEWERS = (Role.ADMIN, Role.AREA_LEAD)
# Every role: only the console's home (which sends each role to its first page) and the
# account page.
EVERYONE = (Role.CASEWORKER, Role.MANAGER, Role.ADMIN, Role.TRANSLATOR, Role.AREA_LEAD)


def signed_in_staff() -> Caseworker | None:
    if current_user.is_authenticated and current_user.principal == Principal.CASEWORKER:
        return current_user._get_current_object()
    return None


def staff_required(*roles: Role):
    """Signed-in staff with one of these roles. Anyone not signed in as staff is sent to the
    console's sign-in; staff without the role get 403, and the refusal is audited. The roles
    are always named: no default that a new role (an area lead) would inherit unseen."""
    if not roles:
        raise TypeError("staff_required needs the roles that may use the page")
    allowed = tuple(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            person = signed_in_staff()
            if person is None:
                return redirect(url_for("caseworker.sign_in"))
            if person.role not in allowed:
                audit.record_now(person, "staff.refused", endpoint=request.endpoint)
                abort(403)
            return view(*args, **kwargs)

        wrapped.staff_roles = allowed
        return wrapped

    return decorator


def public(view):
    """A console page anyone may open (the sign-in journey)."""
    view.staff_roles = ()
    return view
