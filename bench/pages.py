"""Benchmark: how long the pages victims load most take to render, per request.

Builds the demo data in a temporary SQLite database, signs in a demo victim through the real code
journey and times the case list and a case page with Flask's test client (no network), in
English and in Arabic. Prints the median and the 95th percentile. It never uses DATABASE_URL:
the demo, with its published passwords, must not be loaded into a real database. Set
BENCH_DATABASE_URL to an empty throwaway database to run it on PostgreSQL; one that already
holds tables is refused.

    python bench/pages.py [requests-per-page]
"""
from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402


def main(rounds: int = 300) -> None:
    folder = tempfile.mkdtemp()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": folder})
    with app.app_context():
        from flask_migrate import upgrade
        from sqlalchemy import inspect

        if inspect(db.engine).get_table_names():
            sys.exit(f"{url} already holds tables: give an empty throwaway database")

        from portal import demo
        from portal.models import DevOutboxMessage, Victim

        upgrade()
        demo.load()
        victim = db.session.scalar(db.select(Victim).where(Victim.email == demo.DEMO_VICTIM_EMAIL))
        case_id = victim.case_links[0].case_id
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/sign-in", data={"identifier": demo.DEMO_VICTIM_EMAIL, "csrf_token": token})
    with app.app_context():
        body = db.session.scalars(db.select(DevOutboxMessage).order_by(
            DevOutboxMessage.id.desc())).first().body
    code = re.search(r"\b(\d{6})\b", body).group(1)
    page = client.get("/sign-in/code").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/sign-in/code", data={"code": code, "csrf_token": token})

    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}")
    for label, path in (("sign-in page", "/sign-in"), ("your cases", "/cases"),
                        ("case page", f"/cases/{case_id}"),
                        ("case page, Arabic", f"/cases/{case_id}?lang=ar"),
                        ("case page, English again", f"/cases/{case_id}?lang=en")):
        for _ in range(20):  # warm the template and translation caches
            assert client.get(path).status_code == 200, path
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        print(f"{label:<28}{statistics.median(times):>10.2f}"
              f"{times[int(len(times) * 0.95) - 1]:>10.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
