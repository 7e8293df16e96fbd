"""The victim's say on licence conditions before a release (the Victim Contact Scheme): which
conditions they want (no contact, an area the offender must not enter, something else) and
their words.

It reaches the case team as a message in the victim's thread (their words, kept like any
message) and a task for the victim liaison officer, in the same transaction. It is audited
without its words and limited per hour like a victim's messages.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.models import Case, CaseMessage, TaskKind, Victim
from portal.models.conversations import FROM_VICTIM
from portal.models.types import utcnow
from portal.services import attempts, audit
from portal.services.errors import InvalidInputs, LimitReached

WORDS_MAX = 2000
# What a victim can ask for: codes only (the task holds these, never the words).
WANTS = ("no_contact", "exclusion_area", "other")


def say(victim: Victim, case: Case, wants: list[str] | None, words: str | None,
        now: dt.datetime | None = None) -> CaseMessage:
    """Keep what the victim wants and tell the team. InvalidInputs (nothing kept) for a rule
    broken; LimitReached past the hourly limit."""
    now = now or utcnow()
    chosen = [w for w in (wants or []) if w in WANTS]
    text = (words or "").strip().replace("\r\n", "\n")
    if not chosen and not text:
        raise InvalidInputs({"words": str(_l("Choose a rule, or tell us what you want"))})
    if len(text) > WORDS_MAX:
        raise InvalidInputs({"words": str(_l("Use no more than %(limit)d characters",
                                             limit=WORDS_MAX))})
    if attempts.take("victim_licence_say", str(victim.id),
                     current_app.config["VICTIM_MESSAGES_PER_HOUR"]):
        raise LimitReached("words", str(_l("You have sent a lot in the last hour. Your case "
                                           "team has it. Please try again later.")))
    message = CaseMessage(case=case, victim=victim, author_kind=FROM_VICTIM,
                          body=text or "-", created_at=now)
    db.session.add(message)
    db.session.flush()
    from portal.services.delivery.tasks import tell_case_team

    task = tell_case_team(case, TaskKind.LICENCE_SAY, victim=victim, due_from=now,
                          message_id=message.id, wants=chosen)
    case.updated_at = now
    db.session.flush()
    audit.record(victim, "licence.say", case.id, message_id=message.id, task_id=task.id,
                 wants=chosen)
    db.session.commit()
    return message
