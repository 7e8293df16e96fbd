"""Typed SQLAlchemy models, by area. Importing this package registers every table."""
from portal.models.actions import CaseAction, ObligationKind
from portal.models.audit import AuditEvent
from portal.models.auth import (
    Invitation,
    LoginSession,
    RecoveryCode,
    SignInChallenge,
)
from portal.models.bail import BailChange, BreachReport
from portal.models.bulk_jobs import BulkJob, BulkJobStatus, BulkJobVictim
from portal.models.cases import (
    Case,
    CaseEvent,
    CaseVictim,
    Court,
    Decision,
    Hearing,
    Update,
    UpdateTranslation,
)
from portal.models.conversations import CaseMessage, InboundText
from portal.models.court_needs import CourtNeed, DateToAvoid
from portal.models.feedback import Complaint, UpdateFeedback
from portal.models.figures import ObligationRecord
from portal.models.messaging import (
    DeliveryAttempt,
    DeliveryStatus,
    DevOutboxMessage,
    Notification,
)
from portal.models.page_versions import PageChange, TeamChange
from portal.models.parole import ParoleReview, ParoleStatus
from portal.models.people import Caseworker, Organisation, Team, Victim
from portal.models.preferences import ContactPreference
from portal.models.property import PropertyItem, PropertyRequest
from portal.models.release import (
    AlertKind,
    AlertReceipt,
    Release,
    UrgentAlert,
    VcsReferral,
)
from portal.models.reviews import ReviewRequest, ReviewStatus
from portal.models.statements import PersonalStatement
from portal.models.supervision import CaseReview
from portal.models.support import (
    NeedsAssessment,
    NeedsCorrection,
    SupportReferral,
    SupportService,
)
from portal.models.supporters import Supporter, SupporterAccess, SupporterNotification
from portal.models.tasks import Task, TaskKind, TaskOutcome
from portal.models.translations import WordsKind, WordsTranslation

__all__ = [
    "PageChange",
    "TeamChange",
    "ParoleReview",
    "ParoleStatus",
    "NeedsAssessment",
    "NeedsCorrection",
    "SupportReferral",
    "SupportService",
    "AlertKind",
    "AlertReceipt",
    "Release",
    "UrgentAlert",
    "VcsReferral",
    "AuditEvent",
    "BailChange",
    "BreachReport",
    "BulkJob",
    "BulkJobStatus",
    "BulkJobVictim",
    "CaseMessage",
    "CaseReview",
    "Complaint",
    "CourtNeed",
    "DateToAvoid",
    "PersonalStatement",
    "PropertyItem",
    "PropertyRequest",
    "UpdateFeedback",
    "UpdateTranslation",
    "Case",
    "CaseAction",
    "CaseEvent",
    "CaseVictim",
    "Caseworker",
    "ContactPreference",
    "Court",
    "Decision",
    "DeliveryAttempt",
    "DeliveryStatus",
    "DevOutboxMessage",
    "Hearing",
    "InboundText",
    "Invitation",
    "LoginSession",
    "Notification",
    "ObligationKind",
    "ObligationRecord",
    "Organisation",
    "RecoveryCode",
    "ReviewRequest",
    "ReviewStatus",
    "SignInChallenge",
    "Supporter",
    "SupporterAccess",
    "SupporterNotification",
    "Task",
    "TaskKind",
    "TaskOutcome",
    "Team",
    "Update",
    "Victim",
    "WordsKind",
    "WordsTranslation",
]
