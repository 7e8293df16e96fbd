"""Parts of pages that are the same for everyone who reads them in a language (the stage
explanation and steps, the rights at a stage, the glossary), rendered once per language and key
and then reused. Their text comes only from the code and the catalogues, never from the
database, so the cache cannot go stale while the process runs."""
from __future__ import annotations

import re
from html import unescape

from flask import current_app
from markupsafe import Markup

from portal.i18n import current_language

_MAX_ENTRIES = 5000
_cache: dict[tuple, Markup] = {}


def render_once(template: str, key, **context) -> Markup:
    cache_key = (template, current_language(), key)
    html = _cache.get(cache_key)
    if html is None:
        html = Markup(current_app.jinja_env.get_template(template).render(**context))
        if len(_cache) < _MAX_ENTRIES:
            _cache[cache_key] = html
    return html


def clear() -> None:
    _cache.clear()


# Where a page wants its glossary (victim/case.html): replaced by ``with_glossary``.
GLOSSARY_HERE = "<!-- portal:glossary -->"
_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def with_glossary(html: str) -> str:
    """The page with its glossary: the legal words found in what the page shows above it, in
    the reader's language (content/glossary.found_in), each explained once."""
    from portal.content import glossary

    before, marker, after = html.partition(GLOSSARY_HERE)
    if not marker:
        return html
    main = before.split("<main", 1)[-1]
    text = unescape(_TAG.sub(" ", _HIDDEN.sub(" ", main)))
    keys = glossary.found_in(text)
    glossary_html = str(render_once("victim/fragments/glossary.html", keys, keys=keys))
    return before + glossary_html + after  # str: Markup + str would escape the page
