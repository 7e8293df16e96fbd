"""SMS length in GSM-7 septets or UCS-2 units, and segments."""
from portal.services.delivery.sms_length import GSM7, UCS2, measure


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
