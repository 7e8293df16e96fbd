"""Reproduce (or rule out) the web worker crash: gunicorn workers dying with SIGSEGV or heap
corruption under concurrent load on the console's team list.

For each interpreter given, it starts gunicorn with the project's app on that interpreter's
virtual environment, signs a team manager in (a server-side session and a signed cookie, made
with the app's own code), loads the team list with wrk (16 connections), and reports the
requests served and every worker that died, with the signal, from gunicorn's own log.
Python's faulthandler is on in the workers, so a crash prints the Python stack of each thread
into the log kept under --log-dir.

Needs a PostgreSQL database with `flask demo --scale N` loaded (the crash was seen at 100,000
cases) and wrk (Debian's package). Only 127.0.0.1 is used.

    python bench/worker_crash.py --database postgresql+psycopg://postgres@127.0.0.1/portal_bench \\
        --python .venv/bin/python --python /tmp/venv-debian/bin/python --runs 3
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COOKIE = r"""
import sys
from sqlalchemy import func, select
from portal import create_app
from portal.extensions import db
from portal.models import Case, Caseworker
from portal.models.enums import Role
from portal.services.sign_in import sessions
app = create_app()
with app.app_context():
    team_id = db.session.scalar(select(Case.team_id).group_by(Case.team_id)
                                .order_by(func.count().desc()).limit(1))
    person = db.session.scalar(select(Caseworker).where(
        Caseworker.team_id == team_id, Caseworker.role == Role.MANAGER).limit(1))
    token = sessions.start(person)
    serializer = app.session_interface.get_signing_serializer(app)
    print(app.config.get("SESSION_COOKIE_NAME", "session") + "=" +
          serializer.dumps({"_user_id": token, "_fresh": True}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
    end = time.time() + seconds
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not start on {port}")


def one_run(python: str, env: dict, args, run: int) -> dict:
    version = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0], "
                              "sys.executable)"], capture_output=True, text=True).stdout.strip()
    cookie = subprocess.run([python, "-c", COOKIE], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True).stdout.strip().splitlines()[-1]
    port = free_port()
    log = Path(args.log_dir) / f"gunicorn-{Path(python).parent.parent.name}-{run}.log"
    gunicorn = str(Path(python).parent / "gunicorn")
    with open(log, "w") as out:
        server = subprocess.Popen(
            [gunicorn, "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
             "--timeout", "120", *args.gunicorn, "wsgi:app"], cwd=ROOT, env=env, stdout=out,
            stderr=subprocess.STDOUT)
        try:
            wait_for(port)
            result = subprocess.run(
                ["wrk", "-t", str(min(2, args.connections)), "-c", str(args.connections),
                 "-d", f"{args.seconds}s", "--latency", "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{args.path}"],
                capture_output=True, text=True)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
    text = log.read_text(errors="replace")
    deaths = re.findall(r"Worker \(pid:\d+\) was sent (SIG\w+)", text)
    deaths += re.findall(r"Worker \(pid:\d+\) exited with code (\d+)", text)
    requests = re.search(r"(\d+) requests in", result.stdout)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    return {"python": version, "run": run, "requests": int(requests.group(1)) if requests else 0,
            "errors": int(non_2xx.group(1)) if non_2xx else 0, "deaths": deaths,
            "fatal": text.count("Fatal Python error"), "log": str(log)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--python", action="append", required=True,
                        help="a virtual environment's python (repeat to compare)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--path", default="/staff/team")
    parser.add_argument("--log-dir", default="/tmp")
    parser.add_argument("--gunicorn", action="append", default=[],
                        help="an extra argument for gunicorn (repeat), e.g. --gunicorn=-c=FILE")
    parser.add_argument("--env", action="append", default=[],
                        help="NAME=VALUE set for the workers (for bisecting)")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": args.database, "PYTHONFAULTHANDLER": "1",
           "PORTAL_ENV": "development"}
    env.update(item.split("=", 1) for item in args.env)
    for python in args.python:
        for run in range(1, args.runs + 1):
            outcome = one_run(python, env, args, run)
            print(f"{outcome['python']:>8} run {run}: {outcome['requests']} requests, "
                  f"{outcome['errors']} errors, worker deaths {outcome['deaths'] or 'none'}, "
                  f"fatal errors {outcome['fatal']} ({outcome['log']})", flush=True)


if __name__ == "__main__":
    sys.exit(main())
