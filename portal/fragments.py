"""Parts of pages that are the same for everyone who reads them in a language (the stage
explanation and steps, the rights at a stage, the glossary), rendered once per language and key
and then reused. Their text comes only from the code and the catalogues, never from the
database, so the cache cannot go stale while the process runs."""
from __future__ import annotations

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
