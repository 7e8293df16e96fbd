"""Needs assessments and referrals to support services (issue 14; docs/DOMAIN.md, "Needs
and support").

A ``NeedsAssessment`` is one structured assessment of one victim on one case: the latest is
what holds now. It decides the case's enhanced rights (services/case_file/needs.py) and meets
the needs-assessment duty. A ``SupportService`` is one entry in the directory of services a
team can refer to (national ones, or one area's), kept as rows an administrator can change
without a release. A ``SupportReferral`` is a referral sent with the victim's consent and its
status, or the victim's recorded refusal of one. A ``NeedsCorrection`` is a victim saying what
was recorded about their needs is wrong or has changed.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.cases import Case
from portal.models.people import Caseworker, Victim
from portal.models.types import UTCDateTime, utcnow


class Risk(enum.StrEnum):
    """Risk of harm from the suspect, as the case team judges it."""

    NONE = "none"
    SOME = "some"
    HIGH = "high"


class AccessNeed(enum.StrEnum):
    """Communication and access needs."""

    INTERPRETER = "interpreter"
    BSL = "bsl"
    EASY_READ = "easy_read"
    LARGE_PRINT = "large_print"
    STEP_FREE = "step_free"
    HEARING_LOOP = "hearing_loop"


class SupportKind(enum.StrEnum):
    """Kinds of support a victim may want, and a service may give."""

    EMOTIONAL = "emotional"
    PRACTICAL = "practical"
    DOMESTIC_ABUSE = "domestic_abuse"
    SEXUAL_VIOLENCE = "sexual_violence"
    HATE_CRIME = "hate_crime"
    YOUNG_PEOPLE = "young_people"
    LGBT = "lgbt"
    COURT = "court"


class SpecialMeasure(enum.StrEnum):
    """Special measures at court (Youth Justice and Criminal Evidence Act 1999, ss. 23-30)."""

    SCREENS = "screens"
    LIVE_LINK = "live_link"
    PRIVATE = "private"
    NO_WIGS = "no_wigs"
    RECORDED_INTERVIEW = "recorded_interview"
    RECORDED_CROSS_EXAMINATION = "recorded_cross_examination"
    INTERMEDIARY = "intermediary"
    COMMUNICATION_AIDS = "communication_aids"


class ReviewPoint(enum.StrEnum):
    """When the assessment is looked at again (recommendation 3 of the inspection)."""

    AFTER_CHARGE = "after_charge"
    BEFORE_TRIAL = "before_trial"
    AFTER_SENTENCE = "after_sentence"


class ReferralStatus(enum.StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    CONTACTED = "contacted"  # the service has contacted the victim
    DECLINED = "declined"  # the service could not take the referral
    REFUSED = "refused"  # the victim did not want a referral (no service)


class Opening(enum.StrEnum):
    """When a support service's phone line is open: each is a whole sentence a victim reads in
    their own language (content/needs.opening_hours), not days put together from parts, which
    Welsh (mutation) and Polish (cases) would get wrong."""

    ALWAYS = "always"  # 24 hours, every day
    EVERY_DAY = "every_day"
    MONDAY_TO_FRIDAY = "mon_fri"
    MONDAY_TO_SATURDAY = "mon_sat"


class NeedsAssessment(db.Model):
    __table_args__ = (Index("ix_needs_assessment_case_victim", "case_id", "victim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"))
    vulnerable: Mapped[bool] = mapped_column(default=False)
    intimidated: Mapped[bool] = mapped_column(default=False)
    persistently_targeted: Mapped[bool] = mapped_column(default=False)
    access_needs: Mapped[list] = mapped_column(JSON, default=list)  # AccessNeed values
    communication_note: Mapped[str | None] = mapped_column(String(300))
    support_wanted: Mapped[bool] = mapped_column(default=False)
    support_kinds: Mapped[list] = mapped_column(JSON, default=list)  # SupportKind values
    special_measures: Mapped[list] = mapped_column(JSON, default=list)  # SpecialMeasure values
    risk: Mapped[str] = mapped_column(String(8), default=Risk.NONE)
    risk_note: Mapped[str | None] = mapped_column(String(300))  # the case team's only
    consent_to_share: Mapped[bool] = mapped_column(default=False)
    # When the victim's answer about sharing was recorded (yes or no).
    consent_recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(32))  # the case's stage when it was done
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
    assessed_by: Mapped[Caseworker | None] = relationship()

    @property
    def gives_enhanced_rights(self) -> bool:
        return bool(self.vulnerable or self.intimidated or self.persistently_targeted)


class SupportService(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    # None: national (England and Wales); else the Area whose victims it serves.
    area: Mapped[str | None] = mapped_column(String(16))
    serves: Mapped[list] = mapped_column(JSON, default=list)  # SupportKind values
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))
    # When the phone line is open (Opening; None: not given), from ``opens_at`` to
    # ``closes_at`` (London time) unless it is always open.
    opening: Mapped[str | None] = mapped_column(String(12))
    opens_at: Mapped[dt.time | None] = mapped_column(Time)
    closes_at: Mapped[dt.time | None] = mapped_column(Time)
    # The hours as an administrator typed them before they were chosen from Opening: no
    # longer shown to victims (it could not be translated), kept only until they are set
    # again, so the directory can say which services still need it.
    hours: Mapped[str | None] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(default=True)


class SupportReferral(db.Model):
    __table_args__ = (Index("ix_support_referral_case_victim", "case_id", "victim_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("support_service.id"))
    status: Mapped[str] = mapped_column(String(16), default=ReferralStatus.SENT)
    # The service's reference, when they give one.
    reference: Mapped[str | None] = mapped_column(String(60))
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("caseworker.id"))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
    service: Mapped[SupportService | None] = relationship()
    made_by: Mapped[Caseworker | None] = relationship()


class NeedsCorrection(db.Model):
    """A victim says what was recorded about their needs is wrong or has changed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    victim_id: Mapped[int] = mapped_column(ForeignKey("victim.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    victim: Mapped[Victim] = relationship()
