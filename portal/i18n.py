"""Languages: which are offered, how one is chosen, and which way each is written."""
from __future__ import annotations

from flask import current_app, request, session
from flask_login import current_user

# Each language named in itself, for the switcher.
LANGUAGE_NAMES = {
    "en": "English",
    "cy": "Cymraeg",
    "pl": "Polski",
    "ro": "Română",
    "ur": "اردو",
    "ar": "العربية",
}
RIGHT_TO_LEFT = frozenset({"ur", "ar"})
# Babel's plain "en" formats dates the American way; the portal's English is British.
BABEL_LOCALE = {"en": "en_GB"}
# Staff pages are offered in English and Welsh.
CONSOLE_LANGUAGES = ("en", "cy")


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The victim's saved preference, then the switcher (?lang= kept in the session), then the
    browser's Accept-Language, then English."""
    allowed = supported()
    if request.blueprint == "caseworker":
        allowed = CONSOLE_LANGUAGES
    code = _choose(allowed)
    return BABEL_LOCALE.get(code, code)


def _choose(allowed: tuple[str, ...]) -> str:
    chosen = request.args.get("lang")
    if chosen in allowed:
        session["lang"] = chosen
        return chosen
    user = current_user if current_user and current_user.is_authenticated else None
    saved = getattr(user, "language", None) or getattr(user, "locale", None)
    if saved in allowed:
        return saved
    if session.get("lang") in allowed:
        return session["lang"]
    return request.accept_languages.best_match(allowed) or "en"


def text_direction(locale: str) -> str:
    return "rtl" if str(locale).split("_")[0] in RIGHT_TO_LEFT else "ltr"


def current_language() -> str:
    """The language code of the page being rendered ("en", "cy", ...)."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale else "en"


def html_lang() -> str:
    """The page's lang attribute: BCP 47, so "en-GB" rather than "en_GB"."""
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale).replace("_", "-") if locale else "en-GB"


def switcher_links() -> list[tuple[str, str]]:
    """(code, name) for each language the current page may be shown in."""
    codes = CONSOLE_LANGUAGES if request.blueprint == "caseworker" else supported()
    return [(code, LANGUAGE_NAMES[code]) for code in codes]


def save_switcher_choice(choice: str | None) -> None:
    """When a signed-in person uses the switcher, make the choice their saved language, so the
    saved preference (which wins over the switcher) and the switcher agree."""
    if not choice or not current_user or not current_user.is_authenticated:
        return
    if choice not in supported():
        return
    field = "language" if hasattr(current_user, "language") else "locale"
    if field == "locale" and choice not in CONSOLE_LANGUAGES:
        return
    if getattr(current_user, field) != choice:
        from portal.extensions import db
        from portal.services import audit

        setattr(current_user, field, choice)
        audit.record(current_user, "language.changed", language=choice)
        db.session.commit()
