"""The next duty owed on each case, kept on the case itself so the console's lists are filtered,
sorted and paginated in SQL (at 100,000 cases, working out every duty in Python for every
list took seconds).

A case's ``next_due_at``, ``next_due_kind`` and ``next_due_note`` are worked out by the same
code as the case page (obligations.for_case) and refreshed:
- when its facts change: every ORM write to a case's events, hearings, decisions, updates,
  actions, messages, tasks, notifications or victims' preferences marks it stale
  (models/cases.py), and so do the delivery engine's own statements and status callbacks;
- when time alone changes them: a hearing that has started (an outcome is now owed), a text
  an hour past its sending (now counts as reached), a deadline passing.
The worker refreshes stale and time-touched cases every minute; a list refreshes its own
team's stale cases first (up to ``SYNC_LIMIT``), so a caseworker sees their own change at once.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, exists, or_, select, update

from portal.extensions import db
from portal.models import Case, Hearing, Notification, ObligationRecord, page_versions
from portal.models.enums import Channel
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services.case_file import obligation_records, obligations
from portal.services.delivery import reach

BATCH = 200
SYNC_LIMIT = 100
# How often a case whose duty is near or past is looked at again as time passes.
TIME_REFRESH = dt.timedelta(minutes=5)
NEAR = dt.timedelta(days=3)


def note_of(obligation: obligations.Obligation) -> str | None:
    """Why the next duty is not met yet, in one word: a message failed, is on its way, or
    waits for a translation."""
    if obligation.failure:
        return "failed"
    if obligation.waiting_for_translation:
        return "translation"
    if obligation.waiting_on is not None:
        return "waiting"
    return None


def refresh(case_ids: list[int], now: dt.datetime | None = None) -> int:
    """Work out the next duty of these cases again and keep it on them. Commits."""
    now = now or utcnow()
    done = 0
    for start in range(0, len(case_ids), BATCH):
        chunk = case_ids[start:start + BATCH]
        cases = db.session.scalars(select(Case).where(Case.id.in_(chunk))
                                   .options(*obligations.load_options())).unique().all()
        owed = obligations.for_cases(cases, now)
        obligation_records.write(cases, owed)
        changed = []
        for case in cases:
            values = _next_due(owed.get(case.id, []))
            if _same(case, values):
                values = {}
            else:
                changed.append(case.id)
            _keep(case.id, values, now)
            done += 1
        page_versions.bump_teams(db.session.connection(), cases=changed)
        db.session.commit()
        db.session.expire_all()
    return done


def refresh_case(case: Case, owed: list[obligations.Obligation], now: dt.datetime) -> None:
    """Keep what a page has just worked out for one case (no need to work it out twice).
    The caller commits. Nothing is written when the case already says so: a page that is
    only read writes nothing (the worker's round still looks again at duties coming near)."""
    values = _next_due(owed)
    same = _same(case, values)
    if not case.due_stale and same:
        return
    _keep(case.id, {} if same else values, now)
    if not same:
        page_versions.bump_teams(db.session.connection(), cases=[case.id])
    if case.due_stale:  # else its records were written when it last was
        obligation_records.write([case], {case.id: owed})


def _same(case: Case, values: dict) -> bool:
    return all(getattr(case, key) == value for key, value in values.items())


def _keep(case_id: int, values: dict, now: dt.datetime) -> None:
    """Write the case's next duty (``values``: only when it changed) and when it was worked
    out. The lists' kept pages are made out of date by the caller, for the cases whose next
    duty changed (models/page_versions.py), and not by every round of the worker."""
    db.session.execute(update(Case).where(Case.id == case_id).values(
        **values, due_refreshed_at=now, due_stale=False)
        .execution_options(synchronize_session=False, versions_bumped=True))


def _next_due(owed: list[obligations.Obligation]) -> dict:
    next_one = obligations.next_outstanding(owed)
    if next_one is None:
        return {"next_due_at": None, "next_due_kind": None, "next_due_note": None}
    return {"next_due_at": next_one.due_at, "next_due_kind": str(next_one.kind),
            "next_due_note": note_of(next_one)}


def refresh_team(team_id: int, now: dt.datetime | None = None,
                 limit: int = SYNC_LIMIT) -> int:
    """Refresh the team's stale cases (a list's own, before it is shown)."""
    ids = list(db.session.scalars(select(Case.id).where(
        Case.team_id == team_id, Case.due_stale.is_(True)).limit(limit)))
    return refresh(ids, now) if ids else 0


def refresh_due(now: dt.datetime | None = None, limit: int = 5000) -> int:
    """The worker's round: stale cases, then cases time has changed."""
    now = now or utcnow()
    ids = set(db.session.scalars(select(Case.id).where(Case.due_stale.is_(True)).limit(limit)))
    looked_at = Case.due_refreshed_at < now - TIME_REFRESH
    ids.update(db.session.scalars(select(Case.id).where(
        Case.next_due_at.is_not(None), Case.next_due_at < now + NEAR, looked_at)
        .limit(limit)))
    # A hearing that started since: an outcome is owed now.
    ids.update(db.session.scalars(select(Hearing.case_id).join(Case).where(
        Hearing.starts_at <= now, Hearing.starts_at > now - dt.timedelta(days=2),
        or_(Case.due_refreshed_at.is_(None), Hearing.starts_at > Case.due_refreshed_at))
        .limit(limit)))
    # A text sent an hour ago with no failure reported: it now counts as reached.
    window = now - reach.CALLBACK_WINDOW
    ids.update(db.session.scalars(select(Notification.case_id).join(Case).where(
        Notification.status == DeliveryStatus.SENT, Notification.channel == Channel.SMS,
        Notification.not_before > now - dt.timedelta(days=1),
        and_(Notification.sent_at <= window, Notification.sent_at > window - TIME_REFRESH * 2),
        Notification.case_id.is_not(None)).limit(limit)))
    ids.discard(None)
    return refresh(sorted(ids)[:limit], now)


def housekeeping(now: dt.datetime | None = None) -> int:
    """What the delivery worker calls every minute: the round above, then one batch of the
    cases that have no duty records yet (written before the records existed), so the team
    figures fill in over the first hours without holding up delivery."""
    now = now or utcnow()
    done = refresh_due(now)
    missing = list(db.session.scalars(select(Case.id).where(~exists().where(
        ObligationRecord.case_id == Case.id)).order_by(Case.id).limit(BATCH)))
    return done + (refresh(missing, now) if missing else 0)
