"""Names of the domain's vocabularies in the victim's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from portal.models.enums import (
    DecisionKind,
    HearingKind,
    HearingOutcome,
    Offence,
    TeamKind,
)

OFFENCES = {
    Offence.COMMON_ASSAULT: _l("Assault"),
    Offence.ASSAULT_ACTUAL_BODILY_HARM: _l("Assault causing injury"),
    Offence.GRIEVOUS_BODILY_HARM: _l("Assault causing serious injury"),
    Offence.ROBBERY: _l("Robbery"),
    Offence.BURGLARY: _l("Burglary"),
    Offence.THEFT: _l("Theft"),
    Offence.VEHICLE_THEFT: _l("Theft of a vehicle"),
    Offence.CRIMINAL_DAMAGE: _l("Damage to property"),
    Offence.FRAUD: _l("Fraud"),
    Offence.HARASSMENT: _l("Harassment"),
    Offence.STALKING: _l("Stalking"),
    Offence.SEXUAL_ASSAULT: _l("Sexual assault"),
    Offence.RAPE: _l("Rape"),
    Offence.CONTROLLING_BEHAVIOUR: _l("Controlling or coercive behaviour"),
    Offence.RACIALLY_AGGRAVATED_PUBLIC_ORDER: _l("Racially aggravated threatening behaviour"),
}

HEARING_KINDS = {
    HearingKind.FIRST: (_l("First hearing"),
                        _l("The first time the defendant goes to court. They may be asked "
                           "whether they plead guilty.")),
    HearingKind.PLEA_AND_TRIAL_PREPARATION: (
        _l("Hearing to prepare for trial"),
        _l("A short hearing where the defendant says whether they are guilty, and the court "
           "plans the trial.")),
    HearingKind.MENTION: (_l("Short hearing"), _l("A short hearing to prepare the case.")),
    HearingKind.TRIAL: (_l("Trial"),
                        _l("Witnesses give evidence and the court hears all of it. Then it "
                           "decides if the defendant is guilty or not.")),
    HearingKind.SENTENCING: (_l("Sentencing hearing"),
                             _l("The court decides the sentence. Your statement about how the "
                                "crime has affected you can be read.")),
    HearingKind.APPEAL: (_l("Appeal hearing"),
                         _l("A higher court looks again at the verdict or the sentence.")),
}

HEARING_OUTCOMES = {
    HearingOutcome.ADJOURNED: _l("Postponed to a later date"),
    HearingOutcome.SENT_TO_CROWN_COURT: _l("Sent to the Crown Court"),
    HearingOutcome.GUILTY_PLEA: _l("The defendant said they are guilty"),
    HearingOutcome.NOT_GUILTY_PLEA: _l("The defendant said they are not guilty; a trial will "
                                       "be held"),
    HearingOutcome.TRIAL_COMPLETED: _l("The trial has finished"),
    HearingOutcome.SENTENCED: _l("The defendant was sentenced"),
    HearingOutcome.APPEAL_DECIDED: _l("The appeal was decided"),
}

DECISIONS = {
    DecisionKind.CHARGED: _l("Someone has been charged"),
    DecisionKind.NO_FURTHER_ACTION: _l("No further action will be taken"),
    DecisionKind.OUT_OF_COURT: _l("Dealt with without going to court"),
    DecisionKind.CHARGE_DROPPED: _l("The prosecution has stopped the case"),
    DecisionKind.CHARGE_CHANGED: _l("The charge has been changed"),
    DecisionKind.VERDICT_GUILTY: _l("The defendant was found guilty"),
    DecisionKind.VERDICT_NOT_GUILTY: _l("The defendant was found not guilty"),
    DecisionKind.SENTENCE: _lp("decision", "Sentence"),
    DecisionKind.APPEAL: _lp("decision", "Appeal"),
}

TEAM_KINDS = {
    TeamKind.POLICE: (_l("Police"),
                      _l("Looks into the crime and keeps you updated until someone is charged "
                         "or the case is closed.")),
    TeamKind.WITNESS_CARE: (_l("Witness care team"),
                            _l("Your contact once someone is charged: tells you about hearings, "
                               "their outcomes and help at court.")),
    TeamKind.PROSECUTION: (_l("Prosecution service"),
                           _l("Decides whether to charge and prosecutes the case. Writes to you "
                              "if a charge is dropped or changed.")),
    TeamKind.PROBATION: (_l("Probation victim contact team"),
                         _l("Tells you about the offender's progress and release, and the "
                            "rules they must follow.")),
}

COURT_NEEDS = {
    "screens": _l("A screen, so you do not see the defendant"),
    "video_link": _l("A video link, so you can give evidence from somewhere else"),
    "supporter": _l("A supporter with you when you give evidence"),
    "intermediary": _l("An intermediary, who helps with communication"),
    "court_visit": _l("A visit to the court before the trial"),
    "expenses": _l("Help claiming travel and other expenses"),
}

UNDERSTOOD = {"yes": _l("yes"), "partly": _l("partly"), "no": _l("no")}
