"""`make screenshots`: pictures of the main pages at phone width (320x640, the whole page) and
laptop width (1280x800, the first screen), from the demo data, into docs/screenshots/.

    python -m tests.browser.screenshots [--out docs/screenshots]

Runs its own live portal on a temporary SQLite database, whatever DATABASE_URL says, and the
same headless Chromium as the browser tests.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select

from portal import demo
from portal.extensions import db
from portal.models import Case
from tests.browser.harness import (
    LAPTOP,
    PHONE,
    ROOT,
    ChromiumUnavailable,
    launch_chromium,
    live_portal,
)
from tests.browser.visit import Visit

OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": (PHONE, True), "laptop": (LAPTOP, False)}


def pages(visit: Visit, case_id: int):
    """Bring the visit to each page in turn, yielding the picture's name."""
    visit.open("/", lang="en")
    yield "start"
    visit.open("/sign-in")
    yield "sign-in"
    visit.request_code(demo.DEMO_VICTIM_EMAIL)
    yield "code"
    visit.enter_code(visit.read_code(demo.DEMO_VICTIM_EMAIL))
    yield "cases"
    visit.open(f"/cases/{case_id}", lang="en")
    yield "case"
    visit.open(f"/cases/{case_id}", lang="ar")
    yield "case-arabic"
    visit.open("/preferences", lang="en")
    yield "preferences"
    visit.open("/no-such-page", lang="en")
    yield "error"
    # The caseworker's console: the same case as its witness care officer sees it.
    with visit.portal.app.app_context():
        from portal.models import Caseworker

        officer = db.session.scalar(select(Caseworker).where(
            Caseworker.email == demo.DEMO_CASEWORKER_EMAIL))
        team_id = officer.team_id
        visit.sign_in_as(officer)
    visit.open("/staff/cases")
    yield "console-cases"
    visit.open(f"/staff/cases/{case_id}")
    yield "console-case"
    # The same team's manager: their first screen and the team figures (issue 16).
    with visit.portal.app.app_context():
        from portal.models.enums import Role

        manager = db.session.scalar(select(Caseworker).where(
            Caseworker.team_id == team_id, Caseworker.role == Role.MANAGER))
        visit.sign_in_as(manager)
    visit.open("/staff/team/overview")
    yield "manager-overview"
    visit.open("/staff/team/figures")
    yield "manager-figures"


def shrink(path: Path) -> None:
    """Re-encode the PNG with a 256-colour palette (Pillow): these flat pages of text barely
    change, and the files shrink to a third, so the repository stays small."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    written = []
    with live_portal() as portal, sync_playwright() as playwright:
        with portal.app.app_context():
            demo.load()
            # The demo victim's case at court: a trial to attend, a past hearing, a decision.
            case_id = db.session.scalar(
                select(Case.id).where(Case.crime_reference == "NS/24/0001"))
        try:
            browser = launch_chromium(playwright.chromium)
        except ChromiumUnavailable as error:
            print(f"No screenshots: {error}", file=sys.stderr)
            return 1
        for size_name, (viewport, full_page) in SIZES.items():
            context = browser.new_context(viewport=viewport, locale="en-GB")
            visit = Visit(portal, context.new_page(), browser)
            for name in pages(visit, case_id):
                path = out / f"{name}-{size_name}.png"
                visit.page.screenshot(path=str(path), full_page=full_page, animations="disabled")
                shrink(path)
                written.append(path)
            context.close()
        browser.close()
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
              f"({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
