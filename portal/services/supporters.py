"""Nominated supporters (issue 15): a victim invites someone to help them follow a case, and
decides, case by case, what that person may do; they see who has access, since when and when
they last looked, and change or end it at once.

What a supporter may do on a case (``PERMISSIONS``): see its stage, hearings and the
headlines of its updates; be sent its updates too; write to the case team on the victim's
behalf. Nothing else of the victim's is ever shown to them: contact details, preferences,
statements, dates to avoid, messages they did not write, discreet mode, help at court.

An invitation is single use and expires after SUPPORTER_INVITATION_VALID_DAYS; it covers the
cases the victim chose together (one token, a keyed hash on each access). Accepting it sends
the supporter a sign-in code; later they sign in with codes like a victim (supporter_auth).
Ending access ends the supporter's open sessions at once; a case that closes ends it too
(services/access.supporter_case). The victim is told of each supporter added or removed, in
words that name nobody. A case's updates for supporters who may receive them are
services/supporter_updates.py's.

The case model records nothing about the suspect (no name, email or phone), so an invitation
cannot be checked against the suspect's details: ``refused_invitee`` is where that check goes
when the case records them.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import (
    Case,
    CaseMessage,
    SignInChallenge,
    Supporter,
    SupporterAccess,
    Victim,
)
from portal.models.conversations import FROM_VICTIM
from portal.models.enums import Stage
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.delivery import channel_choice
from portal.services.delivery.compose import (
    _public_url,
    render_message,
    render_notice,
)
from portal.services.delivery.outgoing import send_immediately, send_soon
from portal.services.errors import InvalidInput, InvitationInvalid, LimitReached
from portal.services.identifiers import parse_identifier
from portal.services.sign_in import sessions
from portal.services.sign_in.supporter_auth import route
from portal.services.sign_in.tokens import keyed_hash, new_token
from portal.services.sign_in.victim_auth import _challenge
from portal.services.victim_input.conversations import clean_body

NO_ADDRESS = _l("Enter an email or a mobile number we can send the link to")
PERMISSIONS = ("see_status", "receive_updates", "write_to_caseworker")


# --- the victim's side -------------------------------------------------------------------------

def refused_invitee(case: Case, channel: str, address: str) -> bool:
    """Whether this address may not be invited on this case. The case records no details of
    the suspect to match (see the module's docstring); the victim's own address is refused
    (they cannot support themselves)."""
    return False


def invite(victim: Victim, cases: list[Case], name: str, contact: str,
           permissions: set[str], *, added=None) -> SupporterAccess:
    """Invite a supporter to these cases (each already checked to be the victim's) with these
    permissions, and send the invitation. Raises InvalidInput for a missing name or address,
    an address that is not one, or no permission; an address that may not be invited is
    refused with the same words as one that is not valid (nothing says why). ``added`` is a
    case team's addition of an advocate with the victim's consent (case_file/advocates.py): who
    added them, and how and when the victim agreed, kept on the access."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise InvalidInput("name", _l("Enter their name"))
    try:
        channel, address = parse_identifier(contact)
    except ValueError:
        raise InvalidInput("contact", NO_ADDRESS) from None
    if channel == "sms" and not channel_choice.can_text(address):
        raise InvalidInput("contact", NO_ADDRESS)
    if address in (victim.email, victim.phone) or any(
            refused_invitee(case, channel, address) for case in cases):
        raise InvalidInput("contact", _l("We cannot invite this person. Contact your case "
                                         "team if you need help."))
    permissions = {p for p in permissions if p in PERMISSIONS}
    if not permissions:
        raise InvalidInput("permissions", _l("Choose what they can do"))
    if not cases:
        raise InvalidInput("cases", _l("Choose a case"))
    # Each invitation is a message to someone else: a stolen session cannot send many.
    if attempts.take("supporter_invitation", str(victim.id),
                     current_app.config["SUPPORTER_INVITATIONS_PER_DAY"]):
        raise LimitReached("contact", _l(
            "You have sent a lot of invitations today. You can send more tomorrow."))
    column = Supporter.email if channel == "email" else Supporter.phone
    supporter = db.session.scalar(select(Supporter).where(column == address))
    if supporter is None:
        supporter = Supporter(full_name=name, language=victim.language,
                              **{"email" if channel == "email" else "phone": address})
        db.session.add(supporter)
        db.session.flush()
    if added is not None and added.organisation and not supporter.organisation:
        supporter.organisation = added.organisation
    token = new_token()
    now = utcnow()
    days = current_app.config["SUPPORTER_INVITATION_VALID_DAYS"]
    first = None
    for case in cases:
        # An earlier invitation or access of this person on this case is replaced.
        _end_rows(select(SupporterAccess.id).where(
            SupporterAccess.victim_id == victim.id, SupporterAccess.case_id == case.id,
            SupporterAccess.supporter_id == supporter.id, SupporterAccess.ended_at.is_(None)),
            "replaced", now)
        access = SupporterAccess(
            supporter=supporter, victim=victim, case=case,
            invitation_hash=keyed_hash("supporter_invitation", token), invited_at=now,
            invitation_expires_at=now + dt.timedelta(days=days),
            **{p: p in permissions for p in PERMISSIONS})
        if added is not None:
            access.added_by_id = added.by.id
            access.consent_how, access.consent_on = added.how, added.on
        db.session.add(access)
        first = first or access
        if added is None:
            audit.record(victim, "supporter.invited", case.id, supporter_id=supporter.id,
                         permissions=sorted(permissions))
        else:
            audit.record(added.by, "supporter.added_by_team", case.id, victim_id=victim.id,
                         supporter_id=supporter.id, permissions=sorted(permissions),
                         consent_how=added.how, consent_on=added.on.isoformat())
    db.session.commit()
    to = route(supporter, only=channel)
    send_immediately(render_message(
        "supporter_invitation", to[0], supporter.language, name=victim.first_name,
        link=f"{_public_url()}/supporting/invitation/{token}", days=days).addressed_to(to[1]))
    _tell_victim(victim)
    return first


def for_victim(victim: Victim) -> list[SupporterAccess]:
    """Who the victim has invited and not removed, per case, newest first; an invitation not
    accepted in time is left out."""
    now = utcnow()
    rows = db.session.scalars(
        select(SupporterAccess).where(SupporterAccess.victim_id == victim.id,
                                      SupporterAccess.ended_at.is_(None))
        .options(joinedload(SupporterAccess.supporter), joinedload(SupporterAccess.case))
        .order_by(SupporterAccess.invited_at.desc(), SupporterAccess.id.desc()))
    return [a for a in rows if a.accepted_at is not None or a.invitation_expires_at > now]


def victims_access(victim: Victim, access_id: int) -> SupporterAccess:
    """One of the victim's own supporters' access, still in force; otherwise NotFound,
    audited."""
    from portal.services.access import MAX_ID, refuse

    row = db.session.get(SupporterAccess, access_id) if 0 < access_id <= MAX_ID else None
    if row is None or row.victim_id != victim.id or row.ended_at is not None:
        raise refuse(victim, None, item="supporter_access", item_id=access_id)
    return row


def change(victim: Victim, access: SupporterAccess, permissions: set[str]) -> None:
    """Set what the supporter may do on this case, at once. Raises InvalidInput for none (to
    stop all of it, the victim removes them)."""
    permissions = {p for p in permissions if p in PERMISSIONS}
    if not permissions:
        raise InvalidInput("permissions", _l("Choose what they can do"))
    for name in PERMISSIONS:
        setattr(access, name, name in permissions)
    audit.record(victim, "supporter.changed", access.case_id, supporter_id=access.supporter_id,
                 permissions=sorted(permissions))
    db.session.commit()


def remove(victim: Victim, access: SupporterAccess) -> None:
    """End the supporter's access to this case at once: their open sessions end too, so their
    next request finds them signed out. The victim is told."""
    end(access, "removed", victim)
    _tell_victim(victim)


def end(access: SupporterAccess, reason: str, actor=None) -> None:
    """End one access (removed by the victim, or the case closed) and every open session of
    its supporter, whose other access (if any) needs a new sign-in."""
    access.ended_at = utcnow()
    access.ended_reason = reason
    access.invitation_hash = None
    audit.record(actor, "supporter.ended", access.case_id, supporter_id=access.supporter_id,
                 reason=reason)
    db.session.commit()
    sessions.end_all_for(access.supporter, f"supporter_{reason}")


def _end_rows(ids, reason: str, now: dt.datetime) -> None:
    db.session.execute(update(SupporterAccess).where(SupporterAccess.id.in_(ids)).values(
        ended_at=now, ended_reason=reason, invitation_hash=None),
        execution_options={"synchronize_session": False})


def _tell_victim(victim: Victim) -> None:
    """A notice that names nobody: a supporter was added or removed."""
    to = channel_choice.one_off_route(victim)
    if to is not None:
        send_soon(render_notice(victim, to.channel, "supporters_changed").addressed_to(to.to))


# --- the supporter's invitation ----------------------------------------------------------------

def find_invitation(token: str) -> list[SupporterAccess]:
    """The access rows this invitation gives, if it can still be used; raises
    InvitationInvalid (unknown, used, removed or out of time: the same answer)."""
    rows = list(db.session.scalars(select(SupporterAccess).where(
        SupporterAccess.invitation_hash == keyed_hash("supporter_invitation", token),
        SupporterAccess.accepted_at.is_(None), SupporterAccess.ended_at.is_(None),
        SupporterAccess.invitation_expires_at > utcnow())))
    rows = [r for r in rows if r.case.stage != Stage.CLOSED]
    if not rows:
        raise InvitationInvalid()
    return rows


def accept_invitation(token: str) -> SignInChallenge:
    """Use the invitation once: the access starts and the supporter is sent a sign-in code."""
    rows = find_invitation(token)
    supporter = rows[0].supporter
    to = route(supporter)
    if to is None:
        raise InvitationInvalid()
    now = utcnow()
    for row in rows:
        row.accepted_at = now
        row.invitation_hash = None  # single use: the token finds nothing again
        audit.record(supporter, "supporter.accepted", row.case_id)
    if supporter.activated_at is None:
        supporter.activated_at = now
    db.session.commit()
    return _challenge(supporter, keyed_hash("subject", to[1]), to[0], to[1])


# --- the supporter's side ----------------------------------------------------------------------

def cases_supported(supporter: Supporter) -> list[SupporterAccess]:
    """The supporter's access in force, on cases not closed, with each case and victim."""
    rows = db.session.scalars(
        select(SupporterAccess).join(Case, Case.id == SupporterAccess.case_id)
        .where(SupporterAccess.supporter_id == supporter.id,
               SupporterAccess.accepted_at.is_not(None), SupporterAccess.ended_at.is_(None),
               Case.stage != Stage.CLOSED)
        .options(joinedload(SupporterAccess.case), joinedload(SupporterAccess.victim))
        .order_by(SupporterAccess.accepted_at.desc()))
    return list(rows)


def latest_updates(access: SupporterAccess, most: int) -> list:
    """The headlines a supporter sees on the status page, newest first: no more than the
    victim they support would (nothing about the offender after sentence when the victim
    declined the Victim Contact Scheme: vcs_referral.declined)."""
    from portal.services.case_file import vcs_referral

    return vcs_referral.shown(access.case, access.victim_id, access.case.updates)[:most]


def looked(supporter: Supporter, access: SupporterAccess, action: str = "supporter.viewed",
           **detail) -> None:
    """Record a supporter's look (audited; the victim sees when they last looked)."""
    access.last_seen_at = utcnow()
    audit.record(supporter, action, access.case_id, victim_id=access.victim_id, **detail)
    db.session.commit()


def write(supporter: Supporter, access: SupporterAccess, body: str) -> CaseMessage:
    """A message to the case team on the victim's behalf, in the victim's thread (the team sees
    who wrote it). Raises InvalidInput, or LimitReached past VICTIM_MESSAGES_PER_HOUR."""
    body = clean_body(body)
    if attempts.take("supporter_message", str(supporter.id),
                     current_app.config["VICTIM_MESSAGES_PER_HOUR"]):
        raise LimitReached("body", _l(
            "You have sent a lot of messages in the last hour. You can send more later."))
    message = CaseMessage(case=access.case, victim=access.victim, author_kind=FROM_VICTIM,
                          supporter=supporter, body=body)
    db.session.add(message)
    access.case.updated_at = utcnow()
    access.last_seen_at = utcnow()
    audit.record(supporter, "supporter.message_sent", access.case_id,
                 victim_id=access.victim_id)
    db.session.commit()
    return message


def messages_written(supporter: Supporter, access: SupporterAccess) -> list[CaseMessage]:
    """The messages this supporter wrote on this victim's case (and no one else's)."""
    return list(db.session.scalars(select(CaseMessage).where(
        CaseMessage.case_id == access.case_id, CaseMessage.victim_id == access.victim_id,
        CaseMessage.supporter_id == supporter.id).order_by(CaseMessage.created_at)))


def on_case(case: Case) -> list[SupporterAccess]:
    """The supporters in force on a case, for its team (the console's case page)."""
    return list(db.session.scalars(
        select(SupporterAccess).where(SupporterAccess.case_id == case.id,
                                      SupporterAccess.accepted_at.is_not(None),
                                      SupporterAccess.ended_at.is_(None))
        .options(joinedload(SupporterAccess.supporter), joinedload(SupporterAccess.victim))
        .order_by(SupporterAccess.accepted_at)))
