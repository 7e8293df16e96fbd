"""Benchmark: the pages at national scale, over HTTP, served as `make run` serves them.

Needs a PostgreSQL database filled by `flask --app portal demo --scale N` (BENCH_DATABASE_URL;
one with fewer than 1,000 cases is refused: this is not the place for the demo). It writes only
the login sessions it opens, and ends them afterwards.

It starts gunicorn as `make run` does (2 sync workers, ./gunicorn.conf.py), opens server-side
sessions for the victim with the most cases, a caseworker of the busiest team and that team's
manager, then runs wrk (Debian's package: `apt-get install wrk`) with 16 connections for
DURATION seconds against the bare route (/healthz/live, which touches nothing) and each page,
all in the same run. Prints requests a second, p50 and p95 (from wrk's own latency
histogram), the share of the bare route, and each web worker's resident memory at the end.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench \\
        python bench/national.py [seconds-per-page]

WEB_WORKERS=N starts N workers instead of `make run`'s 2 (to compare); BENCH_ONLY=0,2,7 measures
only those pages (numbered as printed, the bare route 0). BENCH_TEAM_CHANGES=N makes the busiest
team's console pages out of date N times a second while each page is measured, as that many
writes in the team would (models/page_versions.bump_teams): the cost of drawing them again.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402

CONNECTIONS = 16
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %d %d %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def people(app):
    """The victim with the most cases, a caseworker of the busiest team, its manager; their
    session cookies, and the pages to measure."""
    from portal.models import Case, CaseVictim, Caseworker
    from portal.models.enums import Role
    from portal.services.sign_in import sessions

    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(Case)) < 1000:
            sys.exit("BENCH_DATABASE_URL has fewer than 1,000 cases: fill it with "
                     "`flask --app portal demo --scale 100000` first")
        victim_id, _ = db.session.execute(
            select(CaseVictim.victim_id, func.count()).group_by(CaseVictim.victim_id)
            .order_by(func.count().desc()).limit(1)).one()
        case_id = db.session.scalar(select(CaseVictim.case_id)
                                    .where(CaseVictim.victim_id == victim_id).limit(1))
        team_id, team_size = db.session.execute(
            select(Case.team_id, func.count()).group_by(Case.team_id)
            .order_by(func.count().desc()).limit(1)).one()
        worker = db.session.scalar(select(Caseworker).where(
            Caseworker.team_id == team_id, Caseworker.role == Role.CASEWORKER,
            Caseworker.active.is_(True)).limit(1))
        manager = db.session.scalar(select(Caseworker).where(
            Caseworker.team_id == team_id, Caseworker.role == Role.MANAGER,
            Caseworker.active.is_(True)).limit(1)) or worker
        team_case = db.session.scalar(select(Case.id).where(Case.team_id == team_id).limit(1))
        from portal.models import Victim

        serializer = app.session_interface.get_signing_serializer(app)
        cookies, tokens = {}, []
        for key, person in (("victim", db.session.get(Victim, victim_id)),
                            ("caseworker", worker), ("manager", manager)):
            token = sessions.start(person)
            tokens.append(token)
            cookies[key] = (f"{app.config['SESSION_COOKIE_NAME']}="
                            f"{serializer.dumps({'_user_id': token, '_fresh': True})}")
    pages = [
        ("bare route (/healthz/live)", None, "/healthz/live"),
        ("victim: your cases", "victim", "/cases"),
        ("victim: case page", "victim", f"/cases/{case_id}"),
        (f"console: team cases ({team_size} cases)", "caseworker", "/staff/team"),
        ("console: team cases, due soon", "caseworker", "/staff/team?due=soon"),
        ("console: team cases, overdue", "caseworker", "/staff/team?due=overdue"),
        ("console: my cases", "caseworker", "/staff/cases"),
        ("console: case page", "caseworker", f"/staff/cases/{team_case}"),
        ("manager: team cases", "manager", "/staff/team"),
        ("manager: first screen", "manager", "/staff/team/overview"),
        ("manager: team figures", "manager", "/staff/team/figures"),
        ("manager: a figures chart", "manager",
         "/staff/team/figures/charts/hearing_date_told.svg"),
        ("manager: supervision", "manager", "/staff/team/supervision"),
        ("manager: last month's report", "manager",
         f"/staff/team/report?month={_last_month():%Y-%m}"),
    ]
    return cookies, tokens, pages, team_id


def _last_month():
    import datetime as dt

    first = dt.date.today().replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1)


def wrk(url: str, cookie: str | None, seconds: int, script: str) -> tuple:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", script]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"RESULT (\S+) (\d+) (\d+) (\d+) (\d+)", out)
    rps, p50, p95, bad_status, socket_errors = found.groups()
    return float(rps), int(p50) / 1000, int(p95) / 1000, int(bad_status), int(socket_errors)


def rss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def team_changes(app, team_id: int, per_second: float, stop: threading.Event) -> None:
    """The team's console pages made out of date ``per_second`` times a second, each in its own
    committed transaction, as a caseworker's write in the team does."""
    from portal.models.page_versions import bump_teams

    with app.app_context(), db.engine.connect() as connection:
        while not stop.wait(1 / per_second):
            bump_teams(connection, teams=[team_id])
            connection.commit()


def main(seconds: int = 15) -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        sys.exit("set BENCH_DATABASE_URL to a PostgreSQL database made by `demo --scale`")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url}, env="development")
    cookies, tokens, pages, team_id = people(app)
    port = free_port()
    env = {**os.environ, "PORTAL_ENV": "development", "DATABASE_URL": url}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}",
         "--workers", os.environ.get("WEB_WORKERS", "2"), "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(LUA)
    script.close()
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz/live", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        for label, who, path in pages:  # a redirect to sign in would time the wrong page
            request = urllib.request.Request(base + path)
            if who:
                request.add_header("Cookie", cookies[who])
            opener = urllib.request.build_opener(_NoRedirect)
            status = opener.open(request, timeout=30).status
            if status != 200:
                sys.exit(f"{label}: {path} answered {status}, not 200")
        print(f"load average before: {os.getloadavg()[0]:.2f}")
        print(f"{'page':<40}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'share':>8}{'errors':>8}")
        bare = None
        only = os.environ.get("BENCH_ONLY")  # a comma-separated list of page numbers
        chosen = [pages[int(n)] for n in only.split(",")] if only else pages
        changes = float(os.environ.get("BENCH_TEAM_CHANGES", "0"))
        if changes:
            print(f"the team's pages out of date {changes:g} times a second meanwhile")
        for label, who, path in chosen:
            cookie = cookies.get(who) if who else None
            wrk(base + path, cookie, 3, script.name)  # warm up: templates, caches, pool
            stop = threading.Event()
            changer = threading.Thread(target=team_changes, args=(app, team_id, changes, stop),
                                       daemon=True)
            if changes:
                changer.start()
            rps, p50, p95, bad, errors = wrk(base + path, cookie, seconds, script.name)
            stop.set()
            if changes:
                changer.join()
            bare = bare or rps
            print(f"{label:<40}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{rps / bare:>8.1%}"
                  f"{bad + errors:>8}", flush=True)
        print("web workers' resident memory (MB): "
              + ", ".join(f"{size:.0f}" for size in rss_mb(server.pid)))
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.unlink(script.name)
        with app.app_context():
            from portal.services.sign_in import sessions

            for token in tokens:
                sessions.end(token, "benchmark")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
