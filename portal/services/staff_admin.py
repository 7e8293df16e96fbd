"""What administrators manage: organisations, teams, courts and staff accounts, and their
roles. No case content: nothing here reads a case, a victim or an update (a change of role
only unnames the person as contact on cases, one UPDATE).

A new account gets a single-use set-up link by email; the person chooses their own password
and sets up their authenticator app when they open it (the administrator never knows either).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from portal import i18n
from portal.extensions import db
from portal.models import Case, Caseworker, Court, Organisation, Team
from portal.models.enums import Role
from portal.services import audit
from portal.services.delivery.compose import render_staff_setup
from portal.services.delivery.outgoing import send_immediately
from portal.services.errors import InvalidInput, NotFound
from portal.services.identifiers import normalise_email, normalise_phone
from portal.services.sign_in import staff_auth

ORGANISATION_KINDS = ("police", "prosecution", "probation")
# Roles that belong to no case team: administrators, translators (every team's words) and area
# leads (every team's figures, counts only).
TEAMLESS = frozenset({Role.ADMIN, Role.TRANSLATOR, Role.AREA_LEAD})


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def accounts() -> list[Caseworker]:
    return list(db.session.scalars(select(Caseworker).order_by(Caseworker.name)))


def _taken(model, column, value) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(model).where(func.lower(column) == value.lower())) > 0


def create_organisation(actor: Caseworker, name: str, kind: str,
                        complaints_url: str | None) -> Organisation:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("name", str(_l("Enter the organisation’s name")))
    if _taken(Organisation, Organisation.name, name):
        raise InvalidInput("name", str(_l("There is already an organisation with this name")))
    url = (complaints_url or "").strip() or None
    if url and not url.startswith("https://"):
        raise InvalidInput("complaints_url", str(_l("Enter a web address starting https://")))
    organisation = Organisation(name=name, kind=kind, complaints_url=url)
    db.session.add(organisation)
    db.session.flush()
    audit.record(actor, "admin.organisation_created", organisation_id=organisation.id)
    db.session.commit()
    return organisation


def create_team(actor: Caseworker, organisation_id: int, name: str, kind: str, phone: str,
                email: str | None, opens_at: dt.time, closes_at: dt.time,
                name_cy: str | None = None) -> Team:
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    if organisation is None:
        raise InvalidInput("organisation", str(_l("Choose the organisation")))
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("name", str(_l("Enter the team’s name")))
    if _taken(Team, Team.name, name):
        raise InvalidInput("name", str(_l("There is already a team with this name")))
    phone_value = _switchboard(phone)
    email_value = None
    if email and email.strip():
        try:
            email_value = normalise_email(email)
        except ValueError:
            raise InvalidInput("email", str(_l("Enter an email address in the correct format, "
                                               "like team@example.com"))) from None
    if closes_at <= opens_at:
        raise InvalidInput("closes_at", str(_l("The closing time must be after the opening "
                                               "time")))
    team = Team(organisation=organisation, name=name, kind=kind, phone=phone_value,
                email=email_value, opens_at=opens_at, closes_at=closes_at,
                name_cy=" ".join((name_cy or "").split()) or None)
    db.session.add(team)
    db.session.flush()
    audit.record(actor, "admin.team_created", team_id=team.id)
    db.session.commit()
    return team


def _switchboard(value: str | None) -> str:
    """A team's phone number: E.164 when the number is valid; a number that is only possible
    (Ofcom's 01632 960xxx range for drama, used by the demo) is kept in national format."""
    import phonenumbers

    try:
        return normalise_phone(value or "")
    except ValueError:
        pass
    try:
        number = phonenumbers.parse((value or "").strip(), "GB")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        raise InvalidInput("phone", str(_l("Enter a phone number, like 01632 960000")))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def create_court(actor: Caseworker, name: str, address: str, phone: str | None,
                 name_cy: str | None = None) -> Court:
    name = " ".join((name or "").split())
    address = " ".join((address or "").split())
    if not name:
        raise InvalidInput("name", str(_l("Enter the court’s name")))
    if _taken(Court, Court.name, name):
        raise InvalidInput("name", str(_l("There is already a court with this name")))
    if not address:
        raise InvalidInput("address", str(_l("Enter the court’s address")))
    court = Court(name=name, address=address, phone=(phone or "").strip() or None,
                  name_cy=" ".join((name_cy or "").split()) or None)
    db.session.add(court)
    db.session.flush()
    audit.record(actor, "admin.court_created", court_id=court.id)
    db.session.commit()
    return court


def create_account(actor: Caseworker | None, name: str, email: str, phone: str | None,
                   role: str, team_id: int | None, locale: str = "en") -> Caseworker:
    """A new account, and its set-up link sent to the person's email address."""
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("name", str(_l("Enter the person’s full name")))
    try:
        email_value = normalise_email(email or "")
    except ValueError:
        raise InvalidInput("email", str(_l("Enter an email address in the correct format, like "
                                           "name@example.com"))) from None
    if _taken(Caseworker, Caseworker.email, email_value):
        raise InvalidInput("email", str(_l("There is already an account with this email "
                                           "address")))
    role, team = _role_and_team(role, team_id)
    phone_value = _switchboard(phone) if phone and phone.strip() else None
    account = Caseworker(name=name, email=email_value, phone=phone_value, role=role,
                         team=team, locale=i18n.console_language(locale))
    db.session.add(account)
    db.session.flush()
    audit.record(actor, "admin.account_created", account_id=account.id, role=role.value)
    send_setup_link(account, staff_auth.issue_setup_link(account, actor))
    return account


def _role_and_team(role: str, team_id: int | None) -> tuple[Role, Team | None]:
    """The role, and the team it needs: a case team for caseworkers and managers, none for the
    others (a team chosen for them is ignored)."""
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput("role", str(_l("Choose a role"))) from None
    if role in TEAMLESS:
        return role, None
    team = db.session.get(Team, team_id) if team_id else None
    if team is None:
        raise InvalidInput("team", str(_l("Choose the person’s team")))
    return role, team


def change_role(actor: Caseworker, account_id: int, role: str, team_id: int | None) -> int:
    """Give someone another role (and team, or none). What they may open changes with their
    next request. Someone who leaves a case team stops being the named contact on its cases
    (victims are then given the team's number): returns how many cases that was."""
    target = account(account_id)
    if target.id == actor.id:
        raise InvalidInput("role", str(_l("You cannot change your own role. Ask another "
                                          "administrator")))
    role, team = _role_and_team(role, team_id)
    from_role, from_team_id = target.role, target.team_id
    target.role, target.team = role, team
    team_id = team.id if team else None
    released = db.session.execute(
        update(Case).where(Case.contact_id == target.id,
                           *([Case.team_id != team_id] if team_id else []))
        .values(contact_id=None)).rowcount or 0
    audit.record(actor, "admin.role_changed", account_id=target.id, from_role=from_role,
                 role=role.value, from_team_id=from_team_id, team_id=team_id,
                 contact_released=released)
    db.session.commit()
    return released


def account(account_id: int) -> Caseworker:
    found = db.session.get(Caseworker, account_id)
    if found is None:
        raise NotFound()
    return found


def reset_account(actor: Caseworker, account_id: int) -> Caseworker:
    """A lost phone and no recovery codes: a new set-up link, and the old factors stop working."""
    target = account(account_id)
    send_setup_link(target, staff_auth.issue_setup_link(target, actor))
    return target


def set_active(actor: Caseworker, account_id: int, active: bool) -> Caseworker:
    from portal.services.sign_in import sessions

    target = account(account_id)
    if target.id == actor.id and not active:
        raise InvalidInput("account", str(_l("You cannot deactivate your own account")))
    target.active = active
    audit.record(actor, "admin.account_activated" if active else "admin.account_deactivated",
                 account_id=target.id)
    db.session.commit()
    if not active:
        sessions.end_all_for(target, "deactivated")
    return target


def send_setup_link(account: Caseworker, token: str) -> None:
    send_immediately(render_staff_setup(account, token).addressed_to(account.email))
