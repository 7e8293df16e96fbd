"""The domain's fixed vocabularies. Stored as their string values; labels live in portal.content."""
from __future__ import annotations

import enum


class Stage(enum.StrEnum):
    """Where a case is on the victim's journey (domain.md, "The journey")."""

    REPORTED = "reported"
    INVESTIGATION = "investigation"
    CHARGING = "charging"
    COURT = "court"
    OUTCOME = "outcome"
    SENTENCE = "sentence"
    AFTER_SENTENCE = "after_sentence"
    CLOSED = "closed"


# The order a case normally moves through; CLOSED can follow any stage.
JOURNEY = (
    Stage.REPORTED,
    Stage.INVESTIGATION,
    Stage.CHARGING,
    Stage.COURT,
    Stage.OUTCOME,
    Stage.SENTENCE,
    Stage.AFTER_SENTENCE,
)


class TeamKind(enum.StrEnum):
    POLICE = "police"
    WITNESS_CARE = "witness_care"
    PROSECUTION = "prosecution"
    PROBATION = "probation"


class Role(enum.StrEnum):
    CASEWORKER = "caseworker"
    MANAGER = "manager"
    ADMIN = "admin"
    # Translates caseworkers' words for victims in any team; sees nothing else of a case.
    TRANSLATOR = "translator"
    # Compares the teams on the same measures (the area view, counts only); no team, no case,
    # no administration.
    AREA_LEAD = "area_lead"


class Area(enum.StrEnum):
    """Which nation's bank holidays count towards the case's deadlines."""

    ENGLAND = "england"
    WALES = "wales"


class HearingKind(enum.StrEnum):
    FIRST = "first"
    PLEA_AND_TRIAL_PREPARATION = "plea_and_trial_preparation"
    MENTION = "mention"
    TRIAL = "trial"
    SENTENCING = "sentencing"
    APPEAL = "appeal"


class HearingStatus(enum.StrEnum):
    LISTED = "listed"
    MOVED = "moved"
    VACATED = "vacated"
    HEARD = "heard"


class HearingOutcome(enum.StrEnum):
    ADJOURNED = "adjourned"
    SENT_TO_CROWN_COURT = "sent_to_crown_court"
    GUILTY_PLEA = "guilty_plea"
    NOT_GUILTY_PLEA = "not_guilty_plea"
    TRIAL_COMPLETED = "trial_completed"
    SENTENCED = "sentenced"
    APPEAL_DECIDED = "appeal_decided"


class DecisionKind(enum.StrEnum):
    CHARGED = "charged"
    NO_FURTHER_ACTION = "no_further_action"
    OUT_OF_COURT = "out_of_court"
    CHARGE_DROPPED = "charge_dropped"
    CHARGE_CHANGED = "charge_changed"
    VERDICT_GUILTY = "verdict_guilty"
    VERDICT_NOT_GUILTY = "verdict_not_guilty"
    SENTENCE = "sentence"
    APPEAL = "appeal"


class Offence(enum.StrEnum):
    """Offences the portal can name in the victim's language."""

    COMMON_ASSAULT = "common_assault"
    ASSAULT_ACTUAL_BODILY_HARM = "assault_abh"
    GRIEVOUS_BODILY_HARM = "gbh"
    ROBBERY = "robbery"
    BURGLARY = "burglary"
    THEFT = "theft"
    VEHICLE_THEFT = "vehicle_theft"
    CRIMINAL_DAMAGE = "criminal_damage"
    FRAUD = "fraud"
    HARASSMENT = "harassment"
    STALKING = "stalking"
    SEXUAL_ASSAULT = "sexual_assault"
    RAPE = "rape"
    CONTROLLING_BEHAVIOUR = "controlling_behaviour"
    RACIALLY_AGGRAVATED_PUBLIC_ORDER = "racially_aggravated_public_order"


VIOLENT_OR_SEXUAL_OFFENCES = frozenset(
    {
        Offence.COMMON_ASSAULT,
        Offence.ASSAULT_ACTUAL_BODILY_HARM,
        Offence.GRIEVOUS_BODILY_HARM,
        Offence.ROBBERY,
        Offence.STALKING,
        Offence.SEXUAL_ASSAULT,
        Offence.RAPE,
        Offence.CONTROLLING_BEHAVIOUR,
    }
)


class Channel(enum.StrEnum):
    SMS = "sms"
    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"


class Frequency(enum.StrEnum):
    EVERY_UPDATE = "every_update"
    KEY_DECISIONS = "key_decisions"
    WEEKLY_SUMMARY = "weekly_summary"


class Principal(enum.StrEnum):
    """Who a login session or an audit entry belongs to."""

    VICTIM = "victim"
    CASEWORKER = "caseworker"
    SYSTEM = "system"
    # A person a victim chose to help them follow a case (models/supporters.py).
    SUPPORTER = "supporter"


class UpdateEvent(enum.StrEnum):
    """What an update to victims is about (the caseworker picks one when posting)."""

    HEARING_LISTED = "hearing_listed"
    HEARING_MOVED = "hearing_moved"
    HEARING_VACATED = "hearing_vacated"
    HEARING_OUTCOME = "hearing_outcome"
    CHARGED = "charged"
    NO_FURTHER_ACTION = "no_further_action"
    CHARGE_DROPPED = "charge_dropped"
    CHARGE_CHANGED = "charge_changed"
    VERDICT = "verdict"
    SENTENCE = "sentence"
    APPEAL = "appeal"
    OFFENDER_RELEASED = "offender_released"
    # The suspect's bail or custody changed (services/case_file/bail.py): granted, varied,
    # breached, remanded, released.
    BAIL_CHANGED = "bail_changed"
    # The offender will be released on a day known ahead, with licence conditions
    # (services/case_file/release.py); and urgent news about the offender (escape, recall...).
    RELEASE_PLANNED = "release_planned"
    URGENT_ALERT = "urgent_alert"
    GENERAL = "general"
    # The case was closed (services/case_file/closure.py): why, and what support remains.
    CASE_CLOSED = "case_closed"
    # Something the police hold for the case can be collected (models/property.py).
    PROPERTY_READY = "property_ready"
    # Parole (services/case_file/parole.py): the Parole Board's review has started; its decision.
    PAROLE_REVIEW_STARTED = "parole_review_started"
    PAROLE_DECISION = "parole_decision"


# Events a victim who asked for "key decisions only" is still told about.
KEY_EVENTS = frozenset({
    UpdateEvent.CHARGED, UpdateEvent.NO_FURTHER_ACTION, UpdateEvent.CHARGE_DROPPED,
    UpdateEvent.CHARGE_CHANGED, UpdateEvent.VERDICT, UpdateEvent.SENTENCE, UpdateEvent.APPEAL,
    UpdateEvent.OFFENDER_RELEASED, UpdateEvent.HEARING_MOVED, UpdateEvent.HEARING_VACATED,
    UpdateEvent.BAIL_CHANGED, UpdateEvent.CASE_CLOSED, UpdateEvent.RELEASE_PLANNED,
    UpdateEvent.URGENT_ALERT, UpdateEvent.PAROLE_REVIEW_STARTED, UpdateEvent.PAROLE_DECISION,
})
