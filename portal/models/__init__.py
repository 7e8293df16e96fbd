"""Typed SQLAlchemy models, by area. Importing this package registers every table."""
from portal.models.audit import AuditEvent
from portal.models.auth import FailedSignIn, Invitation, LoginSession, SignInChallenge
from portal.models.cases import Case, CaseEvent, CaseVictim, Court, Decision, Hearing, Update
from portal.models.messaging import (
    DeliveryAttempt,
    DeliveryStatus,
    DevOutboxMessage,
    InboundMessage,
    Notification,
)
from portal.models.people import Caseworker, Organisation, Team, Victim
from portal.models.preferences import ContactPreference
from portal.models.tasks import Task, TaskKind

__all__ = [
    "AuditEvent",
    "Case",
    "CaseEvent",
    "CaseVictim",
    "Caseworker",
    "ContactPreference",
    "Court",
    "Decision",
    "DeliveryAttempt",
    "DeliveryStatus",
    "DevOutboxMessage",
    "FailedSignIn",
    "Hearing",
    "InboundMessage",
    "Invitation",
    "LoginSession",
    "Notification",
    "Organisation",
    "SignInChallenge",
    "Task",
    "TaskKind",
    "Team",
    "Update",
    "Victim",
]
