"""The translated parts of every update: a headline per event. The caseworker's own words are
added to these, marked as theirs, in the language they wrote them in."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models.enums import UpdateEvent

HEADLINES = {
    UpdateEvent.HEARING_LISTED: _l("A court hearing has been arranged"),
    UpdateEvent.HEARING_MOVED: _l("A court hearing has moved to a new date"),
    UpdateEvent.HEARING_VACATED: _l("A court hearing has been cancelled"),
    UpdateEvent.HEARING_OUTCOME: _l("There is news from a court hearing"),
    UpdateEvent.CHARGED: _l("Someone has been charged"),
    UpdateEvent.NO_FURTHER_ACTION: _l("The case will not be taken further"),
    UpdateEvent.CHARGE_DROPPED: _l("The prosecution has stopped the case"),
    UpdateEvent.CHARGE_CHANGED: _l("The charge has been changed"),
    UpdateEvent.VERDICT: _l("The court has reached a verdict"),
    UpdateEvent.SENTENCE: _l("The court has decided the sentence"),
    UpdateEvent.APPEAL: _l("There is news about an appeal"),
    UpdateEvent.OFFENDER_RELEASED: _l("The offender has been released"),
    UpdateEvent.BAIL_CHANGED: _l("There is news about the suspect and the rules that protect "
                                 "you"),
    UpdateEvent.RELEASE_PLANNED: _l("The offender will be released soon"),
    UpdateEvent.URGENT_ALERT: _l("Urgent news about the offender"),
    UpdateEvent.GENERAL: _l("There is an update on your case"),
    UpdateEvent.CASE_CLOSED: _l("Your case has been closed"),
    UpdateEvent.PROPERTY_READY: _l("You can collect your property"),
    UpdateEvent.PAROLE_REVIEW_STARTED: _l("The Parole Board is looking at the offender’s "
                                          "case"),
    UpdateEvent.PAROLE_DECISION: _l("The Parole Board has made a decision"),
}
