"""Sign-in as an attacker would try it: codes sent after the request (known and unknown
addresses answer alike), per-address limits on sending and checking codes, counted atomically
and shared through Redis, proxy-aware IP limits, and no lockout a stranger can cause."""
from __future__ import annotations

import statistics
import threading
import time

import pytest
import redis
from sqlalchemy import func, select

from portal import create_app
from portal.extensions import db
from portal.models import AuditEvent, DevOutboxMessage, SignInChallenge
from portal.services import attempts
from portal.services.delivery.outgoing import wait_for_sends
from portal.services.errors import TooManyTries, WrongCode
from portal.services.sign_in import victim_auth
from tests.conftest import csrf_token

REDIS_URL = "redis://127.0.0.1:6379/15"


def sent() -> int:
    wait_for_sends()
    return db.session.scalar(select(func.count()).select_from(DevOutboxMessage))


def test_one_address_is_sent_at_most_three_codes_in_15_minutes(client, make, victim_auth):
    victim = make.victim()
    answers = [victim_auth.request_code(victim.email).status_code for _ in range(8)]
    # Every request answers the same way; only three codes went to the phone or inbox.
    assert answers == [302] * 8
    assert sent() == 3
    # Another address is not held back by the first.
    other = make.victim()
    victim_auth.request_code(other.email)
    assert sent() == 4


def test_known_and_unknown_addresses_take_the_same_time(app, client, make, providers):
    """The code goes after the answer: with a provider taking 250 ms, a registered number's
    answer is no slower than an unknown one's (inside the request it was 286 ms against 15)."""
    providers.sms.delay = 0.25
    client.waits_for_sends = False
    known = make.victim(phone="+447700900123")
    token = csrf_token(client, "/sign-in")

    def timed(address: str) -> float:
        started = time.perf_counter()
        response = client.post("/sign-in", data={"identifier": address, "csrf_token": token})
        assert response.status_code == 302
        return time.perf_counter() - started

    known_times, unknown_times = [], []
    for round_ in range(3):  # three codes an address may be sent in 15 minutes
        attempts.reset()
        known_times.append(timed(known.phone))
        unknown_times.append(timed(f"+4477009009{round_:02d}"))
    wait_for_sends()
    assert len(providers.sms.accepted) == 3  # the known number did get its codes
    difference = abs(statistics.median(known_times) - statistics.median(unknown_times))
    assert difference < 0.1, (known_times, unknown_times)
    assert max(known_times) < 0.25  # never waited for the provider


def test_concurrent_wrong_codes_compare_no_more_than_five(app, make):
    """19 tries at once against one challenge: five codes are compared, the rest refused."""
    victim = make.victim()
    challenge = victim_auth.start_code_sign_in(victim.email)
    token = challenge.token
    outcomes: list[str] = []
    start = threading.Barrier(19)

    def guess(n: int) -> None:
        with app.app_context():
            start.wait()
            try:
                victim_auth.verify_code(token, f"{n:06d}")
            except WrongCode:
                outcomes.append("compared")
            except TooManyTries:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(19)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wrong = db.session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "sign_in.code_wrong"))
    assert wrong == 5 and len(outcomes) == 19
    assert db.session.get(SignInChallenge, challenge.id).failed_tries == 5


@pytest.fixture
def redis_apps(app):
    """Two app instances, as on two machines, counting in the same Redis."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379", pytrace=False)
    client.flushdb()
    settings = {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "RATELIMIT_STORAGE_URI": REDIS_URL}
    yield create_app(dict(settings)), create_app(dict(settings)), client
    client.flushdb()


def test_limits_hold_across_instances_through_redis(redis_apps):
    one, two, store = redis_apps
    results = []
    barrier = threading.Barrier(20)

    def try_once(instance) -> None:
        with instance.app_context():
            barrier.wait()
            results.append(attempts.take("code_checked", "subject-hash", "5 per 15 minutes"))

    threads = [threading.Thread(target=try_once, args=(one if n % 2 else two,))
               for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(0) == 5  # five tries in all, whichever instance took them
    with two.app_context():
        assert attempts.left("code_checked", "subject-hash", "5 per 15 minutes") == 0


def test_redis_holds_no_address_in_clear(redis_apps, make):
    one, _, store = redis_apps
    with one.app_context():
        victim_auth.start_code_sign_in("someone@example.org")
        victim_auth.start_code_sign_in("07700 900456")
    keys = b" ".join(store.keys("*"))
    assert keys  # the sends were counted there
    assert b"someone" not in keys and b"900456" not in keys


def test_behind_a_proxy_each_victim_has_their_own_ip_limit():
    """With PROXY_COUNT=1 the load balancer's X-Forwarded-For decides whose limit is used;
    a forged extra address in the header does not."""
    app = create_app({"RATELIMIT_ENABLED": True, "SIGN_IN_RATE_LIMIT": "2 per minute",
                      "PROXY_COUNT": 1, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "WTF_CSRF_ENABLED": False, "PUBLIC_URL": "http://localhost"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    client = app.test_client()

    def sign_in(forwarded: str) -> int:
        return client.post("/sign-in", data={"identifier": "nobody@example.org"},
                           headers={"X-Forwarded-For": forwarded}).status_code

    assert [sign_in("198.51.100.1") for _ in range(3)] == [302, 302, 429]
    # Another victim behind the same load balancer is not held back...
    assert sign_in("198.51.100.2") == 302
    # ...and the first cannot escape their limit by forging an earlier hop.
    assert sign_in("203.0.113.50, 198.51.100.1") == 429
