"""Needs assessments as structured data (issue 14; the inspection's recommendation 3, the
Victims' Code rights 1 and 4; docs/DOMAIN.md, "Needs and support").

A caseworker records one assessment of one victim at a time; the latest per victim is what
holds. Recording it:
- meets the needs-assessment duty (a CaseAction of kind NEEDS_ASSESSMENT is written with it:
  the duty is met by the structured record, never by free text);
- sets the case's enhanced rights (``enhanced_rights_for``): a victim assessed as vulnerable,
  intimidated or persistently targeted has enhanced rights, and so their shorter deadlines.
  The choice made when the case was opened (``Case.enhanced_rights_opened``) stands until
  every victim on it has been assessed (a victim of the most serious crime keeps it until
  then); after that the assessments decide.

When to review it (``review_due``), from the stage the case was at when it was done:
- before charge (reported, investigation, charging): after charge, 5 working days after the
  case reached court (no date until then);
- at court, before trial: 10 working days before the first trial listed after it (no date
  until a trial is listed);
- after the verdict (outcome, sentence): after sentence, 5 working days after the sentence;
- after sentence or closed: no further review.
(local rules: the inspection asks for a review at these three points, not for the days.)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import Case, CaseAction, Caseworker, NeedsAssessment, Victim
from portal.models.actions import ObligationKind
from portal.models.enums import DecisionKind, HearingKind, HearingStatus, Stage
from portal.models.support import AccessNeed, ReviewPoint, Risk, SpecialMeasure, SupportKind
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInputs
from portal.services.working_days import add_working_days

NOTE_MAX = 300
BEFORE_CHARGE = frozenset({Stage.REPORTED, Stage.INVESTIGATION, Stage.CHARGING})
AFTER_VERDICT = frozenset({Stage.OUTCOME, Stage.SENTENCE})
AFTER_CHARGE_DAYS = 5
BEFORE_TRIAL_DAYS = 10
AFTER_SENTENCE_DAYS = 5


@dataclass
class Assessment:
    """What the caseworker entered."""

    victim_id: int | None
    vulnerable: bool = False
    intimidated: bool = False
    persistently_targeted: bool = False
    access_needs: list[str] = field(default_factory=list)
    communication_note: str | None = None
    support_wanted: bool = False
    support_kinds: list[str] = field(default_factory=list)
    special_measures: list[str] = field(default_factory=list)
    risk: str | None = None
    risk_note: str | None = None
    consent_to_share: bool | None = None
    assessed_on: dt.date | None = None


def latest(case: Case) -> dict[int, NeedsAssessment]:
    """The latest assessment of each victim on the case (victim id -> assessment)."""
    found: dict[int, NeedsAssessment] = {}
    for row in db.session.scalars(
            select(NeedsAssessment).where(NeedsAssessment.case_id == case.id)
            .options(selectinload(NeedsAssessment.assessed_by))
            .order_by(NeedsAssessment.recorded_at, NeedsAssessment.id)):
        found[row.victim_id] = row
    return found


def latest_for(case: Case, victim: Victim) -> NeedsAssessment | None:
    return db.session.scalar(
        select(NeedsAssessment).where(NeedsAssessment.case_id == case.id,
                                      NeedsAssessment.victim_id == victim.id)
        .order_by(NeedsAssessment.recorded_at.desc(), NeedsAssessment.id.desc()).limit(1))


def enhanced_rights_for(case: Case, assessments: dict[int, NeedsAssessment],
                        opened_with: bool) -> bool:
    """Enhanced rights from the latest assessments; the opening choice while any victim on
    the case is not assessed yet."""
    if any(a.gives_enhanced_rights for a in assessments.values()):
        return True
    if any(v.id not in assessments for v in case.victims):
        return opened_with
    return False


def record(actor: Caseworker, case: Case, entered: Assessment,
           now: dt.datetime | None = None) -> NeedsAssessment:
    """Keep the assessment, meet the duty and set enhanced rights (audited without words).
    InvalidInputs, saving nothing, when a rule is broken."""
    now = now or utcnow()
    victims = {v.id: v for v in case.victims}
    problems: dict[str, str] = {}
    if entered.victim_id not in victims:
        problems["victim"] = str(_l("Choose the victim you assessed"))
    if entered.risk not in {r.value for r in Risk}:
        problems["risk"] = str(_l("Choose the risk from the suspect"))
    if entered.consent_to_share is None:
        problems["consent_to_share"] = str(_l("Choose whether the victim agrees to share "
                                              "their details with support services"))
    if entered.assessed_on is None:
        problems["assessed_on"] = str(_l("Enter the date of the assessment"))
    elif entered.assessed_on > london.local_date(now):
        problems["assessed_on"] = str(_l("The date of the assessment must be today or in the "
                                         "past"))
    communication = (entered.communication_note or "").strip() or None
    risk_note = (entered.risk_note or "").strip() or None
    for name, value in (("communication_note", communication), ("risk_note", risk_note)):
        if value and len(value) > NOTE_MAX:
            problems[name] = str(_l("Use %(max)d characters or fewer", max=NOTE_MAX))
    if entered.risk in (Risk.SOME, Risk.HIGH) and not risk_note:
        problems["risk_note"] = str(_l("Say briefly what the risk is"))
    kinds = _known(entered.support_kinds, SupportKind)
    if entered.support_wanted and not kinds:
        problems["support_kinds"] = str(_l("Choose the kinds of support the victim wants"))
    if problems:
        raise InvalidInputs(problems)
    opened_with = bool(case.enhanced_rights_opened)
    assessment = NeedsAssessment(
        case_id=case.id, victim_id=entered.victim_id, vulnerable=bool(entered.vulnerable),
        intimidated=bool(entered.intimidated),
        persistently_targeted=bool(entered.persistently_targeted),
        access_needs=_known(entered.access_needs, AccessNeed),
        communication_note=communication, support_wanted=bool(entered.support_wanted),
        support_kinds=kinds if entered.support_wanted else [],
        special_measures=_known(entered.special_measures, SpecialMeasure),
        risk=entered.risk, risk_note=risk_note if entered.risk != Risk.NONE else None,
        consent_to_share=bool(entered.consent_to_share), consent_recorded_at=now,
        assessed_on=entered.assessed_on, stage=case.stage, assessed_by_id=actor.id,
        recorded_at=now)
    db.session.add(assessment)
    db.session.flush()
    db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.NEEDS_ASSESSMENT,
                              caseworker_id=actor.id, at=now,
                              details=f"Needs assessment recorded (assessment {assessment.id})"))
    before = case.enhanced_rights
    assessments = latest(case)
    case.enhanced_rights = enhanced_rights_for(case, assessments, opened_with)
    case.updated_at = now
    audit.record(actor, "needs.assessed", case.id, assessment_id=assessment.id,
                 victim_id=entered.victim_id, enhanced_rights=case.enhanced_rights,
                 enhanced_before=before, risk=entered.risk,
                 consent=assessment.consent_to_share)
    db.session.commit()
    return assessment


def _known(values, kind) -> list[str]:
    allowed = {k.value for k in kind}
    return [v for v in dict.fromkeys(values or []) if v in allowed]


def review_due(case: Case, assessment: NeedsAssessment) -> tuple[ReviewPoint | None,
                                                                dt.date | None]:
    """When to look at the assessment again: the point in the case, and its date once known
    (the rule is in this module's docstring)."""
    stage = Stage(assessment.stage)
    since = assessment.recorded_at
    if stage in BEFORE_CHARGE:
        reached = [e.occurred_at for e in case.events if e.kind == "stage"
                   and e.stage == Stage.COURT and e.occurred_at >= since]
        charged = [d.made_at for d in case.decisions
                   if d.kind == DecisionKind.CHARGED and d.made_at >= since]
        moments = reached + charged
        if not moments:
            return ReviewPoint.AFTER_CHARGE, None
        return ReviewPoint.AFTER_CHARGE, add_working_days(
            london.local_date(min(moments)), AFTER_CHARGE_DAYS, case.area)
    if stage == Stage.COURT:
        trials = [h.starts_at for h in case.hearings if h.kind == HearingKind.TRIAL
                  and h.status != HearingStatus.VACATED and h.starts_at >= since]
        if not trials:
            return ReviewPoint.BEFORE_TRIAL, None
        return ReviewPoint.BEFORE_TRIAL, add_working_days(
            london.local_date(min(trials)), -BEFORE_TRIAL_DAYS, case.area)
    if stage in AFTER_VERDICT:
        sentences = [d.made_at for d in case.decisions if d.kind == DecisionKind.SENTENCE]
        if not sentences:
            return ReviewPoint.AFTER_SENTENCE, None
        return ReviewPoint.AFTER_SENTENCE, add_working_days(
            london.local_date(max(sentences)), AFTER_SENTENCE_DAYS, case.area)
    return None, None


@dataclass
class VictimNeeds:
    """One victim's latest assessment on the console's case page, with its review."""

    victim: Victim
    assessment: NeedsAssessment | None
    review_point: ReviewPoint | None = None
    review_due: dt.date | None = None
    review_overdue: bool = False


@dataclass
class Support:
    victims: list[VictimNeeds]
    referrals: list  # SupportReferral, oldest first


def console_summary(case: Case, now: dt.datetime | None = None) -> Support:
    """What the case page shows of needs and referrals (a fixed number of queries)."""
    from portal.services.case_file import referrals

    today = london.local_date(now or utcnow())
    found = latest(case)
    rows = []
    for victim in case.victims:
        assessment = found.get(victim.id)
        row = VictimNeeds(victim, assessment)
        if assessment is not None:
            row.review_point, row.review_due = review_due(case, assessment)
            row.review_overdue = row.review_due is not None and row.review_due < today
        rows.append(row)
    return Support(rows, referrals.for_case(case))
