"""Texts victims send back: STOP (and Twilio's other opt-out words) turns texts off for the
victim and tells their case team; START turns them back on; any other reply is kept against the
victim's case for the caseworker: it joins the case's message thread (conversations.py), where
the team's inbox shows it.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, CaseVictim, TaskKind, Victim
from portal.models.conversations import CaseMessage
from portal.models.enums import Stage
from portal.services import audit
from portal.services.delivery import outcomes, tasks
from portal.services.delivery.sms_events import MESSAGE_SID
from portal.services.errors import InvalidInput, NotFound
from portal.services.identifiers import normalise_phone
from portal.services.victim_input import conversations

# Twilio's default opt-out and opt-in keywords (Advanced Opt-Out), matched on the whole text.
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END",
                           "QUIT", "OPTOUT", "OPT OUT", "REVOKE"})
OPT_IN_WORDS = frozenset({"START", "YES", "UNSTOP"})


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
    outcomes.opt_out(victim)
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
