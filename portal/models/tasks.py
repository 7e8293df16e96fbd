"""Work the delivery engine hands to a victim's case team: calls to make, letters to post,
and things they must know (a message that could not be delivered, a victim who replied STOP,
a message whose outcome is unknown). Replies from victims go to the case's message thread
(models/conversations.py), whose inbox the team already reads."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.messaging import Notification
from portal.models.people import Caseworker, Victim
from portal.models.types import UTCDateTime, utcnow


class TaskKind(enum.StrEnum):
    PHONE_CALL = "phone_call"  # call the victim inside their window with the update
    LETTER = "letter"  # print the letter and post it
    DELIVERY_FAILED = "delivery_failed"  # a channel failed for good; the next one is being tried
    SMS_STOPPED = "sms_stopped"  # the victim replied STOP
    UNKNOWN_OUTCOME = "unknown_outcome"  # the provider may or may not have sent it
    SMS_STARTED = "sms_started"  # the victim replied START: texts are back on
    BOOK_INTERPRETER = "book_interpreter"  # an interpreter or BSL for a hearing or a call
    DATE_CLASH = "date_clash"  # a victim cannot go to court on the day a hearing is listed
    # Urgent: the victim says the suspect contacted them or came near them
    # (services/victim_input/breaches.py); due at once.
    BREACH_REPORTED = "breach_reported"
    # A victim asked for a Victims' Right to Review (services/victim_input/review_requests.py):
    # due when the scheme's acknowledgement is.
    REVIEW_REQUESTED = "review_requested"
    # The victim asked to have something the police hold back (models/property.py).
    PROPERTY_REQUESTED = "property_requested"
    # The victim says what was recorded about their needs is wrong or has changed
    # (services/case_file/needs.py).
    NEEDS_CHANGED = "needs_changed"
    # The victim said what licence conditions they want before a release
    # (services/victim_input/licence_say.py): for the victim liaison officer.
    LICENCE_SAY = "licence_say"


class TaskOutcome(enum.StrEnum):
    """What the caseworker recorded when they did the task."""

    REACHED = "reached"  # spoke to the victim (a call)
    NO_ANSWER = "no_answer"  # a call not answered: try again at retry_at
    WRONG_NUMBER = "wrong_number"
    POSTED = "posted"  # a letter printed and posted
    TOLD_ANOTHER_WAY = "told_another_way"  # a failed message: told by other means
    BOOKED = "booked"  # an interpreter or BSL interpreter booked
    NOTED = "noted"  # something to know, not to do (STOP, START, an unknown outcome checked)


# Outcomes that mean the victim was told what the task was about.
REACHED_OUTCOMES = frozenset({TaskOutcome.REACHED, TaskOutcome.POSTED,
                              TaskOutcome.TOLD_ANOTHER_WAY})


class Task(db.Model):
    """One thing for the case team to do or know. Never holds a message body or an address:
    ``detail`` carries identifiers, codes and times only."""

    # One task of a kind per notification, so a duplicate callback cannot tell the team twice.
    __table_args__ = (UniqueConstraint("notification_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int | None] = mapped_column(ForeignKey("victim.id"), index=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notification.id"))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    # For a phone call: the victim's window, so the call is made when they said it is safe.
    due_from: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    due_by: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    # What was done (a TaskOutcome), a short note, and for a call not answered when to retry.
    outcome: Mapped[str | None] = mapped_column(String(24))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    retry_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    tries: Mapped[int] = mapped_column(default=0, server_default="0")

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim | None] = relationship()
    done_by: Mapped[Caseworker | None] = relationship()
    notification: Mapped[Notification | None] = relationship()

    @property
    def task_kind(self) -> TaskKind:
        return TaskKind(self.kind)

    @property
    def is_open(self) -> bool:
        return self.done_at is None
