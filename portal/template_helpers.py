"""Filters and globals for templates: dates in London time for the locale, language direction,
the CSP nonce, labels for the domain's vocabularies."""
from __future__ import annotations

import datetime as dt
import functools

import flask_babel
from flask import Flask, g, request, url_for
from flask_babel import format_date, format_time, get_locale, gettext
from markupsafe import Markup

from portal import fragments, i18n, london
from portal.content import events, glossary, labels, rights, stages
from portal.security import csp_nonce, sanitise_html
from portal.services.identifiers import display_phone, tel_link


def install_gettext(app: Flask) -> None:
    """After Flask-Babel's init_app, which installs its own."""
    # Flask-Babel's own callables find the locale and the catalogue again for every string
    # (about six context look-ups each, a fifth of a console list's time): these find them
    # once per locale per request, and again whenever the locale changes (force_locale).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        csp_nonce=csp_nonce,
        text_direction=i18n.text_direction,
        html_lang=i18n.html_lang,
        current_language=i18n.current_language,
        language_links=_language_links,
        stage_text=lambda stage: stages.STAGES[stage],
        offence_label=lambda key: labels.OFFENCES.get(key, key),
        hearing_kind=lambda key: labels.HEARING_KINDS[key],
        hearing_outcome=lambda key: labels.HEARING_OUTCOMES.get(key),
        decision_label=lambda key: labels.DECISIONS[key],
        team_kind=lambda key: labels.TEAM_KINDS[key],
        court_need_label=lambda key: labels.COURT_NEEDS.get(key, key),
        understood_label=lambda key: labels.UNDERSTOOD.get(key, key),
        update_headline=lambda key: events.HEADLINES[key],
        sentence=_sentence,
        render_once=fragments.render_once,
        rights_for=rights.rights_for,
        glossary_terms=glossary.terms,
    )
    app.jinja_env.filters.update(
        tuple=tuple,
        long_date=lambda value: _formatted_date(_local_date(value), "full", get_locale()),
        short_date=lambda value: _formatted_date(_local_date(value), "medium", get_locale()),
        time=lambda value: _formatted_time(value, get_locale()),
        date_time=_date_and_time,
        phone=display_phone,
        tel=tel_link,
        clock=i18n.clock,
        local_name=i18n.local_name,  # a court's or team's name, Welsh for a Welsh reader
        sanitise=lambda html: Markup(sanitise_html(html)),
        # Words and numbers shown inside a sentence in the reader's language, isolated so that
        # in Arabic and Urdu they neither reorder nor pull the sentence around them: `ltr` for
        # what is always read left to right (phone numbers, references, email addresses),
        # `isolate` for names and addresses (their own direction, from their first letter).
        ltr=lambda value: Markup('<bdi dir="ltr">{}</bdi>').format(value),
        isolate=lambda value: Markup("<bdi>{}</bdi>").format(value),
    )


def _translations():
    """The catalogue of the locale in force, remembered on Flask-Babel's own request context
    beside the locale it is for: a new locale (force_locale, as_reader) finds its own."""
    context = g.get("_flask_babel")
    if context is not None:
        locale = getattr(context, "babel_locale", None)
        remembered = getattr(context, "portal_translations", None)
        if locale is not None and remembered is not None and remembered[0] is locale:
            return remembered[1]
    translations = flask_babel.get_translations()
    context = g.get("_flask_babel")
    if context is not None:
        context.portal_translations = (getattr(context, "babel_locale", None), translations)
    return translations


# A date or time in a locale is always written the same way, and Babel takes about 0.1 ms to
# write one (a console list writes a hundred): each is written once per worker. The locale is
# part of the key, so the result is the one Flask-Babel would give for that locale.
@functools.lru_cache(maxsize=8192)
def _formatted_date(day: dt.date, width: str, locale) -> str:
    return format_date(day, width)


@functools.lru_cache(maxsize=8192)
def _formatted_time(moment: dt.datetime, locale) -> str:
    return format_time(moment, i18n.time_format())


def _date_and_time(value: dt.datetime) -> str:
    """"Tuesday 1 December 2026 at 10:00", in London time, in the page's language."""
    locale = get_locale()
    # Translators: a date followed by a time, e.g. "Tuesday 1 December 2026 at 10:00".
    return gettext("%(date)s at %(time)s", date=_formatted_date(_local_date(value), "full", locale),
                   time=_formatted_time(value, locale))


def _sentence(text) -> str:
    """A heading or title used as a sentence, ended as the language ends sentences."""
    # Translators: a heading used as a sentence: end it with your language's full stop (۔ in Urdu).
    return gettext("%(sentence)s.", sentence=text)



def _local_date(value):
    """Dates stay as they are; datetimes are shown as their date in London."""
    if isinstance(value, dt.datetime):
        return london.local_date(value)
    return value


def _language_links() -> list[dict]:
    """One link per language, keeping the page the person is on."""
    args = dict(request.view_args or {})
    endpoint = request.endpoint
    links = []
    current = i18n.current_language()
    for code, name in i18n.switcher_links():
        href = url_for(endpoint, **args, lang=code) if endpoint else f"?lang={code}"
        links.append({"code": code, "name": name, "href": href, "current": code == current})
    return links
