"""The audit log: who viewed or changed what, and who was refused.

Every look at a case by staff is one entry (one INSERT, nothing read to write it): the case
page, its history and access log, a message thread, a victim's details, a letter, a statement's
file. ``LOOKS`` names those actions; everything else recorded against a case is a change.
A member of staff's entry carries their team at the time, so a victim can be told which teams
looked (never who) even after someone moves team.
"""
from __future__ import annotations

from sqlalchemy import insert

from portal.extensions import db
from portal.models import AuditEvent
from portal.models.enums import Principal
from portal.models.types import utcnow


def record(actor, action: str, case_id: int | None = None, **detail) -> AuditEvent:
    """Add an audit entry to the current transaction (the caller commits).

    ``actor`` is a Victim or Caseworker, or None for the system. ``detail`` carries identifiers
    and outcomes only: never a message body, code, password or phone number.
    """
    event = AuditEvent(
        actor_kind=getattr(actor, "principal", Principal.SYSTEM),
        actor_id=getattr(actor, "id", None),
        team_id=getattr(actor, "team_id", None),
        action=action,
        case_id=case_id,
        detail=detail,
    )
    db.session.add(event)
    return event


_LOOK = insert(AuditEvent.__table__)  # built once: every view of a case sends it


def record_look(actor, action: str, case_id: int | None = None) -> None:
    """Add an entry for a look at a case to the current transaction (the caller commits),
    written at once as one INSERT: no object kept in the session for the commit to flush, which
    a page served from what was kept (portal/page_cache.py) would otherwise spend a third of
    its time on."""
    db.session.execute(_LOOK, {
        "at": utcnow(), "actor_kind": getattr(actor, "principal", Principal.SYSTEM),
        "actor_id": getattr(actor, "id", None), "team_id": getattr(actor, "team_id", None),
        "action": action, "case_id": case_id, "detail": {}})


def record_now(actor, action: str, case_id: int | None = None, **detail) -> None:
    """Record and commit at once: for refusals, where nothing else is being saved."""
    record(actor, action, case_id, **detail)
    db.session.commit()


# Audit actions that are a look at a case rather than a change (victims' and staff's).
LOOKS = frozenset({
    "case.viewed",  # a victim's case page, or the console's
    "case.history_viewed",
    "case.access_log_viewed",
    "thread.viewed",  # the messages between a victim and the team
    "victim.viewed",  # a victim's details and contact preferences in the console
    "letter.opened",
    "statement.downloaded",
    "property.viewed",  # the console's list of what the police hold for the case
    "supporter.viewed",  # a nominated supporter's look at the case they support
})
