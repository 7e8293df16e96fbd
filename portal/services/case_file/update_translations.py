"""Caseworkers' words, translated for victims who read another language.

A victim whose language is not the one an update was written in gets the translated template
with the caseworker's words marked as theirs, in the original language, at once. Those victims
wait in a list in the console until a caseworker or a translator attaches a translation; it is
then shown on the case page in place of the original and sent to them as a new message.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Case, CaseVictim, Caseworker, Update, UpdateTranslation, Victim
from portal.models.enums import Role
from portal.services import audit
from portal.services.case_file import update_text, vcs_referral
from portal.services.errors import InvalidInput, NotFound


@dataclass
class Waiting:
    """Victims waiting for an update's words in their language. A translator is shown how many
    are waiting, never who they are or which case it is."""

    update: Update
    language: str
    count: int
    victim_names: list[str] | None  # None for a translator
    case_reference: str | None  # None for a translator


def _visible_updates(person: Caseworker):
    query = (select(Update).join(Case).where(Update.body_text != "")
             .options(selectinload(Update.translations),
                      selectinload(Update.case).options(
                          selectinload(Case.victim_links).selectinload(CaseVictim.victim),
                          selectinload(Case.vcs_referrals)))
             .order_by(Update.created_at))
    if person.role != Role.TRANSLATOR:
        query = query.where(Case.team_id == person.team_id)
    return db.session.scalars(query)


def waiting(person: Caseworker) -> list[Waiting]:
    """Victims still waiting for the caseworker's words in their language, oldest first: a
    caseworker sees their team's cases, a translator every team's (without names)."""
    translator = person.role == Role.TRANSLATOR
    rows = []
    for update in _visible_updates(person):
        done = {t.language for t in update.translations} | {update.language}
        # A victim who declined the scheme is not waiting for news of the offender.
        leave_out = vcs_referral.left_out(update.case, update.event)
        by_language: dict[str, list[Victim]] = {}
        for victim in update.case.victims:
            if victim.language not in done and victim.id not in leave_out:
                by_language.setdefault(victim.language, []).append(victim)
        rows.extend(
            Waiting(update, language, len(victims),
                    None if translator else [v.full_name for v in victims],
                    None if translator else update.case.crime_reference)
            for language, victims in sorted(by_language.items()))
    return rows


def attach(person: Caseworker, update: Update, language: str, typed: str) -> UpdateTranslation:
    """Keep the translation and send it, in the same transaction, to the update's victims who
    read that language."""
    from portal.services.delivery import outbox

    readers = [v for v in update.case.victims if v.language == language]
    if language == update.language or not readers:
        raise NotFound()
    # Nothing about the offender after sentence for a victim who declined the scheme.
    leave_out = vcs_referral.left_out(update.case, update.event)
    readers = [v for v in readers if v.id not in leave_out]
    if any(t.language == language for t in update.translations):
        raise InvalidInput("body", _l("This update has already been translated into that "
                                      "language"))
    html = update_text.to_html(typed)
    if not html.strip():
        raise InvalidInput("body", _l("Write the translation"))
    translation = UpdateTranslation(update=update, language=language, body_html=html,
                                    body_text=update_text.to_text(html), translated_by=person)
    db.session.add(translation)
    db.session.flush()
    outbox.notify_update(update, victims=readers)
    audit.record(person, "update.translated", update.case_id, update_id=update.id,
                 language=language)
    db.session.commit()
    return translation
