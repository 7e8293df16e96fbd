"""Whether victims understood their updates, and complaints (right 12)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Case, Complaint, Organisation, Update, UpdateFeedback, Victim
from portal.models.feedback import UNDERSTOOD_ANSWERS
from portal.services import audit
from portal.services.errors import InvalidInput


def record(victim: Victim, update: Update, understood: str, comment: str | None) -> UpdateFeedback:
    """One tap: the answer is kept, and replaced if the victim answers again."""
    if understood not in UNDERSTOOD_ANSWERS:
        raise InvalidInput("understood", _l("Choose yes, partly or no"))
    comment = (comment or "").strip() or None
    if comment and len(comment) > 1000:
        raise InvalidInput("comment", _l("Your comment must be 1,000 characters or fewer"))
    row = db.session.scalar(select(UpdateFeedback).where(
        UpdateFeedback.update_id == update.id, UpdateFeedback.victim_id == victim.id))
    if row is None:
        row = UpdateFeedback(update=update, victim_id=victim.id, understood=understood)
        db.session.add(row)
    row.understood, row.comment = understood, comment or row.comment
    audit.record(victim, "feedback.given", update.case_id, update_id=update.id)
    db.session.commit()
    return row


@dataclass
class UnderstandingFigures:
    yes: int
    partly: int
    no: int

    @property
    def total(self) -> int:
        return self.yes + self.partly + self.no


def team_figures(team_id: int) -> UnderstandingFigures:
    """How many answers of each kind the team's updates received."""
    rows = dict(db.session.execute(
        select(UpdateFeedback.understood, func.count()).join(Update).join(Case)
        .where(Case.team_id == team_id).group_by(UpdateFeedback.understood)).all())
    return UnderstandingFigures(rows.get("yes", 0), rows.get("partly", 0), rows.get("no", 0))


def team_comments(team_id: int, limit: int = 20) -> list[UpdateFeedback]:
    """What victims wrote about the team's updates ("what could we explain better"), newest
    first, each with its update and case loaded: for the team manager's figures page only."""
    return list(db.session.scalars(
        select(UpdateFeedback).join(Update).join(Case)
        .where(Case.team_id == team_id, UpdateFeedback.comment.is_not(None),
               UpdateFeedback.comment != "")
        .options(selectinload(UpdateFeedback.update).selectinload(Update.case))
        .order_by(UpdateFeedback.created_at.desc(), UpdateFeedback.id.desc()).limit(limit)))


def organisations_on(case: Case) -> list[Organisation]:
    """Every organisation that has had the case: its teams now and in its handovers, and the
    teams that made its decisions (the prosecution's, when witness care passed them on)."""
    teams = {case.team}
    for event in case.events:
        teams.update(t for t in (event.from_team, event.to_team) if t is not None)
    teams.update(d.team for d in case.decisions if d.team is not None)
    return sorted({team.organisation for team in teams}, key=lambda org: org.name)


def start_complaint(victim: Victim, case: Case, organisation_id: int | None,
                    text: str) -> Complaint:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("text", _l("Tell us what went wrong"))
    if len(text) > 5000:
        raise InvalidInput("text", _l("Your complaint must be 5,000 characters or fewer"))
    allowed = {org.id for org in organisations_on(case)}
    if organisation_id not in allowed:
        raise InvalidInput("organisation", _l("Choose the organisation you are complaining about"))
    complaint = Complaint(case=case, victim=victim, organisation_id=organisation_id, text=text)
    db.session.add(complaint)
    db.session.flush()
    audit.record(victim, "complaint.started", case.id, complaint_id=complaint.id)
    db.session.commit()
    return complaint


def complaints_for_team(team_id: int) -> list[Complaint]:
    """Complaints on the team's cases, newest first: the team manager answers them."""
    return list(db.session.scalars(
        select(Complaint).join(Case).where(Case.team_id == team_id)
        .order_by(Complaint.created_at.desc())))


def acknowledge(complaint: Complaint, manager) -> None:
    if complaint.acknowledged_at is None:
        from portal.models.types import utcnow

        complaint.acknowledged_at = utcnow()
        audit.record(manager, "complaint.acknowledged", complaint.case_id,
                     complaint_id=complaint.id)
        db.session.commit()
