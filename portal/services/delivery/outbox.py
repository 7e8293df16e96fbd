"""Notifications owed to victims about an update (the transactional outbox).

``notify_update`` adds the notifications to the caller's transaction: if the update commits,
its notifications exist; if it does not, neither do they. Each follows the victim's
preferences: the first usable channel in their order, their windows in London time, how often
they want to hear, and whether urgent news may break their window. The worker
(``dispatcher.py``) sends them; ``states.py`` tells the caseworker where each one is and why;
``channel_choice.py`` says which channel reaches a victim now.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import CaseVictim, Notification, TaskKind, Update, Victim
from portal.models.cases import mark_due_stale
from portal.models.enums import KEY_EVENTS, Channel, Frequency, UpdateEvent
from portal.models.messaging import TAKEN, DeliveryStatus
from portal.models.types import utcnow
from portal.services.delivery import channel_choice, contact_windows, tasks
from portal.services.delivery.channel_choice import next_channel

UPDATE = "update"
SUMMARY = "summary"
MESSAGE = "message"  # "your contact has answered you": never says more
CASE_ADDED = "case_added"  # "another case is now in your account": never says which
NOTICES = frozenset({MESSAGE, CASE_ADDED})


def windows_for(victim: Victim, channel: Channel | str) -> list[contact_windows.Window]:
    """The victim's windows for this channel. Letters go whenever they are ready; a victim not
    yet asked is contacted only between 08:00 and 20:00."""
    if channel == Channel.LETTER:
        return []
    pref = victim.preference
    if pref is None or pref.asked_at is None:
        return contact_windows.parse(contact_windows.UNASKED_WINDOWS)
    return contact_windows.parse(pref.windows)


# News every victim is sent whatever they chose about how often (domain.md: hearings they must
# go to, hearing outcomes, charging and court decisions, release, bail and custody). "Key
# decisions only" and "weekly" shape everything else.
MUST_REACH_EVENTS = frozenset({
    UpdateEvent.HEARING_OUTCOME, UpdateEvent.CHARGED, UpdateEvent.NO_FURTHER_ACTION,
    UpdateEvent.CHARGE_DROPPED, UpdateEvent.CHARGE_CHANGED, UpdateEvent.VERDICT,
    UpdateEvent.SENTENCE, UpdateEvent.APPEAL, UpdateEvent.OFFENDER_RELEASED,
    UpdateEvent.BAIL_CHANGED, UpdateEvent.RELEASE_PLANNED, UpdateEvent.URGENT_ALERT,
    UpdateEvent.PAROLE_REVIEW_STARTED, UpdateEvent.PAROLE_DECISION,
})
HEARING_NEWS = frozenset({UpdateEvent.HEARING_LISTED, UpdateEvent.HEARING_MOVED,
                          UpdateEvent.HEARING_VACATED})
# Urgent news may break a victim's window only in these London hours, unless they chose to be
# contacted at any time: night is never used silently.
URGENT_FROM, URGENT_UNTIL = dt.time(7, 0), dt.time(21, 0)


def must_reach(update: Update | None) -> bool:
    """Whether every victim must be sent this update, whatever their frequency."""
    if update is None:
        return False
    if update.event in MUST_REACH_EVENTS:
        return True
    return update.event in HEARING_NEWS and bool(update.hearing and update.hearing.must_attend)


@dataclass(frozen=True)
class Plan:
    status: DeliveryStatus
    kind: str
    not_before: dt.datetime
    reason: str | None


def plan(victim: Victim, channel: Channel | str, *, event: str, urgent: bool,
         now: dt.datetime, at_next_window: bool = False, required: bool = False) -> Plan:
    """When (and whether) a notification about ``event`` goes to this victim on ``channel``.
    ``required`` news (``must_reach``) goes to every victim on its own, whatever their
    frequency, at their next window (or now, if urgent)."""
    pref = victim.preference
    frequency = pref.frequency if pref is not None else Frequency.EVERY_UPDATE
    if not (required or urgent):
        if frequency == Frequency.KEY_DECISIONS and event not in KEY_EVENTS:
            return Plan(DeliveryStatus.SKIPPED, UPDATE, now, "key_decisions_only")
        if frequency == Frequency.WEEKLY_SUMMARY:
            return Plan(DeliveryStatus.PENDING, SUMMARY,
                        contact_windows.summary_time(windows_for(victim, channel), now),
                        "weekly_summary")
    due = due_time(victim, channel, urgent=urgent, now=now, at_next_window=at_next_window)
    return Plan(DeliveryStatus.PENDING, UPDATE, due, _reason(due, now, urgent))


def _reason(due: dt.datetime, now: dt.datetime, urgent: bool) -> str | None:
    if due <= now:
        return None
    return "urgent_waits_for_morning" if urgent else "window"


def due_time(victim: Victim, channel: Channel | str, *, urgent: bool, now: dt.datetime,
             at_next_window: bool = False) -> dt.datetime:
    """``now`` inside the victim's window; otherwise the start of their next window. Urgent
    news they let break their window goes now between 07:00 and 21:00 London time, and at
    night waits for 07:00 (or their window, if it opens first), unless they chose "at any
    time"."""
    pref = victim.preference
    windows = windows_for(victim, channel)
    may_break = pref is not None and pref.asked_at is not None and pref.urgent_may_break_window
    if urgent and may_break:
        if not windows or _daytime(now):
            return now
        return min(_next_morning(now), contact_windows.next_allowed(windows, now))
    if at_next_window:
        return contact_windows.next_start(windows, now)
    return contact_windows.next_allowed(windows, now)


def _daytime(moment: dt.datetime) -> bool:
    clock = london.local_time(moment)
    return URGENT_FROM <= clock < URGENT_UNTIL


def _next_morning(moment: dt.datetime) -> dt.datetime:
    """The next 07:00 in London after ``moment``."""
    day = london.local_date(moment)
    morning = london.at(day, URGENT_FROM)
    return morning if morning > moment else london.at(day + dt.timedelta(days=1), URGENT_FROM)


@dataclass(frozen=True)
class Forecast:
    """What the engine will do with an update for one victim: the channel (None when nothing
    can reach them), when it goes and why it waits. The preview shows the same."""

    channel: Channel | None
    plan: Plan


# Updates that are a letter in law (domain.md: the decision letter): sent by post to a victim
# who asked for no documents that need a computer.
DOCUMENT_EVENTS = frozenset({UpdateEvent.NO_FURTHER_ACTION, UpdateEvent.CHARGE_DROPPED,
                             UpdateEvent.CHARGE_CHANGED})


def forecast(update: Update, victim: Victim, *, urgent: bool, now: dt.datetime,
             at_next_window: bool = False) -> Forecast:
    channel = (channel_choice.for_document(victim) if update.event in DOCUMENT_EVENTS
               else next_channel(victim))
    if channel is None:
        return Forecast(None, Plan(DeliveryStatus.FAILED, UPDATE, now, "no_channel"))
    return Forecast(channel, plan(victim, channel, event=update.event, urgent=urgent, now=now,
                                  at_next_window=at_next_window, required=must_reach(update)))


def notify_update(update: Update, *, urgent: bool = False, at_next_window: bool = False,
                  victims: list[Victim] | None = None,
                  leave_out: Collection[int] = ()) -> list[Notification]:
    """One notification per victim on the update's case, on their first usable channel.

    ``urgent`` (or ``update.urgent``) may break the victim's window if they allow it.
    ``at_next_window`` holds it for the start of the victim's next window even when one is
    open now. ``victims`` limits it to some of the case's victims (those a translation is
    for). Without ``victims``, the supporters who may receive the case's updates get theirs
    too (services/supporter_updates.notify_update: their own outbox, their own language and
    channel). ``leave_out``: the ids of victims this update is not for, by the caller's rule
    (a victim who declined the Victim Contact Scheme: case_file/vcs_referral.py); neither they
    nor their supporters are told. Nothing is committed here: the caller commits the update
    and these together.
    """
    now = utcnow()
    urgent = urgent or bool(update.urgent)
    if victims is None:  # a new update (not a translation for some): supporters are told too
        from portal.services import supporter_updates

        supporter_updates.notify_update(update, leave_out=leave_out)
    return [_notify(update, victim, forecast(update, victim, urgent=urgent, now=now,
                                             at_next_window=at_next_window), urgent, now)
            for victim in (victims if victims is not None else _victims_of(update))
            if victim.id not in leave_out]


def _notify(update: Update, victim: Victim, expected: Forecast, urgent: bool,
            now: dt.datetime) -> Notification:
    p = expected.plan
    notification = Notification(
        victim=victim, case_id=update.case_id, update=update, kind=p.kind,
        channel=expected.channel or "none", urgent=urgent, not_before=p.not_before,
        status=p.status, reason=p.reason)
    if expected.channel is None:
        tasks.tell_case_team(update.case, TaskKind.DELIVERY_FAILED, victim=victim,
                             notification=notification, reason="no_channel")
    elif _too_late_for_the_hearing(update, notification.not_before, now):
        hearing = update.hearing
        tasks.tell_case_team(update.case, TaskKind.PHONE_CALL, victim=victim, due_from=now,
                             due_by=hearing.starts_at, update_id=update.id,
                             hearing_id=hearing.id, reason="message_too_late")
    db.session.add(notification)
    return notification


def notify_many(updates: list[tuple[Update, list[Victim]]], *, urgent: bool = False) -> int:
    """``notify_update`` for many updates at once, each to the victims given (a change at
    court: thousands of victims on thousands of cases). The same notifications by the same
    rules; those that need only their row are written together in one statement, the rest
    (nothing can reach the victim, or the message would come too late for the hearing, so
    the team is told) one by one as ``notify_update`` writes them. The updates must be
    flushed (they need their ids). Returns how many were made. Nothing is committed here."""
    now = utcnow()
    rows = []
    made = 0
    for update, victims in updates:
        update_urgent = urgent or bool(update.urgent)
        for victim in victims:
            expected = forecast(update, victim, urgent=update_urgent, now=now)
            made += 1
            if expected.channel is None or _too_late_for_the_hearing(
                    update, expected.plan.not_before, now):
                _notify(update, victim, expected, update_urgent, now)
                continue
            p = expected.plan
            rows.append({"victim_id": victim.id, "case_id": update.case_id,
                         "update_id": update.id, "kind": p.kind, "channel": expected.channel,
                         "urgent": update_urgent, "not_before": p.not_before,
                         "status": p.status, "reason": p.reason, "created_at": now})
    if rows:
        # Written without the session's unit of work, so its listener does not see them: their
        # cases are marked stale, and their teams' kept pages out of date, by mark_due_stale
        # in the same transaction (models/page_versions.py), not every team's.
        db.session.execute(insert(Notification).execution_options(versions_bumped=True), rows)
        mark_due_stale(db.session.connection(), {row["case_id"] for row in rows})
    return made


def _too_late_for_the_hearing(update: Update, not_before: dt.datetime,
                              now: dt.datetime) -> bool:
    """News of a hearing that a message sent at ``not_before`` would bring only after the
    hearing starts: the case team must call the victim now instead (the message still goes,
    for the record)."""
    hearing = update.hearing
    return not (not must_reach(update) or update.event not in HEARING_NEWS or hearing is None
                or hearing.starts_at <= now or not_before < hearing.starts_at)


def notify_message(message) -> list[Notification]:
    """Tell the victim their contact has answered (a CaseMessage). The notification says only
    that there is a new message: its words stay in the portal."""
    return notify_notice(message.victim, message.case_id, MESSAGE)


def notify_notice(victim: Victim, case_id: int | None, kind: str) -> list[Notification]:
    """A short notice that sends the victim to the portal (a new message, a case added to their
    account). It follows the victim's channel and windows, but not their frequency: it answers
    something they asked, or tells them of a change to their own account. Nothing is
    committed here."""
    if kind not in NOTICES:
        raise ValueError(kind)
    now = utcnow()
    channel = next_channel(victim)
    if channel is None:
        return []
    due = due_time(victim, channel, urgent=False, now=now)
    notification = Notification(victim=victim, case_id=case_id, kind=kind, channel=channel,
                                not_before=due, reason="window" if due > now else None)
    db.session.add(notification)
    return [notification]


def _victims_of(update: Update) -> list[Victim]:
    """The victims on the update's case, with their preferences loaded in one go (a case can
    have many victims: a bulk update may notify hundreds)."""
    case_id = update.case_id or (update.case.id if update.case is not None else None)
    if case_id is None:  # a case not saved yet
        return update.case.victims
    return list(db.session.scalars(
        select(Victim).join(CaseVictim).where(CaseVictim.case_id == case_id)
        .options(selectinload(Victim.preference)).order_by(CaseVictim.id)))


def fall_back(notification: Notification, now: dt.datetime) -> Notification | None:
    """After ``notification``'s channel failed for good, a new notification on the victim's
    next usable channel (added to the session), or None when there is none left."""
    victim = notification.victim
    channel = next_channel(victim, after=notification.channel)
    if channel is None:
        return None
    due = due_time(victim, channel, urgent=notification.urgent, now=now)
    if notification.kind == SUMMARY:
        due = max(due, notification.not_before)
    follow = Notification(
        victim=victim, case_id=notification.case_id, update_id=notification.update_id,
        kind=notification.kind, channel=channel, urgent=notification.urgent, not_before=due,
        status=DeliveryStatus.PENDING, reason="window" if due > now else None,
        fallback_from_id=notification.id)
    db.session.add(follow)
    return follow


def replan_pending(victim: Victim, now: dt.datetime | None = None) -> int:
    """Move the victim's waiting notifications to fit preferences they have just changed.
    Returns how many moved. The caller commits."""
    now = now or utcnow()
    moved = 0
    rows = db.session.scalars(select(Notification).where(
        Notification.victim_id == victim.id, Notification.status == DeliveryStatus.PENDING,
        Notification.claimed_by.is_(None)).options(selectinload(Notification.update)))
    for row in rows:
        if row.update is None:  # a notice or a reminder: only its time moves
            due = due_time(victim, row.channel, urgent=row.urgent, now=now)
            if due != row.not_before:
                row.not_before, row.reason = due, "window" if due > now else None
                moved += 1
            continue
        p = plan(victim, row.channel, event=row.update.event, urgent=row.urgent, now=now,
                 required=must_reach(row.update))
        if p.status == DeliveryStatus.PENDING and (p.not_before, p.kind) != (row.not_before,
                                                                              row.kind):
            row.not_before, row.kind, row.reason = p.not_before, p.kind, p.reason
            moved += 1
    return moved




def texted_before(victim_ids: set[int]) -> set[int]:
    """Those of these victims the portal has texted before (the SMS provider took a text and
    has not said it failed), in one query. Anyone else's next text is their first, which always
    says how to stop texts (compose.SmsComposer): the worker asks once a batch, the update
    preview once a case."""
    if not victim_ids:
        return set()
    return set(db.session.scalars(
        select(Notification.victim_id.distinct())
        .where(Notification.victim_id.in_(victim_ids), Notification.channel == Channel.SMS,
               Notification.status.in_(TAKEN))))
