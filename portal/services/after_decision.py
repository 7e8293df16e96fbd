"""What a victim can do after a decision, as the official schemes allow it, and by when.

- The Victims' Right to Review (VRR). The police scheme covers a police decision to take no
  further action once a suspect has been interviewed; the CPS scheme covers a CPS decision not
  to charge, to stop (discontinue) the case, or to offer no evidence. Neither covers an
  out-of-court disposal (a caution, a community resolution) or a changed charge. A review is
  asked for within 3 months of the victim being told of the decision.
- The Unduly Lenient Sentence scheme (ULS). Some sentences given in the Crown Court can be
  referred to the Court of Appeal by the Attorney General. Anyone may ask; the request must
  reach the Attorney General's Office within 28 days of the sentence, with no exceptions.

The portal cannot always know the facts a scheme turns on (whether a suspect was interviewed,
which offences the ULS covers), so the words say when the right applies and point to the
contact rather than promise it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from portal import london
from portal.extensions import db
from portal.models import Decision, Hearing, Notification, Update, Victim
from portal.models.enums import DecisionKind, HearingOutcome, TeamKind
from portal.models.messaging import DeliveryStatus

POLICE = "police"
CPS = "cps"
REVIEW_WITHIN = relativedelta(months=3)
ULS_WITHIN = dt.timedelta(days=28)


@dataclass(frozen=True)
class ReviewOffer:
    """A Victims' Right to Review that may apply: which scheme, and the last day to ask when
    the portal knows when the victim was told (None: "within 3 months of being told")."""

    scheme: str
    ask_by: dt.date | None


@dataclass(frozen=True)
class SentenceReview:
    """The Unduly Lenient Sentence scheme: the last day a request can reach the Attorney
    General's Office."""

    ask_by: dt.date


def decided_by(decision: Decision) -> str | None:
    """Who made the decision, as "police", "cps" or "court"; None when the portal cannot tell."""
    kind = decision.decision_kind
    if kind in (DecisionKind.CHARGE_DROPPED, DecisionKind.CHARGE_CHANGED):
        return CPS
    if kind is DecisionKind.OUT_OF_COURT:
        return POLICE
    if kind in (DecisionKind.VERDICT_GUILTY, DecisionKind.VERDICT_NOT_GUILTY,
                DecisionKind.SENTENCE, DecisionKind.APPEAL):
        return "court"
    team = decision.team
    if team is None:
        return None
    return {TeamKind.POLICE: POLICE, TeamKind.PROSECUTION: CPS}.get(TeamKind(team.kind))


def review_offer(decision: Decision, victim: Victim | None = None) -> ReviewOffer | None:
    """The review a victim may ask for after this decision, or None where no scheme applies."""
    kind = decision.decision_kind
    if kind is DecisionKind.CHARGE_DROPPED:
        scheme = CPS
    elif kind is DecisionKind.NO_FURTHER_ACTION:
        scheme = CPS if decided_by(decision) == CPS else POLICE
    else:
        return None
    told = told_on(decision, victim) if victim is not None else None
    return ReviewOffer(scheme, told + REVIEW_WITHIN if told else None)


def told_on(decision: Decision, victim: Victim) -> dt.date | None:
    """The day the portal first got word of the decision to the victim (an update about it
    sent to them), in London; None when it has not, or they were told another way. The
    earliest sending counts, so the date to ask by is never later than the scheme's."""
    sent = db.session.scalar(
        select(func.min(Notification.sent_at)).join(Update, Notification.update_id == Update.id)
        .where(Update.decision_id == decision.id, Notification.victim_id == victim.id,
               Notification.status.in_((DeliveryStatus.SENT, DeliveryStatus.DELIVERED))))
    return london.local_date(sent) if sent else None


def sentence_review(decision: Decision) -> SentenceReview | None:
    """The ULS scheme after a sentence given in the Crown Court (or where the portal cannot
    tell the court: the words then say it covers Crown Court sentences only)."""
    if decision.decision_kind is not DecisionKind.SENTENCE:
        return None
    court = sentencing_court(decision)
    if court is not None and not is_crown_court(court):
        return None
    return SentenceReview(london.local_date(decision.made_at) + ULS_WITHIN)


def sentencing_court(decision: Decision):
    """The court of the hearing at which the sentence was given, when one is recorded."""
    hearing = db.session.scalar(
        select(Hearing).where(Hearing.case_id == decision.case_id,
                              Hearing.outcome == HearingOutcome.SENTENCED,
                              Hearing.starts_at <= decision.made_at + dt.timedelta(days=1))
        .order_by(Hearing.starts_at.desc()).limit(1))
    return hearing.court if hearing is not None else None


def is_crown_court(court) -> bool:
    """Courts in England and Wales are named for their kind ("Cardiff Crown Court",
    "Leeds Magistrates' Court")."""
    return "crown court" in court.name.lower()
