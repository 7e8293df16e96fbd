"""Static files (portal/assets.py, issue 13 "Light on a phone"): hashed names cached for a year,
compressed when the browser accepts it, a new name for a changed file, and only the parts of
GOV.UK Frontend the pages use, none missing."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from portal import assets
from tests.conftest import page

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "portal" / "templates"
GOVUK_CSS = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css"


def built(name: str) -> Path:
    return assets.PUBLIC / assets.load_manifest()[name]


def linked(client) -> list[str]:
    """The stylesheet and script every page links."""
    soup = page(client.get("/"))
    return [soup.find("link", rel="stylesheet")["href"], soup.find("script", type="module")["src"]]


# --- serving ----------------------------------------------------------------------------------

def test_pages_link_the_built_files_by_their_hashed_names(client):
    manifest = assets.load_manifest()
    css, script = linked(client)
    assert css == "/static/" + manifest["portal.css"]
    assert script == "/static/" + manifest["portal.mjs"]
    assert re.fullmatch(r"/static/portal-[A-Z0-9]{8}\.css", css)
    assert re.fullmatch(r"/static/portal-[A-Z0-9]{8}\.js", script)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_css_and_js_are_compressed_and_cached_for_a_year(client, encoding):
    for url in linked(client):
        response = client.get(url, headers={"Accept-Encoding": f"{encoding}, identity"})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        on_disk = assets.PUBLIC / url.removeprefix("/static/")
        suffix = ".br" if encoding == "br" else ".gz"
        assert response.get_data() == (on_disk.parent / (on_disk.name + suffix)).read_bytes()
        assert len(response.get_data()) < on_disk.stat().st_size / 3


def test_a_browser_that_accepts_no_compression_gets_the_file_itself(client):
    for url in linked(client):
        response = client.get(url)
        assert "Content-Encoding" not in response.headers
        assert response.get_data() == (assets.PUBLIC / url.removeprefix("/static/")).read_bytes()
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


# --- Urdu's web font: on Urdu pages only ---------------------------------------------------------

FONT = "noto-nastaliq-urdu-arabic-400-normal.woff2"


def test_only_urdu_pages_link_the_nastaliq_font(client):
    manifest = assets.load_manifest()
    for lang in ("en", "cy", "pl", "ro", "ar"):
        head = page(client.get(f"/?lang={lang}")).find("head")
        assert [link["href"] for link in head.find_all("link", rel="stylesheet")] == [
            "/static/" + manifest["portal.css"]], lang
        assert head.find("link", rel="preload") is None, lang
    head = page(client.get("/?lang=ur")).find("head")
    assert [link["href"] for link in head.find_all("link", rel="stylesheet")] == [
        "/static/" + manifest["portal.css"], "/static/" + manifest["urdu.css"]]
    preload = head.find("link", rel="preload")
    assert preload["href"] == "/static/" + manifest[FONT]
    assert (preload["as"], preload["type"]) == ("font", "font/woff2")
    assert preload.has_attr("crossorigin")  # fonts are fetched in CORS mode: else it is wasted


def test_the_urdu_stylesheet_points_at_the_hashed_font_and_swaps_it_in():
    manifest = assets.load_manifest()
    assert re.fullmatch(r"noto-nastaliq-urdu-arabic-400-normal-[A-Z0-9]{8}\.woff2",
                        manifest[FONT])
    css = built("urdu.css").read_text(encoding="utf-8")
    assert f'url("./{manifest[FONT]}") format("woff2")' in css
    assert "font-display:swap" in css
    assert "unicode-range:U+0600-06FF," in css  # the package's Arabic-script subset only
    assert ".woff)" not in css and ".ttf" not in css
    # The package's own subset file, unchanged.
    source = (ROOT / "node_modules" / "@fontsource" / "noto-nastaliq-urdu" / "files" / FONT)
    assert built(FONT).read_bytes() == source.read_bytes()
    assert "Nastaliq" not in built("portal.css").read_text(encoding="utf-8")


def test_the_font_is_cached_for_a_year_and_not_compressed_again(client):
    manifest = assets.load_manifest()
    for name, kind in ((FONT, "font/woff2"), ("urdu.css", "text/css")):
        response = client.get("/static/" + manifest[name],
                              headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith(kind)
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    response = client.get("/static/" + manifest[FONT], headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in response.headers  # WOFF2 is compressed already
    assert not (assets.PUBLIC / (manifest[FONT] + ".br")).exists()


def test_only_built_files_are_served(client):
    """Sources, the manifest and old names are not files of the site."""
    for path in ("/static/js/portal.mjs", "/static/src/portal.scss", "/static/manifest.json",
                 "/static/build/portal.css", "/static/portal.css", "/static/../portal.css"):
        assert client.get(path).status_code == 404, path


def test_pages_are_compressed_and_keep_their_headers(client):
    response = client.get("/sign-in", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "no-store, max-age=0"
    assert "script-src 'self' 'nonce-" in response.headers["Content-Security-Policy"]
    import brotli

    assert b"<main" in brotli.decompress(response.get_data())
    assert "Content-Encoding" not in client.get("/sign-in").headers


def test_template_links_go_through_asset_url():
    """url_for('static', ...) would fail (Flask's own static route is off): every template
    links a built file by its own name."""
    for template in TEMPLATES.rglob("*.html"):
        assert "url_for('static'" not in template.read_text(encoding="utf-8"), template
        assert 'url_for("static"' not in template.read_text(encoding="utf-8"), template


def test_a_missing_entry_says_what_was_built(app):
    with pytest.raises(assets.MissingAssets, match="portal.css"):
        app.jinja_env.globals["asset_url"]("no-such.css")


def test_an_app_without_a_build_says_how_to_make_one(tmp_path):
    with pytest.raises(assets.MissingAssets, match="make assets"):
        assets.load_manifest(tmp_path / "manifest.json")


# --- building ---------------------------------------------------------------------------------

def test_a_changed_file_gets_a_new_name_and_an_unchanged_one_keeps_its_name(tmp_path):
    source = tmp_path / "src" / "letter.css"
    source.parent.mkdir()
    shutil.copy(ROOT / "static" / "css" / "letter.css", source)
    out = tmp_path / "build"

    first = assets.build((source,), build_dir=out)["letter.css"]
    again = assets.build((source,), build_dir=out)["letter.css"]
    source.write_text(source.read_text() + "\n.changed { color: #0b0c0c; }\n")
    changed = assets.build((source,), build_dir=out)["letter.css"]

    assert first == again
    assert changed != first and re.fullmatch(r"letter-[A-Z0-9]{8}\.css", changed)
    assert (out / "public" / changed).read_text().endswith(".changed { color: #0b0c0c; }\n")
    assert not (out / "public" / first).exists(), "the old name is not left to be served"
    assert (out / "public" / (changed + ".gz")).exists()
    assert (out / "public" / (changed + ".br")).exists()


# --- only what the pages use, and all of it ----------------------------------------------------

COMPONENT = re.compile(r"govuk_frontend_jinja/components/([\w-]+)/macro\.html")
CLASS = re.compile(r"(?<![\w./-])govuk-(?:!-)?[a-z0-9]+(?:-[a-z0-9]+)*"
                   r"(?:__[a-z0-9]+(?:-[a-z0-9]+)*)?(?:--[a-z0-9]+(?:-[a-z0-9]+)*)?")
MODULE = re.compile(r'data-module="(govuk-[a-z-]+)"')
# GOV.UK Frontend's file upload starts its script only with `javascript: true`, which no field
# of ours sets: its plain <input type="file"> works everywhere.
NOT_STARTED = {"govuk-file-upload"}


def css_classes(css: str) -> set[str]:
    return {name.replace("\\", "") for name in re.findall(r"\.(govuk-(?:\\!|[\w-])+)", css)}


def what_the_pages_use(app) -> str:
    """Our templates and Python, plus the GOV.UK Frontend macros they and the
    govuk-frontend-wtf widgets they use render, followed through the macros' own imports."""
    from govuk_frontend_wtf import wtforms_widgets

    ours = [p.read_text(encoding="utf-8") for p in TEMPLATES.rglob("*.html")]
    ours += [p.read_text(encoding="utf-8") for p in (ROOT / "portal").rglob("*.py")]
    text = "\n".join(ours)
    loader, env = app.jinja_loader, app.jinja_env
    widgets = {getattr(wtforms_widgets, name, None) for name in re.findall(r"\bGov[A-Z]\w+", text)}
    pending = [w.template for w in widgets if getattr(w, "template", None)]
    pending += [f"govuk_frontend_jinja/components/{c}/macro.html" for c in COMPONENT.findall(text)]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        source = loader.get_source(env, name)[0]
        text += "\n" + source
        pending += [f"govuk_frontend_jinja/components/{c}/macro.html"
                    for c in COMPONENT.findall(source)]
    return text


def test_every_gov_uk_class_the_pages_use_is_in_the_stylesheet(app):
    """Only the components the portal uses are compiled (static/src/portal.scss): one a
    template starts using must be added there, or it would silently be unstyled."""
    used = set(CLASS.findall(what_the_pages_use(app)))
    ours = css_classes(built("portal.css").read_text(encoding="utf-8"))
    everything = css_classes(GOVUK_CSS.read_text(encoding="utf-8"))
    missing = sorted((used & everything) - ours)
    assert not missing, f"add their components to static/src/portal.scss: {missing}"
    # And the components no page uses are left out.
    for unused in ("govuk-accordion", "govuk-tabs", "govuk-header", "govuk-cookie-banner",
                   "govuk-character-count", "govuk-breadcrumbs", "govuk-task-list"):
        assert unused not in used and unused not in ours


def test_every_gov_uk_script_the_pages_use_is_started_and_no_other(app):
    modules = set(MODULE.findall(what_the_pages_use(app))) - NOT_STARTED
    bundle = built("portal.mjs").read_text(encoding="utf-8")
    missing = sorted(m for m in modules if f'"{m}"' not in bundle)
    assert not missing, f"add them to static/js/portal.mjs: {missing}"
    for unused in ("govuk-accordion", "govuk-tabs", "govuk-character-count", "govuk-header",
                   "govuk-file-upload"):
        assert f'"{unused}"' not in bundle
