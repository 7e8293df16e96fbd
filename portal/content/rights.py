"""The Victims' Code: 12 rights, and which apply at each stage."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from portal.models.enums import Stage


@dataclass(frozen=True)
class Right:
    number: int
    title: str
    summary: str


RIGHTS: dict[int, Right] = {
    r.number: r
    for r in (
        Right(1, _l("To understand and be understood"),
              _l("Information in plain words and in your language. You can have an "
                 "interpreter or a translation if you need one.")),
        Right(2, _l("To have the crime recorded without delay"),
              _l("The police record the crime and give you a crime reference number.")),
        Right(3, _l("To get information when you report the crime"),
              _l("Written proof that you reported the crime, and what will happen next.")),
        Right(4, _l("To be referred to support services and have your needs assessed"),
              _l("Support services can help you whether or not you report the crime. The "
                 "police should refer you within 2 working days if you want them to.")),
        Right(5, _l("To be given information about compensation"),
              _l("How to ask for money for an injury, loss or damage. This is called "
                 "compensation.")),
        Right(6, _l("To be told how the investigation and the court case are going"),
              _l("Updates on the case, and the key decisions with their reasons. You can ask "
                 "for a review of a decision not to charge or to stop the case.")),
        Right(7, _l("To make a Victim Personal Statement"),
              _l("Your own statement about how the crime has affected you, which the court "
                 "can read or hear before sentence.")),
        Right(8, _l("To be told the time, date, place and outcome of court hearings"),
              _l("And help before and at court, such as a visit to the court before the trial "
                 "and help to give evidence.")),
        Right(9, _l("To be told the outcome and the sentence, and about appeals"),
              _l("What the verdict and the sentence mean, and whether there is an appeal.")),
        Right(10, _l("To claim expenses and get your things back"),
              _l("Your travel and other costs of going to court. And your things back when "
                 "they are no longer needed as evidence.")),
        Right(11, _l("To hear about the offender once they are found guilty"),
              _l("Through the Victim Contact Scheme. You hear how the offender is doing, the "
                 "rules they must follow after release, and when they are released.")),
        Right(12, _l("To make a complaint if your rights are not met"),
              _l("Complain to the organisation first. If that does not help, ask your MP. They "
                 "can send it to the Parliamentary and Health Service Ombudsman.")),
    )
}

# Which rights apply while a case is at each stage.
RIGHTS_BY_STAGE: dict[Stage, tuple[int, ...]] = {
    Stage.REPORTED: (1, 2, 3, 4, 5, 12),
    Stage.INVESTIGATION: (1, 4, 5, 6, 7, 12),
    Stage.CHARGING: (1, 4, 6, 7, 12),
    Stage.COURT: (1, 4, 6, 7, 8, 10, 12),
    Stage.OUTCOME: (1, 6, 7, 8, 9, 10, 12),
    Stage.SENTENCE: (1, 5, 9, 10, 11, 12),
    Stage.AFTER_SENTENCE: (1, 4, 11, 12),
    Stage.CLOSED: (1, 4, 5, 6, 10, 12),
}


def rights_for(stage: Stage) -> list[Right]:
    return [RIGHTS[n] for n in RIGHTS_BY_STAGE[stage]]
