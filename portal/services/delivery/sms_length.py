"""How long an SMS is in the units networks bill: GSM-7 septets or UCS-2 code units.

A message that fits GSM 03.38 (with its extension table) is sent as GSM-7: 160 characters in one
segment, 153 per segment when split. Anything else is UCS-2: 70, then 67 per segment. The text
is never squeezed into GSM-7 by replacing characters with "?".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

GSM7 = "GSM-7"
UCS2 = "UCS-2"


@dataclass(frozen=True)
class SmsLength:
    encoding: str
    units: int  # septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2
    segments: int


def measure(text: str) -> SmsLength:
    try:
        units = len(text.encode("gsm03.38"))
        single, multi, encoding = 160, 153, GSM7
    except UnicodeEncodeError:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, UCS2
    segments = 1 if units <= single else math.ceil(units / multi)
    return SmsLength(encoding, units, segments)
