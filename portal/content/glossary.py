"""Legal words the portal shows, each with a plain explanation. A page lists the ones it shows:
``found_in`` reads the page as rendered, in the reader's language (fragments.with_glossary),
so no hand-kept list per stage can drift from what the page says."""
from __future__ import annotations

import functools
import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from portal import i18n

GLOSSARY: dict[str, tuple[str, str]] = {
    "appeal": (_lp("glossary term", "Appeal"), _l("Asking a higher court to change a verdict or a sentence.")),
    "charge": (_lp("glossary term", "Charge"),
               _l("A formal statement that someone is accused of a crime and must go to court.")),
    "defendant": (_lp("glossary term", "Defendant"), _l("The person accused of the crime.")),
    "exclusion_zone": (_lp("glossary term", "Exclusion zone"), _l("An area the offender must not enter.")),
    "hearing": (_lp("glossary term", "Hearing"), _l("A time when the case is dealt with in court.")),
    "licence": (_lp("glossary term", "Licence"),
                _l("Rules the offender must follow once they are out of prison.")),
    "mention_hearing": (_lp("glossary term", "Short hearing (mention hearing)"), _l("A short hearing to prepare the case.")),
    "no_further_action": (_lp("glossary term", "No further action"),
                          _l("The police or the prosecution service have decided not to take "
                             "the case further. You must be told why.")),
    "out_of_court_disposal": (_lp("glossary term", "Out-of-court disposal"),
                              _l("Dealing with a crime without going to court, such as with a "
                                 "caution.")),
    "plea": (_lp("glossary term", "Plea"), _l("What the defendant says: guilty or not guilty.")),
    "remand": (_lp("glossary term", "Remand"), _l("Kept in custody until the next hearing.")),
    "bail": (_lp("glossary term", "Bail"),
             _l("Released until the next hearing, with rules such as not contacting you.")),
    "sentence": (_lp("glossary term", "Sentence"), _l("The punishment the court gives an offender.")),
    "special_measures": (_lp("glossary term", "Help to give evidence"),
                         _l("Such as a screen so you do not see the defendant, or giving "
                            "evidence by video link.")),
    "verdict": (_lp("glossary term", "Verdict"), _l("What the court decides: is the defendant guilty or not?")),
    "victim_contact_scheme": (_lp("glossary term", "Victim Contact Scheme"),
                              _l("A scheme run by the probation service. It tells you about the "
                                 "offender's sentence and release. It is for a violent or sexual "
                                 "offence with a sentence of 12 months or more.")),
    "victim_personal_statement": (_lp("glossary term", "Your statement about how the crime affected you"),
                                  _l("Also called a Victim Personal Statement. The court can "
                                     "read or hear it before it decides the sentence.")),
    "review": (_lp("glossary term", "Victims’ Right to Review"),
               _l("You can ask for a decision not to charge, or to stop the case, to be looked "
                  "at again by someone who was not involved.")),
    "unduly_lenient_sentence": (_lp("glossary term", "Unduly Lenient Sentence scheme"),
                                _l("A way to ask for some Crown Court sentences to be looked at "
                                   "again if you think they are too low. The request must reach "
                                   "the Attorney General’s Office within 28 days.")),
}


def terms(keys) -> list[tuple[str, str, str]]:
    """(key, term, meaning) for these keys, each once, in alphabetical order of the key."""
    return [(k, *GLOSSARY[k]) for k in sorted(set(keys))]


# How each word is written on a page, as "|"-separated forms, in each language (translators give
# the forms their language uses: plurals, cases, mutations). Matched as whole words, ignoring
# case; in Arabic and Urdu, where "the", "and" and "in" join the word, anywhere in a word.
FORMS = {
    "appeal": _lp("glossary forms", "appeal|appeals|appealed"),
    "charge": _lp("glossary forms", "charge|charges|charged|charging"),
    "defendant": _lp("glossary forms", "defendant|defendants|defendant’s"),
    "exclusion_zone": _lp("glossary forms", "exclusion zone|exclusion zones"),
    "hearing": _lp("glossary forms", "hearing|hearings"),
    "licence": _lp("glossary forms", "licence"),
    "mention_hearing": _lp("glossary forms", "mention hearing|mention hearings"),
    "no_further_action": _lp("glossary forms", "no further action"),
    "out_of_court_disposal": _lp("glossary forms", "out-of-court disposal|out of court disposal"),
    "plea": _lp("glossary forms", "plea|pleas|plead|pleads|pleaded"),
    "remand": _lp("glossary forms", "remand|remanded"),
    "bail": _lp("glossary forms", "bail"),
    "sentence": _lp("glossary forms", "sentence|sentences|sentenced|sentencing"),
    "special_measures": _lp("glossary forms", "help to give evidence|special measures"),
    "verdict": _lp("glossary forms", "verdict|verdicts"),
    "victim_contact_scheme": _lp("glossary forms", "Victim Contact Scheme"),
    "victim_personal_statement": _lp("glossary forms", "Victim Personal Statement|statement "
                                                       "about how the crime"),
    "review": _lp("glossary forms", "Right to Review"),
    "unduly_lenient_sentence": _lp("glossary forms", "Unduly Lenient Sentence"),
}


@functools.lru_cache(maxsize=256)
def _pattern(forms: str, whole_words: bool) -> re.Pattern:
    words = sorted((f.strip() for f in forms.split("|") if f.strip()), key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    if whole_words:
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return re.compile(rf"(?:{alternatives})", re.IGNORECASE)


def found_in(text: str) -> tuple[str, ...]:
    """The keys of the glossary words ``text`` uses, in the current language, sorted."""
    whole_words = i18n.text_direction() == "ltr"
    text = text.replace("'", "’")
    return tuple(sorted(key for key, forms in FORMS.items()
                        if _pattern(str(forms), whole_words).search(text)))
