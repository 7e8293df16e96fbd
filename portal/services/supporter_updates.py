"""A case's updates for the supporters who may receive them (issue 15;
services/supporters.py): their own outbox, written with the update by
delivery/outbox.notify_update, sent by the worker's jobs in each supporter's language and
channel. Only the update's headline, never the caseworker's words (a supporter sees headlines
only); when the victim asked for discreet messages, the discreet words instead."""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from portal.channels.failures import OutcomeUnknown, PermanentFailure, TemporaryFailure
from portal.content.events import HEADLINES
from portal.extensions import db
from portal.models import SupporterAccess, SupporterNotification
from portal.models.enums import UpdateEvent
from portal.models.types import utcnow
from portal.services.delivery.compose import _public_url, is_discreet, render_message
from portal.services.delivery.outcomes import retry_delay
from portal.services.delivery.outgoing import send_immediately
from portal.services.sign_in.supporter_auth import route

log = logging.getLogger(__name__)

SEND_BATCH = 100


def notify_update(update, leave_out: Collection[int] = ()) -> list[SupporterNotification]:
    """One notification per supporter who may receive this case's updates (accepted, not
    ended), on their own channel; discreet when the victim they support asked for discreet
    messages. Added to the update's transaction (the caller commits), sent by the worker
    (``send_due``). Nothing for a supporter no text or email reaches, nor for one supporting
    only victims in ``leave_out`` (ids: those the update is not for, such as a victim who
    declined the Victim Contact Scheme): a supporter is told no more than their victim."""
    rows = []
    # The update may not be flushed yet: its case, not its case_id.
    case_id = update.case.id if update.case is not None else update.case_id
    accesses = db.session.scalars(
        select(SupporterAccess).where(SupporterAccess.case_id == case_id,
                                      SupporterAccess.receive_updates.is_(True),
                                      SupporterAccess.accepted_at.is_not(None),
                                      SupporterAccess.ended_at.is_(None))
        .options(joinedload(SupporterAccess.supporter), joinedload(SupporterAccess.victim)))
    told = set()
    for access in accesses:
        if access.victim_id in leave_out:
            continue
        discreet = is_discreet(access.victim)
        to = route(access.supporter, updates=True)
        # One message a supporter: if two victims chose them, the discreet words win.
        if to is None or access.supporter_id in told:
            continue
        told.add(access.supporter_id)
        if any(is_discreet(a.victim) for a in _on_case_for(access.supporter_id, case_id)):
            discreet = True
        row = SupporterNotification(supporter=access.supporter, victim=access.victim,
                                    case_id=case_id,
                                    update=update, channel=to[0], discreet=discreet)
        db.session.add(row)
        rows.append(row)
    return rows


def _on_case_for(supporter_id: int, case_id: int) -> list[SupporterAccess]:
    return list(db.session.scalars(select(SupporterAccess).where(
        SupporterAccess.supporter_id == supporter_id, SupporterAccess.case_id == case_id,
        SupporterAccess.ended_at.is_(None))))


def render_for(row: SupporterNotification):
    """The message for one notification, in the supporter's language: the discreet words
    (there is news, sign in) when the victim asked for discreet messages, otherwise the
    update's headline. Never the caseworker's words: a supporter sees headlines only."""
    supporter = row.supporter
    sign_in = f"{_public_url()}/supporting/sign-in"
    if row.discreet:
        return render_message("discreet", row.channel, supporter.language, victim=supporter,
                              sign_in_url=sign_in, stop=False)
    victim = next((a.victim for a in _on_case_for(supporter.id, row.case_id)), None)
    return render_message("supporter_update", row.channel, supporter.language,
                          name=victim.first_name if victim else "",
                          headline=HEADLINES[UpdateEvent(row.update.event)], url=sign_in)


def send_due(worker: str | None = None, stop=None) -> int:
    """Send the supporters' notifications waiting (the worker's jobs, each round). Each row is
    taken by one worker (pending to sending in one UPDATE), then sent: a worker that dies
    mid-send leaves it "sending", reported rather than sent twice. A provider failing for now
    (down, too busy) is tried again later with the delivery engine's backoff, up to its
    DELIVERY_MAX_ATTEMPTS; a refusal fails at once; a call that may have reached the provider
    is "unknown" and never sent again. Returns how many it took."""
    now = utcnow()
    ids = list(db.session.scalars(select(SupporterNotification.id).where(
        SupporterNotification.status == "pending",
        or_(SupporterNotification.not_before.is_(None),
            SupporterNotification.not_before <= now))
        .order_by(SupporterNotification.id).limit(SEND_BATCH)))
    taken = 0
    for row_id in ids:
        if stop is not None and stop.is_set():
            break
        claimed = db.session.execute(
            update(SupporterNotification).where(SupporterNotification.id == row_id,
                                                SupporterNotification.status == "pending")
            .values(status="sending")).rowcount
        db.session.commit()
        if claimed != 1:
            continue
        taken += 1
        row = db.session.get(SupporterNotification, row_id)
        to = route(row.supporter, only=row.channel, updates=True)
        if to is None or not _still_receives(row):
            _finish(row, "not_sent")
            continue
        try:
            send_immediately(render_for(row).addressed_to(to[1]))
        except TemporaryFailure as error:
            _try_again_later(row, error)
        except PermanentFailure as error:
            _finish(row, "failed", "permanent_error", error.code)
        except OutcomeUnknown as error:
            _finish(row, "unknown", "timeout_unknown", error.code)
        except Exception:  # noqa: BLE001  (one supporter's failure stops no one else's)
            log.warning("supporter notification %d not sent", row.id)
            _finish(row, "failed", "error")
        else:
            _finish(row, "sent")
    return taken


def _finish(row: SupporterNotification, status: str, reason: str | None = None,
            code: str | None = None) -> None:
    row.status, row.reason, row.error_code = status, reason, code
    row.sent_at = utcnow() if status == "sent" else None
    db.session.commit()


def _try_again_later(row: SupporterNotification, error: TemporaryFailure) -> None:
    """Not sent this time: pending again after the backoff, or failed after the last try."""
    config = current_app.config
    row.attempts += 1
    if row.attempts >= config["DELIVERY_MAX_ATTEMPTS"]:
        _finish(row, "failed", "gave_up", error.code)
        return
    wait = retry_delay(row.attempts, config["DELIVERY_BACKOFF_BASE_SECONDS"],
                       config["DELIVERY_BACKOFF_CEILING_SECONDS"])
    row.not_before = utcnow() + dt.timedelta(seconds=wait)
    _finish(row, "pending", "retry", error.code)


def _still_receives(row: SupporterNotification) -> bool:
    """Access may have ended (or the permission gone) since the update was posted."""
    return any(a.receive_updates and a.accepted_at is not None
               for a in _on_case_for(row.supporter_id, row.case_id))
