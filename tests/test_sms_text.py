"""SMS text stays in GSM-7 where the language's letters allow, and is never mangled."""
from portal.services.delivery.sms_length import GSM7, UCS2, measure
from portal.services.delivery.sms_text import fit_for_sms


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
