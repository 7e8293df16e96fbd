"""PostgreSQL going away mid-run and coming back: a TCP proxy between an app instance and the
database server, cut and restored (as a restart or a network failure does it). Meanwhile every
page is the portal's plain 503, access never fails open, and the load balancer's readiness
check says no; afterwards pages work again and the worker loop, never restarted, carries on,
recording the text that was in the provider's hands when the database went as sent."""
from __future__ import annotations

import collections
import threading
import time

import pytest

from portal import create_app
from portal.extensions import db
from portal.services.delivery import dispatcher
from tests.conftest import IsolatedClient, VictimAuth, visible_text
from tests.delivery.helpers import notifications
from tests.faults.test_worker_killed import wait_until


def instance(app, url: str, **settings):
    """Another app instance, as another gunicorn or worker machine would run, reaching the
    database through ``url``."""
    other = create_app({"SQLALCHEMY_DATABASE_URI": url, "PUBLIC_URL": app.config["PUBLIC_URL"],
                        "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
                        "SECRET_KEY": app.config["SECRET_KEY"], **settings})
    other.test_client_class = IsolatedClient
    return other


@pytest.fixture
def cut_off_instances(app, providers, database_proxy):
    web = instance(app, database_proxy.url)
    worker = instance(app, database_proxy.url, DEV_OUTBOX=False,
                      **providers.sms.settings(), **providers.email.settings(),
                      TWILIO_TIMEOUT_SECONDS=1.0, SMTP_TIMEOUT_SECONDS=1.0,
                      DELIVERY_LEASE_SECONDS=1.0, DELIVERY_POLL_SECONDS=0.1)
    yield web, worker
    for other in (web, worker):
        with other.app_context():
            db.engine.dispose()


def test_while_the_database_is_away_pages_are_a_plain_503_and_the_worker_resumes(
        app, make, providers, contactable, database_proxy, cut_off_instances, caplog):
    web, worker_app = cut_off_instances
    signed_in = contactable(channels=["sms"], name="Alexandra Quincey")
    others = [contactable(channels=["sms"]) for _ in range(15)]
    case = make.case(victims=[signed_in, *others])
    client = web.test_client()
    VictimAuth(client).sign_in(signed_in)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200 and case.crime_reference in visible_text(page)

    make.update(case)  # sixteen texts, sent by a worker loop through the proxy
    providers.sms.delay = 0.1
    stop = threading.Event()
    stats = []

    def work():
        with worker_app.app_context():
            stats.append(dispatcher.run(stop=stop))

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        providers.sms.wait_for(5, timeout=10)
        database_proxy.cut()  # the fifth text is in "Twilio" when the database goes
        cut_at = time.monotonic()

        for path in (f"/cases/{case.id}", "/cases", "/account"):
            response = client.get(path)
            assert response.status_code == 503, path
            text = visible_text(response)
            assert "Sorry, there is a problem with the service" in text
            # Access control needs the database: nothing of the victim's is shown.
            for secret in (case.crime_reference, "Alexandra", "Quincey", signed_in.email):
                assert secret not in text
            assert "Traceback" not in text and "psycopg" not in text
            assert response.headers["Retry-After"] == "30"
        assert client.get("/healthz/ready").status_code == 503
        assert client.get("/healthz/live").status_code == 200
        sent_during_the_cut = len(providers.sms.received)
        time.sleep(1.5)  # the worker keeps trying, and sends nothing it cannot record
        assert len(providers.sms.received) == sent_during_the_cut <= 5

        database_proxy.restore()
        away = time.monotonic() - cut_at
        back = wait_until(lambda: client.get("/healthz/ready").status_code == 200, timeout=5)
        page = client.get(f"/cases/{case.id}")
        assert page.status_code == 200 and case.crime_reference in visible_text(page)
        # The same loop, never restarted, sends the rest.
        resumed = wait_until(lambda: all(n.status != "pending" for n in notifications()),
                             timeout=15, step=0.1)
    finally:
        stop.set()
        thread.join(timeout=10)
    print(f"\ndatabase away {away:.1f} s; ready again {back:.2f} s after; every text "
          f"recorded {resumed:.2f} s after that")
    assert not thread.is_alive() and stats[0].messages == len(others) + 1

    per_number = collections.Counter(r.to for r in providers.sms.received)
    assert per_number == {v.phone: 1 for v in (signed_in, *others)}  # none twice
    sid_of = {r.to: r.sid for r in providers.sms.received}
    phones = {v.id: v.phone for v in (signed_in, *others)}
    # Every one recorded as what the provider said, including the text it answered while the
    # database was away (its outcome was kept and written when the database came back).
    assert {(n.status, n.reason, n.provider_id == sid_of[phones[n.victim_id]])
            for n in notifications()} == {("queued", None, True)}
    assert "outcomes written late (the database could not take them at the time): 1" \
        in caplog.text
