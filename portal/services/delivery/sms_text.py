"""What a text message is made of: which encoding it goes in, how long it is, and how it is
fitted into GSM-7 where the language's letters allow. Measuring and fitting live together
because fitting is judged by what measuring says.

A message that fits GSM 03.38 (with its extension table) is sent as GSM-7: 160 characters in one
segment, 153 per segment when split; extension characters (€, [, ] ...) count 2. Anything else
is UCS-2: 70 UTF-16 units, then 67 per segment. One character outside GSM-7 turns the whole
message into UCS-2, which more than halves what fits in a segment.

Fitting replaces typographic punctuation (curly quotes, dashes, ellipses, non-breaking spaces)
in every language. In the languages whose few letters outside GSM-7 are commonly written without
their marks in texts (``i18n.folds_sms``: Welsh ŵ, ŷ, â; Polish ą, ę, ł, ż; Romanian ă, ș, ț),
the marks are dropped from those letters only. Urdu and Arabic cannot be written in GSM-7 and
stay UCS-2. Nothing is ever replaced by "?": a text that still does not fit GSM-7 is sent as
written, and so is one that fitting would make cost more segments (a text of many ellipses,
each of which becomes three characters).
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

from portal import i18n

GSM7 = "GSM-7"
UCS2 = "UCS-2"
# (one segment, each segment of a longer message): a split message gives up some of each
# segment to the header that joins the parts again.
SEGMENT_SIZES = {GSM7: (160, 153), UCS2: (70, 67)}

PUNCTUATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u202f": " ",
})
# Letters with no decomposition whose unmarked form is still the custom in texts.
_SPECIAL = {"ł": "l", "Ł": "L"}


@dataclass(frozen=True)
class SmsLength:
    """How long a text is in the units networks bill, and how many segments it goes in."""

    encoding: str
    units: int  # septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2
    segments: int


def measure(text: str) -> SmsLength:
    try:
        units, encoding = len(text.encode("gsm03.38")), GSM7
    except UnicodeEncodeError:
        units, encoding = len(text.encode("utf-16-le")) // 2, UCS2
    single, multi = SEGMENT_SIZES[encoding]
    segments = 1 if units <= single else math.ceil(units / multi)
    return SmsLength(encoding, units, segments)


def fit_for_sms(text: str, language: str) -> str:
    """The text as it should be sent: GSM-7 when the language's letters allow and that costs
    no more segments, else exactly as written."""
    fitted = text.translate(PUNCTUATION)
    if not _encodable(fitted) and i18n.folds_sms(language):
        fitted = "".join(_fold(c) for c in fitted)
    if fitted == text or not _encodable(fitted):
        return text
    return text if measure(fitted).segments > measure(text).segments else fitted


def _encodable(text: str) -> bool:
    try:
        text.encode("gsm03.38")
    except UnicodeEncodeError:
        return False
    return True


def _fold(char: str) -> str:
    """A letter outside GSM-7 without its marks, when that is in GSM-7; anything else as it
    is. Only letters: a compatibility decomposition of a symbol ("⁇" is "??") would put
    characters in the text that the writer never wrote."""
    if _encodable(char) or not unicodedata.category(char).startswith("L"):
        return char
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char)
                   if not unicodedata.combining(c))
    return base if base and _encodable(base) else char
