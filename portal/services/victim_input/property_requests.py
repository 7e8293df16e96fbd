"""A victim asks to have back something the police hold for their case (issue 14; right 10 of
the Victims' Code).

The request reaches the case team as a task in the same transaction, holding the request's id,
never its words. A victim has one open request per item: asking again while it is open shows
the one already made (nothing new is kept, no second task). Requests are limited per hour like a
victim's messages, and audited without their words.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.content.property import MAY_ASK
from portal.extensions import db
from portal.models import Case, PropertyItem, PropertyRequest, Task, TaskKind, Victim
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.errors import InvalidInput, LimitReached

NOTE_MAX = 500


@dataclass(frozen=True)
class Asked:
    request: PropertyRequest
    new: bool  # False: the victim had asked already, and that request is still open


def items_for(case: Case) -> list[PropertyItem]:
    """Everything the police hold for the case, oldest first (the victim's page)."""
    return list(db.session.scalars(select(PropertyItem).where(PropertyItem.case_id == case.id)
                                   .order_by(PropertyItem.recorded_at, PropertyItem.id)))


def open_request(victim: Victim, item: PropertyItem) -> PropertyRequest | None:
    """The victim's open request for this item, if they have one."""
    found = db.session.scalars(select(PropertyRequest).where(
        PropertyRequest.item_id == item.id, PropertyRequest.victim_id == victim.id)
        .order_by(PropertyRequest.created_at.desc(), PropertyRequest.id.desc()))
    return next((request for request in found if request.is_open), None)


def latest_requests(case: Case, victim: Victim) -> dict[int, PropertyRequest]:
    """The victim's latest request for each item on the case, by item id."""
    latest: dict[int, PropertyRequest] = {}
    for request in db.session.scalars(select(PropertyRequest).where(
            PropertyRequest.case_id == case.id, PropertyRequest.victim_id == victim.id)
            .order_by(PropertyRequest.created_at, PropertyRequest.id)):
        latest[request.item_id] = request
    return latest


def ask(victim: Victim, case: Case, item: PropertyItem, note: str | None,
        now: dt.datetime | None = None) -> Asked:
    """Ask for ``item`` back (``item`` is on ``case``: access.victim_item checked it).
    InvalidInput when it cannot be asked for or the note is too long; LimitReached past the
    hourly limit."""
    now = now or utcnow()
    existing = open_request(victim, item)
    if existing is not None:
        return Asked(existing, new=False)
    if item.property_status not in MAY_ASK:
        raise InvalidInput("note", str(_l(
            "You cannot ask for this back here. Send us a message if you have a question.")))
    words = (note or "").strip().replace("\r\n", "\n") or None
    if words and len(words) > NOTE_MAX:
        raise InvalidInput("note", str(_l("Use %(limit)d characters or fewer", limit=NOTE_MAX)))
    if attempts.take("victim_property_request", str(victim.id),
                     current_app.config["VICTIM_MESSAGES_PER_HOUR"]):
        raise LimitReached("note", str(_l(
            "You have sent a lot of requests in the last hour. Please try again later.")))
    request = PropertyRequest(item=item, case_id=case.id, victim=victim, note=words,
                              created_at=now)
    db.session.add(request)
    db.session.flush()
    from portal.services.delivery.tasks import tell_case_team

    task = tell_case_team(case, TaskKind.PROPERTY_REQUESTED, victim=victim,
                          request_id=request.id, item_id=item.id)
    db.session.flush()
    request.task_id = task.id
    case.updated_at = now
    audit.record(victim, "property.asked", case.id, property_item_id=item.id,
                 request_id=request.id, task_id=task.id)
    db.session.commit()
    return Asked(request, new=True)


def for_task(task: Task) -> PropertyRequest | None:
    """The request a task is about (the task holds its id only, never the words)."""
    request_id = (task.detail or {}).get("request_id")
    if task.kind != TaskKind.PROPERTY_REQUESTED or not request_id:
        return None
    found = db.session.get(PropertyRequest, request_id)
    return found if found is not None and found.case_id == task.case_id else None
