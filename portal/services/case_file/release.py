"""The offender's release under the Victim Contact Scheme, as the console records it: the
release known ahead with its licence conditions, then the actual release.

Recording the expected release owes the victims advance notice (obligations.py:
RELEASE_NOTICE, due ``NOTICE_WORKING_DAYS`` working days before the expected day) and the
console goes straight on to the update that tells them (update_templates: "release_planned",
with the conditions and the unwanted-contact helpline). Recording the actual release owes
contact within 24 hours (RELEASE_CONTACT, as before).

The rules, each an InvalidInput naming the field, before anything is saved:
- the expected day is today or later (a release already past is recorded as the release);
- a curfew has both its hours, and they differ;
- words are within their lengths.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal import london
from portal.extensions import db
from portal.models import Case, CaseEvent, Caseworker, Release
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInput, InvalidInputs

AREA_MAX = 200
RESIDENCE_MAX = 300
# Local rule (docs/DOMAIN.md): the victims are told 5 working days before the expected day.
NOTICE_WORKING_DAYS = 5


@dataclass
class Planned:
    """What the caseworker entered about a release to come."""

    expected_on: dt.date | None
    no_contact: bool = False
    exclusion_area: str | None = None
    curfew_from: dt.time | None = None
    curfew_until: dt.time | None = None
    electronic_monitoring: bool = False
    residence: str | None = None


def current(case: Case) -> Release | None:
    """The release in force: the latest recorded (case.releases is oldest first)."""
    return case.releases[-1] if case.releases else None


def record_planned(actor: Caseworker, case: Case, entered: Planned,
                   now: dt.datetime | None = None) -> Release:
    """Keep the expected release with its conditions (audited); InvalidInputs, saving
    nothing, when a rule is broken."""
    now = now or utcnow()
    problems: dict[str, str] = {}
    if entered.expected_on is None:
        problems["expected_on"] = str(_l("Enter the expected date of release"))
    elif entered.expected_on < london.local_date(now):
        problems["expected_on"] = str(_l("The expected date must be today or later. Record a "
                                         "release that has happened as the release"))
    area = (entered.exclusion_area or "").strip() or None
    residence = (entered.residence or "").strip() or None
    if area and len(area) > AREA_MAX:
        problems["exclusion_area"] = str(_l("Describe the area in %(max)d characters or fewer",
                                            max=AREA_MAX))
    if residence and len(residence) > RESIDENCE_MAX:
        problems["residence"] = str(_l("Enter the address in %(max)d characters or fewer",
                                       max=RESIDENCE_MAX))
    curfew = (entered.curfew_from, entered.curfew_until)
    if any(curfew) and not all(curfew):
        problems["curfew_until"] = str(_l("Enter both times of the curfew, or neither"))
    elif all(curfew) and curfew[0] == curfew[1]:
        problems["curfew_until"] = str(_l("The curfew must end at a different time from when "
                                          "it starts"))
    if problems:
        raise InvalidInputs(problems)
    release = Release(case_id=case.id, expected_on=entered.expected_on,
                      no_contact=bool(entered.no_contact), exclusion_area=area,
                      curfew_from=curfew[0], curfew_until=curfew[1],
                      electronic_monitoring=bool(entered.electronic_monitoring),
                      residence=residence, recorded_by_id=actor.id, recorded_at=now)
    db.session.add(release)
    case.updated_at = now
    db.session.flush()
    # Which conditions, never their words (an area or an address).
    audit.record(actor, "release.planned", case.id, release_id=release.id,
                 no_contact=release.no_contact, area=bool(area), curfew=release.has_curfew,
                 tag=release.electronic_monitoring, residence=bool(residence))
    db.session.commit()
    return release


def record_released(actor: Caseworker, case: Case, released_at: dt.datetime) -> None:
    """The offender has been released: the victims must be contacted within 24 hours. The
    release in force, if one was planned, keeps the time it happened."""
    if released_at > utcnow():
        raise InvalidInput("released_on", str(_l("The release must be today or in the past")))
    db.session.add(CaseEvent(case=case, kind="release", actor_id=actor.id,
                             occurred_at=released_at))
    planned = current(case)
    if planned is not None and planned.released_at is None:
        planned.released_at = released_at
    audit.record(actor, "case.release_recorded", case.id)
    db.session.commit()
