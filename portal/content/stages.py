"""A plain-English line for each stage of the journey, as done, now and next."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from portal.models.enums import JOURNEY, Stage


@dataclass(frozen=True)
class StageText:
    title: str
    now: str  # what is happening while the case is at this stage
    next: str  # what will happen next, from this stage


STAGES: dict[Stage, StageText] = {
    Stage.REPORTED: StageText(
        title=_lp("stage", "Crime reported"),
        now=_l(
            "The police have recorded the crime and given it a crime reference number. They "
            "will ask what help you need and can put you in touch with support services."
        ),
        next=_l("An officer will look into what happened and tell you how it is going."),
    ),
    Stage.INVESTIGATION: StageText(
        title=_lp("stage", "Investigation"),
        now=_l(
            "The officer dealing with your case is looking for evidence. This may be what "
            "people saw, camera film or medical notes. You can make a statement about how the "
            "crime has affected you."
        ),
        next=_l(
            "Then the police or the prosecution service will decide if someone should be "
            "charged with the crime."
        ),
    ),
    Stage.CHARGING: StageText(
        title=_lp("stage", "Decision on charging"),
        now=_l(
            "The police or the prosecution service are deciding what to do. They may charge "
            "someone, deal with it without going to court, or take no further action."
        ),
        next=_l(
            "If someone is charged, the case goes to court and the witness care team becomes "
            "your contact. If not, you will be told why, and whether you can ask for a review."
        ),
    ),
    Stage.COURT: StageText(
        title=_lp("stage", "Court"),
        now=_l(
            "The case is going through the courts. The witness care team will tell you the "
            "date, time and place of each hearing and whether you need to go."
        ),
        next=_l(
            "The court will decide whether the defendant is guilty. If you need to give "
            "evidence, you can ask for help to do so."
        ),
    ),
    Stage.OUTCOME: StageText(
        title=_lp("stage", "Verdict"),
        now=_l("The court has decided if the defendant is guilty or not."),
        next=_l(
            "If the defendant is guilty, the court decides the sentence. This is often at a "
            "later hearing. Before that, you can read out your statement about how the crime "
            "affected you, or have it read for you."
        ),
    ),
    Stage.SENTENCE: StageText(
        title=_lp("stage", "Sentence"),
        now=_l(
            "The court has decided the sentence. Your contact can explain what it means and "
            "whether there may be an appeal."
        ),
        next=_l(
            "If the offence was violent or sexual and the sentence is 12 months or more, you "
            "will be offered the Victim Contact Scheme. It tells you about the offender's "
            "release."
        ),
    ),
    Stage.AFTER_SENTENCE: StageText(
        title=_lp("stage", "After the sentence"),
        now=_l(
            "A victim liaison officer from probation can tell you how the offender is doing. "
            "They can tell you the rules the offender must follow when out of prison. These "
            "may include places they must not go."
        ),
        next=_l(
            "If you are in the Victim Contact Scheme, you will be told before the offender is "
            "released. You will hear the rules that protect you. You will also hear within 24 "
            "hours of their release."
        ),
    ),
    Stage.CLOSED: StageText(
        title=_lp("stage", "Case closed"),
        now=_l(
            "The case has ended. The decisions and the reasons for them are shown below."
        ),
        next=_l("You can still get help and support, whatever the result of the case."),
    ),
}


def timeline(current: Stage, closed_after: Stage | None = None) -> list[tuple[Stage, str]]:
    """The journey's stages with their state: "done", "now" or "next".

    A closed case shows the stages it reached, up to ``closed_after``, as done and "closed" as
    now: nothing is promised next.
    """
    if current is Stage.CLOSED:
        reached = JOURNEY[: JOURNEY.index(closed_after) + 1] if closed_after else JOURNEY[:1]
        return [(stage, "done") for stage in reached] + [(Stage.CLOSED, "now")]
    position = JOURNEY.index(current)
    return [
        (stage, "done" if i < position else "now" if i == position else "next")
        for i, stage in enumerate(JOURNEY)
    ]
