"""Work on a case from the console: open it, add and invite victims, move it through the
stages, record what was done for the victims, and hand it to another team.

Each function owns its transaction and raises InvalidInput (naming the form field) when a value
breaks a rule, before anything is saved.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from portal import london
from portal.extensions import db
from portal.models import Case, CaseAction, CaseEvent, CaseVictim, Caseworker, Team, Victim
from portal.models.actions import ObligationKind
from portal.models.enums import VIOLENT_OR_SEXUAL_OFFENCES, Role, Stage, UpdateEvent
from portal.models.types import utcnow
from portal.services import audit
from portal.services.case_file import obligations
from portal.services.errors import InvalidInput, NotFound
from portal.services.identifiers import normalise_email, normalise_phone


def open_case(actor: Caseworker, crime_reference: str, offence: str, enhanced_rights: bool,
              area: str, reported_on: dt.date) -> Case:
    """A new case in the actor's team, with the actor as its named contact."""
    reference = (crime_reference or "").strip().upper()
    if db.session.scalar(select(Case.id).where(Case.crime_reference == reference)):
        raise InvalidInput("crime_reference", str(_l("A case with this crime reference already "
                                                     "exists")))
    if reported_on > london.local_date(utcnow()):
        raise InvalidInput("reported_on", str(_l("The date reported must be today or in the "
                                                 "past")))
    case = Case(crime_reference=reference, offence=offence,
                violent_or_sexual=offence in VIOLENT_OR_SEXUAL_OFFENCES,
                enhanced_rights=enhanced_rights, area=area, stage=Stage.REPORTED,
                reported_on=reported_on, team_id=actor.team_id, contact=actor)
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseEvent(case=case, kind="stage", stage=Stage.REPORTED, actor_id=actor.id))
    audit.record(actor, "case.opened", case.id)
    db.session.commit()
    return case


ALREADY_KNOWN = _l("A person with these details already exists in another case. Ask your team "
                   "manager, or add the victim with other contact details.")


def _contact_details(email: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """The email address and phone number as stored, or InvalidInput naming the field."""
    email_value = phone_value = None
    if email and email.strip():
        try:
            email_value = normalise_email(email)
        except ValueError:
            raise InvalidInput("email", str(_l("Enter an email address in the correct format, "
                                               "like name@example.com"))) from None
    if phone and phone.strip():
        try:
            phone_value = normalise_phone(phone)
        except ValueError:
            raise InvalidInput("phone", str(_l("Enter a phone number, like 07700 900123 or "
                                               "+44 7700 900123"))) from None
    if not (email_value or phone_value):
        raise InvalidInput("email", str(_l("Enter an email address or a mobile number, so the "
                                           "victim can be invited")))
    return email_value, phone_value


def _holders(email: str | None, phone: str | None) -> list[Victim]:
    """The people already known by this email address or phone number (at most two)."""
    conditions = [column == value for column, value in ((Victim.email, email),
                                                        (Victim.phone, phone)) if value]
    return list(db.session.scalars(select(Victim).where(or_(*conditions))))


def add_victim(actor: Caseworker, case: Case, full_name: str, email: str | None,
               phone: str | None, language: str) -> Victim:
    """Add a new person to the case as a victim.

    Someone already known by the same email address or phone number is never linked here:
    that would show a stranger's case to them, or their details to another team, on one
    mistyped number. The caseworker is told only that such a person exists, without a name or
    anything else about them; a team manager links a known victim deliberately
    (``link_known_victim``), or the victim is added with other details.
    """
    name = " ".join((full_name or "").split())
    if not name:
        raise InvalidInput("full_name", str(_l("Enter the victim’s full name")))
    email_value, phone_value = _contact_details(email, phone)
    holders = _holders(email_value, phone_value)
    if holders:
        on_case = {link.victim_id for link in case.victim_links}
        field = "email" if email_value and any(v.email == email_value for v in holders) else "phone"
        if all(v.id in on_case for v in holders):
            raise InvalidInput(field, str(_l("This person is already on the case")))
        audit.record_now(actor, "case.victim_match_refused", case.id, field=field)
        raise InvalidInput(field, str(ALREADY_KNOWN))
    victim = Victim(full_name=name, email=email_value, phone=phone_value, language=language)
    db.session.add(victim)
    db.session.flush()
    db.session.add(CaseVictim(case=case, victim=victim))
    case.updated_at = utcnow()
    audit.record(actor, "case.victim_added", case.id, victim_id=victim.id)
    db.session.commit()
    return victim


def link_known_victim(manager: Caseworker, case: Case, full_name: str, email: str | None,
                      phone: str | None, reason: str) -> Victim:
    """A team manager adds a person the portal already knows (a victim on another case) to
    this case: a deliberate step, with a reason, audited, and the victim is told.

    The typed name must match the name held as well as the address, so a mistyped number never
    links a stranger; a mismatch gets the same answer as no match, so nothing is learnt about
    who holds the address.
    """
    if manager.role != Role.MANAGER:
        raise NotFound()
    name = " ".join((full_name or "").split())
    if not name:
        raise InvalidInput("full_name", str(_l("Enter the victim’s full name")))
    reason = " ".join((reason or "").split())
    if len(reason) < 10:
        raise InvalidInput("reason", str(_l("Say why this person is a victim on this case too")))
    email_value, phone_value = _contact_details(email, phone)
    holders = _holders(email_value, phone_value)
    victim = holders[0] if len(holders) == 1 else None
    if victim is None or victim.full_name.casefold() != name.casefold():
        audit.record_now(manager, "case.victim_link_refused", case.id)
        raise InvalidInput("full_name", str(_l("No one with exactly these details was found. "
                                               "Check the name and the contact details with "
                                               "the victim.")))
    if any(link.case_id == case.id for link in victim.case_links):
        raise InvalidInput("email", str(_l("This person is already on the case")))
    db.session.add(CaseVictim(case=case, victim=victim))
    case.updated_at = utcnow()
    from portal.services.delivery import outbox

    outbox.notify_notice(victim, case.id, outbox.CASE_ADDED)
    audit.record(manager, "case.victim_linked", case.id, victim_id=victim.id, reason=reason)
    db.session.commit()
    return victim


def invite(actor: Caseworker, case: Case, victim: Victim) -> Victim:
    """Send the victim on this case a single-use invitation by their first usable channel.
    Raises InvalidInput, and makes no invitation, when no text or email can reach them."""
    from portal.services.delivery import channel_choice
    from portal.services.sign_in import victim_auth

    if channel_choice.one_off_route(victim) is None:
        raise InvalidInput("victim", str(_l(
            "This victim cannot be invited online: there is no email address, and no mobile "
            "number that takes texts. Call them, or record their contact details first.")))
    token = victim_auth.create_invitation(victim, case, created_by=actor)
    victim_auth.send_invitation(victim, token)
    return victim


def change_stage(actor: Caseworker, case: Case, stage: str,
                 closing_reason: str | None = None) -> None:
    """Move the case to a stage. Closing it needs the reason (services/case_file/closure.py)
    and sends every victim the "case closed" update in the same transaction."""
    from portal.services.case_file import closure

    stage = Stage(stage)
    if stage is case.current_stage:
        raise InvalidInput("stage", str(_l("The case is already at this stage")))
    closing = stage is Stage.CLOSED
    if closing and closing_reason not in closure.REASONS:
        raise InvalidInput("closing_reason", str(_l("Choose why the case is closing")))
    case.stage = stage
    case.updated_at = utcnow()
    db.session.add(CaseEvent(case=case, kind="stage", stage=stage, actor_id=actor.id))
    audit.record(actor, "case.stage_changed", case.id, stage=stage.value,
                 **({"closing_reason": closing_reason} if closing else {}))
    if not closing:
        db.session.commit()
        return
    from portal.services.case_file import updates

    text = closure.closure_text(case, closing_reason)
    updates.post(case, actor, updates.Draft(event=UpdateEvent.CASE_CLOSED, body=text,
                                            language="en"))


def record_release(actor: Caseworker, case: Case, released_at: dt.datetime) -> None:
    """The offender's release: the victims must be contacted within 24 hours
    (services/case_file/release.py keeps it with the release planned)."""
    from portal.services.case_file import release

    release.record_released(actor, case, released_at)


# Duties met only by their structured record (services/case_file/needs.py and referrals.py),
# never by free text.
STRUCTURED = frozenset({ObligationKind.NEEDS_ASSESSMENT, ObligationKind.SUPPORT_REFERRAL})


def record_action(actor: Caseworker, case: Case, kind: str, details: str,
                  hearing_id: int | None = None, decision_id: int | None = None) -> CaseAction:
    """Write down something done for the victims (a referral, an assessment, a phone call)."""
    kind = ObligationKind(kind)
    if kind in STRUCTURED:
        raise InvalidInput("kind", str(_l("Record a needs assessment, a referral or the "
                                          "victim’s refusal of one on its own page, from the "
                                          "case page")))
    details = (details or "").strip()
    if len(details) < 10:
        raise InvalidInput("details", str(_l("Say what was done, for example who you referred "
                                             "the victim to and their reference")))
    if kind in obligations.HEARING_OBLIGATIONS:
        if hearing_id not in {h.id for h in case.hearings}:
            raise InvalidInput("about", str(_l("Choose the hearing this was about")))
        decision_id = None
    elif kind in obligations.DECISION_OBLIGATIONS:
        if decision_id not in {d.id for d in case.decisions}:
            raise InvalidInput("about", str(_l("Choose the decision this was about")))
        hearing_id = None
    else:
        hearing_id = decision_id = None
    action = CaseAction(case_id=case.id, kind=kind, caseworker_id=actor.id, details=details,
                        hearing_id=hearing_id, decision_id=decision_id)
    db.session.add(action)
    audit.record(actor, "case.action_recorded", case.id, kind=kind.value)
    db.session.commit()
    return action


def handover_teams(case: Case) -> list[Team]:
    """Teams the case can go to: every other team, in the order of the journey."""
    order = {"police": 0, "witness_care": 1, "prosecution": 2, "probation": 3}
    teams = db.session.scalars(select(Team).where(Team.id != case.team_id)).all()
    return sorted(teams, key=lambda t: (order.get(t.kind, 9), t.name))


def handover(actor: Caseworker, case: Case, to_team_id: int, contact_id: int | None):
    """Move the case to another team and tell the victims who their contact is now.

    Both teams see the handover in the case's history; the victims see their new contact on
    the case page and get an update saying so. Returns that update.
    """
    from portal.services.case_file import update_templates, updates

    to_team = db.session.get(Team, to_team_id) if to_team_id else None
    if to_team is None or to_team.id == case.team_id:
        raise InvalidInput("team", str(_l("Choose the team to hand the case to")))
    contact = None
    if contact_id:
        contact = db.session.get(Caseworker, contact_id)
        if (contact is None or contact.team_id != to_team.id or not contact.active
                or contact.role == Role.ADMIN):
            raise InvalidInput("contact", str(_l("Choose someone in that team, or leave the "
                                                 "contact empty")))
    from_team_id = case.team_id
    case.team = to_team
    case.contact = contact
    case.updated_at = utcnow()
    db.session.add(CaseEvent(case=case, kind="handover", from_team_id=from_team_id,
                             to_team_id=to_team.id, actor_id=actor.id))
    audit.record(actor, "case.handed_over", case.id, from_team_id=from_team_id,
                 to_team_id=to_team.id)
    text = update_templates.handover_text(case)
    draft = updates.Draft(event=UpdateEvent.GENERAL, body=text, language="en")
    return updates.post(case, actor, draft)


def team_members(team_id: int) -> list[Caseworker]:
    return list(db.session.scalars(
        select(Caseworker).where(Caseworker.team_id == team_id, Caseworker.active.is_(True),
                                 Caseworker.role != Role.ADMIN).order_by(Caseworker.name)
    ))
