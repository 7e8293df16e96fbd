"""Parole in the words a victim reads: where the Parole Board's review is, its decision, and
what the victim can do (a statement for the Parole Board, applying to attend, asking for a
summary of the decision)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.models.parole import ParoleReview, ParoleStatus

# The Parole Board's own pages on GOV.UK: the only address given (decision summaries are
# asked for there).
PAROLE_BOARD_URL = "https://www.gov.uk/government/organisations/parole-board"

DECISIONS = {
    ParoleStatus.RELEASE_DIRECTED: (
        _l("The Parole Board has said the offender can be released."),
        _l("This means they will leave prison with rules to follow. We will tell you when, and "
           "the rules that protect you.")),
    ParoleStatus.RELEASE_REFUSED: (
        _l("The Parole Board has said the offender must stay in prison."),
        _l("This means they will not be released for now. Their case will be looked at again "
           "later. We will tell you when.")),
    ParoleStatus.OPEN_CONDITIONS: (
        _l("The Parole Board has said the offender could move to an open prison."),
        _l("This means a prison with fewer locks. It is advice. The Ministry of Justice "
           "decides if it happens. We will tell you.")),
}


def status(review: ParoleReview) -> str:
    """Where the review is, in one or two plain sentences."""
    state = review.parole_status
    if state is ParoleStatus.ELIGIBLE:
        return _("The Parole Board has not started to look at the case yet. We will tell you "
                 "when it does.")
    if state is ParoleStatus.REVIEW_STARTED:
        return _("The Parole Board has started to look at whether the offender can be "
                 "released.")
    if state is ParoleStatus.HEARING_LISTED:
        return _("The Parole Board will meet about the offender on %(date)s. This is called a "
                 "hearing.", date=_long(review.hearing_on))
    return str(DECISIONS[state][0])


def meaning(review: ParoleReview) -> str | None:
    """What a decision means for the victim; None before one."""
    found = DECISIONS.get(review.parole_status)
    return str(found[1]) if found else None


def _long(day) -> str:
    from flask_babel import format_date

    return format_date(day, "full")
