"""The portal on several machines, as issue 12 describes it: two gunicorn instances in
production mode on one PostgreSQL database, behind Debian's HAProxy (TLS at the balancer,
round robin, ``option forwardfor``, health checks on /healthz/ready), counting rate limits in
one Redis; and two ``flask worker`` processes sharing changes at court.

What it shows, each through the real processes and the fake providers (tests/fakes):

- the balancer's health check is /healthz/ready: a third instance that is alive but cannot
  reach its database is kept out, and nobody is sent to it;
- a victim who signs in through one instance carries on through the other (sessions are
  kept in the database), and signing out on one ends the session on both;
- the limit on codes sent to one address is counted once across both instances;
- the per-IP limit on sign-in uses the client address HAProxy forwards: each client has its own
  limit, counted once across both instances, and a forged X-Forwarded-For does not escape it
  (the clients connect from different loopback addresses, 127.0.0.x, so HAProxy really sees
  different clients);
- two changes at court, confirmed by a caseworker in the console through the balancer while
  two worker processes run, are each applied once, by one worker; both workers send the
  messages, and every victim gets exactly one.

It runs on PostgreSQL only (TEST_DATABASE_URL, as CI's second run sets) and needs
/usr/sbin/haproxy and openssl (`make test` installs both from Debian); it skips otherwise.
Redis on 127.0.0.1:6379 is required, as for tests/security (database 7 is emptied here).
"""
from __future__ import annotations

import collections
import datetime as dt
import http.client
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pyotp
import pytest
import redis
from bs4 import BeautifulSoup
from sqlalchemy import func, insert, select

from portal import london
from portal.extensions import db
from portal.models import (
    BulkJob,
    Case,
    CaseVictim,
    ContactPreference,
    DeliveryAttempt,
    Hearing,
    Notification,
    Victim,
)
from portal.models.types import utcnow
from portal.services.case_file import bulk_update
from tests.factories import STAFF_PASSWORD
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# Debian installs it in /usr/sbin, which may not be on a user's PATH.
HAPROXY = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
OPENSSL = shutil.which("openssl")
REDIS_URL = "redis://127.0.0.1:6379/7"
HOST = "portal.test"  # PUBLIC_URL's host: the only one the instances answer to
SIGN_IN_RATE_LIMIT = "5 per minute"  # per client IP, on each sign-in form

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"),
                       reason="several instances and workers share one PostgreSQL database: "
                              "set TEST_DATABASE_URL (CI's PostgreSQL run does)"),
    pytest.mark.skipif(HAPROXY is None or OPENSSL is None,
                       reason="needs Debian's haproxy and openssl (`make test` installs them: "
                              "apt-get install haproxy openssl)"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(fake_twilio, fake_smtp, **extra) -> dict:
    """What each machine would be given: production, its secret, the shared database and
    Redis, one proxy in front, the providers (the fakes here)."""
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TZ"}
    return {
        **{k: v for k, v in os.environ.items() if k in keep},
        "PORTAL_ENV": "production", "FLASK_APP": "portal",
        "SECRET_KEY": "several-machines-one-secret-key-0123456789",
        "DATABASE_URL": DATABASE_URL, "PUBLIC_URL": f"https://{HOST}",
        "PROXY_COUNT": "1", "RATELIMIT_STORAGE_URI": REDIS_URL,
        "SIGN_IN_RATE_LIMIT": SIGN_IN_RATE_LIMIT,
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM": "+447700900000", "TWILIO_API_BASE": fake_twilio.base_url,
        "TWILIO_TIMEOUT_SECONDS": "5",
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(fake_smtp.port), "SMTP_STARTTLS": "0",
        "SMTP_TIMEOUT_SECONDS": "5",
        **extra,
    }


def spawn(args: list[str], log: Path, **kwargs) -> subprocess.Popen:
    """Start a process writing to ``log`` (a file, not a pipe nobody reads until the end)."""
    with log.open("w") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, text=True,
                                   **kwargs)
    process.log = log
    return process


def stop(process: subprocess.Popen, timeout: float = 15) -> str:
    """SIGTERM, then SIGKILL if it does not go; returns what it wrote."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    return process.log.read_text()


def haproxy_config(port: int, pem: Path, backends: list[int], stats: Path) -> str:
    servers = "\n".join(f"    server app{n} 127.0.0.1:{p} check inter 1s fall 2 rise 1"
                        for n, p in enumerate(backends, start=1))
    return f"""\
global
    maxconn 256
    stats socket {stats} mode 600 level user

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    timeout check 5s

frontend portal
    bind 127.0.0.1:{port} ssl crt {pem}
    option forwardfor
    http-request set-header X-Forwarded-Proto https if {{ ssl_fc }}
    default_backend instances

backend instances
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz/ready ver HTTP/1.1 hdr Host {HOST}
    http-check expect status 200
    # Which instance answered, for the test to see (not needed in production).
    http-response set-header X-Served-By %[srv_name]
{servers}
"""


@dataclass
class Cluster:
    port: int
    cafile: Path
    stats: Path
    instances: list[subprocess.Popen]
    haproxy: subprocess.Popen
    env: dict
    folder: Path
    ports: list[int]  # each instance's own, behind the balancer

    def browser(self, source_ip: str = "127.0.0.2") -> Browser:
        return Browser(self, source_ip)

    def server_states(self) -> dict[str, tuple[str, str]]:
        """Each backend server's status and last health check, from HAProxy's stats socket."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.stats))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        lines = data.decode().splitlines()
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return {r["svname"]: (r["status"], r["check_status"]) for r in rows
                if r["pxname"] == "instances" and r["svname"].startswith("app")}


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str
    served_by: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


@dataclass
class Browser:
    """A client connecting to HAProxy over TLS from its own loopback address, a new connection
    for each request (so the balancer chooses anew), keeping its cookies as a browser on
    https://portal.test would (the session cookie is __Host- and Secure)."""

    cluster: Cluster
    source_ip: str
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict | None = None,
                headers: dict | None = None) -> Answer:
        context = ssl.create_default_context(cafile=str(self.cluster.cafile))
        connection = http.client.HTTPSConnection("127.0.0.1", self.cluster.port, timeout=20,
                                                 context=context,
                                                 source_address=(self.source_ip, 0))
        sent = {"Host": HOST, "Connection": "close", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"https://{HOST}{path}"  # as a browser sends it over HTTPS
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["expires"] and "1970" in morsel["expires"] or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, response.headers, text,
                      response.headers.get("X-Served-By", ""))

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs) -> Answer:
        return self.request("POST", path, form=form, **kwargs)

    def csrf(self, path: str) -> str:
        answer = self.get(path)
        field_ = BeautifulSoup(answer.body, "html.parser").find("input", {"name": "csrf_token"})
        assert field_ is not None, f"no form on {path}: {answer.status}"
        return field_["value"]

    def submit(self, path: str, **values) -> Answer:
        """Load the form at ``path`` and post ``values`` with its CSRF token."""
        return self.post(path, {**values, "csrf_token": self.csrf(path)})


def _wait_until_live(process: subprocess.Popen, port: int, deadline: float,
                     path: str = "/healthz/ready") -> None:
    """Until the instance answers 200 on ``path`` (asked directly, not through HAProxy)."""
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path, headers={"Host": HOST})
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        if process.poll() is not None:
            raise AssertionError("gunicorn stopped:\n" + stop(process))
        if time.monotonic() > deadline:
            raise AssertionError("gunicorn did not start in time:\n" + process.log.read_text())
        time.sleep(0.2)


def direct_status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": HOST})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.fixture(scope="module")
def cluster(app, fake_twilio, fake_smtp, tmp_path_factory):
    """Two gunicorn instances (production, 2 workers each) behind HAProxy, and a third
    whose database cannot be reached (nothing listens where its DATABASE_URL points), which
    the balancer's health check must keep out. Every process is stopped at the end of the
    module, whatever happens."""
    started = time.monotonic()
    folder = tmp_path_factory.mktemp("several_machines")
    key, cert, pem = folder / "key.pem", folder / "cert.pem", folder / "haproxy.pem"
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(cert),
                    "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1"],
                   check=True, capture_output=True)
    pem.write_bytes(cert.read_bytes() + key.read_bytes())

    env = production_env(fake_twilio, fake_smtp)
    cut_off = {**env, "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}"
                                      "/test_machines"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    ports = [free_port(), free_port(), free_port()]
    processes: list[subprocess.Popen] = []
    try:
        for n, (port, settings, workers) in enumerate(
                zip(ports, (env, env, cut_off), ("2", "2", "1")), start=1):
            processes.append(spawn(
                [gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", workers, "wsgi:app"],
                folder / f"gunicorn{n}.log", cwd=ROOT, env=settings))
        deadline = time.monotonic() + 60  # a busy machine can take that long
        for process, port, path in zip(processes, ports,
                                       ("/healthz/ready", "/healthz/ready", "/healthz/live")):
            _wait_until_live(process, port, deadline, path)

        port, stats = free_port(), folder / "haproxy.sock"
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(port, pem, ports, stats))
        haproxy = spawn([HAPROXY, "-db", "-f", str(config)], folder / "haproxy.log",
                        cwd=folder)
        processes.append(haproxy)
        result = Cluster(port, cert, stats, processes[:3], haproxy, env, folder, ports)
        while True:  # listening, the two instances passed a check and the third failed one
            try:
                states = result.server_states()
                if (states.get("app1", ("",))[0] == states.get("app2", ("",))[0] == "UP"
                        and states.get("app3", ("",))[0] == "DOWN"):
                    break
            except OSError:
                pass
            if haproxy.poll() is not None:
                raise AssertionError("haproxy stopped:\n" + stop(haproxy))
            assert time.monotonic() < deadline, (
                "haproxy's health checks did not settle in time", result.server_states())
            time.sleep(0.1)
        print(f"\ncluster up in {time.monotonic() - started:.1f} s")
        yield result
    finally:
        for process in reversed(processes):
            stop(process)


@pytest.fixture(autouse=True)
def fresh_counts(fake_twilio, fake_smtp):
    """Each test starts with no message at the fakes and no count in Redis database 7."""
    store = redis.Redis.from_url(REDIS_URL)
    try:
        store.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379", pytrace=False)
    store.flushdb()
    fake_twilio.reset()
    fake_smtp.reset()
    yield store
    store.flushdb()
    store.close()
    fake_twilio.reset()  # and no delay left for the tests after these
    fake_smtp.reset()


def texts_to(fake_twilio, number: str) -> list[str]:
    with fake_twilio.lock:
        return [r.body for r in fake_twilio.received if r.to == number]


def wait_for_texts(fake_twilio, number: str, count: int, timeout: float = 10) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(found := texts_to(fake_twilio, number)) < count:
        assert time.monotonic() < deadline, f"{len(found)} texts to {number}, not {count}"
        time.sleep(0.05)
    return found


def contactable_victim(make, phone: str):
    victim = make.victim(phone=phone)
    make.preferences(victim, channels=["sms"], windows=[])
    return victim


# --- sessions ------------------------------------------------------------------------------------

def test_the_balancer_sends_people_only_to_instances_that_reach_the_database(cluster):
    """The third instance is alive (/healthz/live) but cannot reach its database
    (/healthz/ready answers 503): HAProxy's check keeps it out, and nobody is sent there."""
    states = cluster.server_states()
    assert states["app1"] == states["app2"] == ("UP", "L7OK")
    assert states["app3"] == ("DOWN", "L7STS")  # a wrong HTTP status: the 503
    assert direct_status(cluster.ports[2], "/healthz/live") == 200
    assert direct_status(cluster.ports[2], "/healthz/ready") == 503
    answers = [cluster.browser().get("/sign-in") for _ in range(6)]
    assert {a.status for a in answers} == {200}
    assert collections.Counter(a.served_by for a in answers) == {"app1": 3, "app2": 3}
    # Anything but the portal's own host name is refused, even through the balancer.
    wrong_host = cluster.browser().get("/healthz/live", headers={"Host": "127.0.0.1"})
    assert wrong_host.status == 400


def sign_in(browser: Browser, fake_twilio, victim) -> Answer:
    """The code journey: ask for a code, read it from the text that reached "Twilio", type
    it in."""
    asked = browser.submit("/sign-in", identifier=victim.phone)
    assert (asked.status, asked.location) == (302, "/sign-in/code")
    [text] = wait_for_texts(fake_twilio, victim.phone, 1)
    code = re.search(r"\b(\d{6})\b", text).group(1)
    signed_in = browser.submit("/sign-in/code", code=code)
    assert (signed_in.status, signed_in.location) == (302, "/cases"), signed_in.body[:500]
    return signed_in


def test_a_victim_signs_in_through_one_instance_and_carries_on_through_the_other(
        cluster, make, fake_twilio):
    victim = contactable_victim(make, "+447700900501")
    case = make.case(victims=[victim])
    browser = cluster.browser("127.0.0.2")
    here = sign_in(browser, fake_twilio, victim).served_by
    assert here in ("app1", "app2")

    # Round robin: the next request goes to the other instance, which knows the victim (the
    # session is a row in the database, the cookie only its token); and so on, both ways.
    pages = [browser.get("/cases") for _ in range(4)]
    assert [p.served_by for p in pages] == [other(here), here] * 2
    for answer in pages:
        assert answer.status == 200 and case.crime_reference in answer.body

    # Signing out through one instance ends the session on the server: a copy of the cookie
    # taken before (what someone else might hold) is refused by both.
    copied = cluster.browser("127.0.0.3")
    copied.cookies = dict(browser.cookies)
    assert {copied.get("/cases").status for _ in range(2)} == {200}
    out = browser.post("/sign-out", {"csrf_token": browser.csrf("/account/password")})
    assert out.status == 200 and "/sign-in" in out.body  # the "signed out" page
    refused = [copied.get("/cases") for _ in range(2)]
    assert {r.served_by for r in refused} == {"app1", "app2"}
    assert all(r.status == 302 and r.location.startswith("/sign-in") for r in refused)


def other(instance: str) -> str:
    return {"app1": "app2", "app2": "app1"}[instance]


# --- rate limits ---------------------------------------------------------------------------------

def test_codes_to_one_address_are_counted_once_across_both_instances(
        cluster, make, fake_twilio):
    victim = contactable_victim(make, "+447700900503")
    answers = []
    for n in range(6):  # each from its own address, so only the per-address limit applies
        browser = cluster.browser(f"127.0.1.{n + 1}")
        token = browser.csrf("/sign-in")
        if n % 2:  # one request more, so that the posts go to each instance in turn
            browser.get("/healthz/live")
        answers.append(browser.post("/sign-in", {"identifier": victim.phone,
                                                 "csrf_token": token}))
    assert [a.status for a in answers] == [302] * 6  # every answer alike
    assert {a.served_by for a in answers} == {"app1", "app2"}
    wait_for_texts(fake_twilio, victim.phone, 3)
    time.sleep(1)  # a fourth, if either instance sent one, would have arrived by now
    # CODE_SENDS_PER_ADDRESS: 3 in 15 minutes, whichever instance was asked (in memory, each
    # instance's two workers would each have allowed 3).
    assert len(texts_to(fake_twilio, victim.phone)) == 3


def test_each_client_has_its_own_ip_limit_counted_once_across_both_instances(cluster):
    first, second = cluster.browser("127.0.2.1"), cluster.browser("127.0.2.2")
    token = first.csrf("/sign-in")
    tries = [first.post("/sign-in", {"identifier": "nobody@example.org", "csrf_token": token})
             for _ in range(6)]
    # SIGN_IN_RATE_LIMIT is 5 a minute per client: the sixth is refused, though each instance
    # has seen only three.
    assert [t.status for t in tries] == [302] * 5 + [429]
    assert collections.Counter(t.served_by for t in tries[:5]).keys() == {"app1", "app2"}
    # HAProxy appends the address it saw; the portal believes that one hop (PROXY_COUNT=1), so
    # an address the client makes up does not give it a fresh limit, on either instance.
    forged = [first.post("/sign-in", {"identifier": "nobody@example.org", "csrf_token": token},
                         headers={"X-Forwarded-For": f"198.51.100.{n}"}) for n in range(2)]
    assert [f.status for f in forged] == [429, 429]
    assert {f.served_by for f in forged} == {"app1", "app2"}
    # Another client behind the same balancer is not held back by the first.
    elsewhere = second.submit("/sign-in", identifier="nobody@example.org")
    assert elsewhere.status == 302


# --- changes at court, shared by two worker processes --------------------------------------------

def a_weekday_ahead(days: int = 21) -> dt.date:
    day = london.today() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def two_courts_days(make, cases_per_court: int = 40):
    """One team's day at two courts: each case has a texted and an emailed victim, and every
    fifth case shares its texted victim with the next case (told once for both)."""
    person = make.staff()
    courts = [make.court(), make.court()]
    day = a_weekday_ahead()
    now = utcnow()
    count = 2 * cases_per_court
    victim_ids = db.session.scalars(insert(Victim).returning(Victim.id), [
        {"full_name": f"Balanced Victim {n}", "email": f"balanced{n}@example.org",
         "phone": f"+447400{n:06d}", "language": "en", "activated_at": now, "created_at": now}
        for n in range(2 * count)]).all()
    db.session.execute(insert(ContactPreference), [
        {"victim_id": v, "channels": ["sms"] if n % 2 == 0 else ["email"], "windows": [],
         "asked_at": now, "updated_at": now} for n, v in enumerate(victim_ids)])
    case_ids = db.session.scalars(insert(Case).returning(Case.id), [
        {"crime_reference": f"LB/{n:05d}", "offence": "burglary", "team_id": person.team_id,
         "contact_id": person.id, "reported_on": now.date(), "stage": "court",
         "created_at": now, "updated_at": now} for n in range(count)]).all()
    links = {(c, victim_ids[2 * n]) for n, c in enumerate(case_ids)}
    links |= {(c, victim_ids[2 * n + 1]) for n, c in enumerate(case_ids)}
    links |= {(case_ids[n + 1], victim_ids[2 * n]) for n in range(0, count - 1, 5)
              if (n + 1) % cases_per_court}  # the next case at the same court
    db.session.execute(insert(CaseVictim), [
        {"case_id": c, "victim_id": v, "added_at": now} for c, v in sorted(links)])
    db.session.execute(insert(Hearing), [
        {"case_id": c, "court_id": courts[n // cases_per_court].id, "kind": "trial",
         "starts_at": london.at(day, dt.time(10 + n % 6, 0)), "must_attend": False,
         "status": "listed",
         "created_at": now} for n, c in enumerate(case_ids)])
    db.session.commit()
    victims = db.session.scalars(select(Victim).where(Victim.id.in_(victim_ids))).all()
    return person, courts, day, victims


def staff_sign_in(browser: Browser, person) -> None:
    """The console's sign-in through the balancer: the password, then the app's code."""
    answer = browser.submit("/staff/sign-in", email=person.email, password=STAFF_PASSWORD)
    assert (answer.status, answer.location) == (302, "/staff/sign-in/code"), answer.body[:300]
    answer = browser.submit("/staff/sign-in/code", code=pyotp.TOTP(person.totp_secret).now())
    assert answer.status == 302 and answer.location.startswith("/staff"), answer.body[:300]


def queue_in_console(browser: Browser, court, day: dt.date) -> int:
    """Close the court for the day in the console: the count first, then the confirmation
    (each request to whichever instance the balancer picks). Returns the job's id."""
    found = browser.submit("/staff/hearings/bulk", court=str(court.id),
                           date=[str(day.day), str(day.month), str(day.year)],
                           change=bulk_update.CLOSED, new_date=["", "", ""],
                           reason="The building has no heating.")
    form = BeautifulSoup(found.body, "html.parser").find(
        "form", action="/staff/hearings/bulk/confirm")
    assert form is not None, (found.status, found.body[:500])
    data = {i["name"]: i.get("value", "") for i in form.find_all("input")
            if i.get("type") != "radio"}
    data["body"] = "The court is closed that day. We will tell you the new date."
    data["send"] = "now"
    confirmed = browser.post("/staff/hearings/bulk/confirm", data)
    assert confirmed.status == 303, confirmed.body[:500]
    assert confirmed.location.startswith("/staff/bulk-jobs/")
    return int(confirmed.location.rsplit("/", 1)[1])


def wait_for_log(workers: list[subprocess.Popen], line: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not all(line in w.log.read_text() for w in workers):
        assert all(w.poll() is None for w in workers), [stop(w) for w in workers]
        assert time.monotonic() < deadline, [w.log.read_text()[-3000:] for w in workers]
        time.sleep(0.1)


def test_two_workers_share_changes_at_court_and_send_each_message_once(
        cluster, make, fake_twilio, fake_smtp):
    person, courts, day, victims = two_courts_days(make)
    expected = len(victims)
    fake_twilio.delay = 0.005  # a provider that takes a little time, as real ones do
    env = {**cluster.env, "DELIVERY_POLL_SECONDS": "0.2", "DELIVERY_BATCH_SIZE": "10"}
    workers = [spawn([sys.executable, "-m", "flask", "worker"], cluster.folder / f"worker{n}.log",
                     cwd=ROOT, env=env) for n in (1, 2)]
    outputs = []
    try:
        console = cluster.browser("127.0.3.1")
        staff_sign_in(console, person)
        wait_for_log(workers, "delivery worker", timeout=60)  # both running and polling
        # The caseworker confirms each change in the console, through the balancer.
        began = time.monotonic()
        jobs = [queue_in_console(console, court, day) for court in courts]
        queued = time.monotonic()
        db.session.rollback()  # hold no snapshot open while the workers write
        deadline = time.monotonic() + 60
        while len(fake_twilio.received) + len(fake_smtp.raw) < expected:
            assert all(w.poll() is None for w in workers), [stop(w) for w in workers]
            assert time.monotonic() < deadline, (
                f"{len(fake_twilio.received)} texts and {len(fake_smtp.raw)} emails "
                f"of {expected}", [w.log.read_text()[-3000:] for w in workers])
            time.sleep(0.1)
        elapsed = time.monotonic() - queued
        time.sleep(1)  # anything sent twice would have arrived by now
    finally:
        outputs = [stop(w, timeout=20) for w in workers]
    print(f"\ntwo changes at court confirmed in the console in {queued - began:.1f} s; "
          f"{expected} messages at the fakes {elapsed:.1f} s after")

    assert [w.returncode for w in workers] == [0, 0], outputs
    texts = collections.Counter(r.to for r in fake_twilio.received)
    emails = collections.Counter(m["To"] for m in fake_smtp.messages)
    assert texts == {v.phone: 1 for v in victims if v.preference.channels == ["sms"]}
    assert emails == {v.email: 1 for v in victims if v.preference.channels == ["email"]}

    db.session.expire_all()
    for job_id in jobs:
        job = db.session.get(BulkJob, job_id)
        assert (job.status, job.claims, job.hearings_done, job.hearings_skipped) == (
            "done", 1, 40, 0)
    assert sum(db.session.get(BulkJob, j).victims_notified for j in jobs) == len(victims)
    per_notification = collections.Counter(db.session.scalars(
        select(DeliveryAttempt.notification_id)))
    assert set(per_notification.values()) == {1}
    assert len(per_notification) == db.session.scalar(
        select(func.count()).select_from(Notification)) == len(victims)
    senders = collections.Counter(db.session.scalars(select(DeliveryAttempt.worker)))
    claimers = [re.findall(r"bulk job (\d+) claimed by (\S+)", out) for out in outputs]
    print(f"messages sent per worker: {dict(senders)}; jobs claimed: {claimers}")
    assert len(senders) == 2  # both workers sent

    # The caseworker follows each job on its progress page, from either instance.
    for job_id in jobs:
        progress = [console.get(f"/staff/bulk-jobs/{job_id}") for _ in range(2)]
        assert {p.served_by for p in progress} == {"app1", "app2"}
        for answer in progress:
            status = BeautifulSoup(answer.body, "html.parser").find(id="job-status")
            assert answer.status == 200 and "Done" in status.text
