"""Property the police hold for a case, as the console records it (issue 14; right 10 of the
Victims' Code): what it is, why it is held, where it is now, and where and from when it can be
collected.

The rules, each an InvalidInput naming the field, before anything is saved:
- a description in 200 characters or fewer, never empty;
- why it is held and its status are known values;
- "ready to collect" needs where to collect it (the date it can be collected from is optional:
  none means now);
- where to collect it in 500 characters or fewer.

An item that becomes ready to collect (recorded so, or changed to it) is news for the victims:
``save`` says so, and the console goes on to the update that tells them
(update_templates: "property_ready"). Each save is audited without the words.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Caseworker, PropertyItem, PropertyRequest
from portal.models.property import HeldBecause, PropertyStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInputs

DESCRIPTION_MAX = 200
WHERE_MAX = 500


@dataclass
class Entered:
    """What the caseworker entered."""

    description: str | None
    held_because: str | None
    status: str | None
    collect_where: str | None = None
    collect_from: dt.date | None = None


@dataclass(frozen=True)
class Saved:
    item: PropertyItem
    became_ready: bool  # now ready to collect, and was not before: the victims must be told


def items_for(case: Case) -> list[PropertyItem]:
    """Everything the police hold for the case, oldest first."""
    return list(db.session.scalars(select(PropertyItem).where(PropertyItem.case_id == case.id)
                                   .order_by(PropertyItem.recorded_at, PropertyItem.id)))


def ready_items(case: Case) -> list[PropertyItem]:
    """The items ready to collect now, oldest first (what the update says)."""
    return [item for item in items_for(case)
            if item.status == PropertyStatus.READY_TO_COLLECT]


def open_requests(case: Case) -> dict[int, PropertyRequest]:
    """Each item's open request to have it back, by item id (for the console's page)."""
    found = db.session.scalars(select(PropertyRequest).where(PropertyRequest.case_id == case.id)
                               .order_by(PropertyRequest.created_at))
    return {request.item_id: request for request in found if request.is_open}


def look(actor: Caseworker, case: Case) -> tuple[list[PropertyItem],
                                                 dict[int, PropertyRequest]]:
    """The console's list: the items and their open requests; the look audited (one INSERT,
    committed at once)."""
    audit.record_now(actor, "property.viewed", case.id)
    return items_for(case), open_requests(case)


def save(actor: Caseworker, case: Case, entered: Entered, item: PropertyItem | None = None,
         now: dt.datetime | None = None) -> Saved:
    """Record a new item (``item`` None) or change one; InvalidInputs, saving nothing, when a
    rule is broken."""
    now = now or utcnow()
    values = _checked(entered)
    was_ready = item is not None and item.status == PropertyStatus.READY_TO_COLLECT
    if item is None:
        item = PropertyItem(case_id=case.id, recorded_by_id=actor.id, recorded_at=now)
        db.session.add(item)
        action = "property.recorded"
    else:
        action = "property.changed"
    for name, value in values.items():
        setattr(item, name, value)
    item.updated_at = now
    case.updated_at = now
    db.session.flush()
    audit.record(actor, action, case.id, property_item_id=item.id, status=item.status,
                 held_because=item.held_because)
    db.session.commit()
    became_ready = item.status == PropertyStatus.READY_TO_COLLECT and not was_ready
    return Saved(item, became_ready)


def _checked(entered: Entered) -> dict:
    problems: dict[str, str] = {}
    description = (entered.description or "").strip()
    where = (entered.collect_where or "").strip() or None
    if not description:
        problems["description"] = str(_l("Describe the item, in the victim’s words if you "
                                         "have them"))
    elif len(description) > DESCRIPTION_MAX:
        problems["description"] = str(_l("Describe the item in %(max)d characters or fewer",
                                         max=DESCRIPTION_MAX))
    try:
        held_because = HeldBecause(entered.held_because or "")
    except ValueError:
        problems["held_because"] = str(_l("Choose why the police hold it"))
        held_because = None
    try:
        status = PropertyStatus(entered.status or "")
    except ValueError:
        problems["status"] = str(_l("Choose where the item is now"))
        status = None
    if where and len(where) > WHERE_MAX:
        problems["collect_where"] = str(_l("Say where to collect it in %(max)d characters or "
                                           "fewer", max=WHERE_MAX))
    elif status is PropertyStatus.READY_TO_COLLECT and not where:
        problems["collect_where"] = str(_l("Say where and how the victim can collect it"))
    if problems:
        raise InvalidInputs(problems)
    return {"description": description, "held_because": held_because.value,
            "status": status.value, "collect_where": where,
            "collect_from": entered.collect_from}
