"""What each Victims' Code obligation is called on the console, and how it is met."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models.actions import ObligationKind as K

# (what to do, how the console records that it was done)
OBLIGATIONS = {
    K.WRITTEN_CONFIRMATION: (
        _l("Send written confirmation of the crime"),
        _l("Record what was sent and how, with the crime reference.")),
    K.NEEDS_ASSESSMENT: (
        _l("Assess the victim’s needs"),
        _l("Record a needs assessment under “Needs and support”.")),
    K.SUPPORT_REFERRAL: (
        _l("Refer to support services"),
        _l("Refer under “Needs and support”, with the victim’s consent, or record that they "
           "said no.")),
    K.CONTACT_PREFERENCES: (
        _l("Ask how and when the victim wants updates"),
        _l("Met when every victim has answered at sign-in, or record what they told you.")),
    K.PERSONAL_STATEMENT: (
        _l("Offer a statement about how the crime affected them"),
        _l("Record when it was offered and what the victim decided.")),
    K.HEARING_DATE_TOLD: (
        _l("Tell the victim about the hearing"),
        _l("Post an update about the hearing, or record how you told them.")),
    K.HEARING_OUTCOME_TOLD: (
        _l("Tell the victim what happened at the hearing"),
        _l("Post an update about the outcome, or record how you told them.")),
    K.DECISION_LETTER: (
        _l("Explain the decision: reasons, review and support"),
        _l("Post the decision update with the reasons, how to ask for a review and where to "
           "get support.")),
    K.VCS_REFERRAL: (
        _l("Refer to the Victim Contact Scheme"),
        _l("Record the referral to the probation victim contact team.")),
    K.RELEASE_CONTACT: (
        _l("Contact the victim about the release"),
        _l("Post an update about the release, or record how you told them.")),
    K.BAIL_TOLD: (
        _l("Tell the victim about the change of bail or custody"),
        _l("Post the bail update, or record how you told them. One update covers every change "
           "recorded before it.")),
    K.REVIEW_ACKNOWLEDGED: (
        _l("Acknowledge the request for a review"),
        _l("Record that you acknowledged it on the review request, in the case page.")),
    K.REVIEW_DECIDED: (
        _l("Give the outcome of the review, with reasons"),
        _l("Record the outcome and its reasons on the review request, in the case page.")),
    K.RELEASE_NOTICE: (
        _l("Tell the victim about the release before it happens"),
        _l("Post the release update with the date and the licence conditions, or record how "
           "you told them. It is due 5 working days before the expected release.")),
    K.PROBATION_LETTER: (
        _l("Write to the victim about the Victim Contact Scheme"),
        _l("Record the letter sent to the victim referred to the scheme, in their language, "
           "with advice on unwanted contact.")),
    K.PAROLE_REVIEW_TOLD: (
        _l("Tell the victim the parole review has started"),
        _l("Post the parole update. It offers a statement for the Parole Board and the chance "
           "to apply to attend the hearing. Or record how you told them.")),
    K.PAROLE_DECISION_TOLD: (
        _l("Tell the victim the Parole Board’s decision"),
        _l("Post the parole decision update, or record how you told them.")),
}


def title(kind: str) -> str:
    return OBLIGATIONS[K(kind)][0]


def how_met(kind: str) -> str:
    return OBLIGATIONS[K(kind)][1]
