"""Texts victims send back: STOP (and Twilio's other opt-out words) turns texts off for the
victim and tells their case team; START turns them back on; any other reply is kept against the
victim's case for the caseworker: it joins the case's message thread (conversations.py), where
the team's inbox shows it. STOP and START from a nominated supporter's number turn off and on
the texts to that supporter (supporter_texts.py), telling nobody.
"""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import Case, CaseVictim, Notification, Task, TaskKind, TaskOutcome, Victim
from portal.models.conversations import InboundText
from portal.models.enums import Channel, Stage
from portal.models.types import utcnow
from portal.services import audit
from portal.services.delivery import outcomes, tasks
from portal.services.delivery.sms_events import MESSAGE_SID
from portal.services.errors import InvalidInput
from portal.services.identifiers import normalise_phone
from portal.services.victim_input import conversations, supporter_texts

# Twilio's default opt-out and opt-in keywords (Advanced Opt-Out), matched on the whole text.
OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END",
                           "QUIT", "OPTOUT", "OPT OUT", "REVOKE"})
OPT_IN_WORDS = frozenset({"START", "UNSTOP"})
# Twilio also reads YES as opting back in. For a victim who has not opted out, "Yes" is an
# answer to keep for the caseworker, nothing else; for one who has, it is both.
YES = "YES"


def receive_text(message_sid: str, sender: str, body: str) -> str:
    """Handle a text a victim sent, once per Twilio message id. Returns what was done:
    "opted_out", "opted_in", "stored", "duplicate", "no_case" or "unknown_sender". Raises
    InvalidInput when malformed."""
    if not MESSAGE_SID.match(message_sid or ""):
        raise InvalidInput("MessageSid", "not a message id")
    try:
        number = normalise_phone(sender or "")
    except ValueError:
        raise InvalidInput("From", "not a phone number") from None
    seen = InboundText(provider_id=message_sid)
    db.session.add(seen)
    try:
        db.session.flush()  # the unique id decides: a repeated or replayed text stops here
    except IntegrityError:
        db.session.rollback()
        return "duplicate"
    seen.outcome = _act_on(message_sid, number, body)
    db.session.commit()
    return seen.outcome


def _act_on(message_sid: str, number: str, body: str) -> str:
    word = re.sub(r"[\s.!]+", " ", body or "").strip().upper()
    victim = db.session.scalar(select(Victim).where(Victim.phone == number))
    # A supporter's STOP or START is theirs alone (supporter_texts): their victim is not told.
    supporter = supporter_texts.supporter_with(number)
    if supporter is not None and word in OPT_OUT_WORDS | OPT_IN_WORDS:
        supporter_texts.opt(supporter, word in OPT_OUT_WORDS)
        if victim is None:
            return "opted_out" if word in OPT_OUT_WORDS else "opted_in"
    if victim is None:
        return "unknown_sender"
    if word in OPT_OUT_WORDS:
        return _opt_out(victim, message_sid)
    if word in OPT_IN_WORDS:
        return _opt_in(victim, message_sid)
    if word == YES and victim.preference is not None and victim.preference.sms_opted_out:
        _opt_in(victim, message_sid, commit=False)
    case = case_for_reply(victim)
    if case is None:  # a victim on no case: nowhere to keep it
        return "no_case"
    conversations.receive_sms(victim, body, provider_id=message_sid, case=case)
    return "stored"


def case_for_reply(victim: Victim) -> Case | None:
    """The case a reply belongs to: the case of the last text we sent to this victim (what
    they are answering); when no text was ever sent, the most recently updated open case (any
    case if all are closed). The caseworker can still move it."""
    texted = db.session.scalar(
        select(Notification.case_id).join(CaseVictim, (CaseVictim.case_id == Notification.case_id)
                                          & (CaseVictim.victim_id == victim.id))
        .where(Notification.victim_id == victim.id, Notification.channel == Channel.SMS,
               Notification.sent_at.is_not(None), Notification.case_id.is_not(None))
        .order_by(Notification.sent_at.desc(), Notification.id.desc()).limit(1))
    if texted is not None:
        return db.session.get(Case, texted)
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


def _opt_in(victim: Victim, message_sid: str, commit: bool = True) -> str:
    """Texts are back on: the case teams' STOP tasks are closed and each team is told."""
    pref = victim.preference
    if pref is not None and pref.sms_opted_out:
        pref.sms_opted_out = False
        audit.record(None, "sms.opted_in", victim_id=victim.id)
        now = utcnow()
        stopped = db.session.scalars(select(Task).where(
            Task.victim_id == victim.id, Task.kind == TaskKind.SMS_STOPPED,
            Task.done_at.is_(None))).all()
        for task in stopped:
            task.done_at, task.outcome = now, TaskOutcome.NOTED
        for case_id in sorted({t.case_id for t in stopped}) or [
                c.id for c in filter(None, [case_for_reply(victim)])]:
            tasks.tell_case_team(case_id, TaskKind.SMS_STARTED, victim=victim,
                                 message_sid=message_sid)
    if commit:
        db.session.commit()
    return "opted_in"
