"""Who may see what: one loader per audience, used by every route that takes an id.

Each loader fetches a case, or an item on a case, and refuses it in the same call (flaskr's
``get_post(id, check_author)``), so no view can forget the check. Every refusal raises
NotFound, the same answer as for something that does not exist, and is audited.

- Victims see the cases they are on, and on those cases only what is theirs (their
  statements, their requests) or the case's own (updates, hearings).
- Caseworkers and team managers see their own team's cases, and everything on them. A team
  that handed a case on sees it no longer: its history included. They see their own team's
  changes at court (bulk jobs), whoever in the team asked for them.
- Nominated supporters see, on the cases a victim chose, only what the victim allows them
  (services/supporters.py): never the victim's own items.
- Translators see the caseworkers' words that victims are waiting for in a language, and no
  names or other case content.
- Administrators see no case content at all.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import bindparam, func, select

from portal.extensions import db
from portal.models import (
    BulkJob,
    Case,
    CaseMessage,
    CaseVictim,
    Caseworker,
    CourtNeed,
    Decision,
    Hearing,
    PageChange,
    ReviewRequest,
    Supporter,
    SupporterAccess,
    TeamChange,
    Update,
    Victim,
    WordsKind,
    WordsTranslation,
)
from portal.models.conversations import FROM_CASEWORKER
from portal.models.enums import Role, Stage
from portal.services import audit
from portal.services.errors import NotFound

CASE_ROLES = frozenset({Role.CASEWORKER, Role.MANAGER})
# The largest id a database integer column holds: anything larger cannot exist.
MAX_ID = 2**31 - 1

Item = TypeVar("Item")


def refuse(person, case_id: int | None, **detail) -> NotFound:
    """Audit a refusal (committed at once: nothing else is being saved) and return the error
    to raise."""
    audit.record_now(person, "case.refused", None, requested_case_id=case_id, **detail)
    return NotFound()


def _valid(number: int | None) -> bool:
    return number is not None and 0 < number <= MAX_ID


# --- victims -----------------------------------------------------------------------------------

def victim_case(victim: Victim, case_id: int, *, options=()) -> Case:
    """The case if this victim is on it; otherwise NotFound, audited."""
    case = None
    if _valid(case_id):
        # unique(): the options may join a collection (the case page's bail changes).
        case = db.session.scalars(
            select(Case).join(CaseVictim)
            .where(Case.id == case_id, CaseVictim.victim_id == victim.id).options(*options)
        ).unique().one_or_none()
    if case is None:
        raise refuse(victim, case_id)
    return case


# The versions are asked before anything else on a kept page, on every view: as Core
# statements built once, on the session's connection (its transaction), they cost about
# 0.17 ms against 0.42 ms through the ORM's execution (bench/national.py's victim pages).
def _portal_version():
    return select(func.max(PageChange.id)).scalar_subquery()


def _team_versions(team_id) -> tuple:
    return (select(func.max(TeamChange.id)).where(TeamChange.team_id == team_id)
            .scalar_subquery(),
            select(func.max(TeamChange.id)).where(TeamChange.team_id.is_(None))
            .scalar_subquery(),
            _portal_version())


_VICTIM_CASES_VERSION = (
    select(Case.id, Case.page_version, _portal_version()).join(CaseVictim)
    .where(CaseVictim.victim_id == bindparam("victim_id")).order_by(Case.id))
_TEAM_CASE_VERSION = (
    select(Case.due_stale, *_team_versions(bindparam("team_id")))
    .where(Case.id == bindparam("case_id"), Case.team_id == bindparam("team_id")))
_TEAM_PAGES_VERSION = select(*_team_versions(bindparam("team_id")))


def _ask(statement, **values):
    return db.session.connection().execute(statement, values)


def victim_case_version(victim: Victim, case_id: int, *also):
    """What a kept copy of the case page is kept under (portal/page_cache.py): the case's
    version and the portal-wide one, then the scalar subqueries ``also``, if this victim is
    on the case (the rule of ``victim_case``, in one small question); otherwise NotFound,
    audited. ``also`` are built once (the question is built once for them) and bound by the
    same ``victim_id`` and ``case_id``."""
    found = None
    if _valid(case_id):
        found = _ask(_victim_case_version(also), case_id=case_id, victim_id=victim.id).first()
    if found is None:
        raise refuse(victim, case_id)
    return found


@functools.cache
def _victim_case_version(also: tuple):
    return (select(Case.page_version, _portal_version(), *also).join(CaseVictim)
            .where(Case.id == bindparam("case_id"),
                   CaseVictim.victim_id == bindparam("victim_id")))


def victim_cases_version(victim: Victim) -> tuple:
    """What a kept copy of the victim's list of cases is kept under: each of their cases with
    its version, and the portal-wide version, in one question."""
    rows = _ask(_VICTIM_CASES_VERSION, victim_id=victim.id).all()
    return tuple((row[0], row[1]) for row in rows), (rows[0][2] if rows else None)


def team_case_version(person: Caseworker, case_id: int) -> tuple[bool, tuple]:
    """What a kept copy of the console's case page is kept under: whether the case's next duty
    is to be worked out again (then the page is drawn), and the team's versions, if the case
    belongs to this person's team (the rule of ``team_case``, in one small question);
    otherwise NotFound, audited."""
    found = None
    if person.role in CASE_ROLES and person.team_id is not None and _valid(case_id):
        found = _ask(_TEAM_CASE_VERSION, case_id=case_id, team_id=person.team_id).first()
    if found is None:
        raise refuse(person, case_id)
    return found[0], tuple(found[1:])


def team_pages_version(person: Caseworker) -> tuple | None:
    """What a kept copy of one of the team's console pages is kept under (portal/page_cache.py):
    the team's version, every team's and the portal-wide one, in one question; None for
    someone who is not in a case team (their pages are always drawn afresh)."""
    if person.role not in CASE_ROLES or person.team_id is None:
        return None
    return tuple(_ask(_TEAM_PAGES_VERSION, team_id=person.team_id).one())


def victim_item(victim: Victim, model: type[Item], item_id: int, case: Case) -> Item:
    """An item (statement, date to avoid, update...) on this victim's case. Items that belong
    to one victim (they have a ``victim_id``) must be this victim's own."""
    item = db.session.get(model, item_id) if _valid(item_id) else None
    mine = (item is not None and item.case_id == case.id
            and getattr(item, "victim_id", victim.id) == victim.id)
    if not mine:
        raise refuse(victim, case.id, item=model.__tablename__, item_id=item_id)
    return item


# --- nominated supporters ----------------------------------------------------------------------

def supporter_case(supporter: Supporter, access_id: int, permission: str) -> SupporterAccess:
    """A supporter's access to a victim's case, in force and allowing ``permission`` (one of
    services/supporters.PERMISSIONS); otherwise NotFound, audited. Every supporter route
    loads through here. Access on a case that has closed ends here (and with it the
    supporter's sessions: they sign in again to see what else they support)."""
    from portal.services import supporters

    row = db.session.get(SupporterAccess, access_id) if _valid(access_id) else None
    allowed = (row is not None and row.supporter_id == supporter.id
               and row.accepted_at is not None and row.ended_at is None
               and permission in supporters.PERMISSIONS and getattr(row, permission))
    if allowed and row.case.stage == Stage.CLOSED:
        supporters.end(row, "case_closed")
        allowed = False
    if not allowed:
        raise refuse(supporter, None, item="supporter_access", item_id=access_id,
                     permission=permission)
    return row


# --- caseworkers and team managers -------------------------------------------------------------

def team_case(person: Caseworker, case_id: int, *, options=()) -> Case:
    """The case, when it belongs to this person's team; otherwise NotFound, audited."""
    case = None
    if person.role in CASE_ROLES and person.team_id is not None and _valid(case_id):
        # unique(): the options may join a collection (the case's releases).
        case = db.session.scalars(
            select(Case).where(Case.id == case_id, Case.team_id == person.team_id)
            .options(*options)).unique().one_or_none()
    if case is None:
        raise refuse(person, case_id)
    return case


def team_item(person: Caseworker, model: type[Item], item_id: int,
              case: Case | None = None) -> Item:
    """An item on one of this person's team's cases (on ``case`` when given); otherwise
    NotFound, audited."""
    item = db.session.get(model, item_id) if _valid(item_id) else None
    allowed = item is not None and person.role in CASE_ROLES and person.team_id is not None
    if allowed:
        if case is not None:
            allowed = item.case_id == case.id
        else:
            allowed = db.session.scalar(select(Case.team_id).where(
                Case.id == item.case_id)) == person.team_id
    if not allowed:
        raise refuse(person, getattr(case, "id", None), item=model.__tablename__,
                     item_id=item_id)
    return item


def team_job(person: Caseworker, job_id: int) -> BulkJob:
    """A change at court this person's team asked for (the job and its progress); otherwise
    NotFound, audited."""
    job = db.session.get(BulkJob, job_id) if _valid(job_id) else None
    allowed = (job is not None and person.role in CASE_ROLES and person.team_id is not None
               and job.team_id == person.team_id)
    if not allowed:
        raise refuse(person, None, item=BulkJob.__tablename__, item_id=job_id)
    return job


def victim_on_case(person: Caseworker, case: Case, victim_id: int) -> Victim:
    """A victim on this (already checked) case; otherwise NotFound, audited."""
    if _valid(victim_id):
        for victim in case.victims:
            if victim.id == victim_id:
                return victim
    raise refuse(person, case.id, item="victim", item_id=victim_id)


def sees_cases(person: Caseworker) -> bool:
    """Whether this member of staff works on cases (and so may see case references and
    victims' names): caseworkers and team managers, not translators or administrators."""
    return person.role in CASE_ROLES and person.team_id is not None


# --- translators -------------------------------------------------------------------------------

def _may_translate_for(person: Caseworker, case: Case) -> bool:
    """Translators translate for every team; caseworkers and managers for their own team's
    cases; nobody else."""
    if person.role == Role.TRANSLATOR:
        return True
    return (person.role in CASE_ROLES and person.team_id is not None
            and case.team_id == person.team_id)


def update_to_translate(person: Caseworker, update_id: int, language: str) -> Update:
    """An update whose words a victim on its case is waiting to read in ``language``: any
    team's for a translator, the person's own team's for a caseworker or team manager."""
    update = db.session.get(Update, update_id) if _valid(update_id) else None
    allowed = update is not None and update.body_text != "" and language != update.language
    allowed = allowed and _may_translate_for(person, update.case)
    if allowed:
        translated = {t.language for t in update.translations}
        allowed = language not in translated and any(
            v.language == language for v in update.case.victims)
    if not allowed:
        raise refuse(person, None, requested_update_id=update_id, language=language)
    return update


@dataclass
class WordsToTranslate:
    """A caseworker's words outside an update (models.translations.WordsKind) that victims are
    waiting to read in a language: the item they are on, its case, the words, and who reads
    them in that language."""

    kind: WordsKind
    item: Decision | Hearing | CourtNeed | CaseMessage | ReviewRequest
    case: Case
    text: str
    readers: list[Victim]


# Where each kind of words lives: the model and its text; the words of a help at court answer,
# a reply and a review's outcome are for one victim, the rest for every victim on the case.
WORDS_SOURCES = {
    WordsKind.DECISION_REASONS: (Decision, lambda d: d.reasons),
    WordsKind.OUTCOME_NOTE: (Hearing, lambda h: h.outcome_note),
    WordsKind.COURT_HELP_ANSWER: (CourtNeed, lambda n: n.answer_note),
    WordsKind.REPLY: (CaseMessage,
                      lambda m: m.body if m.author_kind == FROM_CASEWORKER else None),
    WordsKind.REVIEW_OUTCOME: (ReviewRequest, lambda r: r.outcome_notes),
}
# The kinds of words written for one victim (item.victim), not for everyone on the case.
ONE_VICTIMS_WORDS = frozenset({WordsKind.COURT_HELP_ANSWER, WordsKind.REPLY,
                               WordsKind.REVIEW_OUTCOME})
# The language the caseworkers' words are taken to be in: none of these items records one.
WORDS_LANGUAGE = "en"


def words_readers(kind: WordsKind, item) -> list[Victim]:
    """The victims who read these words: one victim's own, or everyone's on the case."""
    if kind in ONE_VICTIMS_WORDS:
        return [item.victim]
    return item.case.victims


def words_to_translate(person: Caseworker, kind: str, item_id: int,
                       language: str) -> WordsToTranslate:
    """Words (a decision's reasons, an outcome note, a help at court answer, a reply, a
    review's outcome notes) a victim is waiting to read in ``language``: any team's for a
    translator, the person's own team's for a caseworker or team manager; otherwise NotFound,
    audited (as update_to_translate)."""
    found = None
    if kind in WordsKind.__members__.values() and _valid(item_id):
        kind = WordsKind(kind)
        model, words = WORDS_SOURCES[kind]
        item = db.session.get(model, item_id)
        text = words(item) if item is not None else None
        if text and language != WORDS_LANGUAGE:
            found = WordsToTranslate(kind, item, item.case, text,
                                     [v for v in words_readers(kind, item)
                                      if v.language == language])
    allowed = found is not None and bool(found.readers)
    allowed = allowed and _may_translate_for(person, found.case)
    if allowed:
        allowed = db.session.scalar(select(WordsTranslation.id).where(
            WordsTranslation.kind == found.kind, WordsTranslation.item_id == item_id,
            WordsTranslation.language == language)) is None
    if not allowed:
        raise refuse(person, None, requested_words=str(kind), item_id=item_id,
                     language=language)
    return found
