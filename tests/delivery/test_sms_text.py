"""SMS text: GSM-7 where the language's letters allow and never mangled; its length in GSM-7
septets or UCS-2 units, and its segments."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from portal.services.delivery.sms_text import GSM7, PUNCTUATION, UCS2, fit_for_sms, measure

# --- fitting -----------------------------------------------------------------------------------

def test_curly_punctuation_does_not_force_ucs2():
    text = fit_for_sms("You’re due at court – “Court 2”…", "en")
    assert text == "You're due at court - \"Court 2\"..."
    assert measure(text).encoding == GSM7


def test_welsh_polish_and_romanian_drop_marks_to_stay_gsm7():
    assert fit_for_sms("Mae’r gwrandawiad ŵyl", "cy") == "Mae'r gwrandawiad wyl"
    assert fit_for_sms("Zażółć gęślą jaźń", "pl") == "Zazolc gesla jazn"
    assert fit_for_sms("Instanța și ședința", "ro") == "Instanta si sedinta"
    for lang, text in (("cy", "ŵ ŷ â"), ("pl", "ą ę ł"), ("ro", "ă ș ț")):
        assert measure(fit_for_sms(text, lang)).encoding == GSM7


def test_gsm_letters_with_marks_are_kept():
    # é, ö and ñ are in GSM-7 itself: nothing to drop.
    assert fit_for_sms("café Köln niño", "pl") == "café Köln niño"


def test_arabic_and_urdu_stay_as_written():
    for lang, text in (("ar", "لديك رسالة جديدة"), ("ur", "آپ کے لیے ایک نیا پیغام ہے")):
        assert fit_for_sms(text, lang) == text
        assert measure(text).encoding == UCS2


def test_other_languages_are_not_folded():
    assert fit_for_sms("Zażółć", "en") == "Zażółć"


def test_symbols_are_not_decomposed_into_characters_nobody_wrote():
    # "⁇" decomposes to "??": folding is for letters only, so the text stays as written.
    assert fit_for_sms("Gwrandawiad ŵ ⁇", "cy") == "Gwrandawiad ŵ ⁇"


def test_fitting_that_would_cost_more_segments_is_not_done():
    # 70 ellipses are one UCS-2 segment; as "..." they would be 210 septets, two segments.
    assert fit_for_sms("…" * 70, "en") == "…" * 70
    assert fit_for_sms("…" * 10, "en") == "." * 30


# --- measuring ---------------------------------------------------------------------------------

def test_plain_english_is_gsm7():
    assert measure("a" * 160) == measure("a" * 160) and measure("a" * 160).segments == 1
    assert measure("a" * 161).segments == 2 and measure("a" * 161).encoding == GSM7
    assert measure("a" * 306).segments == 2 and measure("a" * 307).segments == 3


def test_extension_characters_count_twice():
    assert measure("€").units == 2 and measure("[x]").units == 5


def test_letters_outside_gsm7_make_it_ucs2():
    polish = measure("Zażółć gęślą jaźń")
    assert polish.encoding == UCS2 and polish.units == 17
    arabic = measure("م" * 71)
    assert arabic.encoding == UCS2 and arabic.segments == 2
    assert measure("م" * 134).segments == 2 and measure("م" * 135).segments == 3


# --- properties --------------------------------------------------------------------------------

PROPERTY = settings(deadline=None, database=None, max_examples=200)
FOLDING = ("cy", "pl", "ro")
LANGUAGES = ("en", *FOLDING, "ur", "ar")
# GSM 03.38's extension table: each costs an escape and the character, two septets.
EXTENSION = set("\f^{}\\[~]|€")


def _gsm(char: str) -> bool:
    try:
        char.encode("gsm03.38")
    except UnicodeEncodeError:
        return False
    return True


GSM_CHARACTERS = [chr(i) for i in range(0x3000) if _gsm(chr(i))]
MARKED = {"cy": "ŵŷâêîôûŴŶÂ", "pl": "ąęłżźśćńóĄĘŁŻŹŚĆŃ", "ro": "ăâîșțşţĂÂÎȘȚ"}
ARABIC_SCRIPT = "ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژکگیےہھںۓ"
# What texts are made of: GSM-7, the punctuation that is fitted, the marked letters of each
# language, Arabic script, extension characters, and anything else Unicode holds.
realistic = st.text(alphabet=st.sampled_from(
    GSM_CHARACTERS[:200] + list("".join(MARKED.values())) + list(ARABIC_SCRIPT)
    + [chr(c) for c in (0x2018, 0x2019, 0x201c, 0x201d, 0x2013, 0x2014, 0x2026, 0xa0)]
    + list("€[]{}⁇？😀")), max_size=400)
# Ellipses, mostly: one UCS-2 unit each, but three septets once fitted.
runs = st.builds(lambda count, rest: "…" * count + rest, st.integers(40, 140),
                 st.text(alphabet="’a ", max_size=30))
texts = st.one_of(realistic, runs, st.text(max_size=200))
languages = st.sampled_from(LANGUAGES)


@PROPERTY
@given(texts, languages)
def test_fitting_never_costs_more_segments(text, language):
    assert measure(fit_for_sms(text, language)).segments <= measure(text).segments


@PROPERTY
@given(texts, languages)
def test_fitting_never_introduces_a_question_mark(text, language):
    assert fit_for_sms(text, language).count("?") == text.count("?")


@PROPERTY
@given(texts, languages)
def test_fitting_gives_gsm7_or_the_text_as_written(text, language):
    fitted = fit_for_sms(text, language)
    assert fitted == text or measure(fitted).encoding == GSM7
    assert fit_for_sms(fitted, language) == fitted  # fitting twice changes nothing more


@PROPERTY
@given(st.text(alphabet=st.sampled_from(GSM_CHARACTERS), max_size=400), languages)
def test_text_already_in_gsm7_is_unchanged(text, language):
    assert fit_for_sms(text, language) == text
    assert measure(text).encoding == GSM7


@PROPERTY
@given(realistic, st.sampled_from(ARABIC_SCRIPT), realistic, languages)
def test_arabic_script_stays_ucs2_as_written(before, letter, after, language):
    text = before + letter + after
    assert fit_for_sms(text, language) == text
    assert measure(text).encoding == UCS2


@PROPERTY
@given(texts, languages)
def test_only_welsh_polish_and_romanian_drop_marks(text, language):
    fitted = fit_for_sms(text, language)
    if language not in FOLDING:
        assert fitted in (text, text.translate(PUNCTUATION))


@PROPERTY
@given(st.sampled_from(FOLDING).flatmap(lambda language: st.tuples(
    st.just(language),
    st.text(alphabet=st.sampled_from(MARKED[language] + "abcdefghijklmnopqrstuvwxyz ’–"),
            max_size=300))))
def test_welsh_polish_and_romanian_letters_always_fit_gsm7(case):
    language, text = case
    fitted = fit_for_sms(text, language)
    assert measure(fitted).encoding == GSM7
    assert measure(fitted).segments <= measure(text).segments


@PROPERTY
@given(texts)
def test_segments_follow_the_160_153_and_70_67_rules(text):
    length = measure(text)
    if length.encoding == GSM7:
        assert length.units == len(text) + sum(c in EXTENSION for c in text)
        single, multi = 160, 153
    else:
        assert length.units == len(text) + sum(ord(c) > 0xFFFF for c in text)
        single, multi = 70, 67
    if length.units <= single:
        assert length.segments == 1
    else:
        assert length.segments == math.ceil(length.units / multi)
        assert multi * (length.segments - 1) < length.units <= multi * length.segments
