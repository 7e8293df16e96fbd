"""The delivery worker: claims due notifications, sends them, records what happened.

Any number of workers share the outbox. Each batch goes like this:

1. Claim (one short transaction): on PostgreSQL ``SELECT ... FOR UPDATE SKIP LOCKED`` picks due
   rows no other worker holds, plus the victim's other due rows so they can be combined; a
   short lease (``lease_until``, ``claimed_by``; DELIVERY_LEASE_SECONDS) is written and
   committed, and renewed as the batch goes on. A worker that dies leaves its lease to run
   out, within seconds, and the rows it had not sent become claimable again. On SQLite the same
   statements run without row locks, which is safe for the one worker SQLite supports.
2. Prepare (one transaction): re-check each victim's preferences as they are now (STOP, a
   changed window or channel), hand phone calls and letters to the case team, and render each
   message, combining a victim's notifications on the same channel into one.
3. Send, one message at a time: hold the message's rows for the length of a call (only if they
   are still this worker's: a worker that fell behind its lease sends nothing another has
   taken), write a "started" attempt and commit, call the provider with no transaction open,
   then record the outcome in a new transaction straight away (a success is written together
   with the next message's start, so each message costs one commit). A later worker that finds
   a started attempt with no outcome knows the call may have gone through, and reports it as
   unknown instead of sending it twice. An outcome the database could not take (it went away
   mid-batch) is kept and written as soon as it answers again, before anything else.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import selectinload

from portal import memory
from portal.channels.failures import OutcomeUnknown, PermanentFailure, TemporaryFailure
from portal.channels.sms import CONNECT_TIMEOUT_SECONDS
from portal.extensions import db
from portal.models import (
    Case,
    DeliveryAttempt,
    Hearing,
    Notification,
    TaskKind,
    Update,
    Victim,
)
from portal.models.cases import mark_due_stale
from portal.models.enums import Channel
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services.delivery import (
    alert_repeats,
    attempt_log,
    channel_choice,
    contact_windows,
    outbox,
    outcomes,
    outgoing,
    reminders,
    tasks,
)
from portal.services.delivery.compose import (
    is_discreet,
    render_notice,
    render_reminder,
    render_updates,
)

log = logging.getLogger(__name__)
# How often a running worker plans the hearing reminders that have come due (and repeats or
# escalates the urgent alerts not yet read: alert_repeats.py).
REMINDER_PLANNING = dt.timedelta(minutes=1)
# A victim's other due rows taken with theirs, to combine; more would wait for the next batch.
MAX_ROWS_PER_VICTIM = 50
# Time to write a call's outcome after its longest wait: a message's rows are held this much
# longer than the call can take.
OUTCOME_SECONDS = 2.0


@dataclass
class Stats:
    """What one worker did, and where its time went."""

    messages: int = 0  # provider calls made
    tasks: int = 0  # phone calls and letters handed to case teams
    batches: int = 0
    provider_seconds: float = 0.0
    busy_seconds: float = 0.0  # time spent on batches that had work, provider calls included
    cpu_seconds: float = 0.0  # processor time of those batches (the provider client's included)

    @property
    def engine_ms_per_message(self) -> float:
        """The worker's own time per message: everything but waiting for the provider."""
        handled = self.messages + self.tasks
        return 1000 * (self.busy_seconds - self.provider_seconds) / handled if handled else 0.0


@dataclass
class Job:
    """One message to send: plain values only, so nothing from the session is needed while
    the provider is called."""

    primary_id: int
    row_ids: list[int]
    channel: str
    message: outgoing.Message
    attempt_id: int | None = None


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def run(*, worker: str | None = None, drain: bool = False,
        stop: threading.Event | None = None, housekeeping=None, jobs=None) -> Stats:
    """Send until ``stop`` is set (or, with ``drain``, until nothing is due). Needs an app
    context. Every minute it plans the hearing reminders that have come due and calls
    ``housekeeping(now)`` (the worker command passes the case lists' refresh). Every time
    round, before a batch, it calls ``jobs(worker, stop)``, which does any longer work waiting
    and returns how much it did (the worker command passes the changes at court:
    case_file/bulk_jobs.run_next). The engine knows nothing of either: they are passed in.
    A lost database connection ends the batch, not the worker: outcomes it could not write
    are written first when the database answers again, and the loop carries on."""
    worker = worker or worker_name()
    stop = stop or threading.Event()
    stats = Stats()
    unwritten: list[Callable[[], None]] = []
    poll = float(current_app.config["DELIVERY_POLL_SECONDS"])
    log.info("delivery worker %s started", worker)
    planned_at = None
    with outgoing.senders() as senders:
        while not stop.is_set():
            try:
                write_late(unwritten)
                if planned_at is None or utcnow() - planned_at >= REMINDER_PLANNING:
                    planned_at = utcnow()
                    reminders.schedule(planned_at)
                    alert_repeats.run(planned_at)
                    if housekeeping is not None:
                        housekeeping(planned_at)
                handled = jobs(worker, stop) if jobs is not None else 0
                handled += dispatch_once(worker, senders, stats, stop, unwritten)
                if not gc.isenabled():  # the worker command's policy: portal/memory.py
                    memory.collect_after_work()
            except Exception:  # noqa: BLE001  (a worker must outlive a lost connection)
                _rollback()
                log.exception("delivery batch failed; trying again in %.0f s", poll)
                handled = 0
                stop.wait(poll)
                continue
            if handled == 0:
                if drain:
                    break
                stop.wait(poll)
    if unwritten:  # stopped while the database was still away
        log.error("delivery worker %s stopped with %d outcomes it could not write: their "
                  "messages will be reported as unknown", worker, len(unwritten))
    log.info("delivery worker %s stopped: %d messages, %d tasks, %.2f ms per message in the "
             "engine", worker, stats.messages, stats.tasks, stats.engine_ms_per_message)
    return stats


def write_late(unwritten: list[Callable[[], None]]) -> None:
    """Write the outcomes kept while the database could not be reached, oldest first; each is
    removed once written. Raises while the database still cannot take them."""
    if not unwritten:
        return
    count = len(unwritten)
    while unwritten:
        unwritten[0]()
        unwritten.pop(0)
    log.warning("outcomes written late (the database could not take them at the time): %d",
                count)


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; the pool replaces it
        db.session.remove()


def _write_receipt(carry: tuple) -> None:
    with db.engine.begin() as connection:
        attempt_log.accepted(connection, *carry)


def dispatch_once(worker: str, senders, stats: Stats | None = None,
                  stop: threading.Event | None = None,
                  unwritten: list[Callable[[], None]] | None = None) -> int:
    """Claim one batch and deal with it. Returns how many notifications it claimed. An outcome
    the database could not take is added to ``unwritten`` (and the error raised)."""
    stats = stats if stats is not None else Stats()
    unwritten = unwritten if unwritten is not None else []
    started, cpu_started = time.perf_counter(), time.process_time()
    config = current_app.config
    lease = dt.timedelta(seconds=config["DELIVERY_LEASE_SECONDS"])
    claimed_at = utcnow()
    ids = claim(worker, claimed_at, config["DELIVERY_BATCH_SIZE"], lease)
    if not ids:
        db.session.commit()
        return 0
    jobs, handed = prepare(ids)
    stats.tasks += handed
    # A message's rows are held for as long as its call can take and its outcome be written,
    # so nobody reports it unknown while the provider is still answering.
    call_budget = dt.timedelta(seconds=CONNECT_TIMEOUT_SECONDS + OUTCOME_SECONDS + max(
        config["TWILIO_TIMEOUT_SECONDS"], config["SMTP_TIMEOUT_SECONDS"]))
    hold = max(lease, call_budget)
    lease_until = claimed_at + lease
    done: set[int] = set()  # jobs sent, or taken by another worker: not given back
    # The worker's own connection for the writes every message makes; its transactions are
    # committed before each provider call, so none is open while a provider is called.
    with db.engine.connect() as connection:
        carry = None  # a success, written with the next message's start: one commit each
        try:
            for index, job in enumerate(jobs):
                if stop is not None and stop.is_set():
                    break
                if job.primary_id in done:
                    continue
                now = utcnow()
                if now + lease / 2 > lease_until:  # half the lease gone: renew the rest
                    rest = [j for j in jobs[index:] if j.primary_id not in done]
                    kept = attempt_log.renew(connection, [i for j in rest for i in j.row_ids],
                                             worker, now + lease)
                    connection.commit()
                    lease_until = now + lease
                    done.update(j.primary_id for j in rest if not kept.issuperset(j.row_ids))
                    if job.primary_id in done:
                        continue
                if carry is not None:
                    attempt_log.accepted(connection, *carry)
                job.attempt_id = attempt_log.start(connection, job.primary_id, job.row_ids,
                                                   job.channel, worker, now + hold)
                if job.attempt_id is None:  # another worker took these rows: not ours to send
                    connection.rollback()
                    done.add(job.primary_id)
                    if carry is not None:
                        attempt_log.accepted(connection, *carry)
                        connection.commit()
                        carry = None
                    continue
                connection.commit()
                carry = None
                done.add(job.primary_id)
                carry = call(job, senders, stats, unwritten)
            if carry is not None:
                attempt_log.accepted(connection, *carry)
                connection.commit()
                carry = None
        except BaseException:
            # The provider took the message but the database could not be told (it went
            # away): keep the receipt, to write when it answers again.
            if carry is not None:
                unwritten.append(partial(_write_receipt, carry))
            raise
        finally:
            with contextlib.suppress(SQLAlchemyError):  # a broken connection: nothing to undo
                connection.rollback()
        release(worker, [i for job in jobs if job.primary_id not in done for i in job.row_ids])
    # What was sent may meet a Victims' Code duty: its cases' next duty is worked out again.
    mark_due_stale(db.session.connection(), db.session.scalars(
        select(Notification.case_id).where(Notification.id.in_(ids)).distinct()))
    db.session.commit()
    stats.batches += 1
    stats.busy_seconds += time.perf_counter() - started
    stats.cpu_seconds += time.process_time() - cpu_started
    return len(ids)


def _due(now: dt.datetime):
    return and_(Notification.status == DeliveryStatus.PENDING, Notification.not_before <= now,
                or_(Notification.lease_until.is_(None), Notification.lease_until < now))


def claim(worker: str, now: dt.datetime, batch_size: int, lease: dt.timedelta) -> list[int]:
    """Take a lease on up to ``batch_size`` due notifications (and the same victims' other
    due ones), commit it, and return their ids."""
    due = _due(now)
    ids = list(db.session.scalars(
        select(Notification.id).where(due)
        .order_by(Notification.not_before, Notification.id).limit(batch_size)
        .with_for_update(skip_locked=True)))
    if not ids:
        db.session.commit()
        return []
    victims = select(Notification.victim_id).where(Notification.id.in_(ids))
    ids += db.session.scalars(
        select(Notification.id)
        .where(due, Notification.victim_id.in_(victims), Notification.id.not_in(ids))
        .order_by(Notification.id).limit(MAX_ROWS_PER_VICTIM * batch_size)
        .with_for_update(skip_locked=True))
    # The WHERE repeats the due test, so that even without row locks (SQLite) a row another
    # worker took in the meantime is not taken again.
    claimed = list(db.session.scalars(
        update(Notification).where(Notification.id.in_(ids), due)
        .values(lease_until=now + lease, claimed_by=worker)
        .returning(Notification.id).execution_options(synchronize_session=False)))
    db.session.commit()
    return claimed


def release(worker: str, row_ids: list[int]) -> None:
    """Give claimed rows back, untouched, for any worker to take (only those still this
    worker's: a row another worker has taken since is theirs)."""
    if row_ids:
        db.session.execute(update(Notification)
                           .where(Notification.id.in_(row_ids),
                                  Notification.claimed_by == worker,
                                  Notification.status == DeliveryStatus.PENDING)
                           .values(lease_until=None, claimed_by=None)
                           .execution_options(synchronize_session=False))
        db.session.commit()


def prepare(ids: list[int]) -> tuple[list[Job], int]:
    """Decide what to do with each claimed notification, do everything that needs no provider,
    and render the messages that do. Returns the jobs and how many tasks were handed over."""
    now = utcnow()
    rows = list(db.session.scalars(
        select(Notification).where(Notification.id.in_(ids))
        .options(selectinload(Notification.victim).selectinload(Victim.preference),
                 selectinload(Notification.update).selectinload(Update.case)
                 .selectinload(Case.team),
                 selectinload(Notification.hearing).selectinload(Hearing.court))
        .order_by(Notification.id)))
    rows = _report_interrupted(rows)
    groups: dict[tuple[int, str, str | None], list[Notification]] = defaultdict(list)
    for row in rows:
        # A notice ("new message", "case added") or a reminder goes on its own; updates due
        # together share one message.
        alone = row.kind if row.kind in outbox.NOTICES or reminders.is_reminder(row.kind) \
            else None
        groups[(row.victim_id, row.channel, alone and f"{alone}:{row.id}")].append(row)
    jobs, handed, texts = [], 0, {}
    texted = outbox.texted_before({row.victim_id for row in rows
                                   if row.channel == Channel.SMS})
    for (_, channel, _), group in groups.items():
        victim = group[0].victim
        reason = channel_choice.unusable_reason(victim, channel)
        if reason is not None:
            _reroute(group, reason, now)
            continue
        ready = []
        for row in group:
            due = outbox.due_time(victim, channel, urgent=row.urgent, now=now)
            if row.kind == outbox.SUMMARY or due <= now:
                ready.append(row)
            else:  # their window closed or moved since this was planned
                row.not_before, row.reason = due, "window"
                row.lease_until = row.claimed_by = None
        if not ready:
            continue
        if channel in (Channel.PHONE, Channel.LETTER):
            handed += _hand_to_team(ready, Channel(channel), now)
            continue
        jobs.append(_job(victim, Channel(channel), ready, texts,
                         first_text=channel == Channel.SMS and victim.id not in texted))
    db.session.commit()
    return jobs, handed


def _report_interrupted(rows: list[Notification]) -> list[Notification]:
    """Rows whose last call never finished (its worker died mid-call) are reported as unknown,
    never resent. Returns the rest."""
    carriers = {row.combined_into_id or row.id for row in rows}
    open_attempts = dict(db.session.execute(
        select(DeliveryAttempt.notification_id, DeliveryAttempt.id)
        .where(DeliveryAttempt.notification_id.in_(carriers),
               DeliveryAttempt.finished_at.is_(None))).all())
    if not open_attempts:
        return rows
    stuck = [row for row in rows if (row.combined_into_id or row.id) in open_attempts]
    for attempt_id in open_attempts.values():
        outcomes.finish_attempt(attempt_id, "unknown", utcnow())
    for row in stuck:
        row.status, row.reason = DeliveryStatus.UNKNOWN, "worker_stopped"
        row.attempts += 1
        row.lease_until = row.claimed_by = None
        tasks.tell_case_team(row.case_id, TaskKind.UNKNOWN_OUTCOME, victim=row.victim_id,
                             notification=row, channel=row.channel, reason="worker_stopped")
    log.warning("%d notifications were in a call when their worker stopped: marked unknown",
                len(stuck))
    return [row for row in rows if row not in stuck]


def _reroute(group: list[Notification], reason: str, now: dt.datetime) -> None:
    """The channel can no longer be used (STOP, an address removed): the next one instead."""
    for row in group:
        row.status, row.reason = DeliveryStatus.CANCELLED, reason
        row.lease_until = row.claimed_by = None
        outbox.fall_back(row, now)


def _hand_to_team(rows: list[Notification], channel: Channel, now: dt.datetime) -> int:
    """A phone call to make inside the victim's window, or a letter to print and post."""
    for row in rows:
        victim = row.victim
        pref = victim.preference
        if channel is Channel.PHONE:
            windows = outbox.windows_for(victim, channel)
            tasks.tell_case_team(
                row.case_id, TaskKind.PHONE_CALL, victim=victim, notification=row,
                due_from=now, due_by=contact_windows.window_end(windows, now),
                update_id=row.update_id, voicemail_safe=bool(pref and pref.voicemail_safe),
                discreet=bool(pref and pref.discreet))
            row.reason = "phone_call_task"
        else:
            tasks.tell_case_team(
                row.case_id, TaskKind.LETTER, victim=victim, notification=row, due_from=now,
                update_id=row.update_id, large_print=bool(pref and pref.large_print),
                easy_read=bool(pref and pref.easy_read))
            row.reason = "letter_task"
        row.status, row.sent_at = DeliveryStatus.TASK, now
        row.lease_until = row.claimed_by = None
    return len(rows)


def _job(victim: Victim, channel: Channel, rows: list[Notification], texts: dict, *,
         first_text: bool = False) -> Job:
    """Render the one message that carries these rows. A text depends only on the updates,
    the language, discreet mode (it never names the victim) and whether it is the victim's
    first, so within a batch one rendering serves every victim it fits: a bulk update renders
    once or twice per language, not once per victim."""
    updates = [row.update for row in rows if row.update is not None]
    summary = any(row.kind == outbox.SUMMARY for row in rows)
    if reminders.is_reminder(rows[0].kind):
        rendered = render_reminder(victim, channel, rows[0].hearing, first_text=first_text)
    elif not updates:  # a notice: "you have a new message", "a case was added"
        rendered = render_notice(victim, channel, rows[0].kind, first_text=first_text)
    elif channel is Channel.SMS:
        key = (tuple(u.id for u in updates), victim.language, is_discreet(victim), summary,
               first_text)
        if key not in texts:
            texts[key] = render_updates(updates, victim, channel, summary=summary,
                                        first_text=first_text)
        rendered = texts[key]
    else:
        rendered = render_updates(updates, victim, channel, summary=summary)
    to = victim.phone if channel is Channel.SMS else victim.email
    return Job(primary_id=rows[0].id, row_ids=[row.id for row in rows], channel=channel,
               message=rendered.addressed_to(to))


def call(job: Job, senders, stats: Stats,
         unwritten: list[Callable[[], None]] | None = None) -> tuple | None:
    """Call the provider. A success is returned, to be written with the next start; a
    failure is recorded here, in its own transaction (kept in ``unwritten`` if the database
    cannot take it, and the error raised)."""
    began = time.perf_counter()
    try:
        receipt = senders.send(job.message)
    except TemporaryFailure as error:
        outcome, failure = outcomes.temporary, error
    except PermanentFailure as error:
        outcome, failure = outcomes.permanent, error
    except OutcomeUnknown as error:
        outcome, failure = outcomes.unknown, error
    except Exception as error:  # noqa: BLE001
        # Something we did not foresee, after the attempt started: it may have gone out.
        log.exception("notification %d: unexpected error from the provider call",
                      job.primary_id)
        outcome, failure = outcomes.unknown, OutcomeUnknown(None, type(error).__name__)
    else:
        return (job.attempt_id, job.row_ids, job.primary_id, receipt)
    finally:
        stats.provider_seconds += time.perf_counter() - began
        stats.messages += 1
    log.warning("notification %d by %s: %s (%s)", job.primary_id, job.channel,
                type(failure).__name__, failure.code or failure.detail)
    write = partial(outcome, job.attempt_id, job.row_ids, failure)
    try:
        write()
    except SQLAlchemyError:
        _rollback()
        if unwritten is not None:
            unwritten.append(write)
        raise
    return None
