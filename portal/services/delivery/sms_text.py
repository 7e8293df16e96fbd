"""Fitting a text message into GSM-7 where the language's letters allow.

One character outside GSM 03.38 turns a whole SMS into UCS-2, which more than halves what fits
in a segment. Typographic punctuation (curly quotes, dashes, ellipses) is replaced in every
language. For Welsh, Polish and Romanian, whose few letters outside GSM-7 (ŵ, ŷ, â; ą, ę, ł, ż;
ă, ș, ț) are commonly written without their marks in texts, the marks are dropped from those
letters only. Urdu and Arabic cannot be written in GSM-7 and stay UCS-2. Nothing is ever
replaced by "?": if the text still does not fit GSM-7 it is sent as UCS-2 unchanged.
"""
from __future__ import annotations

import unicodedata

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

PUNCTUATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u202f": " ",
})
# Letters whose marks are dropped in texts, for the languages where that is the custom.
FOLDED_LANGUAGES = frozenset({"cy", "pl", "ro"})
_SPECIAL = {"ł": "l", "Ł": "L"}


def _encodable(text: str) -> bool:
    try:
        text.encode("gsm03.38")
    except UnicodeEncodeError:
        return False
    return True


def _fold(char: str) -> str:
    if _encodable(char):
        return char
    if char in _SPECIAL:
        return _SPECIAL[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char)
                   if not unicodedata.combining(c))
    return base if base and _encodable(base) else char


def fit_for_sms(text: str, language: str) -> str:
    """The text as it should be sent: GSM-7 when the language's letters allow, else unchanged
    apart from typographic punctuation."""
    plain = text.translate(PUNCTUATION)
    if _encodable(plain) or language not in FOLDED_LANGUAGES:
        return plain if _encodable(plain) else text
    folded = "".join(_fold(c) for c in plain)
    return folded if _encodable(folded) else text
