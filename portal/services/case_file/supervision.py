"""Supervision (issue 16): a team manager samples the team's cases and reviews each against a
short checklist drawn from the inspection, and the reviews' results are counted month by month.

- The inspection found no supervisor review in 33 of 132 cases, and measured what the checklist
  asks: needs assessed, preferences asked and followed (57 of 132 asked, 48 of 57 followed),
  letters that give reasons with empathy, a personal statement offered, a referral made.
- A sample is the team's cases (never an anonymised one): some at random, every case whose
  next Victims' Code duty is overdue (as the team cases list counts it), or every case with a
  "No" to "Did you understand this update?". At most MAX_SAMPLE cases are listed.
- Each item is answered yes, partly, no or not applicable. A month's share of "yes" is of the
  answers that applied (not "not applicable").
- A review counts for the team whose work it reviewed (the case's team then) and the London
  month it was recorded in. The team's managers record and read reviews; a caseworker reads
  the reviews of the cases they are the contact for, and no one else's.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case as when
from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import Case, CaseReview, Caseworker, Update, UpdateFeedback
from portal.models.enums import Role
from portal.models.types import utcnow
from portal.services import access, audit
from portal.services.case_file import case_lists, due_index
from portal.services.errors import InvalidInput

ITEMS = ("needs_assessed", "preferences_followed", "letters_explained", "statement_offered",
         "referral_made")
ANSWERS = ("yes", "partly", "no", "not_applicable")
SAMPLES = ("random", "overdue", "not_understood")
CHOSEN = "chosen"  # a case the manager opened to review without a sample
SAMPLE_SIZES = (5, 10, 20)
MAX_SAMPLE = 100
MONTHS = 12
NOTE_LIMIT = 2000


def item_title(item: str):
    return {
        "needs_assessed": _l("The victim’s needs were assessed"),
        "preferences_followed": _l("Their preferences were asked and followed"),
        "letters_explained": _l("Letters gave reasons, with empathy"),
        "statement_offered": _l("A personal statement was offered"),
        "referral_made": _l("A referral to support was made"),
    }[item]


def answer_name(answer: str):
    return {"yes": _l("Yes"), "partly": _l("Partly"), "no": _l("No"),
            "not_applicable": _l("Not applicable")}.get(answer, answer)


def sample_name(rule: str):
    return {"random": _l("At random"),
            "overdue": _l("Every case with an overdue duty"),
            "not_understood": _l("Every case where a victim did not understand an update"),
            CHOSEN: _l("Chosen by the manager")}.get(rule, rule)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def last_months(now: dt.datetime, months: int = MONTHS) -> list[dt.date]:
    """The first days of the last ``months`` London months, this one last."""
    first = month_of(london.local_date(now))
    found = []
    for _ in range(months):
        found.append(first)
        first = month_of(first - dt.timedelta(days=1))
    return found[::-1]


@dataclass
class Sampled:
    case: Case
    last_reviewed: dt.datetime | None


def sample(person: Caseworker, rule: str, size: int = SAMPLE_SIZES[0],
           now: dt.datetime | None = None) -> list[Sampled]:
    """The team's cases to review by ``rule`` (SAMPLES), each with when it was last reviewed.
    ``size`` is for "random" only; the others list every case that fits (up to MAX_SAMPLE).
    The sample (its case ids) is audited."""
    now = now or utcnow()
    team_id = person.team_id
    query = select(Case).where(Case.team_id == team_id, Case.anonymised_at.is_(None))
    limit = MAX_SAMPLE
    if rule == "random":
        limit = size if size in SAMPLE_SIZES else SAMPLE_SIZES[0]
        query = query.order_by(func.random())
    elif rule == "overdue":
        due_index.refresh_team(team_id, now)  # as the team cases list does before it counts
        query = case_lists._due_filter(query, "overdue", now).order_by(Case.next_due_at)
    elif rule == "not_understood":
        query = query.where(exists().where(
            Update.case_id == Case.id, UpdateFeedback.update_id == Update.id,
            UpdateFeedback.understood == "no")).order_by(Case.id)
    else:
        raise InvalidInput("rule", _l("Choose how to pick the cases"))
    cases = list(db.session.scalars(
        query.limit(limit).options(selectinload(Case.contact))))
    ids = [c.id for c in cases]
    last = dict(db.session.execute(
        select(CaseReview.case_id, func.max(CaseReview.reviewed_at))
        .where(CaseReview.case_id.in_(ids)).group_by(CaseReview.case_id)).all()) if ids else {}
    audit.record(person, "supervision.sampled", rule=rule, case_ids=ids)
    db.session.commit()
    return [Sampled(c, last.get(c.id)) for c in cases]


def record(person: Caseworker, case: Case, sampled_by: str, answers: dict[str, str],
           note: str | None, now: dt.datetime | None = None) -> CaseReview:
    """A team manager's review of one of the team's cases (already checked by
    access.team_case): every item answered; audited."""
    now = now or utcnow()
    for item in ITEMS:
        if answers.get(item) not in ANSWERS:
            raise InvalidInput(item, _l("Choose yes, partly, no or not applicable"))
    note = (note or "").strip() or None
    if note and len(note) > NOTE_LIMIT:
        raise InvalidInput("note", _l("The note must be 2,000 characters or fewer"))
    review = CaseReview(
        case=case, team_id=case.team_id, reviewer_id=person.id, reviewed_at=now,
        month=month_of(london.local_date(now)),
        sampled_by=sampled_by if sampled_by in SAMPLES else CHOSEN, note=note,
        **{item: answers[item] for item in ITEMS})
    db.session.add(review)
    db.session.flush()
    audit.record(person, "case.reviewed", case.id, review_id=review.id)
    db.session.commit()
    return review


def of_case(person: Caseworker, case: Case) -> list[CaseReview]:
    """The reviews of one of the team's cases (already checked by access.team_case), newest
    first: for its team's managers and its contact; anyone else in the team: NotFound,
    audited."""
    if person.role != Role.MANAGER and case.contact_id != person.id:
        raise access.refuse(person, case.id, item="case_review")
    return list(db.session.scalars(
        select(CaseReview).where(CaseReview.case_id == case.id)
        .options(selectinload(CaseReview.reviewer))
        .order_by(CaseReview.reviewed_at.desc(), CaseReview.id.desc())))


def of_my_cases(person: Caseworker, limit: int = 50) -> list[CaseReview]:
    """The reviews of the team's cases this person is the contact for, newest first."""
    return list(db.session.scalars(
        select(CaseReview).join(Case, Case.id == CaseReview.case_id)
        .where(Case.contact_id == person.id, Case.team_id == person.team_id)
        .options(selectinload(CaseReview.case), selectinload(CaseReview.reviewer))
        .order_by(CaseReview.reviewed_at.desc(), CaseReview.id.desc()).limit(limit)))


@dataclass
class Answers:
    yes: int = 0
    partly: int = 0
    no: int = 0
    not_applicable: int = 0

    @property
    def applied(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def share_yes(self) -> int | None:
        """Whole per cent of the answers that applied; None when none did."""
        return round(100 * self.yes / self.applied) if self.applied else None


@dataclass
class Results:
    months: list[dt.date]  # first days, oldest first
    reviews: list[int]  # aligned with months
    items: dict[str, list[Answers]]  # each aligned with months

    @property
    def total(self) -> int:
        return sum(self.reviews)

    @property
    def together(self) -> list[Answers]:
        """Every question's answers together, each month (the chart's bars)."""
        found = []
        for n in range(len(self.months)):
            month = Answers()
            for answers in self.items.values():
                for answer in ANSWERS:
                    setattr(month, answer, getattr(month, answer) + getattr(answers[n], answer))
            found.append(month)
        return found


def results(team_id: int, now: dt.datetime | None = None, months: int = MONTHS,
            last_month: dt.date | None = None) -> Results:
    """The team's reviews month by month, each item's answers counted: one GROUP BY."""
    now = now or utcnow()
    firsts = last_months(london.start_of_day(last_month) if last_month else now, months)
    index = {first: n for n, first in enumerate(firsts)}
    found = Results(firsts, [0 for _ in firsts],
                    {item: [Answers() for _ in firsts] for item in ITEMS})
    sums = [func.sum(when((getattr(CaseReview, item) == answer, 1), else_=0))
            for item in ITEMS for answer in ANSWERS]
    for month, count, *numbers in db.session.execute(
            select(CaseReview.month, func.count(), *sums)
            .where(CaseReview.team_id == team_id, CaseReview.month >= firsts[0],
                   CaseReview.month <= firsts[-1])
            .group_by(CaseReview.month)):
        n = index[month]
        found.reviews[n] = count
        numbers = [int(x or 0) for x in numbers]
        for i, item in enumerate(ITEMS):
            found.items[item][n] = Answers(*numbers[i * len(ANSWERS):(i + 1) * len(ANSWERS)])
    return found


def _in_nation(query, in_nation):
    """Only the reviews of cases in England or in Wales (the area view narrowed)."""
    if in_nation is None:
        return query
    return query.join(Case, Case.id == CaseReview.case_id).where(Case.area == in_nation)


def by_team(since_month: dt.date, in_nation=None) -> dict[int, Answers]:
    """Every team's answers (all items together) since a month: for the area view (the cases
    in one nation only, if given)."""
    sums = [func.sum(sum((when((getattr(CaseReview, item) == answer, 1), else_=0)
                          for item in ITEMS), start=0)) for answer in ANSWERS]
    found = {}
    for team_id, *numbers in db.session.execute(_in_nation(
            select(CaseReview.team_id, *sums).where(CaseReview.month >= since_month),
            in_nation).group_by(CaseReview.team_id)):
        found[team_id] = Answers(*(int(x or 0) for x in numbers))
    return found


def reviews_by_team(since_month: dt.date, in_nation=None) -> dict[int, int]:
    return dict(db.session.execute(_in_nation(
        select(CaseReview.team_id, func.count()).where(CaseReview.month >= since_month),
        in_nation).group_by(CaseReview.team_id)).all())
