"""The audit log: who viewed or changed what, and who was refused."""
from __future__ import annotations

from portal.extensions import db
from portal.models import AuditEvent
from portal.models.enums import Principal


def record(actor, action: str, case_id: int | None = None, **detail) -> AuditEvent:
    """Add an audit entry to the current transaction (the caller commits).

    ``actor`` is a Victim or Caseworker, or None for the system. ``detail`` carries identifiers
    and outcomes only: never a message body, code, password or phone number.
    """
    event = AuditEvent(
        actor_kind=getattr(actor, "principal", Principal.SYSTEM),
        actor_id=getattr(actor, "id", None),
        action=action,
        case_id=case_id,
        detail=detail,
    )
    db.session.add(event)
    return event


def record_now(actor, action: str, case_id: int | None = None, **detail) -> None:
    """Record and commit at once: for refusals, where nothing else is being saved."""
    record(actor, action, case_id, **detail)
    db.session.commit()
