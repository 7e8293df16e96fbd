"""Referrals to support services, tracked (issue 14; the Victims' Code, right 4; the
inspection's recommendation 5; docs/DOMAIN.md, "Needs and support").

The directory (models.support.SupportService) holds national services and each area's own.
A referral is made for one victim to one service, and only with the victim's consent to share
their details, recorded in their latest needs assessment; without it the referral is refused
with a message saying so. Its status (sent, accepted, contacted the victim, declined by the
service) is updated by the case team. The support-referral duty (2 working days from the
report) is met by a referral sent or by the victim's refusal recorded here, each writing a
CaseAction of kind SUPPORT_REFERRAL; never by free text.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import (
    Case,
    CaseAction,
    Caseworker,
    SupportReferral,
    SupportService,
    Victim,
)
from portal.models.actions import ObligationKind
from portal.models.enums import Offence
from portal.models.support import Opening, ReferralStatus, SupportKind
from portal.models.types import utcnow
from portal.services import access, audit
from portal.services.case_file import needs
from portal.services.errors import InvalidInput

REFERENCE_MAX = 60
# The statuses the case team can move a referral to, after it was sent.
NEXT = (ReferralStatus.ACCEPTED, ReferralStatus.CONTACTED, ReferralStatus.DECLINED)
# Offences whose victims a specialist service is suggested for.
FOR_OFFENCE = {
    Offence.RAPE: SupportKind.SEXUAL_VIOLENCE,
    Offence.SEXUAL_ASSAULT: SupportKind.SEXUAL_VIOLENCE,
    Offence.CONTROLLING_BEHAVIOUR: SupportKind.DOMESTIC_ABUSE,
    Offence.STALKING: SupportKind.DOMESTIC_ABUSE,
    Offence.RACIALLY_AGGRAVATED_PUBLIC_ORDER: SupportKind.HATE_CRIME,
}


def directory(case: Case) -> list[SupportService]:
    """The active services for the case's area: national ones and the area's own, by name."""
    return list(db.session.scalars(
        select(SupportService).where(SupportService.active.is_(True),
                                     or_(SupportService.area.is_(None),
                                         SupportService.area == case.area))
        .order_by(SupportService.name)))


def suggested(case: Case, victim: Victim | None, services: list[SupportService]
              ) -> list[SupportService]:
    """Services that serve the case's crime or the kinds of support the victim wants."""
    wanted = set()
    if case.offence in FOR_OFFENCE:
        wanted.add(FOR_OFFENCE[case.offence])
    assessment = needs.latest_for(case, victim) if victim is not None else None
    if assessment is not None:
        wanted.update(assessment.support_kinds or [])
    return [s for s in services if wanted & set(s.serves or [])]


def for_case(case: Case) -> list[SupportReferral]:
    return list(db.session.scalars(
        select(SupportReferral).where(SupportReferral.case_id == case.id)
        .options(selectinload(SupportReferral.service), selectinload(SupportReferral.victim))
        .order_by(SupportReferral.made_at, SupportReferral.id)))


def for_victim(case: Case, victim: Victim) -> list[SupportReferral]:
    """The victim's referrals on the case that a service holds (not refusals, not
    declined), newest first."""
    return list(db.session.scalars(
        select(SupportReferral).where(
            SupportReferral.case_id == case.id, SupportReferral.victim_id == victim.id,
            SupportReferral.service_id.is_not(None),
            SupportReferral.status != ReferralStatus.DECLINED)
        .options(selectinload(SupportReferral.service))
        .order_by(SupportReferral.made_at.desc(), SupportReferral.id.desc())))


def refer(actor: Caseworker, case: Case, victim_id: int | None, service_id: int | None,
          reference: str | None = None, now: dt.datetime | None = None) -> SupportReferral:
    """Send a referral; InvalidInput, saving nothing, without the victim's recorded consent."""
    now = now or utcnow()
    victim = next((v for v in case.victims if v.id == victim_id), None)
    if victim is None:
        raise InvalidInput("victim", str(_l("Choose the victim to refer")))
    service = next((s for s in directory(case) if s.id == service_id), None)
    if service is None:
        raise InvalidInput("service", str(_l("Choose a service from the list")))
    assessment = needs.latest_for(case, victim)
    if assessment is None or not assessment.consent_to_share:
        audit.record_now(actor, "referral.refused_no_consent", case.id, victim_id=victim.id)
        raise InvalidInput("victim", str(_l(
            "The victim has not agreed to share their details with support services. Ask them, "
            "and record their answer in a needs assessment, before you refer them.")))
    reference = (reference or "").strip() or None
    if reference and len(reference) > REFERENCE_MAX:
        raise InvalidInput("reference", str(_l("Use %(max)d characters or fewer",
                                               max=REFERENCE_MAX)))
    referral = SupportReferral(case_id=case.id, victim_id=victim.id, service_id=service.id,
                               status=ReferralStatus.SENT, reference=reference,
                               made_by_id=actor.id, made_at=now, status_changed_at=now)
    return _keep(actor, case, referral, f"Referred to {service.name}", "referral.sent", now)


def record_refusal(actor: Caseworker, case: Case, victim_id: int | None,
                   now: dt.datetime | None = None) -> SupportReferral:
    """The victim did not want to be referred: this meets the duty too."""
    now = now or utcnow()
    victim = next((v for v in case.victims if v.id == victim_id), None)
    if victim is None:
        raise InvalidInput("victim", str(_l("Choose the victim who said no")))
    referral = SupportReferral(case_id=case.id, victim_id=victim.id, service_id=None,
                               status=ReferralStatus.REFUSED, made_by_id=actor.id, made_at=now,
                               status_changed_at=now)
    return _keep(actor, case, referral, "The victim did not want a referral",
                 "referral.refused_by_victim", now)


def _keep(actor: Caseworker, case: Case, referral: SupportReferral, details: str,
          action: str, now: dt.datetime) -> SupportReferral:
    db.session.add(referral)
    db.session.flush()
    db.session.add(CaseAction(case_id=case.id, kind=ObligationKind.SUPPORT_REFERRAL,
                              caseworker_id=actor.id, at=now,
                              details=f"{details} (referral {referral.id})"))
    case.updated_at = now
    audit.record(actor, action, case.id, referral_id=referral.id,
                 victim_id=referral.victim_id, service_id=referral.service_id)
    db.session.commit()
    return referral


def change_status(actor: Caseworker, case: Case, referral_id: int, status: str | None,
                  now: dt.datetime | None = None) -> SupportReferral:
    """Move a sent referral on (accepted, contacted the victim, declined). NotFound, audited,
    for a referral outside the case."""
    now = now or utcnow()
    referral = access.team_item(actor, SupportReferral, referral_id, case)
    if referral.service_id is None:
        raise InvalidInput("status", str(_l("This records that the victim said no: it has no "
                                            "status to change")))
    if status not in {s.value for s in NEXT}:
        raise InvalidInput("status", str(_l("Choose the referral’s status")))
    if status == referral.status:
        raise InvalidInput("status", str(_l("The referral already has this status")))
    before = referral.status
    referral.status = status
    referral.status_changed_at = now
    case.updated_at = now
    audit.record(actor, "referral.status_changed", case.id, referral_id=referral.id,
                 before=before, status=status)
    db.session.commit()
    return referral


# The directory, as an administrator keeps it.
NAME_MAX, PHONE_MAX, WEBSITE_MAX = 120, 40, 200


def service(service_id: int) -> SupportService:
    """One service of the directory; NotFound for any other id."""
    from portal.services.errors import NotFound

    found = db.session.get(SupportService, service_id)
    if found is None:
        raise NotFound()
    return found


def all_services() -> list[SupportService]:
    return list(db.session.scalars(select(SupportService).order_by(
        SupportService.area.is_not(None), SupportService.area, SupportService.name)))


def save_service(actor: Caseworker, service_id: int | None, name: str | None,
                 area: str | None, serves: list[str], phone: str | None,
                 website: str | None, opening: str | None = None, opens_at: str | None = None,
                 closes_at: str | None = None) -> SupportService:
    """Add a service to the directory, or change one (audited). NotFound for an unknown id.
    ``opening`` is an Opening (or nothing: not given) and, unless always open, the times it
    opens and closes as 24-hour "HH:MM" (London time)."""
    from portal.models.enums import Area
    from portal.services.errors import NotFound

    service = None
    if service_id is not None:
        service = db.session.get(SupportService, service_id)
        if service is None:
            raise NotFound()
    name = " ".join((name or "").split())
    phone = (phone or "").strip() or None
    website = (website or "").strip() or None
    if not name:
        raise InvalidInput("name", str(_l("Enter the service’s name")))
    if len(name) > NAME_MAX:
        raise InvalidInput("name", str(_l("Use %(max)d characters or fewer", max=NAME_MAX)))
    taken = db.session.scalar(select(SupportService.id).where(SupportService.name == name))
    if taken is not None and taken != service_id:
        raise InvalidInput("name", str(_l("There is already a service with this name")))
    if area not in {None, "", *(a.value for a in Area)}:
        raise InvalidInput("area", str(_l("Choose where the service works")))
    kinds = [k for k in dict.fromkeys(serves or []) if k in {s.value for s in SupportKind}]
    if not kinds:
        raise InvalidInput("serves", str(_l("Choose who the service helps")))
    if not (phone or website):
        raise InvalidInput("phone", str(_l("Enter a phone number or a website, so victims "
                                           "can contact the service themselves")))
    if phone and len(phone) > PHONE_MAX:
        raise InvalidInput("phone", str(_l("Use %(max)d characters or fewer", max=PHONE_MAX)))
    if website and (not website.startswith("https://") or len(website) > WEBSITE_MAX):
        raise InvalidInput("website", str(_l("Enter the website’s address, starting "
                                             "https://")))
    opening, opens, closes = _opening_hours(opening, opens_at, closes_at)
    if service is None:
        service = SupportService(active=True)
        db.session.add(service)
    service.name, service.area, service.serves = name, area or None, kinds
    service.phone, service.website = phone, website
    service.opening, service.opens_at, service.closes_at = opening, opens, closes
    if opening:
        service.hours = None  # what was typed before, now set again (else kept, still flagged)
    db.session.flush()
    audit.record(actor, "admin.support_service_saved", service_id=service.id,
                 created=service_id is None)
    db.session.commit()
    return service


def _opening_hours(opening: str | None, opens_at: str | None,
                   closes_at: str | None) -> tuple[str | None, dt.time | None, dt.time | None]:
    if not opening:
        return None, None, None
    if opening not in {o.value for o in Opening}:
        raise InvalidInput("opening", str(_l("Choose when the phone line is open")))
    if opening == Opening.ALWAYS:
        return opening, None, None
    opens = _clock(opens_at)
    if opens is None:
        raise InvalidInput("opens_at", str(_l("Enter the time it opens, like 09:00")))
    closes = _clock(closes_at)
    if closes is None:
        raise InvalidInput("closes_at", str(_l("Enter the time it closes, like 17:00")))
    if opens == closes:
        raise InvalidInput("closes_at", str(_l("Enter a time it closes that is not the time "
                                               "it opens")))
    return opening, opens, closes


def _clock(value: str | None) -> dt.time | None:
    """A 24-hour time of day typed as "9:00", "09:00" or "09.00"; None if it is not one."""
    try:
        return dt.datetime.strptime((value or "").strip().replace(".", ":"), "%H:%M").time()
    except ValueError:
        return None


def set_service_active(actor: Caseworker, service_id: int) -> SupportService:
    """Offer a service for new referrals again, or stop offering it (referrals made keep it)."""
    from portal.services.errors import NotFound

    service = db.session.get(SupportService, service_id)
    if service is None:
        raise NotFound()
    service.active = not service.active
    audit.record(actor, "admin.support_service_active", service_id=service.id,
                 active=service.active)
    db.session.commit()
    return service
