"""Every victim reads the portal in their own language: complete catalogues, the right lang and
dir on every page, dates and plurals per locale, messages in the victim's language."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_datetime, ngettext

from portal.extensions import db
from portal.models import ContactPreference, Update
from portal.models.enums import Channel, UpdateEvent
from portal.services.delivery.compose import render_update
from tests.conftest import page, visible_text

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "portal" / "translations"
LANGUAGES = ["cy", "pl", "ro", "ur", "ar"]
ALL_LANGUAGES = ["en", *LANGUAGES]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# Victims read the "messages" catalogue in every language; staff read the "console" catalogue,
# offered in English and Welsh.
CATALOGUES = [(language, "messages") for language in LANGUAGES] + [("cy", "console")]


def catalogue(language: str, domain: str = "messages"):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / f"{domain}.po", "rb") as handle:
        return read_po(handle, locale=language)


def _forms(value) -> tuple:
    return value if isinstance(value, (tuple, list)) else (value,)


@pytest.mark.parametrize("language, domain", CATALOGUES)
def test_catalogue_is_complete_and_not_fuzzy(language, domain):
    entries = [m for m in catalogue(language, domain) if m.id]
    assert entries, "empty catalogue"
    untranslated = [m.id for m in entries if not all(_forms(m.string))]
    fuzzy = [m.id for m in entries if m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("language, domain", CATALOGUES)
def test_every_placeholder_survives_translation(language, domain):
    missing = []
    for message in catalogue(language, domain):
        if not message.id:
            continue
        wanted = set().union(*(PLACEHOLDER.findall(i) for i in _forms(message.id)))
        for index, form in enumerate(_forms(message.string)):
            needed = wanted
            if language == "ar" and isinstance(message.id, tuple) and index in (1, 2):
                # Arabic says one and two with the noun's own form ("تحديثان", two updates):
                # a digit there reads as a stray "(2)". Every other placeholder stays.
                needed = wanted - {"%(num)d"}
            if needed - set(PLACEHOLDER.findall(form)):
                missing.append((message.id, form))
    assert missing == []


def test_arabic_says_one_and_two_without_a_stray_digit():
    stray = [form for message in catalogue("ar", "messages")
             if isinstance(message.id, tuple)
             for form in _forms(message.string)[1:3] if "(%(num)d)" in form]
    assert stray == []


@pytest.mark.parametrize("language, domain", CATALOGUES)
def test_catalogue_has_the_plural_forms_of_its_language(language, domain):
    cat = catalogue(language, domain)
    expected = {"cy": 6, "ar": 6, "pl": 3, "ro": 3, "ur": 2}[language]
    assert cat.num_plurals == expected
    for message in cat:
        if isinstance(message.id, tuple):
            assert len(message.string) == expected and all(message.string), message.id


@pytest.mark.parametrize("language, domain", CATALOGUES)
def test_translations_are_not_copies_of_english(language, domain):
    copies = [m.id for m in catalogue(language, domain)
              if m.id and not isinstance(m.id, tuple) and m.string == m.id
              and re.search(r"[a-z]{4,}", PLACEHOLDER.sub("", m.id))]
    assert copies == []



def stale_entries(domain: str, mapping: str, tmp_path: Path) -> tuple[set, set]:
    """What a fresh extraction of ``domain`` has that its committed .pot lacks, and the other
    way round: both empty when the .pot is current. tests/test_reading_age.py uses it too."""
    fresh = tmp_path / f"{domain}.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", mapping,
         "-k", "_l", "-k", "_lp:1c,2", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2",
         "-k", "lazy_pgettext:1c,2", "--add-comments=Translators:", "--no-wrap",
         "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True)

    def ids(path):
        with open(path, "rb") as handle:
            return {(m.id, m.context) for m in read_po(handle) if m.id}

    committed, current = ids(TRANSLATIONS / f"{domain}.pot"), ids(fresh)
    return current - committed, committed - current


@pytest.mark.parametrize("domain, mapping", [("messages", "babel.cfg"),
                                             ("console", "console.cfg")])
def test_catalogue_templates_are_up_to_date(tmp_path, domain, mapping):
    new, old = stale_entries(domain, mapping, tmp_path)
    assert new == set(), "run `make translations`: new strings are missing"
    assert old == set(), "run `make translations`: old strings remain"


@pytest.fixture
def signed_in_victim(client, make, victim_auth):
    def sign_in(language: str):
        victim = make.victim(language=language)
        db.session.add(ContactPreference(victim=victim, channels=["sms"],
                                         asked_at=dt.datetime.now(dt.timezone.utc)))
        db.session.commit()
        case = make.case(victims=[victim])
        make.hearing(case)
        victim_auth.sign_in(victim)
        return victim, case
    return sign_in


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_public_pages_render_in_each_language(client, language):
    english_title = page(client.get("/?lang=en")).title.text
    for path in ("/", "/sign-in", "/sign-in/password", "/no-such-page"):
        response = client.get(f"{path}?lang={language}")
        soup = page(response)
        assert soup.html["lang"].split("-")[0] == language
        assert soup.html["dir"] == ("rtl" if language in ("ar", "ur") else "ltr")
    if language != "en":
        assert page(client.get(f"/?lang={language}")).title.text != english_title


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_signed_in_pages_render_in_the_victims_language(client, signed_in_victim, language):
    victim, case = signed_in_victim(language)
    for path in ("/cases", f"/cases/{case.id}", "/account/password"):
        response = client.get(path)
        assert response.status_code == 200, path
        soup = page(response)
        assert soup.html["lang"].split("-")[0] == language
        assert soup.html["dir"] == ("rtl" if language in ("ar", "ur") else "ltr")


def test_saved_language_wins_over_the_browser(client, signed_in_victim):
    signed_in_victim("pl")
    response = client.get("/cases", headers={"Accept-Language": "ro"})
    assert page(response).html["lang"] == "pl"


def test_switcher_wins_over_the_browser_and_is_remembered(client):
    assert page(client.get("/", headers={"Accept-Language": "ro"})).html["lang"] == "ro"
    client.get("/?lang=cy", headers={"Accept-Language": "ro"})
    assert page(client.get("/", headers={"Accept-Language": "ro"})).html["lang"] == "cy"


def test_switcher_updates_a_signed_in_victims_saved_language(client, signed_in_victim):
    victim, _ = signed_in_victim("en")
    client.get("/cases?lang=ar")
    db.session.refresh(victim)
    assert victim.language == "ar"
    assert page(client.get("/cases")).html["dir"] == "rtl"


def test_each_language_is_named_in_itself_in_the_switcher(client):
    soup = page(client.get("/"))
    names = {a.get("lang"): a.get_text(strip=True)
             for a in soup.select(".portal-languages [lang]")}
    assert names == {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ro": "Română",
                     "ur": "اردو", "ar": "العربية"}


def test_welsh_victim_gets_sms_email_and_case_page_in_welsh(app, client, make,
                                                            signed_in_victim):
    victim, case = signed_in_victim("cy")
    update = Update(case=case, event=UpdateEvent.HEARING_LISTED, body_html="<p>Trial set.</p>",
                    body_text="Trial set.")
    db.session.add(update)
    db.session.commit()
    welsh = catalogue("cy")
    headline = welsh.get("A court hearing has been arranged").string
    stop = welsh.get("Reply STOP to stop texts.").string
    with app.test_request_context():
        sms = render_update(update, victim, Channel.SMS)
        email = render_update(update, victim, Channel.EMAIL)
    from portal.services.delivery.sms_text import fit_for_sms

    assert fit_for_sms(headline, "cy") in sms.text and fit_for_sms(stop, "cy") in sms.text
    assert headline in email.subject and headline in email.text
    assert "Your contact wrote this in English" not in email.text
    case_page = visible_text(client.get(f"/cases/{case.id}"))
    assert welsh.get("Where your case is now").string in case_page
    assert welsh.get("Your contact wrote this in English.").string in case_page


def test_arabic_has_six_plural_forms(app):
    singular, plural = ("Prison sentence of %(num)d month.", "Prison sentence of %(num)d months.")
    arabic = catalogue("ar")
    written = arabic.get((singular, plural)).string
    with app.test_request_context(), force_locale("ar"):
        shown = {n: ngettext(singular, plural, n) for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(shown.values())) == 6, shown
    # Each number gets the form Arabic's plural rule picks for it (0, 1, 2, 3-10, 11-99, 100+).
    for n, index in ((0, 0), (1, 1), (2, 2), (3, 3), (11, 4), (100, 5)):
        assert arabic.plural_expr and shown[n] == written[index] % {"num": n}, n


@pytest.mark.parametrize("language, n, index", [("pl", 5, 2), ("pl", 3, 1), ("ro", 20, 2),
                                                ("ur", 3, 1), ("cy", 2, 2), ("cy", 6, 4)])
def test_every_language_picks_its_own_plural_form(app, language, n, index):
    singular = "That code is not right. You can try %(num)d more time."
    plural = "That code is not right. You can try %(num)d more times."
    written = catalogue(language).get((singular, plural)).string
    with app.test_request_context(), force_locale(language):
        assert ngettext(singular, plural, n) == written[index] % {"num": n}


@pytest.mark.parametrize("language, month, clock", [("pl", "lipca", "10:30"),
                                                     ("cy", "Gorffennaf", "10:30")])
def test_dates_are_in_the_language_and_in_london_time(app, language, month, clock):
    summer = dt.datetime(2027, 7, 6, 9, 30, tzinfo=dt.timezone.utc)
    with app.test_request_context(), force_locale(language):
        text = format_datetime(summer, "long")
    assert month in text and clock in text


# Issue 13's targets for a text about an update, for an ordinary and a discreet victim: one
# GSM-7 segment in English, Welsh, Polish and Romanian; at most two (UCS-2) in Urdu and Arabic.
SMS_TARGETS = {"en": 1, "cy": 1, "pl": 1, "ro": 1, "ur": 2, "ar": 2}


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_standard_sms_fit_their_segments_in_every_language(app, monkeypatch, language):
    """Every update event as production sends it: a production-length address and case id, and
    for a hearing's news its real date and time (the longest a language writes: a Wednesday in
    September). bench/sms_segments.py prints the same texts' counts for docs/BENCHMARKS.md."""
    from portal.models import Case, Court, Hearing, Victim
    from portal.models.enums import Offence
    from portal.services.delivery.sms_text import fit_for_sms, measure

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://portal.example.gov.uk")
    case = Case(id=123_456, crime_reference="NS/26/12345", offence=Offence.BURGLARY)
    hearing = Hearing(case_id=case.id, court=Court(name="Northshire Crown Court"),
                      starts_at=dt.datetime(2026, 9, 30, 9, 0, tzinfo=dt.timezone.utc))
    failures, texts = [], 0
    with app.test_request_context():
        for discreet in (False, True):
            victim = Victim(full_name="Anna Kowalska", language=language,
                            preference=ContactPreference(discreet=discreet, channels=["sms"]))
            for event in UpdateEvent:
                update = Update(case=case, case_id=case.id, event=event, body_html="",
                                body_text="")
                if event in (UpdateEvent.HEARING_LISTED, UpdateEvent.HEARING_MOVED):
                    update.hearing = hearing
                text = render_update(update, victim, Channel.SMS).text
                length, texts = measure(text), texts + 1
                wanted = "UCS-2" if language in ("ur", "ar") else "GSM-7"
                if length.segments > SMS_TARGETS[language] or length.encoding != wanted:
                    failures.append(f"{event.value} ({'discreet' if discreet else 'ordinary'}):"
                                    f" {length.segments} segments, {length.encoding}, "
                                    f"{length.units} units: {text}")
                if event is UpdateEvent.HEARING_MOVED and not discreet:
                    with force_locale(language):
                        september = format_datetime(hearing.starts_at, "MMMM")
                    assert fit_for_sms(september, language) in text  # the date is there
                    assert "https://portal.example.gov.uk/cases/123456" in text
    assert texts == 2 * len(UpdateEvent)
    assert not failures, f"{language}: " + "\n".join(failures)


def test_console_is_offered_in_welsh_and_english_only(client, make, staff_login):
    worker = make.staff(locale="cy")
    make.case(team=worker.team, contact=worker)
    staff_login.sign_in_quickly(worker)
    soup = page(client.get("/staff/cases"))
    assert soup.html["lang"] == "cy"
    english = page(client.get("/staff/cases?lang=en"))
    assert english.html["lang"] == "en-GB"
    assert soup.h1.get_text(strip=True) != english.h1.get_text(strip=True)
    # Arabic is not offered on staff pages: the choice falls back to the saved language.
    assert page(client.get("/staff/cases?lang=ar")).html["lang"] == "en-GB"
    switcher = {a.get("lang") for a in soup.select(".portal-languages [lang]")}
    assert switcher == {"en", "cy"}


def test_error_messages_are_announced_in_the_pages_language(client):
    response = client.post("/sign-in?lang=cy", data={"identifier": ""})
    # No CSRF token: the plain 400 page. With one, the field's error in Welsh:
    from tests.conftest import csrf_token

    token = csrf_token(client, "/sign-in?lang=cy")
    response = client.post("/sign-in?lang=cy", data={"identifier": "", "csrf_token": token})
    hidden = page(response).select_one(".govuk-error-message .govuk-visually-hidden")
    assert hidden.get_text(strip=True) == catalogue("cy").get("Error:").string


@pytest.mark.parametrize("language", ["ur", "ar", "en"])
def test_a_time_of_day_is_written_in_the_readers_script(app, language):
    """CLDR's Urdu writes "2:30 PM" with Latin letters: Urdu pages use the 24-hour clock."""
    from flask import render_template_string

    from portal import i18n

    moment = dt.datetime(2027, 3, 3, 14, 30, tzinfo=dt.timezone.utc)  # 14:30 in London
    with app.test_request_context(), i18n.as_reader(language):
        written = render_template_string("{{ moment|time }}|{{ moment|date_time }}",
                                         moment=moment)
    if language == "en":
        assert "2:30" in written or "14:30" in written
        return
    assert "14:30" in written or "٢:٣٠" in written or "2:30" in written, written
    if language == "ur":
        assert "14:30" in written and not re.search(r"[A-Za-z]", written), written
