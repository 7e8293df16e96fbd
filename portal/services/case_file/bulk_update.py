"""One court event for many cases: a list moved to another day, or a court closed for the day.

The rules of it live here: which hearings are affected (the team's hearings still listed at
this court on this London day), what the caseworker must give (the new day, the reason, the
update), the plan's fingerprint, and what applying it does (every affected hearing moved or
cancelled, one update on each case, each affected victim told once, even when they are on more
than one of the cases).

The caseworker sees the plan first (``affected``). Confirming it (``confirm``) only checks it
against what they saw and returns what to do; ``bulk_jobs.py`` records that as a job and the
delivery worker applies it in chunks (``apply_chunk``), so a court's whole day (thousands of
hearings) never runs inside a web request.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct, func, insert, select, update
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import Case, CaseAction, CaseVictim, Caseworker, Court, Hearing, Update, Victim
from portal.models.actions import ObligationKind
from portal.models.enums import HearingStatus, UpdateEvent
from portal.models.types import utcnow
from portal.services.case_file import plain_english
from portal.services.case_file.court_record import cancel_all, hearing_start, move_all
from portal.services.case_file.update_text import to_html, to_text
from portal.services.delivery import outbox
from portal.services.errors import DomainError, InvalidInput
from portal.services.sign_in.tokens import keyed_hash, same

MOVED = "moved"
CLOSED = "closed"
CHANGES = (MOVED, CLOSED)
# Hearings listed on the page that shows the plan; the rest are counted.
SHOWN = 50


class PlanChanged(DomainError):
    """The hearings affected changed between showing the count and confirming it."""

    status = 409


@dataclass
class BulkPlan:
    """What a change at court would affect, to show before anything changes."""

    court: Court
    day: dt.date
    # Every affected hearing, in time order: its id, case_id and starts_at only (a court's day
    # is thousands).
    hearings: list
    victim_count: int = 0
    # The first hearings, with their cases, for the page to list.
    shown: list[Hearing] = field(default_factory=list)

    @property
    def case_count(self) -> int:
        return len({hearing.case_id for hearing in self.hearings})

    @property
    def more(self) -> int:
        """How many hearings the page does not list."""
        return len(self.hearings) - len(self.shown)

    @property
    def digest(self) -> str:
        return plan_digest(self.court.id, self.day, [h.id for h in self.hearings])


@dataclass
class Confirmed:
    """A change at court checked against what the caseworker saw: what the worker will do."""

    court_id: int
    day: dt.date
    change: str
    new_day: dt.date | None
    reason: str
    body_html: str
    body_text: str
    warnings: list
    urgent: bool
    digest: str
    # [hearing id, case id] in the order they are applied: case by case, each case where its
    # first hearing of the day falls, so a victim on two cases is told with the earlier one.
    hearings: list[list[int]]


@dataclass
class ChunkResult:
    hearings: int = 0  # moved or cancelled
    skipped: int = 0  # changed by someone else since the caseworker confirmed: left alone
    updates: list[Update] = field(default_factory=list)
    told: set[int] = field(default_factory=set)  # victims newly told by this chunk


def _affected(team_id: int, court_id: int, day: dt.date) -> list:
    """The conditions an affected hearing meets: the team's, at this court, on this London
    day, still listed (or already moved to it)."""
    return [Case.team_id == team_id, Hearing.court_id == court_id,
            Hearing.starts_at >= london.start_of_day(day),
            Hearing.starts_at < london.start_of_day(day + dt.timedelta(days=1)),
            Hearing.status.in_((HearingStatus.LISTED, HearingStatus.MOVED))]


def _court(court_id: int | None) -> Court:
    court = db.session.get(Court, court_id) if court_id else None
    if court is None:
        raise InvalidInput("court", str(_l("Choose the court")))
    return court


def _rows(team_id: int, court_id: int, day: dt.date) -> list:
    """The affected hearings' ids, cases and starts, in time order: quick for a whole day."""
    return list(db.session.execute(
        select(Hearing.id, Hearing.case_id, Hearing.starts_at).join(Case)
        .where(*_affected(team_id, court_id, day)).order_by(Hearing.starts_at, Hearing.id)))


def affected(caseworker: Caseworker, court_id: int | None, day: dt.date) -> BulkPlan:
    """The team's hearings still to come at this court on this London day, counted, with the
    first ``SHOWN`` and their cases, to show the caseworker before anything changes."""
    court = _court(court_id)
    rows = _rows(caseworker.team_id, court.id, day)
    case_ids = select(Hearing.case_id).join(Case).where(
        *_affected(caseworker.team_id, court.id, day))
    victims = db.session.scalar(select(func.count(distinct(CaseVictim.victim_id)))
                                .where(CaseVictim.case_id.in_(case_ids))) if rows else 0
    shown = db.session.scalars(
        select(Hearing).where(Hearing.id.in_([row.id for row in rows[:SHOWN]]))
        .options(selectinload(Hearing.case)).order_by(Hearing.starts_at, Hearing.id)).all()
    return BulkPlan(court, day, rows, victims, list(shown))


def plan_digest(court_id: int, day: dt.date, hearing_ids: Iterable[int]) -> str:
    """A keyed hash of the hearings a plan covers: it travels with the confirmation form, and
    a plan whose hearings are not exactly these is shown again instead of being applied."""
    return keyed_hash("bulk-plan", str(court_id), day.isoformat(),
                      ",".join(str(i) for i in sorted(hearing_ids)))


def new_starts(plan: BulkPlan, new_day: dt.date | None) -> dict[int, dt.datetime]:
    """Each hearing's new start: the new day, at the hearing's own time. Checked like any
    hearing date."""
    if new_day is None:
        raise InvalidInput("new_date", str(_l("Enter the new date")))
    if new_day == plan.day:
        raise InvalidInput("new_date", str(_l("The new date must be a different day")))
    starts = {}
    for hearing in plan.hearings:
        clock = london.local_time(hearing.starts_at)
        try:
            starts[hearing.id] = hearing_start(new_day, clock)
        except InvalidInput as error:
            raise InvalidInput("new_date", error.message) from None
    return starts


def confirm(caseworker: Caseworker, court_id: int | None, day: dt.date, change: str,
            new_day: dt.date | None, reason: str, body: str, send_now: bool, expected: int,
            digest: str) -> Confirmed:
    """Check a change at court against the plan the caseworker saw (``expected`` hearings,
    ``digest`` of their ids) and everything they must give. Changes nothing: it reads only
    the hearings' ids, cases and times, so it is quick for a court's whole day."""
    court = _court(court_id)
    if change not in CHANGES:
        raise InvalidInput("change", str(_l("Choose what has happened")))
    rows = _rows(caseworker.team_id, court.id, day)
    if len(rows) != expected or not same(digest or "", plan_digest(
            court.id, day, [row.id for row in rows])):
        raise PlanChanged()
    if not rows:
        raise InvalidInput("date", str(_l("There are no hearings to update on that day")))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", str(_l("Say why, as the court told you")))
    if change == MOVED:
        new_starts(BulkPlan(court, day, rows), new_day)
    body_html = to_html(body)
    if not body_html:
        raise InvalidInput("body", str(_l("Write the update")))
    body_text = to_text(body_html)
    warnings = plain_english.check(body_text, _event(change)).as_dicts()
    by_case: dict[int, list[int]] = {}
    for row in rows:  # in time order, so each case comes where its first hearing does
        by_case.setdefault(row.case_id, []).append(row.id)
    return Confirmed(court_id=court.id, day=day, change=change,
                     new_day=new_day if change == MOVED else None, reason=reason,
                     body_html=body_html, body_text=body_text, warnings=warnings,
                     urgent=send_now, digest=digest,
                     hearings=[[hearing_id, case_id] for case_id, ids in by_case.items()
                               for hearing_id in ids])


def _event(change: str) -> str:
    return UpdateEvent.HEARING_MOVED if change == MOVED else UpdateEvent.HEARING_VACATED


def apply_chunk(job, hearing_ids: list[int], already_told: set[int]) -> ChunkResult:
    """Apply a confirmed change (a ``BulkJob``) to some of its hearings: each still affected
    is moved or cancelled, each of their cases gets the update, and each of their victims not
    in ``already_told`` is notified. The caller commits (with its progress).

    A hearing someone else has moved or cancelled since the caseworker confirmed is left
    alone. Raises InvalidInput when a new start is no longer allowed (the new day has passed).
    Hundreds of cases at a time, so the writes go in bulk and only what the rules need is
    loaded: the hearings, and each case's victims with their preferences.
    """
    hearings = list(db.session.scalars(
        select(Hearing).join(Case)
        .where(Hearing.id.in_(hearing_ids), *_affected(job.team_id, job.court_id, job.day))))
    order = {hearing_id: n for n, hearing_id in enumerate(hearing_ids)}
    hearings.sort(key=lambda hearing: order[hearing.id])
    result = ChunkResult(hearings=len(hearings), skipped=len(hearing_ids) - len(hearings))
    if not hearings:
        return result
    if job.kind == MOVED:
        starts = new_starts(BulkPlan(job.court, job.day, hearings), job.new_day)
        move_all([(hearing, starts[hearing.id]) for hearing in hearings], job.reason)
    else:
        cancel_all(hearings, job.reason)

    by_case: dict[int, list[Hearing]] = {}  # one pass, not every hearing against every case
    for hearing in hearings:
        by_case.setdefault(hearing.case_id, []).append(hearing)
    victims_of: dict[int, list[Victim]] = {case_id: [] for case_id in by_case}
    for case_id, victim in db.session.execute(
            select(CaseVictim.case_id, Victim).join(CaseVictim.victim)
            .where(CaseVictim.case_id.in_(by_case)).options(selectinload(Victim.preference))
            .order_by(CaseVictim.id)):
        victims_of[case_id].append(victim)
    # case_id rather than case on each update: appending to case.updates would load every
    # earlier update of every case.
    result.updates = [Update(case_id=case_id, author_id=job.caseworker_id,
                             event=_event(job.kind), hearing=case_hearings[0], language="en",
                             body_html=job.body_html, body_text=job.body_text,
                             warnings=job.warnings, urgent=job.urgent)
                      for case_id, case_hearings in by_case.items()]
    db.session.add_all(result.updates)
    db.session.flush()  # the updates' ids
    db.session.execute(update(Case).where(Case.id.in_(by_case)).values(updated_at=utcnow())
                       .execution_options(synchronize_session=False))
    db.session.execute(insert(CaseAction), [
        {"case_id": update_row.case_id, "kind": ObligationKind.HEARING_DATE_TOLD,
         "caseworker_id": job.caseworker_id, "update_id": update_row.id,
         "hearing_id": hearing.id,
         "details": "Update sent to every victim affected by a change at court"}
        for update_row, case_hearings in zip(result.updates, by_case.values(), strict=True)
        for hearing in case_hearings])
    # A victim on two affected cases is told once: the update on the other case is on their
    # case page, but no second message is owed.
    told, to_notify = set(already_told), []
    for update_row in result.updates:
        victims = [v for v in victims_of[update_row.case_id] if v.id not in told]
        told.update(v.id for v in victims)
        to_notify.append((update_row, victims))
    outbox.notify_many(to_notify, urgent=job.urgent)
    result.told = told - set(already_told)
    return result
