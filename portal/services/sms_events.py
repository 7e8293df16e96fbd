"""What Twilio tells us after sending: status callbacks and texts victims send back.

Status callbacks only ever move a notification forward; a late or duplicate one changes
nothing and tells nobody. STOP (and Twilio's other opt-out words) turns texts off for the
victim and tells their case team; START turns them back on; any other reply is kept against
the victim's case for the caseworker: it joins the case's message thread (services/conversations),
where the team's inbox shows it.
"""
from __future__ import annotations

import logging
import re

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Case, CaseVictim, Notification, TaskKind, Victim
from portal.models.conversations import CaseMessage
from portal.models.enums import Stage
from portal.models.messaging import RANK, DeliveryStatus
from portal.models.types import utcnow
from portal.services import audit, conversations, delivery_outcomes, tasks
from portal.services.errors import InvalidInput, NotFound
from portal.services.identifiers import normalise_phone

log = logging.getLogger(__name__)

# Twilio's MessageStatus values, as the statuses we keep.
TWILIO_STATUSES = {
    "accepted": DeliveryStatus.QUEUED,
    "scheduled": DeliveryStatus.QUEUED,
    "queued": DeliveryStatus.QUEUED,
    "sending": DeliveryStatus.QUEUED,
    "sent": DeliveryStatus.SENT,
    "delivery_unknown": DeliveryStatus.SENT,
    "partially_delivered": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.DELIVERED,
    "undelivered": DeliveryStatus.UNDELIVERED,
    "failed": DeliveryStatus.FAILED,
    "canceled": DeliveryStatus.FAILED,
}
# Twilio's default opt-out and opt-in keywords (Advanced Opt-Out), matched on the whole text.
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END",
                           "QUIT", "OPTOUT", "OPT OUT", "REVOKE"})
OPT_IN_WORDS = frozenset({"START", "YES", "UNSTOP"})
MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")


def record_status(message_sid: str, status: str, error_code: str | None) -> int | None:
    """Apply a status callback. Returns how many notifications moved forward (0 for a late or
    duplicate callback), or None when no notification has this message id.

    Raises InvalidInput for a malformed callback.
    """
    if not MESSAGE_SID.match(message_sid or ""):
        raise InvalidInput("MessageSid", "not a message id")
    if status not in TWILIO_STATUSES:
        raise InvalidInput("MessageStatus", "not a status Twilio sends")
    if error_code is not None and not error_code.isdigit():
        raise InvalidInput("ErrorCode", "not a number")
    new = TWILIO_STATUSES[status]
    known = db.session.scalar(select(Notification.id).where(
        Notification.provider_id == message_sid).limit(1))
    if known is None:
        db.session.commit()
        return None
    lower = [s for s, rank in RANK.items() if rank < RANK[new]]
    values = {"status": new}
    if new is DeliveryStatus.DELIVERED:
        values["delivered_at"] = utcnow()
    if error_code:
        values["error_code"] = error_code
    # One statement decides: of two callbacks racing, only one moves each row forward.
    moved = list(db.session.scalars(
        update(Notification)
        .where(Notification.provider_id == message_sid, Notification.status.in_(lower))
        .values(**values).returning(Notification.id)
        .execution_options(synchronize_session=False)))
    if moved and new in (DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED):
        rows = db.session.scalars(select(Notification).where(Notification.id.in_(moved))
                                  .order_by(Notification.id)).all()
        delivery_outcomes.failed_after_sending(rows, new, error_code)
    db.session.commit()
    return len(moved)


def receive_text(message_sid: str, sender: str, body: str) -> str:
    """Handle a text a victim sent. Returns what was done: "opted_out", "opted_in",
    "stored", "duplicate", "no_case" or "unknown_sender". Raises InvalidInput when
    malformed."""
    if not MESSAGE_SID.match(message_sid or ""):
        raise InvalidInput("MessageSid", "not a message id")
    try:
        number = normalise_phone(sender or "")
    except ValueError:
        raise InvalidInput("From", "not a phone number") from None
    victim = db.session.scalar(select(Victim).where(Victim.phone == number))
    if victim is None:
        db.session.commit()
        return "unknown_sender"
    word = re.sub(r"[\s.!]+", " ", body or "").strip().upper()
    if word in OPT_OUT_WORDS:
        return _opt_out(victim, message_sid)
    if word in OPT_IN_WORDS:
        return _opt_in(victim)
    if db.session.scalar(select(CaseMessage.id).where(
            CaseMessage.provider_id == message_sid)) is not None:
        db.session.commit()  # Twilio called twice for one text: kept once
        return "duplicate"
    try:
        conversations.receive_sms(victim, body, provider_id=message_sid)
    except NotFound:  # a victim on no case: nowhere to keep it
        db.session.commit()
        return "no_case"
    return "stored"


def case_for_reply(victim: Victim) -> Case | None:
    """The case a reply belongs to: the most recently updated open case (any case if all are
    closed)."""
    cases = db.session.scalars(
        select(Case).join(CaseVictim).where(CaseVictim.victim_id == victim.id)
        .order_by(Case.updated_at.desc(), Case.id.desc())).all()
    open_cases = [c for c in cases if c.stage != Stage.CLOSED]
    return (open_cases or cases or [None])[0]


def _opt_out(victim: Victim, message_sid: str) -> str:
    already = bool(victim.preference and victim.preference.sms_opted_out)
    delivery_outcomes.opt_out(victim)
    if not already:
        cases = db.session.scalars(
            select(Case).join(CaseVictim).where(CaseVictim.victim_id == victim.id,
                                                Case.stage != Stage.CLOSED)).all()
        for case in cases or filter(None, [case_for_reply(victim)]):
            tasks.tell_case_team(case, TaskKind.SMS_STOPPED, victim=victim,
                                 message_sid=message_sid)
    db.session.commit()
    return "opted_out"


def _opt_in(victim: Victim) -> str:
    pref = victim.preference
    if pref is not None and pref.sms_opted_out:
        pref.sms_opted_out = False
        audit.record(None, "sms.opted_in", victim_id=victim.id)
    db.session.commit()
    return "opted_in"
