"""The suspect's status on a case, as the console records it: bail granted, conditions varied,
bail breached, remanded in custody, remand ended or released.

Each change is kept (models/bail.py); the latest is the status now. Recording one owes the
victims the news (services/case_file/obligations.py: BAIL_TOLD, 5 working days, 1 with
enhanced rights) and the console goes straight on to the update that tells them
(update_templates: "bail_changed", urgent by urgency.py).

The rules, each an InvalidInput naming the field, before anything is saved:
- the change and the status after it fit together (a remand keeps them in custody; bail
  granted or varied is police or court bail; conditions can be varied or breached only while
  there is bail);
- bail conditions (no contact, an area, a curfew, an address) only with police or court bail;
- a curfew has both its hours, and they differ;
- the day decided is not in the future; an order ends after that day, and an end date needs
  the order it ends;
- words are within their lengths.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal import london
from portal.extensions import db
from portal.models import BailChange, Case, Caseworker
from portal.models.bail import ON_BAIL, BailChangeKind, BailStatus, OrderKind
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInput, InvalidInputs

AREA_MAX = 200
RESIDENCE_MAX = 300

K, S = BailChangeKind, BailStatus
# The statuses each change can lead to.
ALLOWED: dict[BailChangeKind, frozenset[BailStatus]] = {
    K.GRANTED: frozenset(ON_BAIL),
    K.VARIED: frozenset(ON_BAIL),
    K.BREACHED: frozenset(ON_BAIL | {S.REMANDED}),
    K.REMANDED: frozenset({S.REMANDED}),
    K.RELEASED: frozenset({S.RELEASED_UNDER_INVESTIGATION, S.RELEASED, *ON_BAIL}),
}


@dataclass
class Change:
    """What the caseworker entered."""

    kind: str
    status: str
    decided_on: dt.date | None
    no_contact: bool = False
    exclusion_area: str | None = None
    curfew_from: dt.time | None = None
    curfew_until: dt.time | None = None
    residence: str | None = None
    order_kind: str | None = None
    order_ends_on: dt.date | None = None


def current(case: Case) -> BailChange | None:
    """The status now: the latest change recorded (case.bail_changes is oldest first)."""
    return case.bail_changes[-1] if case.bail_changes else None


def record_change(actor: Caseworker, case: Case, entered: Change,
                  now: dt.datetime | None = None) -> BailChange:
    """Keep the change with everything in force after it (audited); InvalidInputs, saving
    nothing, when a rule is broken."""
    now = now or utcnow()
    change = _checked(case, entered, now)
    change.recorded_by_id = actor.id
    change.recorded_at = now
    db.session.add(change)
    case.updated_at = now
    db.session.flush()
    # Which change and which conditions, never the words (an area or an address).
    audit.record(actor, "bail.recorded", case.id, bail_change_id=change.id, kind=change.kind,
                 status=change.status, no_contact=change.no_contact,
                 area=bool(change.exclusion_area), curfew=change.has_curfew,
                 residence=bool(change.residence), order=change.order_kind)
    db.session.commit()
    return change


def _checked(case: Case, entered: Change, now: dt.datetime) -> BailChange:
    problems: dict[str, str] = {}
    try:
        kind = BailChangeKind(entered.kind)
    except ValueError:
        raise InvalidInput("kind", str(_l("Choose what happened"))) from None
    try:
        status = BailStatus(entered.status)
    except ValueError:
        raise InvalidInput("status", str(_l("Choose where the suspect is now"))) from None
    if status not in ALLOWED[kind]:
        problems["status"] = str(_l("That status does not fit what happened. Bail granted or "
                                    "varied is police or court bail; a remand keeps them in "
                                    "custody"))
    before = current(case)
    if kind in (K.VARIED, K.BREACHED) and (before is None or before.bail_status not in ON_BAIL):
        problems["kind"] = str(_l("The suspect is not on bail on this case: record bail "
                                  "granted first"))
    if entered.decided_on is None:
        problems["decided_on"] = str(_l("Enter the date of the decision"))
    elif entered.decided_on > london.local_date(now):
        problems["decided_on"] = str(_l("The date of the decision must be today or in the "
                                        "past"))

    area = (entered.exclusion_area or "").strip() or None
    residence = (entered.residence or "").strip() or None
    curfew = (entered.curfew_from, entered.curfew_until)
    on_bail = status in ON_BAIL
    if not on_bail and (entered.no_contact or area or residence or any(curfew)):
        problems["no_contact"] = str(_l("Only police or court bail has conditions. Leave the "
                                        "conditions empty, or choose bail"))
    if area and len(area) > AREA_MAX:
        problems["exclusion_area"] = str(_l("Describe the area in %(max)d characters or fewer",
                                            max=AREA_MAX))
    if residence and len(residence) > RESIDENCE_MAX:
        problems["residence"] = str(_l("Enter the address in %(max)d characters or fewer",
                                       max=RESIDENCE_MAX))
    if any(curfew) and not all(curfew):
        problems["curfew_until"] = str(_l("Enter both times of the curfew, or neither"))
    elif all(curfew) and curfew[0] == curfew[1]:
        problems["curfew_until"] = str(_l("The curfew must end at a different time from when "
                                          "it starts"))

    order = (entered.order_kind or "").strip() or None
    if order is not None:
        try:
            order = OrderKind(order).value
        except ValueError:
            problems["order_kind"] = str(_l("Choose the kind of order"))
    if entered.order_ends_on is not None:
        if order is None:
            problems["order_kind"] = str(_l("Choose the order that ends on this date"))
        elif entered.decided_on and entered.order_ends_on <= entered.decided_on:
            problems["order_ends_on"] = str(_l("The order must end after the date of the "
                                               "decision"))
    if problems:
        raise InvalidInputs(problems)
    return BailChange(
        case_id=case.id, kind=kind.value, status=status.value, decided_on=entered.decided_on,
        no_contact=bool(entered.no_contact and on_bail),
        exclusion_area=area if on_bail else None,
        curfew_from=curfew[0] if on_bail else None, curfew_until=curfew[1] if on_bail else None,
        residence=residence if on_bail else None, order_kind=order,
        order_ends_on=entered.order_ends_on if order else None)
