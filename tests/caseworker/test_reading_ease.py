"""The plain-English check's reading ease is textstat's Flesch reading ease to the last digit,
worked out without textstat's copy of the whole pronouncing dictionary (74 MB in every web
process that checked an update: services/case_file/reading_ease.py)."""
from __future__ import annotations

import gc
import tracemalloc

import pytest
import textstat

from portal.services.case_file import reading_ease

TEXTS = [
    "The court is closed on Monday because the building has no heating. Your hearing will "
    "not go ahead. We will tell you the new date as soon as we know it.",
    "The defendant was remanded in custody pending the outcome of the Crown Court trial, "
    "notwithstanding the application for bail made by his solicitor.",
    "We've sent your victim personal statement to the prosecutor. It'll be read out in "
    "court if you want. Don't worry if you can't come.",
    "Zyxwvut qwertyly blorpification happened at 10:30 on 4 March 2027 (case TEST/00001).",
    "Hearing moved.",
    "A well-known, long-standing, state-of-the-art court-room.",
    "Yes.",
    "!!! ...",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_score_is_textstats(text):
    assert reading_ease.flesch_reading_ease(text) == textstat.flesch_reading_ease(text)
    assert reading_ease.syllable_count(text) == textstat.syllable_count(text)


def test_the_dictionary_is_kept_in_a_fraction_of_the_memory():
    reading_ease._syllables.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:
        table = reading_ease._syllables()
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(table) > 120_000
    assert table.get("court") == 1 and table.get("defendant") == 3
    assert table.get("aardvark") == 2 and table.get("zywicki") == 3  # the first and the last
    assert table.get("read") == 1  # its first pronunciation, not "read(2)"
    assert table.get("courtroomz") is None and table.get("") is None
    # textstat's copy of the dictionary: 74 MB; a dict of one count a word: 10.5 MB
    assert kept < 3 * 1024 * 1024, kept
