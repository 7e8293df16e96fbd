"""A worker killed with SIGKILL in the middle of a batch (a real `flask worker` process): the
messages of its batch it had not sent are taken by another worker within seconds, not after a
long lease; those the provider had answered are recorded as sent, with the provider's id; the
one in the provider's hands at the kill is reported, never sent again."""
from __future__ import annotations

import collections
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import DeliveryAttempt, TaskKind
from portal.models.types import utcnow
from portal.services.delivery import dispatcher
from tests.delivery.helpers import notifications, tasks_of
from tests.delivery.test_worker_processes import ROOT

LEASE = 2  # seconds: DELIVERY_LEASE_SECONDS for these workers


class Worker:
    """`flask --app portal worker` in its own process (not draining: it waits for work, as in
    production), its log read as it goes."""

    def __init__(self, app, providers, **settings) -> None:
        env = {
            **os.environ, "PORTAL_ENV": "development", "FLASK_APP": "portal",
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "k" * 40,
            "PUBLIC_URL": app.config["PUBLIC_URL"], "DEV_OUTBOX": "0",
            **{key: str(value) for key, value in providers.sms.settings().items() if value},
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(providers.email.port),
            "SMTP_STARTTLS": "0", "DELIVERY_POLL_SECONDS": "0.2",
            "DELIVERY_LEASE_SECONDS": str(LEASE), "TWILIO_TIMEOUT_SECONDS": "2",
            "SMTP_TIMEOUT_SECONDS": "2", **{key: str(value) for key, value in settings.items()},
        }
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "worker"], env=env,
                                        cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def started(self) -> bool:
        return any("delivery worker" in line and "started" in line for line in self.lines)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)


def wait_until(condition, timeout: float, step: float = 0.02) -> float:
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise TimeoutError(f"not within {timeout} s")
        time.sleep(step)
    return time.monotonic() - began


def test_a_killed_workers_batch_is_taken_over_within_seconds_and_nothing_is_sent_twice(
        app, make, providers, contactable):
    victims = [contactable(channels=["sms"]) for _ in range(12)]
    providers.sms.delay = 0.4  # each text takes "Twilio" 0.4 s: the batch takes about 5 s

    workers = [Worker(app, providers), Worker(app, providers)]
    try:
        wait_until(lambda: all(w.started for w in workers), timeout=15)
        make.update(make.case(victims=victims))  # twelve texts: one batch, one worker's
        providers.sms.wait_for(1, timeout=10)
        [holder] = {n.claimed_by for n in notifications() if n.status == "pending"}
        [doomed] = [w for w in workers if f":{w.process.pid}:" in holder]
        providers.sms.wait_for(4, timeout=10)
        # The fourth text is in "Twilio" (received, not answered yet): kill its worker now.
        os.kill(doomed.process.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        doomed.process.wait(timeout=10)

        # The rest of its batch is taken by the other worker within seconds.
        providers.sms.wait_for(5, timeout=LEASE + 5)
        taken_over = time.monotonic() - killed_at
        wait_until(lambda: sum(n.status == "pending" for n in notifications()) <= 1,
                   timeout=10)
        settled = time.monotonic() - killed_at
    finally:
        for worker in workers:
            worker.stop()
    print(f"\nkilled mid-batch: the rest taken over after {taken_over:.2f} s, and sent "
          f"{settled:.2f} s after the kill")
    assert taken_over < LEASE + 1  # not the old 120 s lease

    # The one left is the text in "Twilio" at the kill: held for as long as a call can take
    # (the connect and read timeouts, 9 s here), then reported, not sent again, by the next
    # worker (the other one, if it was still running by then; here, if not).
    held = [n for n in notifications() if n.status == "pending"]
    if held:
        assert held[0].claimed_by == holder and held[0].lease_until > utcnow()
        assert dispatcher.run(drain=True).messages == 0
        with time_machine.travel(held[0].lease_until + dt.timedelta(seconds=1)):
            assert dispatcher.run(drain=True).messages == 0

    # Nothing was sent twice: each victim's number reached "Twilio" once.
    per_number = collections.Counter(r.to for r in providers.sms.received)
    assert per_number == {v.phone: 1 for v in victims}
    sid_of = {r.to: r.sid for r in providers.sms.received}
    rows = {n.victim_id: n for n in notifications()}
    by_phone = {v.phone: rows[v.id] for v in victims}
    in_flight = providers.sms.received[3].to
    # It reached "Twilio", which accepted it, but its answer went to a dead process.
    assert providers.sms.received[3].answered == 201

    # Those "Twilio" answered before the kill, and those the other worker sent, are recorded
    # with what the provider said: its message id.
    for phone, row in by_phone.items():
        if phone == in_flight:
            continue
        assert (row.status, row.reason, row.provider_id) == ("queued", None, sid_of[phone])
    # The text in the provider's hands when the worker died: nobody knows whether it went, so
    # the case team is asked to check; it is not sent again.
    stuck = by_phone[in_flight]
    assert (stuck.status, stuck.reason, stuck.provider_id) == ("unknown", "worker_stopped", None)
    [task] = tasks_of(TaskKind.UNKNOWN_OUTCOME)
    assert task.notification_id == stuck.id
    attempts = collections.Counter(db.session.scalars(select(DeliveryAttempt.notification_id)))
    assert set(attempts.values()) == {1} and len(attempts) == len(victims)
    workers = collections.Counter(db.session.scalars(select(DeliveryAttempt.worker)))
    assert sorted(workers.values()) == [4, 8]  # four by the killed worker, eight by the other
