"""Dates a victim cannot go to court, and the help at court they ask for."""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import Case, Caseworker, Hearing, TaskKind, Victim
from portal.models.court_needs import NEED_KINDS, CourtNeed, DateToAvoid
from portal.models.enums import HearingStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInput, NotFound

ANSWERS = ("agreed", "applied", "not_agreed")


def dates_to_avoid(case: Case, victim: Victim | None = None) -> list[DateToAvoid]:
    query = select(DateToAvoid).where(DateToAvoid.case_id == case.id)
    if victim is not None:
        query = query.where(DateToAvoid.victim_id == victim.id)
    return list(db.session.scalars(query.order_by(DateToAvoid.day)))


def add_date_to_avoid(victim: Victim, case: Case, day: dt.date, reason: str) -> DateToAvoid:
    if day < london.today():
        raise InvalidInput("day", _l("The date must be today or in the future"))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", _l("Say why you cannot go to court on that date"))
    if len(reason) > 500:
        raise InvalidInput("reason", _l("The reason must be 500 characters or fewer"))
    entry = DateToAvoid(case=case, victim=victim, day=day, reason=reason)
    db.session.add(entry)
    audit.record(victim, "date_to_avoid.added", case.id)
    clash = hearing_on(case, day)
    if clash is not None:  # witness care must know now, not when they next look at the list
        from portal.services.delivery.tasks import tell_case_team

        tell_case_team(case, TaskKind.DATE_CLASH, victim=victim, hearing_id=clash.id,
                       day=day.isoformat())
    db.session.commit()
    entry.clash = clash
    return entry


def hearing_on(case: Case, day: dt.date) -> Hearing | None:
    """The hearing of this case still going ahead on ``day`` (London time), if there is one."""
    for hearing in case.hearings:
        if (hearing.status in (HearingStatus.LISTED, HearingStatus.MOVED)
                and london.local_date(hearing.starts_at) == day):
            return hearing
    return None


def remove_date_to_avoid(victim: Victim, entry: DateToAvoid) -> None:
    """Remove one of the victim's own dates (loaded by services/access.victim_item)."""
    if entry.victim_id != victim.id:
        raise NotFound()
    case_id = entry.case_id
    db.session.delete(entry)
    audit.record(victim, "date_to_avoid.removed", case_id)
    db.session.commit()


def clashes(case: Case, entries: list[DateToAvoid] | None = None) -> list[tuple]:
    """(date to avoid, hearing) for each date a victim cannot go that a hearing falls on, with
    the victim's reason, for the witness care team."""
    hearing_days = {london.local_date(h.starts_at): h for h in case.hearings}
    entries = dates_to_avoid(case) if entries is None else entries
    return [(entry, hearing_days[entry.day]) for entry in entries if entry.day in hearing_days]


def needs(case: Case, victim: Victim | None = None) -> list[CourtNeed]:
    query = select(CourtNeed).where(CourtNeed.case_id == case.id)
    if victim is not None:
        query = query.where(CourtNeed.victim_id == victim.id)
    return list(db.session.scalars(query.order_by(CourtNeed.created_at)))


def ask_for(victim: Victim, case: Case, kinds: list[str], details: str) -> list[CourtNeed]:
    kinds = [k for k in kinds if k in NEED_KINDS]
    if not kinds:
        raise InvalidInput("kinds", _l("Select the help you would like"))
    details = (details or "").strip()
    if len(details) > 1000:
        raise InvalidInput("details", _l("What you tell us must be 1,000 characters or fewer"))
    created = [CourtNeed(case=case, victim=victim, kind=kind, details=details or None)
               for kind in kinds]
    db.session.add_all(created)
    case.updated_at = utcnow()
    audit.record(victim, "court_need.requested", case.id, kinds=kinds)
    db.session.commit()
    return created


def answer(caseworker: Caseworker, need: CourtNeed, answer_kind: str, note: str) -> None:
    if answer_kind not in ANSWERS:
        raise InvalidInput("answer", _l("Choose an answer"))
    note = (note or "").strip()
    if not note:
        raise InvalidInput("note", _l("Explain the answer to the victim"))
    need.answer, need.answer_note = answer_kind, note
    need.answered_at, need.answered_by = utcnow(), caseworker
    audit.record(caseworker, "court_need.answered", need.case_id, need_id=need.id)
    db.session.commit()
