"""The plain-English checker for updates to victims.

It looks for what the inspection found wrong with updates and letters: hard reading, long
sentences, the justice system's jargon (domain.md, "Words to avoid", each with its plain
version), parts a kind of update must have (a decision not to prosecute gives the reasons, how
to ask for a review and where to get support) and impersonal phrasing ("the case you were
involved in"). Its findings are warnings: a caseworker may send anyway, and the warnings are
kept with the update.

Reading ease is Flesch reading ease from textstat (pinned to 0.7.8, which reads the CMU
dictionary from its PyPI package rather than downloading NLTK data). It is measured for English
only; the other checks are English word lists too, so text written in Welsh gets only the
structural checks (length of sentences).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.models.enums import UpdateEvent
from portal.services.case_file import reading_ease

# GOV.UK's guidance aims for a reading age of 9, which is Flesch reading ease 70 or more (issue
# 13). Each template the console offers scores above it, and so does every standard text a
# victim reads (tests/test_reading_age.py holds them to this same target).
READING_EASE_TARGET = 70
# GOV.UK: "Keep sentences to 25 words or fewer."
LONGEST_SENTENCE = 25


@dataclass(frozen=True)
class Jargon:
    term: str
    pattern: re.Pattern
    plain: str


def _jargon(term: str, pattern: str, plain) -> Jargon:
    return Jargon(term, re.compile(pattern, re.IGNORECASE), plain)


# domain.md, "Words to avoid in updates": every entry, with the forms it takes in a sentence.
JARGON: tuple[Jargon, ...] = (
    _jargon("CPS", r"\bC\.?P\.?S\b", _l("the prosecution service (Crown Prosecution Service)")),
    _jargon("NFA", r"\bN\.?F\.?A\b", _l("no further action, with the reason")),
    _jargon("OIC", r"\bO\.?I\.?C\b", _l("the officer dealing with your case")),
    _jargon("WCU", r"\bW\.?C\.?U\b", _l("witness care team")),
    _jargon("VPS", r"\bV\.?P\.?S\b", _l("your statement about how the crime has affected you")),
    _jargon("special measures", r"\bspecial\s+measures?\b",
            _l("help to give evidence (screens, video link)")),
    _jargon("remand", r"\bremand(?:ed|s|ing)?\b", _l("kept in prison until the next hearing")),
    _jargon("bail", r"\bbail(?:ed|s|ing)?\b",
            _l("released until the next hearing, with rules such as not contacting you")),
    _jargon("adjourned", r"\badjourn(?:ed|s|ing|ment|ments)?\b", _l("postponed")),
    _jargon("discontinued", r"\bdiscontinu(?:ed|es|e|ing|ance)\b",
            _l("the prosecution has stopped")),
    _jargon("plea", r"\bplea(?:s|d|ded|ds|ding)?\b",
            _l("whether the defendant says they are guilty")),
    _jargon("mention hearing", r"\bmention\s+hearings?\b",
            _l("a short hearing to prepare the case")),
    _jargon("PTPH", r"\bP\.?T\.?P\.?H\b", _l("a short hearing to prepare the case")),
    _jargon("licence", r"\blicen[cs]e[sd]?\b", _l("rules the offender must follow after release")),
    _jargon("exclusion zone", r"\bexclusion\s+zones?\b", _l("an area the offender must not enter")),
    _jargon("out-of-court disposal", r"\bout[\s-]+of[\s-]+court\s+disposals?\b",
            _l("dealt with without going to court")),
    _jargon("Full Code Test", r"\bfull\s+code\s+test\b",
            _l("the test the prosecution uses to decide whether to charge")),
    # Found missed on the tries of issue 13.
    _jargon("committal", r"\bcommit(?:tal|ted\s+(?:to|for)\s+(?:the\s+)?(?:crown\s+court|trial|"
            r"sentence))\b", _l("sent to the Crown Court")),
    _jargon("in custody", r"\bin\s+custody\b", _l("in prison, or held by the police")),
    _jargon("pending", r"\bpending\b", _l("waiting for")),
    _jargon("sine die", r"\bsine\s+die\b", _l("postponed, with no new date yet")),
    _jargon("vacated", r"\bvacat(?:ed|es|e|ing)\b", _l("cancelled")),
    _jargon("acquitted", r"\bacquit(?:ted|tal|s)?\b", _l("found not guilty")),
    _jargon("PSR", r"\bP\.?S\.?R\b|\bpre[\s-]sentence\s+reports?\b",
            _l("a report the court asks for before it decides the sentence")),
    _jargon("left on file", r"\b(?:left|lie|lying|ordered\s+to\s+lie)\s+on\s+(?:the\s+)?file\b|"
            r"\bfiled\b", _l("kept on the court’s record but not taken any further")),
    _jargon("lines of enquiry", r"\blines?\s+of\s+(?:enquiry|inquiry)\b",
            _l("things the police are checking")),
    _jargon("mention", r"\b(?:for|listed\s+for)\s+(?:a\s+)?mention\b",
            _l("a short hearing to prepare the case")),
    _jargon("relisted", r"\bre-?list(?:ed|ing)?\b", _l("given a new date")),
)

# Common English words that are not also Welsh, Polish, Romanian, Urdu or Arabic words: three of
# them in one sentence of a translation mean an English clause was left in it (a reason or a
# court's name pasted in English).
ENGLISH_WORDS = frozenset((
    "the", "and", "because", "was", "were", "will", "you", "your", "has", "have", "with",
    "this", "that", "been", "they", "would", "from", "which", "their", "there", "not",
    "court", "hearing", "should", "could", "about",
))
ENGLISH_IN_A_SENTENCE = 3

# Phrases that keep the victim at arm's length (the inspection's "the case you were involved
# in"): write to the person about their case.
IMPERSONAL: tuple[re.Pattern, ...] = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\bthe case (?:that |which )?you were involved (?:in|with)\b",
    r"\bthe case in which you were involved\b",
    r"\byour involvement\b",
    r"\bthe (?:above|above-mentioned|aforementioned)\b",
    r"\bdear sir(?: or |/)madam\b",
    r"\bto whom it may concern\b",
    r"\bthe (?:injured party|complainant|aggrieved party)\b",
    r"\bin (?:this|the) matter\b",
))


@dataclass(frozen=True)
class Part:
    """Something an update about this event must say, and phrases that show it does."""

    code: str
    label: str
    pattern: re.Pattern


def _part(code: str, label, *phrases: str) -> Part:
    return Part(code, label, re.compile("|".join(phrases), re.IGNORECASE))


_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|"
           r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday")
DATE = _part("date", _l("the date"), rf"\b(?:{_MONTHS})\b", r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",
             r"\b(?:today|tomorrow)\b")
TIME = _part("time", _l("the time"), r"\b\d{1,2}[:.]\d{2}\b", r"\b\d{1,2}\s?(?:am|pm)\b",
             r"\bmidday\b")
PLACE = _part("place", _l("where it is"), r"\bcourt\b")
ATTEND = _part("attend", _l("whether they need to go"), r"\bneed to go\b", r"\bgo to court\b",
               r"\battend\b", r"\bwatch\b")
REASONS = _part("reasons", _l("the reasons"), r"\bbecause\b", r"\breasons?\b", r"\bwhy\b",
                r"\bas there (?:is|was)\b")
REVIEW = _part("review", _l("how to ask for a review"), r"\breview\b",
               r"\blook(?:ed)? at (?:the|this|our) decision again\b", r"\blook again\b")
SUPPORT = _part("support", _l("where to get support"), r"\bsupport\b", r"\bhelp you\b",
                r"\bhelpline\b")
MORE_INFO = _part("more_information", _l("how to get more information"),
                  r"\bmore information\b", r"\bquestions?\b", r"\bask us\b", r"\bcall us\b",
                  r"\bcontact (?:us|me)\b")
NEXT = _part("next", _l("what happens next"), r"\bnext\b", r"\bwill (?:tell|contact|let)\b",
             r"\bnew date\b", r"\bwe will\b")
MEANING = _part("meaning", _l("what it means"), r"\bmeans?\b", r"\bthis is\b")
RULES = _part("rules", _l("the rules they must follow"), r"\brules?\b", r"\bmust not\b")
UNWANTED = _part("unwanted_contact", _l("what to do if they contact you"),
                 r"\bcontacts? you\b", r"\bunwanted contact\b", r"\btries to contact\b",
                 r"\bcall 999\b")

E = UpdateEvent
REQUIRED: dict[UpdateEvent, tuple[Part, ...]] = {
    E.HEARING_LISTED: (DATE, TIME, PLACE, ATTEND),
    E.HEARING_MOVED: (DATE, REASONS),
    E.HEARING_VACATED: (REASONS, NEXT),
    E.HEARING_OUTCOME: (NEXT,),
    E.CHARGED: (NEXT,),
    E.NO_FURTHER_ACTION: (REASONS, REVIEW, SUPPORT),
    E.CHARGE_DROPPED: (REASONS, MORE_INFO, REVIEW, SUPPORT),
    # No review: neither Victims' Right to Review scheme covers a changed charge.
    E.CHARGE_CHANGED: (REASONS, MORE_INFO, SUPPORT),
    E.VERDICT: (NEXT, SUPPORT),
    E.SENTENCE: (MEANING, SUPPORT),
    E.APPEAL: (NEXT,),
    E.OFFENDER_RELEASED: (RULES, UNWANTED),
    # Where the suspect is can change with no rules to follow (a remand): what to do if they
    # make contact is always said.
    E.BAIL_CHANGED: (UNWANTED,),
    E.RELEASE_PLANNED: (RULES, UNWANTED),
    E.URGENT_ALERT: (UNWANTED,),
    E.GENERAL: (),
    # Closing a case: what support remains, and how to ask questions still.
    E.CASE_CLOSED: (SUPPORT, MORE_INFO),
    # The template names each item, the day and the place from the record
    # (update_templates._property_ready); nothing to look for in the words.
    E.PROPERTY_READY: (),
    # Parole: what happens next (the decision will be told); the decision's meaning and
    # where to get support.
    E.PAROLE_REVIEW_STARTED: (NEXT,),
    E.PAROLE_DECISION: (MEANING, SUPPORT),
}

_PLACEHOLDER = re.compile(r"\[[^\]]*\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class Finding:
    """One warning. ``code`` is one of: empty, placeholder, reading_ease, long_sentence,
    jargon, impersonal, missing_part, english_clause."""

    code: str
    params: dict = field(default_factory=dict)

    def message(self) -> str:
        """The warning in the console's language (called at request time)."""
        p = self.params
        if self.code == "empty":
            return gettext("Write the update: the victim will see only the headline.")
        if self.code == "reading_ease":
            return gettext(
                "This may be hard to read (reading ease %(score)d; aim for %(target)d or more). "
                "Use shorter sentences and everyday words.", score=p["score"], target=p["target"])
        if self.code == "long_sentence":
            return gettext(
                "A sentence has %(words)d words (“%(start)s…”). Keep sentences to %(limit)d "
                "words or fewer.", words=p["words"], start=p["start"], limit=LONGEST_SENTENCE)
        if self.code == "jargon":
            return gettext("“%(found)s” is jargon. Write “%(plain)s” instead.",
                           found=p["found"], plain=plain_for(p["term"]))
        if self.code == "impersonal":
            return gettext("“%(found)s” sounds impersonal. Write to the victim about their "
                           "case, for example “your case”.", found=p["found"])
        if self.code == "placeholder":
            return gettext("Replace “%(found)s” with what the victim needs to know.",
                           found=p["found"])
        if self.code == "english_clause":
            return gettext("“%(start)s…” looks like English. Translate it, or ask for it to be "
                           "translated.", start=p["start"])
        if self.code == "missing_part":
            return gettext("This kind of update should say %(part)s.",
                           part=part_label(p["part"]))
        return self.code

    def as_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    reading_ease: float | None
    target: int = READING_EASE_TARGET

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def missing_parts(self) -> list[str]:
        return [f.params["part"] for f in self.findings if f.code == "missing_part"]

    def as_dicts(self) -> list[dict]:
        return [f.as_dict() for f in self.findings]


def check(text: str, event: UpdateEvent | str, language: str = "en") -> CheckResult:
    """Check an update's plain text for this event. Every jargon word is reported once, with
    its plain version; every missing part is reported."""
    event = UpdateEvent(event)
    text = (text or "").strip()
    if not text:
        return CheckResult((Finding("empty"),), None)
    findings: list[Finding] = []
    placeholder = _PLACEHOLDER.search(text)
    if placeholder:
        findings.append(Finding("placeholder", {"found": placeholder.group(0)}))
    english = language == "en"
    score = None
    if english:
        score = round(float(reading_ease.flesch_reading_ease(text)), 1)
        if score < READING_EASE_TARGET:
            findings.append(Finding("reading_ease", {"score": int(score),
                                                     "target": READING_EASE_TARGET}))
    for sentence in sentences(text):
        words = _WORD.findall(sentence)
        if len(words) > LONGEST_SENTENCE:
            start = " ".join(words[:6])
            findings.append(Finding("long_sentence", {"words": len(words), "start": start}))
        if not english and sum(w.lower() in ENGLISH_WORDS for w in words) >= \
                ENGLISH_IN_A_SENTENCE:
            findings.append(Finding("english_clause", {"start": " ".join(words[:6])}))
    if english:
        for jargon in JARGON:
            match = jargon.pattern.search(text)
            if match:
                findings.append(Finding("jargon", {"term": jargon.term, "found": match.group(0)}))
        for pattern in IMPERSONAL:
            match = pattern.search(text)
            if match:
                findings.append(Finding("impersonal", {"found": match.group(0)}))
        for part in REQUIRED[event]:
            if not part.pattern.search(text):
                findings.append(Finding("missing_part", {"part": part.code}))
    return CheckResult(tuple(findings), score)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def plain_for(term: str) -> str:
    for jargon in JARGON:
        if jargon.term == term:
            return str(jargon.plain)
    return term


_PARTS = {part.code: part for parts in REQUIRED.values() for part in parts}


def part_label(code: str) -> str:
    part = _PARTS.get(code)
    return str(part.label) if part else code


def messages(stored: list[dict]) -> list[str]:
    """Warnings kept with an update (Update.warnings), in the console's language."""
    return [Finding(item["code"], item.get("params", {})).message() for item in stored or []]
