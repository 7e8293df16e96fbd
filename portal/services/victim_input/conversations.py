"""Secure messages between victims and case teams, including SMS replies."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, case, func, or_, select

from portal.extensions import db
from portal.models import Case, CaseVictim, Caseworker, Victim
from portal.models.conversations import FROM_CASEWORKER, FROM_SMS, FROM_VICTIM, CaseMessage
from portal.models.enums import Stage
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.errors import InvalidInput, LimitReached, NotFound

MAX_LENGTH = 2000


def clean_body(body: str | None) -> str:
    """The message as it will be kept: trimmed, not empty, at most 2,000 characters."""
    text = (body or "").strip().replace("\r\n", "\n")
    if not text:
        raise InvalidInput("body", _l("Write your message"))
    if len(text) > MAX_LENGTH:
        raise InvalidInput("body", _l(
            "Your message is %(count)d characters long. It must be %(limit)d characters or "
            "fewer.", count=len(text), limit=MAX_LENGTH))
    return text


def thread(case: Case, victim: Victim) -> list[CaseMessage]:
    return list(db.session.scalars(
        select(CaseMessage).where(CaseMessage.case_id == case.id,
                                  CaseMessage.victim_id == victim.id)
        .order_by(CaseMessage.created_at, CaseMessage.id)))


def post_from_victim(victim: Victim, case: Case, body: str) -> CaseMessage:
    """Keep a victim's message for their case team. Raises InvalidInput, or LimitReached past
    VICTIM_MESSAGES_PER_HOUR (a stolen session cannot bury a team in messages)."""
    body = clean_body(body)
    if attempts.take("victim_message", str(victim.id),
                     current_app.config["VICTIM_MESSAGES_PER_HOUR"]):
        raise LimitReached("body", _l(
            "You have sent a lot of messages in the last hour. Your case team will read them. "
            "You can send more later, or call your contact if you need to speak to someone "
            "now."))
    message = CaseMessage(case=case, victim=victim, author_kind=FROM_VICTIM, body=body)
    db.session.add(message)
    case.updated_at = utcnow()
    audit.record(victim, "message.sent", case.id)
    db.session.commit()
    return message


def reply(caseworker: Caseworker, case: Case, victim: Victim, body: str) -> CaseMessage:
    """The team's answer; the victim is told by their preferred channel, without the content."""
    from portal.services.delivery import outbox

    if victim not in case.victims:
        raise NotFound()
    message = CaseMessage(case=case, victim=victim, author_kind=FROM_CASEWORKER,
                          author=caseworker, body=clean_body(body))
    db.session.add(message)
    # The victim's own messages in this thread are answered, so they count as read.
    for earlier in thread(case, victim):
        if earlier.from_victim and earlier.read_at is None:
            earlier.read_at = utcnow()
    db.session.flush()
    outbox.notify_message(message)
    audit.record(caseworker, "message.replied", case.id, victim_id=victim.id)
    db.session.commit()
    return message


def mark_read_by_victim(case: Case, victim: Victim) -> None:
    changed = False
    for message in thread(case, victim):
        if message.author_kind == FROM_CASEWORKER and message.read_at is None:
            message.read_at = utcnow()
            changed = True
    if changed:
        db.session.commit()


def unread_for_victim(victim: Victim) -> dict[int, int]:
    """Unread answers per case, for the victim's list of cases."""
    rows = db.session.execute(
        select(CaseMessage.case_id, func.count())
        .where(CaseMessage.victim_id == victim.id, CaseMessage.author_kind == FROM_CASEWORKER,
               CaseMessage.read_at.is_(None))
        .group_by(CaseMessage.case_id))
    return dict(rows.all())


@functools.cache
def unread_on_case():
    """A victim's unread answers on one case, as a subquery bound by ``victim_id`` and
    ``case_id``, to ask with something else (the case page asks it with the versions it is
    kept under: services/access); built once."""
    return (select(func.count()).select_from(CaseMessage)
            .where(CaseMessage.victim_id == bindparam("victim_id"),
                   CaseMessage.case_id == bindparam("case_id"),
                   CaseMessage.author_kind == FROM_CASEWORKER, CaseMessage.read_at.is_(None))
            .scalar_subquery())


@dataclass
class InboxRow:
    case: Case
    victim: Victim
    waiting_since: dt.datetime
    unread: int

    def waiting(self, now: dt.datetime | None = None) -> dt.timedelta:
        return (now or utcnow()) - self.waiting_since


def _unanswered(team_id: int):
    """The victims' messages on the team's cases that no caseworker has answered: those after
    the last caseworker's message of their thread (by time, then id), or in a thread with none.
    In SQL, so a team's inbox reads no message bodies and a row per thread, not every message."""
    M = CaseMessage
    from_victim = M.author_kind.in_([FROM_VICTIM, FROM_SMS])
    ranked = (select(M.case_id, M.victim_id, M.created_at, M.id, func.row_number().over(
        partition_by=(M.case_id, M.victim_id), order_by=(M.created_at.desc(), M.id.desc()))
        .label("n")).join(Case, Case.id == M.case_id)
        .where(Case.team_id == team_id, ~from_victim).subquery())
    answered = select(ranked).where(ranked.c.n == 1).subquery()
    return (select(M.case_id, M.victim_id)
            .join(Case, Case.id == M.case_id)
            .outerjoin(answered, and_(answered.c.case_id == M.case_id,
                                      answered.c.victim_id == M.victim_id))
            .where(Case.team_id == team_id, from_victim,
                   or_(answered.c.id.is_(None), M.created_at > answered.c.created_at,
                       and_(M.created_at == answered.c.created_at, M.id > answered.c.id))))


def team_inbox(team_id: int) -> list[InboxRow]:
    """Threads on the team's cases whose last word is the victim's, oldest unanswered first:
    three queries whatever the number of messages."""
    waiting = _unanswered(team_id).add_columns(
        func.min(CaseMessage.created_at),
        func.sum(case((CaseMessage.read_at.is_(None), 1), else_=0))) \
        .group_by(CaseMessage.case_id, CaseMessage.victim_id)
    found = db.session.execute(waiting).all()
    if not found:
        return []
    cases = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_({row[0] for row in found})))}
    victims = {v.id: v for v in db.session.scalars(
        select(Victim).where(Victim.id.in_({row[1] for row in found})))}
    rows = [InboxRow(cases[case_id], victims[victim_id], since, int(unread or 0))
            for case_id, victim_id, since, unread in found]
    return sorted(rows, key=lambda row: (row.waiting_since, row.case.id, row.victim.id))


def team_inbox_summary(team_id: int) -> tuple[int, dt.datetime | None]:
    """How many threads wait for an answer, and since when the longest has: one query."""
    threads = _unanswered(team_id).add_columns(
        func.min(CaseMessage.created_at).label("since")) \
        .group_by(CaseMessage.case_id, CaseMessage.victim_id).subquery()
    count, oldest = db.session.execute(
        select(func.count(), func.min(threads.c.since))).one()
    return count, oldest


def receive_sms(victim: Victim, body: str, provider_id: str | None = None,
                case: Case | None = None) -> CaseMessage:
    """An SMS reply joins the thread of ``case`` (sms_replies.case_for_reply chooses it: the
    case of the text they answered), or else of the victim's most recently updated open case;
    the caseworker can move it if it belongs elsewhere."""
    if case is None:
        case = db.session.scalar(
            select(Case).join(CaseVictim).where(CaseVictim.victim_id == victim.id)
            .order_by((Case.stage == Stage.CLOSED).asc(), Case.updated_at.desc(),
                      Case.id.desc()).limit(1))
    if case is None:
        raise NotFound()
    message = CaseMessage(case=case, victim=victim, author_kind=FROM_SMS,
                          body=(body or "").strip()[:MAX_LENGTH], provider_id=provider_id)
    db.session.add(message)
    audit.record(victim, "message.sms_received", case.id)
    db.session.commit()
    return message


def move(message: CaseMessage, to_case: Case, caseworker: Caseworker) -> None:
    """Move a message to another of the same victim's cases."""
    if message.victim not in to_case.victims:
        raise NotFound()
    from_case_id = message.case_id
    message.case = to_case
    audit.record(caseworker, "message.moved", to_case.id, message_id=message.id,
                 from_case_id=from_case_id)
    db.session.commit()


def opened_by_team(person: Caseworker, case: Case, victim: Victim) -> None:
    """A member of the case team opened the thread: the victim's messages are read, and the
    look is on the record (audited), in one commit."""
    for message in thread(case, victim):
        if message.from_victim and message.read_at is None:
            message.read_at = utcnow()
    audit.record(person, "thread.viewed", case.id, victim_id=victim.id)
    db.session.commit()


def unread_by_team(team_id: int) -> int:
    """Messages from victims on the team's cases that nobody in the team has opened yet."""
    return db.session.scalar(
        select(func.count()).select_from(CaseMessage).join(Case)
        .where(Case.team_id == team_id, CaseMessage.author_kind.in_((FROM_VICTIM, FROM_SMS)),
               CaseMessage.read_at.is_(None)))


def unread_by_team_per_victim(case: Case) -> dict[int, int]:
    rows = db.session.execute(
        select(CaseMessage.victim_id, func.count())
        .where(CaseMessage.case_id == case.id,
               CaseMessage.author_kind.in_((FROM_VICTIM, FROM_SMS)),
               CaseMessage.read_at.is_(None))
        .group_by(CaseMessage.victim_id))
    return dict(rows.all())
