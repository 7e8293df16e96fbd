"""Benchmark: Lighthouse's mobile performance score for the start, sign-in and case pages.

Lighthouse (Google's own audit, from the npm registry, run with npx at a pinned version so the
project's node_modules stay small) loads each page in Debian's headless Chromium as a mid-range
phone on a slow 4G connection (its default mobile emulation and simulated throttling) against a
live portal with the demo data, the case page signed in as the demo victim. Issue 13's target
is a score of at least 99 on each.

    python bench/lighthouse.py [--no-write] [--runs 3]

Each page is audited ``--runs`` times and the median score kept (Lighthouse's own advice: a
single run varies by a few points). Writes the figures into docs/BENCHMARKS.md (between the
lighthouse markers) unless --no-write, and exits 1 when a page scores under the target. The
first run downloads Lighthouse into npm's cache (about a minute); not part of `make bench`.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from tests.browser.harness import CHROMIUM, ROOT, live_portal  # noqa: E402

LIGHTHOUSE = "lighthouse@13.5.0"
BENCHMARKS = ROOT / "docs" / "BENCHMARKS.md"
START_MARK = "<!-- lighthouse:start -->"
END_MARK = "<!-- lighthouse:end -->"
TARGET = 99
METRICS = (("first-contentful-paint", "FCP"), ("largest-contentful-paint", "LCP"),
           ("total-blocking-time", "TBT"), ("cumulative-layout-shift", "CLS"),
           ("speed-index", "Speed Index"))


def session_cookie(app, person) -> str:
    """A signed-in victim's cookie, without the sign-in pages: a server-side session, as
    tests/browser/visit.py makes one."""
    from flask import session as flask_session

    from portal.services.sign_in import sessions

    with app.test_request_context():
        token = sessions.start(person)
        flask_session.update({"_user_id": token, "_fresh": True, "lang": "en"})
        value = app.session_interface.get_signing_serializer(app).dumps(dict(flask_session))
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def audit(url: str, cookie: str | None) -> dict:
    """One Lighthouse run: its JSON report."""
    command = ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json",
               "--output-path=stdout", "--only-categories=performance",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, "CHROME_PATH": CHROMIUM})
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def run(runs: int) -> list[tuple[str, int, dict]]:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    results = []
    with live_portal() as portal:
        from portal import demo
        from portal.extensions import db
        from portal.models import Case, Victim

        with portal.app.app_context():
            demo.load()
            victim = db.session.scalar(select(Victim).where(
                Victim.email == demo.DEMO_VICTIM_EMAIL))
            case_id = db.session.scalar(
                select(Case.id).where(Case.crime_reference == "NS/24/0001"))
            cookie = session_cookie(portal.app, victim)
        for name, path, person_cookie in (("start page", "/", None),
                                          ("sign-in page", "/sign-in", None),
                                          ("case page", f"/cases/{case_id}", cookie)):
            reports = [audit(portal.url(path), person_cookie) for _ in range(runs)]
            for report in reports:  # a redirect to sign in would score a different page
                assert report["finalDisplayedUrl"].endswith(path), report["finalDisplayedUrl"]
            scores = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
            median = statistics.median_low(scores)
            kept = reports[scores.index(median)]
            results.append((name, median, {label: kept["audits"][key]["displayValue"]
                                           for key, label in METRICS}))
            print(f"{name}: {scores} -> {median}", flush=True)
    return results


def report(results, runs: int) -> str:
    lines = [f"Measured on {dt.date.today():%d %B %Y} with {LIGHTHOUSE} (mobile emulation, "
             f"simulated slow 4G), Debian's Chromium, the median of {runs} runs:", "",
             "| page | score | " + " | ".join(label for _, label in METRICS) + " |",
             "|---|---|" + "---|" * len(METRICS)]
    for name, score, metrics in results:
        lines.append(f"| {name} | {score} | "
                     + " | ".join(metrics[label] for _, label in METRICS) + " |")
    return "\n".join(lines)


def write(table: str) -> None:
    text = BENCHMARKS.read_text()
    before, _, rest = text.partition(START_MARK)
    _, _, after = rest.partition(END_MARK)
    BENCHMARKS.write_text(f"{before}{START_MARK}\n{table}\n{END_MARK}{after}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    results = run(args.runs)
    table = report(results, args.runs)
    print(table)
    if not args.no_write:
        write(table)
    low = [name for name, score, _ in results if score < TARGET]
    if low:
        print(f"under {TARGET}: {', '.join(low)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
