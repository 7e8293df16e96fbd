"""Who looked at or changed a case, and when: the audit log of one case, for its team manager
(issue 15). Staff are named with their team at the time; victims by name (the manager sees
them on the case page anyway); the service's own work as the service. A page at a time,
newest first, in two queries."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from math import ceil

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from portal.extensions import db
from portal.models import AuditEvent, Case, Caseworker, Supporter, Team, Victim
from portal.models.enums import Principal
from portal.services.audit import LOOKS
from portal.services.errors import NotFound

PER_PAGE = 50

# What each look was, in the console's words; anything else is a change, shown by its code.
LOOK_WORDS = {
    "case.viewed": _l("Opened the case page"),
    "case.history_viewed": _l("Opened the case history"),
    "case.access_log_viewed": _l("Opened this list"),
    "thread.viewed": _l("Opened the messages with a victim"),
    "victim.viewed": _l("Opened a victim’s details"),
    "letter.opened": _l("Opened a letter to print"),
    "statement.downloaded": _l("Downloaded a statement"),
    "property.viewed": _l("Opened the property the police hold"),
    "supporter.viewed": _l("Opened the case's status, as a victim's supporter"),
}


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    action: str
    looked: bool
    kind: str  # "staff", "victim", "supporter" (a victim's nominated supporter) or "system"
    name: str | None
    team: str | None

    @property
    def words(self):
        return LOOK_WORDS.get(self.action)


@dataclass(frozen=True)
class AccessLog:
    page: int
    pages: int
    total: int
    items: list[Entry] = field(default_factory=list)


def entries(case: Case, page: int = 1) -> AccessLog:
    """The case's audit entries, newest first, PER_PAGE a page (``case`` already checked by
    services/access.team_case). NotFound for a page that does not exist."""
    total = db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.case_id == case.id))
    pages = max(1, ceil(total / PER_PAGE))
    if page < 1 or page > pages:
        raise NotFound()
    staff_team = aliased(Team)
    rows = db.session.execute(
        select(AuditEvent.at, AuditEvent.action, AuditEvent.actor_kind, Caseworker.name,
               func.coalesce(Team.name, staff_team.name),
               func.coalesce(Victim.full_name, Supporter.full_name))
        .outerjoin(Caseworker, (AuditEvent.actor_kind == Principal.CASEWORKER)
                   & (Caseworker.id == AuditEvent.actor_id))
        .outerjoin(Team, Team.id == AuditEvent.team_id)
        .outerjoin(staff_team, staff_team.id == Caseworker.team_id)
        .outerjoin(Victim, (AuditEvent.actor_kind == Principal.VICTIM)
                   & (Victim.id == AuditEvent.actor_id))
        .outerjoin(Supporter, (AuditEvent.actor_kind == Principal.SUPPORTER)
                   & (Supporter.id == AuditEvent.actor_id))
        .where(AuditEvent.case_id == case.id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    items = []
    for at, action, actor_kind, staff_name, team_name, victim_name in rows:
        if actor_kind == Principal.CASEWORKER:
            items.append(Entry(at, action, action in LOOKS, "staff", staff_name, team_name))
        elif actor_kind == Principal.VICTIM:
            items.append(Entry(at, action, action in LOOKS, "victim", victim_name, None))
        elif actor_kind == Principal.SUPPORTER:
            items.append(Entry(at, action, action in LOOKS, "supporter", victim_name, None))
        else:
            items.append(Entry(at, action, action in LOOKS, "system", None, None))
    return AccessLog(page=page, pages=pages, total=total, items=items)
