"""Closing a case (issue 14): why it closed, what the victims are told, and what support
remains.

Every victim on the case is sent a "case closed" update through the normal update path
(services/case_file/updates.post: its notifications, channels and languages), naming the
reason in plain words and what remains: Victim Support, the case team's answers to questions
until a date, and the complaints route. The duties that closing makes moot stop
(services/case_file/obligations.py: ``MOOT_ON_CLOSING``); duties met or overdue stay as they
were.
"""
from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import i18n, london
from portal.models import Case
from portal.models.types import utcnow

AFTER_SENTENCE = "after_sentence"
NO_FURTHER_ACTION = "no_further_action"
NOT_GUILTY = "not_guilty"
OUT_OF_COURT = "out_of_court"
CASE_STOPPED = "case_stopped"
# The reasons a case closes, as the console offers them (staff words).
REASONS = {
    AFTER_SENTENCE: _l("The offender was sentenced"),
    NO_FURTHER_ACTION: _l("No further action"),
    NOT_GUILTY: _l("Found not guilty"),
    OUT_OF_COURT: _l("Dealt with out of court (a caution or community resolution)"),
    CASE_STOPPED: _l("The prosecution stopped the case"),
}
# How long the case team still answers the victims' questions after closing (local: the Code
# sets no period; three months matches the time to ask for a review).
QUESTIONS_FOR = relativedelta(months=3)


def questions_until(closed_on: dt.date) -> dt.date:
    return closed_on + QUESTIONS_FOR


def closure_text(case: Case, reason: str, language: str = "en",
                 now: dt.datetime | None = None) -> str:
    """What each victim is told when the case closes, in the reader's language."""
    until = questions_until(london.local_date(now or utcnow()))
    with i18n.as_reader(language):
        why = {
            AFTER_SENTENCE: _("The court has sentenced the offender, so the court case is over."),
            NO_FURTHER_ACTION: _("The case will not be taken further, as we told you before."),
            NOT_GUILTY: _("The court found the defendant not guilty, so the court case is "
                          "over."),
            OUT_OF_COURT: _("The case was dealt with without going to court, as we told you "
                            "before."),
            CASE_STOPPED: _("The prosecution stopped the case, as we told you before."),
        }[reason]
        team = case.team
        parts = [
            _("We have closed your case."),
            why,
            _("You can still get support. Victim Support can help you, whatever you feel about "
              "the result. Call them free on 0808 16 89 111, at any time."),
            _("Your contact can still answer your questions until %(date)s. Send a message on "
              "your case page, or call %(team)s.", date=format_date(until, "long"),
              team=i18n.local_name(team)),
            _("If you are not happy with how we dealt with your case, you can make a complaint "
              "on your case page."),
        ]
        if reason == AFTER_SENTENCE and case.violent_or_sexual:
            parts.append(_("If you joined the Victim Contact Scheme, probation will still tell "
                           "you about the offender."))
    return "\n\n".join(parts)
