"""What was recorded about a victim's needs and their referrals, in the victim's words
(issue 14). The console's forms use the same names, so both read the same."""
from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal import i18n
from portal.models.support import (
    AccessNeed,
    Opening,
    ReferralStatus,
    ReviewPoint,
    Risk,
    SpecialMeasure,
    SupportKind,
)

ACCESS_NEEDS = {
    AccessNeed.INTERPRETER: _l("An interpreter"),
    AccessNeed.BSL: _l("A British Sign Language interpreter"),
    AccessNeed.EASY_READ: _l("Easy read letters"),
    AccessNeed.LARGE_PRINT: _l("Large print"),
    AccessNeed.STEP_FREE: _l("Step-free access"),
    AccessNeed.HEARING_LOOP: _l("A hearing loop"),
}

SUPPORT_KINDS = {
    SupportKind.EMOTIONAL: _l("Someone to talk to"),
    SupportKind.PRACTICAL: _l("Practical help, like money, housing or repairs"),
    SupportKind.DOMESTIC_ABUSE: _l("Help with domestic abuse"),
    SupportKind.SEXUAL_VIOLENCE: _l("Help after rape or sexual abuse"),
    SupportKind.HATE_CRIME: _l("Help after a hate crime"),
    SupportKind.YOUNG_PEOPLE: _l("Help for a child or young person"),
    SupportKind.LGBT: _l("Help from an LGBT+ service"),
    SupportKind.COURT: _l("Help with going to court"),
}

SPECIAL_MEASURES = {
    SpecialMeasure.SCREENS: _l("A screen so you do not see the defendant"),
    SpecialMeasure.LIVE_LINK: _l("Giving evidence by video from another room"),
    SpecialMeasure.PRIVATE: _l("The public asked to leave while you give evidence"),
    SpecialMeasure.NO_WIGS: _l("Judges and lawyers without wigs and gowns"),
    SpecialMeasure.RECORDED_INTERVIEW: _l("Your video interview played as your evidence"),
    SpecialMeasure.RECORDED_CROSS_EXAMINATION: _l("Your questioning recorded before the trial"),
    SpecialMeasure.INTERMEDIARY: _l("Someone to help you with the questions"),
    SpecialMeasure.COMMUNICATION_AIDS: _l("Aids to help you communicate"),
}

RISK = {
    Risk.NONE: _l("We do not think the suspect is a risk to you now."),
    Risk.SOME: _l("We think the suspect may be a risk to you. We will tell you how we will "
                  "keep you safe."),
    Risk.HIGH: _l("We think the suspect is a serious risk to you. We will tell you how we will "
                  "keep you safe."),
}

REVIEW_POINTS = {
    ReviewPoint.AFTER_CHARGE: _l("After someone is charged"),
    ReviewPoint.BEFORE_TRIAL: _l("Before the trial"),
    ReviewPoint.AFTER_SENTENCE: _l("After the sentence"),
}

# What the victim reads about each referral's status.
REFERRAL_STATUS = {
    ReferralStatus.SENT: _l("We have sent them your details. They will contact you."),
    ReferralStatus.ACCEPTED: _l("They have your details. They will contact you soon."),
    ReferralStatus.CONTACTED: _l("They have contacted you."),
    ReferralStatus.DECLINED: _l("They cannot help this time. We will talk to you about other "
                                "help."),
    ReferralStatus.REFUSED: _l("You told us you did not want us to pass on your details."),
}


def opening_hours(service) -> str | None:
    """When the service's phone line is open, in the reader's language ("Monday to Friday,
    09:00 to 17:00"); None when the directory does not say."""
    if service.opening == Opening.ALWAYS:
        return gettext("Open 24 hours, every day")
    if service.opening is None or service.opens_at is None or service.closes_at is None:
        return None
    times = {"opens": i18n.clock(service.opens_at), "closes": i18n.clock(service.closes_at)}
    if service.opening == Opening.EVERY_DAY:
        return gettext("Every day, %(opens)s to %(closes)s", **times)
    if service.opening == Opening.MONDAY_TO_SATURDAY:
        return gettext("Monday to Saturday, %(opens)s to %(closes)s", **times)
    return gettext("Monday to Friday, %(opens)s to %(closes)s", **times)
