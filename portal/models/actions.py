"""What a case team did for the victims on a case, and the Victims' Code obligations those
actions meet."""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case, Decision, Hearing, Update
from portal.models.people import Caseworker
from portal.models.types import UTCDateTime, utcnow


class ObligationKind(enum.StrEnum):
    """What the Victims' Code asks a case team to do, each with a deadline
    (services/case_file/obligations.py holds the deadlines; domain.md is their source)."""

    WRITTEN_CONFIRMATION = "written_confirmation"
    NEEDS_ASSESSMENT = "needs_assessment"
    SUPPORT_REFERRAL = "support_referral"
    CONTACT_PREFERENCES = "contact_preferences"
    PERSONAL_STATEMENT = "personal_statement"
    HEARING_DATE_TOLD = "hearing_date_told"
    HEARING_OUTCOME_TOLD = "hearing_outcome_told"
    DECISION_LETTER = "decision_letter"
    VCS_REFERRAL = "vcs_referral"
    RELEASE_CONTACT = "release_contact"
    BAIL_TOLD = "bail_told"  # a change of bail or custody told to the victims
    # A Victims' Right to Review asked for online: acknowledged, then its outcome given.
    REVIEW_ACKNOWLEDGED = "review_acknowledged"
    REVIEW_DECIDED = "review_decided"
    # Advance notice of a release under the Victim Contact Scheme: due before the expected day.
    RELEASE_NOTICE = "release_notice"
    # The probation team's letter to a victim referred to the Victim Contact Scheme.
    PROBATION_LETTER = "probation_letter"
    # Parole (models/parole.py): the review started, with the offer of a statement for the
    # Parole Board and to apply to attend; then the Board's decision.
    PAROLE_REVIEW_TOLD = "parole_review_told"
    PAROLE_DECISION_TOLD = "parole_decision_told"


class CaseAction(db.Model):
    """Something a caseworker did for the victims on a case, recorded with what was done.

    Obligations are met by these, never by a tick box: each says who did what and when, and
    (for the "told" obligations) which update told the victims.
    """

    __table_args__ = (Index("ix_case_action_case_kind", "case_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    kind: Mapped[str] = mapped_column(String(32))
    caseworker_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What was done, in the caseworker's words ("Referred to Victim Support, reference 4411").
    details: Mapped[str] = mapped_column(Text)
    # The hearing or decision the action was about, and the update that did it, if any.
    hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearing.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    update_id: Mapped[int | None] = mapped_column(ForeignKey("update.id"), index=True)

    case: Mapped[Case] = relationship()
    caseworker: Mapped[Caseworker | None] = relationship()
    hearing: Mapped[Hearing | None] = relationship()
    decision: Mapped[Decision | None] = relationship()
    update: Mapped[Update | None] = relationship()

    @property
    def obligation(self) -> ObligationKind:
        return ObligationKind(self.kind)
