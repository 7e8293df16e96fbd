"""The caseworkers' other words, translated for victims who read another language: a decision's
reasons, a hearing's outcome note, the answer to a request for help at court, a reply to a
victim's message and the reasons given for the outcome of a victim's request for a review
(update text has its own queue, update_translations.py).

The caseworker wrote them in English (none of these items records a language). A victim who
reads another language sees them as written, marked as English, until a caseworker or a
translator attaches a translation; the victim's pages then show it, marked as a translation,
with the English on request. A translated reply tells the victim, as the reply itself did;
the other words were told by their update and are not sent again.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select

from portal.extensions import db
from portal.models import (
    Case,
    CaseMessage,
    CaseVictim,
    Caseworker,
    CourtNeed,
    Decision,
    Hearing,
    ReviewRequest,
    Victim,
    WordsKind,
    WordsTranslation,
)
from portal.models.conversations import FROM_CASEWORKER
from portal.models.enums import Role
from portal.models.types import utcnow
from portal.services import audit
from portal.services.access import WORDS_LANGUAGE, WordsToTranslate
from portal.services.errors import InvalidInput

MAX_LENGTH = 4000


@dataclass
class WordsWaiting:
    """Victims waiting for one item's words in one language. A translator is shown how many
    are waiting, never who they are or which case it is."""

    kind: WordsKind
    item_id: int
    language: str
    text: str
    written_at: dt.datetime | None
    count: int
    victim_names: list[str] | None  # None for a translator
    case_reference: str | None  # None for a translator


def _sources():
    """For each kind: the item's id, words and time, and how its readers join it (every victim
    on the case, or the one victim the item is for)."""
    on_case = (CaseVictim, Victim)
    return [
        (WordsKind.DECISION_REASONS, Decision, Decision.reasons, Decision.recorded_at,
         Decision.reasons != "", on_case),
        (WordsKind.OUTCOME_NOTE, Hearing, Hearing.outcome_note, Hearing.outcome_recorded_at,
         and_(Hearing.outcome_note.is_not(None), Hearing.outcome_note != ""), on_case),
        (WordsKind.COURT_HELP_ANSWER, CourtNeed, CourtNeed.answer_note, CourtNeed.answered_at,
         and_(CourtNeed.answer_note.is_not(None), CourtNeed.answer_note != ""), None),
        (WordsKind.REPLY, CaseMessage, CaseMessage.body, CaseMessage.created_at,
         CaseMessage.author_kind == FROM_CASEWORKER, None),
        (WordsKind.REVIEW_OUTCOME, ReviewRequest, ReviewRequest.outcome_notes,
         ReviewRequest.decided_at,
         and_(ReviewRequest.outcome_notes.is_not(None), ReviewRequest.outcome_notes != ""),
         None),
    ]


def waiting(person: Caseworker) -> list[WordsWaiting]:
    """Every item whose words a victim on its case is waiting to read in their language, by
    language and then oldest first: a caseworker sees their team's cases, a translator every
    team's (without names or references). One query per kind of words."""
    translator = person.role == Role.TRANSLATOR
    grouped: dict[tuple, WordsWaiting] = {}
    for kind, model, words, written_at, has_words, on_case in _sources():
        query = select(model.id, words, written_at, Victim.language, Victim.full_name,
                       Case.crime_reference).join(Case, Case.id == model.case_id)
        if on_case:
            query = (query.join(CaseVictim, CaseVictim.case_id == Case.id)
                     .join(Victim, Victim.id == CaseVictim.victim_id))
        else:
            query = query.join(Victim, Victim.id == model.victim_id)
        query = (query.outerjoin(WordsTranslation, and_(
            WordsTranslation.kind == kind, WordsTranslation.item_id == model.id,
            WordsTranslation.language == Victim.language))
            .where(has_words, Victim.language != WORDS_LANGUAGE, WordsTranslation.id.is_(None))
            .order_by(model.id, Victim.id))
        if not translator:
            query = query.where(Case.team_id == person.team_id)
        for item_id, text, when, language, name, reference in db.session.execute(query):
            row = grouped.get((kind, item_id, language))
            if row is None:
                row = grouped[(kind, item_id, language)] = WordsWaiting(
                    kind, item_id, language, text, when, 0, None if translator else [],
                    None if translator else reference)
            row.count += 1
            if not translator:
                row.victim_names.append(name)
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    return sorted(grouped.values(),
                  key=lambda r: (r.language, r.written_at or far, r.kind, r.item_id))


def by_language(rows: list[WordsWaiting]) -> list[tuple[str, int, list[WordsWaiting]]]:
    """(language, victims waiting in it, its rows), for the console's page."""
    groups: dict[str, list[WordsWaiting]] = {}
    for row in rows:
        groups.setdefault(row.language, []).append(row)
    return [(language, sum(r.count for r in items), items)
            for language, items in groups.items()]


def attach(person: Caseworker, words: WordsToTranslate, language: str,
           typed: str) -> WordsTranslation:
    """Keep the translation (``words`` as loaded by services/access.words_to_translate), and
    tell the victim of a translated reply, as the reply told them."""
    from portal.services.delivery import outbox

    text = (typed or "").strip().replace("\r\n", "\n")
    if not text:
        raise InvalidInput("body", _l("Write the translation"))
    if len(text) > MAX_LENGTH:
        raise InvalidInput("body", _l("The translation must be %(limit)d characters or fewer",
                                      limit=MAX_LENGTH))
    done = db.session.scalar(select(WordsTranslation.id).where(
        WordsTranslation.kind == words.kind, WordsTranslation.item_id == words.item.id,
        WordsTranslation.language == language))
    if done is not None:  # two people translating at once
        raise InvalidInput("body", _l("These words have already been translated into that "
                                      "language"))
    translation = WordsTranslation(kind=words.kind, item_id=words.item.id, language=language,
                                   text=text, translated_by=person)
    db.session.add(translation)
    words.case.updated_at = utcnow()
    db.session.flush()
    if words.kind is WordsKind.REPLY:
        outbox.notify_message(words.item)
    audit.record(person, "words.translated", words.case.id, kind=words.kind.value,
                 item_id=words.item.id, language=language)
    db.session.commit()
    return translation


def for_reader(language: str, items: dict[WordsKind, list[int]]) -> dict[tuple, str]:
    """{(kind, item id): translated words} in the reader's language for these items: one query
    (none for a reader of the language the words were written in)."""
    wanted = [(kind, ids) for kind, ids in items.items() if ids]
    if language == WORDS_LANGUAGE or not wanted:
        return {}
    rows = db.session.execute(
        select(WordsTranslation.kind, WordsTranslation.item_id, WordsTranslation.text)
        .where(WordsTranslation.language == language,
               or_(*(and_(WordsTranslation.kind == kind, WordsTranslation.item_id.in_(ids))
                     for kind, ids in wanted))))
    return {(WordsKind(kind), item_id): text for kind, item_id, text in rows}
