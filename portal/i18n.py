"""Languages: the one table of what is offered, how a page's language is chosen, and how to
render something as a given reader reads.

A leaf: it reads the request, the session and the signed-in person, and writes nothing to the
database (saving a person's language is services/preferences.py's job). Names and text
direction come from Babel's locale data (as SecureDrop's i18n does), not from hand-kept lists.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from babel import Locale
from babel.dates import format_time
from flask import request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user


@dataclass(frozen=True)
class Language:
    """A language the portal is offered in."""

    code: str  # what is stored for a person and used in ?lang= ("en", "cy", ...)
    babel_locale: str  # what Babel formats dates and plurals with ("en_GB": British English)
    # Whether texts drop the marks of the few letters outside GSM-7, as is the custom in this
    # language (Welsh ŵ, Polish ł, Romanian ș...), so a text stays in one GSM-7 segment.
    sms_folding: bool = False
    # Whether the staff console is offered in it (its catalogue is complete).
    console: bool = False
    # How a time of day is written (a Babel width or pattern). CLDR's Urdu writes the 12-hour
    # clock with a Latin "AM"/"PM"; the 24-hour clock needs no Latin letters.
    time_format: str = "short"

    @cached_property
    def _locale(self) -> Locale:
        return Locale.parse(self.babel_locale)

    @property
    def name(self) -> str:
        """The language named in itself, as a switcher shows it ("Cymraeg", "Polski")."""
        name = Locale.parse(self.code).get_display_name(self.code)
        return name[:1].upper() + name[1:]

    @property
    def direction(self) -> str:
        """"ltr" or "rtl", from Babel's data."""
        return "rtl" if self._locale.text_direction == "rtl" else "ltr"


OFFERED: dict[str, Language] = {language.code: language for language in (
    Language("en", "en_GB", console=True),
    Language("cy", "cy", sms_folding=True, console=True),
    Language("pl", "pl", sms_folding=True),
    Language("ro", "ro", sms_folding=True),
    Language("ur", "ur", time_format="HH:mm"),
    Language("ar", "ar"),
)}
DEFAULT = "en"
CONSOLE_LANGUAGES: tuple[str, ...] = tuple(c for c, lang in OFFERED.items() if lang.console)


def codes() -> tuple[str, ...]:
    """Every language a victim may choose, in the switcher's order."""
    return tuple(OFFERED)


def language(code: str | None) -> Language:
    """The offered language with this code (English for anything else)."""
    return OFFERED.get(str(code or "").split("_")[0].split("-")[0], OFFERED[DEFAULT])


def name(code: str) -> str:
    return language(code).name if code in OFFERED else code


def console_language(code: str | None) -> str:
    """The code if the console is offered in it, else English (what staff write and read)."""
    return code if code in CONSOLE_LANGUAGES else DEFAULT


def text_direction(code: str | None = None) -> str:
    """The direction of this language, or of the page being rendered."""
    return language(code if code is not None else current_language()).direction


def folds_sms(code: str) -> bool:
    return language(code).sms_folding


@contextlib.contextmanager
def as_reader(code: str | None) -> Iterator[None]:
    """Render inside this block as a reader of ``code`` reads: their words, their plurals,
    their dates (British English for English). Every message, letter and template the portal
    writes for one person goes through here."""
    with force_locale(language(code).babel_locale):
        yield


# --- the page's language -----------------------------------------------------------------------

def _allowed() -> tuple[str, ...]:
    return CONSOLE_LANGUAGES if request.blueprint == "caseworker" else codes()


def select_locale() -> str:
    """The switcher's choice (?lang=, kept in the session), then the person's saved language,
    then the session's, then the browser's Accept-Language, then English."""
    allowed = _allowed()
    chosen = request.args.get("lang")
    if chosen in allowed:
        session["lang"] = chosen
        return language(chosen).babel_locale
    user = current_user if current_user and current_user.is_authenticated else None
    saved = getattr(user, "language", None) or getattr(user, "locale", None)
    if saved in allowed:
        return language(saved).babel_locale
    if session.get("lang") in allowed:
        return language(session["lang"]).babel_locale
    best = request.accept_languages.best_match(allowed) or DEFAULT
    return language(best).babel_locale


def switcher_choice() -> str | None:
    """The language chosen with the switcher on this request, if it is one the page offers."""
    chosen = request.args.get("lang")
    return chosen if chosen in _allowed() else None


def clock(value) -> str:
    """A wall-clock time (opening hours, a curfew), not a moment: no time zone to convert,
    written as the page's language writes a time of day."""
    return format_time(value, time_format(), locale=get_locale())


def time_format(code: str | None = None) -> str:
    """How a time of day is written in this language (the page's, by default), for Babel."""
    return language(code or current_language()).time_format


def current_language() -> str:
    """The language code of the page being rendered ("en", "cy", ...)."""
    locale = get_locale()
    return locale.language if locale else DEFAULT


def html_lang() -> str:
    """The page's lang attribute: BCP 47, so "en-GB" rather than "en_GB"."""
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en-GB"


def switcher_links() -> list[tuple[str, str]]:
    """(code, name) for each language the current page may be shown in."""
    return [(code, OFFERED[code].name) for code in _allowed()]


def local_name(place) -> str:
    """A court's or a team's name as the current reader reads it: its Welsh name for a Welsh
    reader when it has one (courts and teams in Wales), else its name."""
    welsh = getattr(place, "name_cy", None)
    return welsh if welsh and current_language() == "cy" else place.name
