"""The referral to the Victim Contact Scheme as a recorded handover to a probation team.

A victim is referred only with their consent, recorded, and with the language they read (the
inspection found a Polish victim written to in English). The referral meets the duty to refer
(obligations.VCS_REFERRAL: 10 working days from the sentence) and hands the case to the
probation team, with the victim liaison officer as the victims' contact (case_work.handover:
the victims are told who their contact is now). It owes the probation team's letter within 20
working days (obligations.PROBATION_LETTER), met by the recorded action "letter sent": until
then it shows on the lists as due, then overdue. The probation team records the victim's
choice to join the scheme or not.

A victim who chose not to join is not told about the offender after sentence (the Victims'
Code, right 11: that information comes through the scheme): ``declined`` is the one rule, and
``told`` what the rest of the portal asks of it. The release and its licence conditions, urgent
alerts and parole are left off their case page and their supporters' page, their updates are
not queued for them or their supporters, and the duties to tell the victims of them are owed
only to the victims told. Joining later shows them everything again.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from portal import i18n
from portal.extensions import db
from portal.models import (
    AlertReceipt,
    Case,
    CaseAction,
    Caseworker,
    Notification,
    SupporterAccess,
    SupporterNotification,
    Team,
    Update,
    UrgentAlert,
    VcsReferral,
    Victim,
)
from portal.models.actions import ObligationKind
from portal.models.enums import Role, TeamKind, UpdateEvent
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInput, InvalidInputs

CHOICES = ("joined", "declined")

# What the scheme tells a victim about the offender after sentence: the release to come and
# its licence conditions, the release, urgent alerts, parole.
ABOUT_THE_OFFENDER = frozenset({
    UpdateEvent.RELEASE_PLANNED, UpdateEvent.OFFENDER_RELEASED, UpdateEvent.URGENT_ALERT,
    UpdateEvent.PAROLE_REVIEW_STARTED, UpdateEvent.PAROLE_DECISION,
})


def declined(case: Case, victim: Victim | int) -> bool:
    """Whether the victim chose not to join the Victim Contact Scheme on this case: their
    latest referral on it records "declined" (a later referral, or "joined", ends it). Reads
    ``case.vcs_referrals``: pages load them with the case (case_view.page_options,
    obligations.load_options)."""
    victim_id = victim if isinstance(victim, int) else victim.id
    theirs = [r for r in case.vcs_referrals if r.victim_id == victim_id]
    return bool(theirs) and theirs[-1].choice == "declined"


def told(case: Case, victims: list[Victim]) -> list[Victim]:
    """Those of these victims who are told about the offender after sentence: all but those
    who declined the scheme."""
    return [v for v in victims if not declined(case, v)]


def left_out(case: Case, event: str | None) -> frozenset[int]:
    """The ids of the case's victims an update about ``event`` is not for: those who declined
    the scheme, when it is about the offender after sentence (for the delivery engine,
    outbox.notify_update, which knows no rule of its own)."""
    if not about_the_offender(event):
        return frozenset()
    return frozenset(v.id for v in not_told(case))


def not_told(case: Case) -> list[Victim]:
    """The case's victims who declined the scheme, so are not told (for the console)."""
    return [v for v in case.victims if declined(case, v)]


def about_the_offender(event: str | None) -> bool:
    return event in ABOUT_THE_OFFENDER


def shown(case: Case, victim: Victim | int, updates: list) -> list:
    """The case's updates this victim (or their supporter) may see: without those about the
    offender after sentence when they declined the scheme."""
    if not declined(case, victim):
        return list(updates)
    return [u for u in updates if not about_the_offender(u.event)]


def probation_teams() -> list[Team]:
    return list(db.session.scalars(
        db.select(Team).where(Team.kind == TeamKind.PROBATION).order_by(Team.name)))


def refer(actor: Caseworker, case: Case, *, victim_id: int | None, team_id: int | None,
          consent: bool, language: str | None, officer_id: int | None = None,
          now: dt.datetime | None = None) -> VcsReferral:
    """Record the referral and hand the case over. InvalidInputs, nothing kept, without
    consent, or for a victim, team, language or officer that does not fit."""
    now = now or utcnow()
    problems: dict[str, str] = {}
    victim = next((v for v in case.victims if v.id == victim_id), None)
    if victim is None:
        problems["victim"] = str(_l("Choose the victim you are referring"))
    team = db.session.get(Team, team_id) if team_id else None
    if team is None or team.kind != TeamKind.PROBATION:
        problems["team"] = str(_l("Choose the probation team"))
    if not consent:
        problems["consent"] = str(_l("A referral cannot be sent without the victim’s consent. "
                                     "Ask them first, or record that they said no"))
    if language not in i18n.codes():
        problems["language"] = str(_l("Choose the language the victim reads"))
    officer = db.session.get(Caseworker, officer_id) if officer_id else None
    if officer_id and (officer is None or team is None or officer.team_id != team.id
                       or not officer.active or officer.role == Role.ADMIN):
        problems["officer"] = str(_l("Choose someone in that team, or leave it empty"))
    if problems:
        raise InvalidInputs(problems)
    referral = VcsReferral(case_id=case.id, victim_id=victim.id, team_id=team.id,
                           consent=True, language=language,
                           liaison_officer_id=officer.id if officer else None,
                           referred_by_id=actor.id, referred_at=now)
    db.session.add(referral)
    db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.VCS_REFERRAL,
                              caseworker_id=actor.id, at=now,
                              details=f"Referred to {team.name} with consent"))
    db.session.flush()
    audit.record(actor, "vcs.referred", case.id, referral_id=referral.id, team_id=team.id,
                 language=language)
    if case.team_id == team.id:  # already with the probation team: the officer is the contact
        if officer is not None:
            case.contact = officer
        db.session.commit()
        return referral
    from portal.services.case_file import case_work

    case_work.handover(actor, case, team.id, officer.id if officer else None)  # commits
    return referral


def record_choice(actor: Caseworker, case: Case, referral_id: int, choice: str,
                  now: dt.datetime | None = None) -> VcsReferral:
    """The victim's choice to join the scheme or not (audited)."""
    referral = next((r for r in case.vcs_referrals if r.id == referral_id), None)
    if referral is None:
        raise InvalidInput("referral", str(_l("Choose the referral")))
    if choice not in CHOICES:
        raise InvalidInput("choice", str(_l("Choose whether the victim joined")))
    referral.choice, referral.choice_at = choice, now or utcnow()
    if declined(case, referral.victim_id):
        _stop_telling(case, referral.victim_id)
    audit.record(actor, "vcs.choice", case.id, referral_id=referral.id, choice=choice)
    db.session.commit()
    return referral


def _stop_telling(case: Case, victim_id: int) -> None:
    """A victim who has just declined is sent nothing more about the offender: what is still
    waiting to go to them (and to their supporters) is cancelled, and the urgent alerts they
    have not read are not sent again nor passed to the team as a call (their unread copies
    removed)."""
    waiting = db.session.scalars(
        select(Notification).join(Update, Notification.update_id == Update.id)
        .where(Notification.case_id == case.id, Notification.victim_id == victim_id,
               Notification.status == DeliveryStatus.PENDING,
               Notification.claimed_by.is_(None),
               Update.event.in_([e.value for e in ABOUT_THE_OFFENDER])))
    for row in waiting:
        row.status, row.reason = DeliveryStatus.CANCELLED, "declined_scheme"
    # Their supporters' too, unless the supporter also helps a victim on the case who is told.
    helping_told = set(db.session.scalars(select(SupporterAccess.supporter_id).where(
        SupporterAccess.case_id == case.id, SupporterAccess.ended_at.is_(None),
        SupporterAccess.victim_id.in_([v.id for v in told(case, case.victims)]))))
    for row in db.session.scalars(
            select(SupporterNotification).join(Update, SupporterNotification.update_id == Update.id)
            .where(SupporterNotification.case_id == case.id,
                   SupporterNotification.victim_id == victim_id,
                   SupporterNotification.status == "pending",
                   Update.event.in_([e.value for e in ABOUT_THE_OFFENDER]))):
        if row.supporter_id not in helping_told:
            row.status = "not_sent"
    db.session.execute(delete(AlertReceipt).where(
        AlertReceipt.victim_id == victim_id, AlertReceipt.read_at.is_(None),
        AlertReceipt.alert_id.in_(select(UrgentAlert.id).where(UrgentAlert.case_id == case.id))))
