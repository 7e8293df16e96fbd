"""Whether an update reached each of its victims, and when: what turns a Victims' Code duty
from "sent" into "done".

A victim was reached by an update when one of its notifications to them (the first channel, or
a later one after a failure) got to them in their own language:
- an email the mail server accepted (sent);
- a text the network delivered, or one sent and not reported failed within the callback
  window (networks report failures within minutes; some never report delivery);
- a call or a letter: when the case team recorded the task done with the victim reached or the
  letter posted.
Waiting, queued, skipped or failed is not reached. A victim who reads another language than
the caseworker wrote in is reached only by a notification made once a translation into their
language existed (the first message carried the words as written, marked as the caseworker's).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, Task, UpdateTranslation
from portal.models.enums import Channel
from portal.models.messaging import DeliveryStatus
from portal.models.tasks import REACHED_OUTCOMES, TaskKind

# How long a sent text may still be reported undelivered; after it, sent counts as reached.
CALLBACK_WINDOW = dt.timedelta(hours=1)
FAILED = frozenset({DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED, DeliveryStatus.UNKNOWN})
STILL_GOING = frozenset({DeliveryStatus.PENDING, DeliveryStatus.QUEUED, DeliveryStatus.SENT,
                         DeliveryStatus.TASK})


@dataclass(frozen=True)
class Reach:
    """One victim and one update: when they were reached, or why not yet."""

    reached_at: dt.datetime | None
    # Not reached: "waiting" (queued, in a window, a task not done), "failed" (every channel
    # failed), "not_sent" (skipped, or nothing was ever sent), "translation" (waiting for
    # the words in their language).
    state: str
    reason: str | None = None  # a delivery_states.REASONS key, when failed
    channel: str | None = None  # the channel that reached them, when reached

    @property
    def reached(self) -> bool:
        return self.reached_at is not None


@dataclass(frozen=True)
class _Row:
    id: int
    update_id: int
    victim_id: int
    channel: str
    status: str
    reason: str | None
    created_at: dt.datetime
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None
    combined_into_id: int | None


def for_updates(update_ids: list[int], languages: dict[int, str],
                update_languages: dict[int, str],
                now: dt.datetime) -> dict[tuple[int, int], Reach]:
    """{(update id, victim id): Reach} for every victim the updates were sent to. ``languages``
    gives each victim's language, ``update_languages`` each update's. Three queries whatever
    the number of updates."""
    if not update_ids:
        return {}
    rows = [_Row(*r) for r in db.session.execute(
        select(Notification.id, Notification.update_id, Notification.victim_id,
               Notification.channel, Notification.status, Notification.reason,
               Notification.created_at, Notification.sent_at, Notification.delivered_at,
               Notification.combined_into_id)
        .where(Notification.update_id.in_(update_ids)).order_by(Notification.id))]
    carrier_ids = {r.combined_into_id for r in rows if r.combined_into_id}
    carriers = {r.id: r for r in rows}
    missing = carrier_ids - carriers.keys()
    if missing:
        for r in db.session.execute(
                select(Notification.id, Notification.update_id, Notification.victim_id,
                       Notification.channel, Notification.status, Notification.reason,
                       Notification.created_at, Notification.sent_at,
                       Notification.delivered_at, Notification.combined_into_id)
                .where(Notification.id.in_(missing))):
            carriers[r[0]] = _Row(*r)
    done_tasks = dict(db.session.execute(
        select(Task.notification_id, Task.done_at).where(
            Task.notification_id.in_([r.id for r in rows]),
            Task.kind.in_((TaskKind.PHONE_CALL, TaskKind.LETTER)),
            Task.outcome.in_(list(REACHED_OUTCOMES)))).all()) if rows else {}
    translated: dict[tuple[int, str], dt.datetime] = {
        (update_id, language): created for update_id, language, created in db.session.execute(
            select(UpdateTranslation.update_id, UpdateTranslation.language,
                   UpdateTranslation.created_at)
            .where(UpdateTranslation.update_id.in_(update_ids)))}
    chains: dict[tuple[int, int], list[_Row]] = defaultdict(list)
    for row in rows:
        chains[(row.update_id, row.victim_id)].append(row)
    result = {}
    for (update_id, victim_id), chain in chains.items():
        wanted = languages.get(victim_id, "en")
        since = None
        if wanted != update_languages.get(update_id, "en"):
            since = translated.get((update_id, wanted))
            if since is None:
                result[(update_id, victim_id)] = Reach(None, "translation")
                continue
        result[(update_id, victim_id)] = _reach(chain, carriers, done_tasks, since, now)
    return result


def _reach(chain: list[_Row], carriers: dict[int, _Row], done_tasks: dict,
           since: dt.datetime | None, now: dt.datetime) -> Reach:
    counted = [r for r in chain if since is None or r.created_at >= since]
    if not counted:
        return Reach(None, "translation")
    times = [(t, r.channel) for r, t in
             ((r, _reached_at(r, carriers, done_tasks, now)) for r in counted) if t]
    if times:
        first, channel = min(times, key=lambda pair: pair[0])
        return Reach(first, "reached", channel=str(channel))
    states = [carriers.get(r.combined_into_id, r).status for r in counted]
    if any(s in STILL_GOING for s in states):
        return Reach(None, "waiting")
    if all(s == DeliveryStatus.SKIPPED for s in states):
        return Reach(None, "not_sent", "key_decisions_only")
    last = counted[-1]
    return Reach(None, "failed", carriers.get(last.combined_into_id, last).reason or last.reason)


def _reached_at(row: _Row, carriers: dict[int, _Row], done_tasks: dict,
                now: dt.datetime) -> dt.datetime | None:
    carrier = carriers.get(row.combined_into_id, row)
    if row.channel in (Channel.PHONE, Channel.LETTER):
        return done_tasks.get(row.id)
    if row.channel == Channel.EMAIL:
        return carrier.sent_at if carrier.status in (DeliveryStatus.SENT,
                                                     DeliveryStatus.DELIVERED) else None
    if row.channel == Channel.SMS:
        if carrier.status == DeliveryStatus.DELIVERED:
            return carrier.delivered_at or carrier.sent_at
        if (carrier.status == DeliveryStatus.SENT and carrier.sent_at is not None
                and now - carrier.sent_at >= CALLBACK_WINDOW):
            return carrier.sent_at
    return None
