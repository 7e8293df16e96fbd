"""The demo's directory of support services, and two victims with needs assessed and a
referral in progress (issue 14).

The directory is rows of ``SupportService`` (an administrator can change them without a
release; a data file would need one). National helplines have their real numbers and
websites, which are public and stable; the demo's local services are fictional, with numbers
from Ofcom's drama range (01632 960xxx) and example.org-style addresses.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Case, Caseworker, NeedsAssessment, SupportService
from portal.models.enums import Area
from portal.models.support import Opening, ReferralStatus, SupportKind
from portal.models.types import utcnow

K = SupportKind
ALWAYS = (Opening.ALWAYS, None, None)
NINE, FIVE = dt.time(9), dt.time(17)
# (name, area or None for national, serves, phone, website, when the line is open: an
# Opening, with the times it opens and closes; None when not given)
SERVICES = [
    ("Victim Support", None, [K.EMOTIONAL, K.PRACTICAL, K.COURT, K.HATE_CRIME],
     "0808 168 9111", "https://www.victimsupport.org.uk", ALWAYS),
    ("Rape Crisis 24/7 Support Line", None, [K.SEXUAL_VIOLENCE, K.EMOTIONAL],
     "0808 500 2222", "https://rapecrisis.org.uk", ALWAYS),
    ("National Domestic Abuse Helpline (Refuge)", None, [K.DOMESTIC_ABUSE],
     "0808 2000 247", "https://www.nationaldahelpline.org.uk", ALWAYS),
    ("Galop (LGBT+ anti-abuse charity)", None, [K.LGBT, K.HATE_CRIME, K.DOMESTIC_ABUSE],
     "0800 999 5428", "https://galop.org.uk", None),
    ("Stop Hate UK", None, [K.HATE_CRIME], "0800 138 1625", "https://www.stophateuk.org",
     ALWAYS),
    ("Childline", None, [K.YOUNG_PEOPLE], "0800 1111", "https://www.childline.org.uk",
     ALWAYS),
    ("NSPCC Helpline", None, [K.YOUNG_PEOPLE], "0808 800 5000", "https://www.nspcc.org.uk",
     None),
    ("Northshire Victim Care", Area.ENGLAND, [K.EMOTIONAL, K.PRACTICAL, K.COURT],
     "01632 960510", "https://northshire-victim-care.example.org",
     (Opening.MONDAY_TO_FRIDAY, NINE, FIVE)),
    ("Northshire Domestic Abuse and Stalking Service", Area.ENGLAND,
     [K.DOMESTIC_ABUSE, K.EMOTIONAL], "01632 960520",
     "https://northshire-dass.example.org", (Opening.MONDAY_TO_SATURDAY, dt.time(8), dt.time(20))),
    ("Dyfed Valleys Women's Aid", Area.WALES, [K.DOMESTIC_ABUSE, K.SEXUAL_VIOLENCE],
     "01632 960530", "https://dyfed-valleys-womens-aid.example.org", ALWAYS),
    ("Dyfed Valleys Victim Care", Area.WALES, [K.EMOTIONAL, K.PRACTICAL, K.COURT],
     "01632 960540", "https://dyfed-valleys-victim-care.example.org",
     (Opening.MONDAY_TO_FRIDAY, NINE, FIVE)),
]


def load_services() -> dict[str, SupportService]:
    """The directory, added once (keyed by name)."""
    found = {}
    for name, area, serves, phone, website, hours in SERVICES:
        opening, opens, closes = hours or (None, None, None)
        row = db.session.scalar(select(SupportService).where(SupportService.name == name))
        if row is None:
            row = SupportService(name=name, area=area, serves=[k.value for k in serves],
                                 phone=phone, website=website, opening=opening,
                                 opens_at=opens, closes_at=closes)
            db.session.add(row)
        found[name] = row
    db.session.flush()
    return found


# (crime reference, victim's email, days ago, assessment, service, status)
REFERRALS = [
    # Layla, stalked: intimidated, so enhanced rights; referred to the local specialist
    # service, which has accepted and not yet called her.
    ("NS/24/0005", "layla.haddad@example.org", 13,
     dict(intimidated=True, access_needs=["interpreter"],
          communication_note="Arabic interpreter for calls. Texts in English are fine.",
          support_wanted=True, support_kinds=["domestic_abuse", "emotional"],
          special_measures=["screens"], risk="some",
          risk_note="He has followed her to work twice."),
     "Northshire Domestic Abuse and Stalking Service", ReferralStatus.ACCEPTED),
    # Sam (the demo's victim), whose car was damaged: referred to Victim Support yesterday.
    ("NS/24/0002", "sam.taylor@example.org", 1,
     dict(support_wanted=True, support_kinds=["practical"], risk="none"),
     "Victim Support", ReferralStatus.SENT),
]


def load(services: dict[str, SupportService]) -> None:
    """The assessments and referrals, through the same services as the console (so they meet
    the duties and set enhanced rights). Once per case."""
    from portal.services.case_file import needs, referrals

    for ref, email, days_ago, values, service_name, status in REFERRALS:
        case = db.session.scalar(select(Case).where(Case.crime_reference == ref))
        if case is None or db.session.scalar(
                select(NeedsAssessment.id).where(NeedsAssessment.case_id == case.id)):
            continue
        victim = next((v for v in case.victims if v.email == email), None)
        actor = case.contact or db.session.scalar(
            select(Caseworker).where(Caseworker.team_id == case.team_id))
        if victim is None or actor is None:
            continue
        when = utcnow() - dt.timedelta(days=days_ago)
        needs.record(actor, case, needs.Assessment(
            victim_id=victim.id, consent_to_share=True,
            assessed_on=london.local_date(when), **values), now=when)
        referral = referrals.refer(actor, case, victim.id, services[service_name].id,
                                   now=when + dt.timedelta(hours=1))
        if status != ReferralStatus.SENT:
            referrals.change_status(actor, case, referral.id, status,
                                    now=when + dt.timedelta(days=1))
