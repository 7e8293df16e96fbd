"""Static files: built once under content-hashed names, served compressed and cached for a year.

Building (`make assets`, which runs ``python -m portal.assets``):

1. Sass compiles ``static/src/portal.scss`` (only the GOV.UK Frontend components the portal
   uses) into ``static/build/portal.css``.
2. esbuild bundles ``static/js/*.mjs`` with the GOV.UK Frontend components they import (and
   nothing else of it), minifies them, and writes every entry (the two scripts, the compiled
   stylesheet and ``static/css/letter.css``) into ``static/build/public/`` named after a hash of
   its content (``portal-7QJ3B2ZK.css``); a changed file gets a new name.
3. Sass compiles ``static/src/urdu.scss`` (the Nastaliq web font's ``@font-face`` and the Urdu
   pages' font and line height) and esbuild bundles it with the font file it names (Noto
   Nastaliq Urdu's own "arabic" subset, from npm), so the font gets a hashed name too
   (``noto-nastaliq-urdu-arabic-400-normal-3NQ4XJ2M.woff2``) and the stylesheet points at it.
   Only Urdu pages link this stylesheet (``base.html``).
4. WhiteNoise's compressor writes a Brotli and a gzip copy beside each file (not beside the
   font: WOFF2 is compressed already).
5. ``static/build/manifest.json`` maps each entry's own name, and each file an entry brought
   with it (the font), to its hashed name, read from esbuild's metafiles.

Serving: WhiteNoise, wrapped around the app, serves ``static/build/public/`` at ``/static/``.
It picks the Brotli or gzip copy when the browser accepts it, and marks the hashed files
``Cache-Control: public, max-age=31536000, immutable``, so a phone that has them never asks
again; a new build gives new names, which the pages then link. Templates link them with
``asset_url("portal.css")``. The pages themselves are compressed by Flask-Compress (see
``init_app``).

GOV.UK Frontend's images are copied to ``static/build/govuk/assets`` for the ``/assets/`` route
(its CSS asks for them by that absolute path; none of the portal's pages uses one).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
BUILD = STATIC / "build"
PUBLIC = BUILD / "public"
MANIFEST = BUILD / "manifest.json"
URL_PREFIX = "/static/"
ONE_YEAR = 365 * 24 * 60 * 60
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"

# What the pages link: the scripts (bundled), the stylesheet Sass makes, the letters' print CSS.
ENTRIES = (
    STATIC / "js" / "portal.mjs",
    STATIC / "js" / "update-checker.mjs",
    BUILD / "portal.css",
    STATIC / "css" / "letter.css",
)
# Stylesheets bundled with the files they point at (fonts), each made by Sass from
# static/src/<name>.scss: only Urdu pages link it.
WITH_FILES = ("urdu.css",)
# What Sass makes, from static/src/<name>.scss, when it is wanted.
SASS = ("portal.css", *WITH_FILES)


class MissingAssets(RuntimeError):
    """The static files have not been built (or an entry is not in the manifest)."""


# --- serving ----------------------------------------------------------------------------------

def load_manifest(path: Path = MANIFEST) -> dict[str, str]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingAssets(
            f"{path} is missing: build the static files with `make assets` "
            "(`make install`, `make run` and `make test` do it)") from None


def init_app(app, manifest: Path = MANIFEST, public: Path = PUBLIC) -> None:
    """Serve the built files with WhiteNoise, give templates ``asset_url``, and compress the
    pages (HTML and JSON) with Flask-Compress.

    Compressing pages that carry a CSRF token invites BREACH, which needs an attacker's page to
    make the victim's browser send requests with its cookie and reflect chosen text. The
    session cookie is SameSite=Strict (config.py), so no other site's request carries it:
    such a response holds no secret of the victim's to find.
    """
    from flask_compress import Compress
    from whitenoise import WhiteNoise

    names = load_manifest(manifest)
    hashed = {URL_PREFIX + name for name in names.values()}

    def asset_url(name: str) -> str:
        """The address of a built file by its own name: ``asset_url("portal.css")``."""
        try:
            return URL_PREFIX + names[name]
        except KeyError:
            raise MissingAssets(f"{name} is not a built asset (portal/assets.py: ENTRIES); "
                                f"built: {', '.join(sorted(names))}") from None

    def headers(headers, path: str, url: str) -> None:
        headers["X-Content-Type-Options"] = "nosniff"
        if url in hashed:
            headers["Cache-Control"] = IMMUTABLE

    app.jinja_env.globals["asset_url"] = asset_url
    app.extensions["portal_assets"] = names
    app.wsgi_app = WhiteNoise(
        app.wsgi_app, root=str(public), prefix=URL_PREFIX, allow_all_origins=False,
        immutable_file_test=lambda path, url: url in hashed, add_headers_function=headers)

    # Pages: Brotli or gzip, as the static files. Downloads (streamed) are left as they are.
    app.config.setdefault("COMPRESS_MIMETYPES", ["text/html", "application/json"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_STREAMS", False)
    Compress(app)


# --- building ---------------------------------------------------------------------------------

def build(entries: tuple[Path, ...] = ENTRIES, build_dir: Path = BUILD,
          node_modules: Path = ROOT / "node_modules",
          with_files: tuple[str, ...] = WITH_FILES) -> dict[str, str]:
    """Build every entry into ``build_dir/public`` under hashed names, compress them and write
    the manifest; return it. Needs `npm ci` first (sass and esbuild are npm packages).

    ``entries`` are copied (stylesheets) or bundled (scripts); ``with_files`` are stylesheets
    Sass makes in ``build_dir`` that esbuild bundles with the files their ``url()``s name."""
    from whitenoise.compress import Compressor

    bin_dir = node_modules / ".bin"
    public = build_dir / "public"
    build_dir.mkdir(parents=True, exist_ok=True)
    wanted = [name for name in SASS
              if build_dir / name in entries or name in with_files]
    if wanted:
        _run([bin_dir / "sass", f"--load-path={node_modules}", f"--load-path={STATIC / 'src'}",
              "--style=compressed", "--no-source-map", "--quiet",
              *(f"{STATIC / 'src' / Path(name).with_suffix('.scss')}:{build_dir / name}"
                for name in wanted)])
    shutil.rmtree(public, ignore_errors=True)
    metafile = build_dir / "esbuild.json"
    _run([bin_dir / "esbuild", *entries, "--bundle", "--minify", "--format=esm",
          "--loader:.css=copy", "--entry-names=[name]-[hash]",
          f"--outdir={public}", f"--metafile={metafile}", "--log-level=warning"],
         cwd=ROOT)
    manifest = _manifest(json.loads(metafile.read_text(encoding="utf-8")), public)
    if with_files:
        # A second run: here CSS is bundled (its url()s followed), which the copied
        # stylesheets above must not be (GOV.UK Frontend's point at /assets/).
        metafile = build_dir / "esbuild-with-files.json"
        _run([bin_dir / "esbuild", *(build_dir / name for name in with_files), "--bundle",
              "--minify", "--loader:.woff2=file", "--entry-names=[name]-[hash]",
              "--asset-names=[name]-[hash]", f"--outdir={public}", f"--metafile={metafile}",
              "--log-level=warning"], cwd=ROOT,
             # The font is named by its npm package's path, found here wherever the build is.
             env={**os.environ, "NODE_PATH": str(node_modules)})
        manifest.update(_manifest(json.loads(metafile.read_text(encoding="utf-8")), public))
    compressor = Compressor(quiet=True)
    for path in sorted(public.iterdir()):
        if compressor.should_compress(path.name):
            compressor.compress(str(path))
    (build_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True)
                                             + "\n", encoding="utf-8")
    govuk = node_modules / "govuk-frontend" / "dist" / "govuk" / "assets"
    if govuk.is_dir():
        shutil.copytree(govuk, build_dir / "govuk" / "assets", dirs_exist_ok=True)
    return manifest


def _manifest(metafile: dict, public: Path) -> dict[str, str]:
    """Each entry's own name (``portal.css``, ``portal.mjs``) to its hashed file in ``public``,
    from esbuild's metafile (whose paths are relative to the folder esbuild ran in); a file an
    entry brought with it (a font) by its own name too."""
    manifest = {}
    for output, facts in metafile["outputs"].items():
        source = facts.get("entryPoint")
        if not source and not output.endswith(".map") and len(facts.get("inputs", {})) == 1:
            source = next(iter(facts["inputs"]))
        if source:
            manifest[Path(source).name] = (ROOT / output).resolve().relative_to(
                public.resolve()).as_posix()
    return manifest


def _run(command: list, cwd: Path | None = None, env: dict | None = None) -> None:
    subprocess.run([str(part) for part in command], check=True, cwd=cwd, env=env)


if __name__ == "__main__":
    built = build()
    width = max(map(len, built))
    for name, file in sorted(built.items()):
        size = (PUBLIC / file).stat().st_size
        br = PUBLIC / (file + ".br")
        print(f"{name:<{width}}  {file}  {size:,} bytes"
              + (f", {br.stat().st_size:,} with Brotli" if br.exists() else ""), file=sys.stderr)
