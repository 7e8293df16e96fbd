"""Reading age 9 (issue 13): every standard English text a victim reads scores 70 or more on
Flesch reading ease (GOV.UK's reading age 9) and has no sentence over 25 words.

Everything a victim reads (pages, stage explanations, rights, glossary, labels, form hints and
errors, error pages, SMS, emails and letters) is in the "messages" catalogue, so the test reads
every msgid of portal/translations/messages.pot, after checking the .pot is current (with the
same check as tests/test_translations.py). Reading ease is textstat's, as the console's
plain-English checker measures it (portal/services/case_file/plain_english.py), and the checker
aims for the same 70.

What is scored:
- links are left out: web addresses, email addresses and the %(url)s and %(link)s placeholders;
- any other placeholder stands as its own name (%(court)s reads "court", %(date)s "date"): a
  word is there when the victim reads it;
- entries of fewer than 8 words once links and placeholders are taken out are labels, buttons,
  headings and short answers ("Sign in", "Not yet"), not prose, and are not scored.
"""
from __future__ import annotations

import re

import pytest
import textstat
from babel.messages.pofile import read_po

from portal.services.case_file import plain_english
from tests.test_translations import TRANSLATIONS, stale_entries

TARGET = 70  # GOV.UK: reading age 9
LONGEST_SENTENCE = 25  # GOV.UK: "Keep sentences to 25 words or fewer."
FEWEST_WORDS = 8  # shorter entries are labels, not prose

LINK = re.compile(r"https?://\S+|www\.\S+|[^\s@]+@[^\s@]+\.\w+|%\((?:url|link)\)s")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# The console checker's own word and sentence rules, so both count alike.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def readable(text: str) -> str:
    """The text as it is scored: links out, each other placeholder as its own name."""
    text = LINK.sub(" ", text)
    text = PLACEHOLDER.sub(lambda m: m.group(1).replace("_", " "), text)
    return re.sub(r"\s+", " ", text).strip()


def is_prose(text: str) -> bool:
    return len(WORD.findall(readable(text))) >= FEWEST_WORDS


def hard_to_read(text: str) -> list[str]:
    """What is wrong with one text: its score under the target, each sentence too long."""
    plain = readable(text)
    problems = []
    score = textstat.flesch_reading_ease(plain)
    if score < TARGET:
        problems.append(f"reading ease {score:.1f}: {text}")
    for sentence in plain_english.sentences(plain):
        words = len(WORD.findall(sentence))
        if words > LONGEST_SENTENCE:
            problems.append(f"{words} words in one sentence: {sentence}")
    return problems


@pytest.fixture(scope="module")
def victim_texts(tmp_path_factory) -> list[str]:
    """Every msgid (each plural form too) of messages.pot that is prose."""
    new, old = stale_entries("messages", "babel.cfg", tmp_path_factory.mktemp("pot"))
    assert new == set() and old == set(), (
        "messages.pot is not current: run `make translations` before scoring it")
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        catalogue = read_po(handle)
    texts = []
    for message in catalogue:
        if not message.id or message.context == "glossary forms":
            continue  # (the glossary's word forms are what it looks for, never shown)
        forms = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        texts.extend(form for form in forms if is_prose(form))
    return texts


def test_every_standard_english_text_is_at_reading_age_9(victim_texts):
    assert len(victim_texts) > 150  # the catalogue was read, not an empty file
    problems = [problem for text in victim_texts for problem in hard_to_read(text)]
    assert problems == [], "\n".join(problems)


def test_the_console_checker_aims_for_the_same_reading_ease():
    assert plain_english.READING_EASE_TARGET == TARGET
    assert plain_english.LONGEST_SENTENCE == LONGEST_SENTENCE


@pytest.mark.parametrize("text", [
    # Texts victims read before issue 13: each fails.
    "To be given information about the offender after conviction",
    "Complain to the organisation first, then to the Parliamentary and Health Service Ombudsman "
    "through your MP.",
    "A scheme run by the probation service that tells you about the offender's sentence and "
    "release, if the sentence is 12 months or more for a violent or sexual offence.",
])
def test_hard_texts_fail(text):
    assert is_prose(text) and hard_to_read(text)


def test_a_long_sentence_fails_even_in_easy_words():
    text = " ".join(["we will tell you"] * 7) + "."
    assert textstat.flesch_reading_ease(text) >= TARGET
    assert hard_to_read(text) == [f"28 words in one sentence: {text}"]


def test_links_are_not_scored_and_labels_are_not_prose():
    assert readable("Sign in to read it: %(url)s") == "Sign in to read it:"
    assert readable("Enter an email address like name@example.com") == \
        "Enter an email address like"
    assert readable("Your hearing at %(court)s is on %(date)s.") == \
        "Your hearing at court is on date."
    assert not is_prose("Where to get support")
    assert not is_prose("Sign in to read your new message: %(url)s")
