"""Benchmark: the bytes a phone downloads for the pages victims load most, measured in headless
Chromium (Debian's, driven by Playwright as the browser tests do) against a live portal.

For each page (start, sign-in, the demo victim's case page in English, and the demo Urdu
victim's case page, the only one of them that loads the Nastaliq web font): a first load in a
fresh browser (empty cache), then a repeat load in the same browser (a new navigation to the
same address, as a victim coming back to the page does). The bytes are what Chromium's network
layer received (DevTools' "transferred": headers and the body as sent, compressed or not),
summed over every request the page made; a response from the browser's cache counts as nothing
and is not a request. The font's size is reported, and no page but the Urdu one may download a
font.

    python bench/page_weight.py [--no-write]

Writes the figures into docs/BENCHMARKS.md (between the page-weight markers) unless --no-write.
Not a timed benchmark: bytes do not depend on the machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402

from tests.browser.harness import ROOT, launch_chromium, live_portal  # noqa: E402

BENCHMARKS = ROOT / "docs" / "BENCHMARKS.md"
START_MARK = "<!-- page-weight:start -->"
END_MARK = "<!-- page-weight:end -->"
# A cheap phone: the width the issue was measured at.
PHONE = {"width": 360, "height": 740}
# The targets of issue 13 ("Light on a phone").
CASE_FIRST_LOAD_TARGET = 50 * 1024
REPEAT_LOAD_TARGET = 16 * 1024
ENGLISH_CASE = "case page (English)"
URDU_CASE = "case page (Urdu)"
FONT_FILES = (".woff2", ".woff", ".ttf", ".otf")


@dataclass
class Fetch:
    url: str
    status: int = 0
    encoding: str = ""
    transferred: int = 0
    from_cache: bool = False


@dataclass
class Load:
    """One navigation: every request it made and what each cost."""

    fetches: dict[str, Fetch] = field(default_factory=dict)

    @property
    def network(self) -> list[Fetch]:
        return [f for f in self.fetches.values() if not f.from_cache]

    @property
    def transferred(self) -> int:
        return sum(f.transferred for f in self.network)

    def static_requests(self, base_url: str) -> list[Fetch]:
        return [f for f in self.network
                if f.url.startswith((base_url + "/static/", base_url + "/assets/"))]

    @property
    def fonts(self) -> list[Fetch]:
        """Web fonts the page downloaded (only Urdu pages have one: static/src/urdu.scss)."""
        return [f for f in self.network if f.url.split("?")[0].endswith(FONT_FILES)]


def measure(page, url: str) -> Load:
    """Navigate to ``url`` and wait for every request the page makes (module scripts load
    after the load event's start), recording them through the DevTools protocol."""
    load = Load()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")

    def sent(event):
        load.fetches.setdefault(event["requestId"], Fetch(url=event["request"]["url"]))

    def received(event):
        fetch = load.fetches.setdefault(event["requestId"], Fetch(url=event["response"]["url"]))
        response = event["response"]
        fetch.status = response["status"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        fetch.encoding = headers.get("content-encoding", "")
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            fetch.from_cache = True

    def cached(event):
        load.fetches.setdefault(event["requestId"], Fetch(url="")).from_cache = True

    def finished(event):
        fetch = load.fetches.get(event["requestId"])
        if fetch is not None:
            fetch.transferred = int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.requestServedFromCache", cached)
    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    cdp.detach()
    return load


@dataclass
class Result:
    name: str
    first: Load
    repeat: Load


def run() -> tuple[list[Result], str]:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    results = []
    with live_portal() as portal, sync_playwright() as playwright:
        from portal import demo
        from portal.extensions import db
        from portal.models import Case, CaseVictim, Victim

        with portal.app.app_context():
            demo.load()
            victim = db.session.scalar(select(Victim).where(
                Victim.email == demo.DEMO_VICTIM_EMAIL))
            # The demo victim's case at court: a trial to attend, a past hearing, a decision.
            case_id = db.session.scalar(
                select(Case.id).where(Case.crime_reference == "NS/24/0001"))
            # The demo's Urdu reader and their case (at the charging decision).
            urdu_victim = db.session.scalar(select(Victim).where(Victim.language == "ur"))
            urdu_case_id = db.session.scalar(
                select(CaseVictim.case_id).where(CaseVictim.victim_id == urdu_victim.id))
        browser = launch_chromium(playwright.chromium)
        pages = (("start page", "/", None, "en"), ("sign-in page", "/sign-in", None, "en"),
                 (ENGLISH_CASE, f"/cases/{case_id}", victim, "en"),
                 (URDU_CASE, f"/cases/{urdu_case_id}", urdu_victim, "ur"))
        for name, path, person, lang in pages:
            context = browser.new_context(viewport=PHONE, locale="en-GB")
            page = context.new_page()
            if person is not None:
                _sign_in(portal, context, person, lang)
            first = measure(page, portal.url(path))
            assert first.network[0].status == 200, (name, first.network[0])
            repeat = measure(page, portal.url(path))
            results.append(Result(name, first, repeat))
            context.close()
        browser.close()
        return results, portal.base_url


def _sign_in(portal, context, person, lang: str = "en") -> None:
    """A signed-in victim without the sign-in pages (their bytes are not the case page's): a
    server-side session and its signed cookie, as tests/browser/visit.py does."""
    from flask import session as flask_session

    from portal.services.sign_in import sessions

    app = portal.app
    with app.test_request_context():
        token = sessions.start(person)
        flask_session.update({"_user_id": token, "_fresh": True, "lang": lang})
        value = app.session_interface.get_signing_serializer(app).dumps(dict(flask_session))
    context.add_cookies([{
        "name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": portal.base_url,
        "httpOnly": True, "sameSite": "Strict"}])


def _short(url: str, base_url: str) -> str:
    path = url[len(base_url):] if url.startswith(base_url) else url
    return path.split("?")[0]


def report(results: list[Result], base_url: str) -> str:
    lines = ["| page | first load: bytes, requests | repeat load: bytes, requests | "
             "static requests on repeat |", "|---|---|---|---|"]
    for r in results:
        lines.append(
            f"| {r.name} | {r.first.transferred:,} B, {len(r.first.network)} | "
            f"{r.repeat.transferred:,} B, {len(r.repeat.network)} | "
            f"{len(r.repeat.static_requests(base_url))} |")
    for case in (_result(results, ENGLISH_CASE), _result(results, URDU_CASE)):
        lines += ["", f"The {case.name}'s first load, request by request:", "",
                  "| request | status | encoding | transferred |", "|---|---|---|---|"]
        for fetch in case.first.network:
            lines.append(f"| `{_short(fetch.url, base_url)}` | {fetch.status} | "
                         f"{fetch.encoding or 'none'} | {fetch.transferred:,} B |")
    urdu = _result(results, URDU_CASE)
    fonts = urdu.first.fonts
    if fonts:
        lines += ["", "The Nastaliq font (Noto Nastaliq Urdu, its Arabic-script subset, WOFF2): "
                  + ", ".join(f"{f.transferred:,} B transferred" for f in fonts)
                  + ", on Urdu pages only; "
                  + "; ".join(f"{r.name}: {len(r.first.fonts)} font requests"
                              for r in results if r.name != URDU_CASE) + "."]
    return "\n".join(lines)


def _result(results: list[Result], name: str) -> Result:
    return next(r for r in results if r.name == name)


def verdict(results: list[Result], base_url: str) -> list[str]:
    """The targets of issue 13, as failures (empty when met)."""
    case = _result(results, ENGLISH_CASE)
    failures = []
    if case.first.transferred > CASE_FIRST_LOAD_TARGET:
        failures.append(f"case page first load {case.first.transferred:,} B > "
                        f"{CASE_FIRST_LOAD_TARGET:,} B")
    for r in results:
        if r.name != URDU_CASE and (r.first.fonts or r.repeat.fonts):
            failures.append(f"{r.name} downloaded a font: "
                            + ", ".join(_short(f.url, base_url) for f in r.first.fonts))
        if r.repeat.transferred > REPEAT_LOAD_TARGET:
            failures.append(f"{r.name} repeat load {r.repeat.transferred:,} B > "
                            f"{REPEAT_LOAD_TARGET:,} B")
        if r.repeat.static_requests(base_url):
            failures.append(f"{r.name} repeat load asked for static files: "
                            + ", ".join(_short(f.url, base_url)
                                        for f in r.repeat.static_requests(base_url)))
    urdu = _result(results, URDU_CASE)
    if len(urdu.first.fonts) != 1:
        failures.append(f"{urdu.name} first load: {len(urdu.first.fonts)} font requests, not 1")
    return failures


def write(table: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8")
    start, end = text.index(START_MARK) + len(START_MARK), text.index(END_MARK)
    stamp = f"\nMeasured {dt.date.today():%-d %B %Y} by `bench/page_weight.py`:\n\n"
    BENCHMARKS.write_text(text[:start] + stamp + table + "\n\n" + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    results, base_url = run()
    table = report(results, base_url)
    print(table)
    failures = verdict(results, base_url)
    for failure in failures:
        print(f"over target: {failure}")
    if not args.no_write:
        write(table)
        print(f"written to {BENCHMARKS.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
