"""A professional advocate (an IDVA, ISVA or other advocate) that a case team adds as a
victim's supporter (issue 15), only with the victim's recorded consent: how they agreed (in
person, by phone, in writing) and when.

The advocate is invited exactly as a victim's supporter is (supporters.invite: the same
single-use link, the same limits, the victim told that a supporter was added); the access
records who in the team added them and the victim's consent. The victim sees on their own
supporters page that their case team added them, and can change or end it at once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.london import today
from portal.models import Case, Caseworker, SupporterAccess, Victim
from portal.models.enums import Stage
from portal.services import supporters
from portal.services.errors import InvalidInput

CONSENT_WAYS = ("in_person", "by_phone", "in_writing")


@dataclass(frozen=True)
class Consent:
    """The victim's agreement to a team adding this advocate, as the team recorded it."""

    by: Caseworker
    how: str
    on: dt.date
    organisation: str | None = None


def add(person: Caseworker, case: Case, victim: Victim, name: str, organisation: str,
        contact: str, permissions: set[str], agreed: bool, how: str | None,
        on: dt.date | None) -> SupporterAccess:
    """Add an advocate to this (team-checked) case for this victim on it, and send them the
    invitation. Refused (InvalidInput, nothing saved) without the victim's consent, how they
    gave it and a date not in the future; otherwise as supporters.invite refuses."""
    if case.stage == Stage.CLOSED:
        raise InvalidInput("victim", _l("The case is closed: nobody can be added to it"))
    if not agreed:
        raise InvalidInput("agreed", _l(
            "You can add an advocate only if the victim agreed. Ask the victim first, then "
            "record how and when they agreed"))
    if how not in CONSENT_WAYS:
        raise InvalidInput("how", _l("Choose how the victim agreed"))
    if on is None or on > today():
        raise InvalidInput("on", _l("Enter the date the victim agreed, today or earlier"))
    organisation = (organisation or "").strip()[:200] or None
    return supporters.invite(victim, [case], name, contact, permissions,
                             added=Consent(person, how, on, organisation))
