"""A change at court as a job: recorded when the caseworker confirms it, applied by the delivery
worker in chunks, followed on a progress page.

- ``queue`` checks the change against the plan the caseworker saw (``bulk_update.confirm``:
  the same 409 when the hearings changed meanwhile) and records a ``BulkJob``. Nothing else
  happens in the request, so it takes the same time for three hearings or a court's whole day.
- ``run_next`` is called by the worker every time round its loop (``dispatcher.run(jobs=...)``).
  It claims one job (an UPDATE that only succeeds on a queued job, or a running one whose lease
  has run out: two workers never hold the same job) and applies it ``CHUNK`` hearings at a time.
  Each chunk is one transaction with the job's progress and a renewed lease, and starts by
  renewing the lease only if this worker still holds it, so a worker that lost its lease writes
  nothing. A worker that dies leaves its lease to run out; the next one starts from the
  committed progress, and the victims the job has told are kept (``BulkJobVictim``), so nothing
  is done or sent twice.
- A new day that has passed by the time the worker gets there fails the job with a reason the
  page shows; what was already done stays done.
"""
from __future__ import annotations

import datetime as dt
import gc
import logging
import threading

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from portal import memory
from portal.extensions import db
from portal.models import BulkJob, BulkJobStatus, BulkJobVictim, CaseVictim, Caseworker
from portal.models.types import utcnow
from portal.services import audit
from portal.services.case_file import bulk_update
from portal.services.errors import InvalidInput

log = logging.getLogger(__name__)

# Hearings applied in one transaction: big enough that a court's day takes a few seconds,
# small enough that the progress page moves and a lost worker loses little.
CHUNK = 500
# How long a worker holds a job without writing to it; renewed with every chunk.
LEASE = dt.timedelta(minutes=2)
RECENT = 10

STATUSES = {
    BulkJobStatus.QUEUED: _l("Waiting to start"),
    BulkJobStatus.RUNNING: _l("Updating the hearings"),
    BulkJobStatus.DONE: _l("Done"),
    BulkJobStatus.FAILED: _l("Stopped"),
}
FAILURES = {
    "new_day_passed": _l("The new day, or a hearing’s time on it, had passed when the hearings "
                         "were being moved."),
    "unexpected": _l("Something went wrong while the hearings were being updated. It has been "
                     "logged."),
}


class LeaseLost(Exception):
    """Another worker holds the job now (this one's lease ran out)."""


def queue(caseworker: Caseworker, court_id: int | None, day: dt.date, change: str,
          new_day: dt.date | None, reason: str, body: str, send_now: bool, expected: int,
          digest: str) -> BulkJob:
    """Record a confirmed change at court for the worker. Raises PlanChanged (409) when the
    hearings are not the ones the caseworker saw, InvalidInput for anything missing."""
    confirmed = bulk_update.confirm(caseworker, court_id, day, change, new_day, reason, body,
                                    send_now, expected, digest)
    job = BulkJob(caseworker_id=caseworker.id, team_id=caseworker.team_id,
                  court_id=confirmed.court_id, day=confirmed.day, kind=confirmed.change,
                  new_day=confirmed.new_day, reason=confirmed.reason,
                  body_html=confirmed.body_html, body_text=confirmed.body_text,
                  warnings=confirmed.warnings, urgent=confirmed.urgent,
                  plan_hearings=confirmed.hearings, plan_digest=confirmed.digest,
                  status=BulkJobStatus.QUEUED, hearings_total=len(confirmed.hearings))
    db.session.add(job)
    db.session.flush()
    audit.record(caseworker, "hearings.bulk_update", None, job_id=job.id,
                 court_id=confirmed.court_id, day=day.isoformat(), change=confirmed.change,
                 hearings=len(confirmed.hearings))
    db.session.commit()
    return job


def recent(caseworker: Caseworker) -> list[BulkJob]:
    """The team's latest changes at court, newest first."""
    if caseworker.team_id is None:
        return []
    return list(db.session.scalars(
        select(BulkJob).where(BulkJob.team_id == caseworker.team_id)
        .order_by(BulkJob.created_at.desc(), BulkJob.id.desc()).limit(RECENT)))


def in_progress(job: BulkJob) -> bool:
    return job.status in (BulkJobStatus.QUEUED, BulkJobStatus.RUNNING)


# --- the worker ----------------------------------------------------------------------------------

def _claimable(now: dt.datetime):
    return or_(BulkJob.status == BulkJobStatus.QUEUED,
               and_(BulkJob.status == BulkJobStatus.RUNNING,
                    or_(BulkJob.lease_until.is_(None), BulkJob.lease_until < now)))


def claim(worker: str, now: dt.datetime | None = None) -> int | None:
    """Take the oldest job waiting (or abandoned) and commit the lease. Returns its id, or
    None when there is none or another worker took it first."""
    now = now or utcnow()
    job_id = db.session.scalar(
        select(BulkJob.id).where(_claimable(now)).order_by(BulkJob.id).limit(1)
        .with_for_update(skip_locked=True))
    if job_id is None:
        db.session.commit()
        return None
    # The WHERE repeats the test, so that even without row locks (SQLite) a job another worker
    # took in the meantime is not taken again.
    claimed = db.session.scalar(
        update(BulkJob).where(BulkJob.id == job_id, _claimable(now))
        .values(status=BulkJobStatus.RUNNING, claimed_by=worker, lease_until=now + LEASE,
                claims=BulkJob.claims + 1,
                started_at=func.coalesce(BulkJob.started_at, now))
        .returning(BulkJob.id).execution_options(synchronize_session=False))
    db.session.commit()
    if claimed is not None:
        log.info("bulk job %d claimed by %s", claimed, worker)
    return claimed


def run_next(worker: str, stop: threading.Event | None = None) -> int:
    """Claim one job and apply it to the end (or until ``stop``). Returns how many hearings
    it went through: 0 when no job was waiting."""
    job_id = claim(worker)
    return run(job_id, worker, stop) if job_id is not None else 0


def run(job_id: int, worker: str, stop: threading.Event | None = None) -> int:
    """Apply a job this worker has claimed, chunk by chunk."""
    handled = 0
    while True:
        if stop is not None and stop.is_set():
            _release(job_id, worker)
            return handled
        try:
            done, finished = run_chunk(job_id, worker)
        except LeaseLost:
            log.warning("bulk job %d: lease lost by %s; another worker has it", job_id, worker)
            return handled
        except InvalidInput:
            db.session.rollback()
            _fail(job_id, worker, "new_day_passed")
            return handled
        except SQLAlchemyError:
            # The database went away: the lease runs out and a worker takes the job up again.
            db.session.rollback()
            raise
        except Exception:  # noqa: BLE001  (a bug: stop this job, keep the worker)
            db.session.rollback()
            log.exception("bulk job %d failed", job_id)
            _fail(job_id, worker, "unexpected")
            return handled
        handled += done
        if not gc.isenabled():  # the worker command's policy: portal/memory.py
            memory.collect_after_work()
        if finished:
            return max(handled, 1)


def run_chunk(job_id: int, worker: str, size: int | None = None) -> tuple[int, bool]:
    """Apply the next chunk of the job in one transaction with its progress. Returns how many
    of the plan's hearings it went through, and whether the job is now finished."""
    now = utcnow()
    # Renew the lease only if it is still ours. On PostgreSQL the row stays locked until the
    # commit, so no other worker can take the job while this chunk is being written.
    held = db.session.scalar(
        update(BulkJob).where(BulkJob.id == job_id, BulkJob.claimed_by == worker,
                              BulkJob.status == BulkJobStatus.RUNNING)
        .values(lease_until=now + LEASE).returning(BulkJob.id)
        .execution_options(synchronize_session=False))
    if held is None:
        db.session.rollback()
        raise LeaseLost()
    job = db.session.get(BulkJob, job_id, populate_existing=True)
    if job.hearings_done >= job.hearings_total:
        _finish(job, now)
        return 0, True
    chunk = _next_chunk(job.plan_hearings, job.hearings_done, size or CHUNK)
    hearing_ids = [hearing_id for hearing_id, _case_id in chunk]
    case_ids = {case_id for _hearing_id, case_id in chunk}
    told = set(db.session.scalars(
        select(BulkJobVictim.victim_id).where(
            BulkJobVictim.job_id == job.id,
            BulkJobVictim.victim_id.in_(select(CaseVictim.victim_id)
                                        .where(CaseVictim.case_id.in_(case_ids))))))
    result = bulk_update.apply_chunk(job, hearing_ids, told)
    if result.told:
        db.session.execute(insert(BulkJobVictim), [
            {"job_id": job.id, "victim_id": victim_id} for victim_id in sorted(result.told)])
    job.hearings_done += len(chunk)
    job.hearings_skipped += result.skipped
    job.cases_updated += len(result.updates)
    job.victims_notified += len(result.told)
    finished = job.hearings_done >= job.hearings_total
    if finished:
        _finish(job, utcnow())
    else:
        db.session.commit()
    return len(chunk), finished


def _next_chunk(plan: list[list[int]], start: int, size: int) -> list[list[int]]:
    """Up to ``size`` of the plan's hearings from ``start``, and the rest of the last case's,
    so a case's hearings are applied together (one update on each case)."""
    end = min(start + size, len(plan))
    while end < len(plan) and plan[end][1] == plan[end - 1][1]:
        end += 1
    return plan[start:end]


def _finish(job: BulkJob, now: dt.datetime) -> None:
    job.status, job.finished_at = BulkJobStatus.DONE, now
    job.claimed_by = job.lease_until = None
    audit.record(None, "hearings.bulk_update_done", None, job_id=job.id,
                 hearings=job.hearings_done - job.hearings_skipped,
                 skipped=job.hearings_skipped, cases=job.cases_updated,
                 victims=job.victims_notified)
    db.session.commit()
    log.info("bulk job %d done: %d hearings, %d victims told", job.id,
             job.hearings_done - job.hearings_skipped, job.victims_notified)


def _fail(job_id: int, worker: str, failure: str) -> None:
    """Stop the job for ``failure`` (if this worker still holds it)."""
    now = utcnow()
    db.session.execute(
        update(BulkJob).where(BulkJob.id == job_id, BulkJob.claimed_by == worker)
        .values(status=BulkJobStatus.FAILED, failure=failure, finished_at=now,
                claimed_by=None, lease_until=None)
        .execution_options(synchronize_session=False))
    audit.record(None, "hearings.bulk_update_failed", None, job_id=job_id, failure=failure)
    db.session.commit()


def _release(job_id: int, worker: str) -> None:
    """Give the job back (the worker is stopping): the next worker carries on from here."""
    db.session.execute(
        update(BulkJob).where(BulkJob.id == job_id, BulkJob.claimed_by == worker,
                              BulkJob.status == BulkJobStatus.RUNNING)
        .values(status=BulkJobStatus.QUEUED, claimed_by=None, lease_until=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
