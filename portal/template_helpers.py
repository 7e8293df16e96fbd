"""Filters and globals for templates: dates in London time for the locale, language direction,
the CSP nonce, labels for the domain's vocabularies."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_time as babel_format_time
from flask import Flask, request, url_for
from flask_babel import format_date, format_time, get_locale, gettext
from markupsafe import Markup

from portal import fragments, i18n, london
from portal.content import events, glossary, labels, rights, stages
from portal.security import csp_nonce, sanitise_html
from portal.services.identifiers import display_phone, tel_link


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
        long_date=lambda value: format_date(_local_date(value), "full"),
        short_date=lambda value: format_date(_local_date(value), "medium"),
        time=lambda value: format_time(value, "short"),
        date_time=_date_and_time,
        phone=display_phone,
        tel=tel_link,
        clock=_clock,
        local_name=i18n.local_name,  # a court's or team's name, Welsh for a Welsh reader
        sanitise=lambda html: Markup(sanitise_html(html)),
        # Words and numbers shown inside a sentence in the reader's language, isolated so that
        # in Arabic and Urdu they neither reorder nor pull the sentence around them: `ltr` for
        # what is always read left to right (phone numbers, references, email addresses),
        # `isolate` for names and addresses (their own direction, from their first letter).
        ltr=lambda value: Markup('<bdi dir="ltr">{}</bdi>').format(value),
        isolate=lambda value: Markup("<bdi>{}</bdi>").format(value),
    )


def _date_and_time(value: dt.datetime) -> str:
    """"Tuesday 1 December 2026 at 10:00", in London time, in the page's language."""
    # Translators: a date followed by a time, e.g. "Tuesday 1 December 2026 at 10:00".
    return gettext("%(date)s at %(time)s", date=format_date(_local_date(value), "full"),
                   time=format_time(value, "short"))


def _sentence(text) -> str:
    """A heading or title used as a sentence, ended as the language ends sentences."""
    # Translators: a heading used as a sentence: end it with your language's full stop (۔ in Urdu).
    return gettext("%(sentence)s.", sentence=text)


def _clock(value: dt.time) -> str:
    """A wall-clock time (opening hours) in the locale's short form."""
    return babel_format_time(value, "short", locale=get_locale())


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
