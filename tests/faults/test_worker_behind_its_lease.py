"""A worker that falls behind its lease (a provider call that hangs, a pause) while another
worker takes the rest of its batch: it sends nothing the other has taken. The hold written
before each message is only written on rows still this worker's."""
from __future__ import annotations

import collections
import threading

from portal.services.delivery import dispatcher
from tests.delivery.helpers import notifications


def test_a_worker_behind_its_lease_sends_nothing_another_worker_took(app, make, providers,
                                                                     contactable, monkeypatch):
    monkeypatch.setitem(app.config, "DELIVERY_LEASE_SECONDS", 0.5)
    victims = [contactable(channels=["sms"]) for _ in range(6)]
    make.update(make.case(victims=victims))
    providers.sms.answer_next(("hold", None))  # the slow one's first text hangs in "Twilio"

    def slow():
        with app.app_context():
            results.append(dispatcher.run(worker="slow", drain=True))

    results = []
    thread = threading.Thread(target=slow)
    thread.start()
    providers.sms.wait_for(1)
    # Its lease on the other five runs out while it waits; the other worker takes them.
    threading.Event().wait(0.7)
    taken = dispatcher.run(worker="quick", drain=True)
    providers.sms.release.set()
    thread.join(timeout=10)

    assert taken.messages == 5 and results[0].messages == 1
    per_number = collections.Counter(r.to for r in providers.sms.received)
    assert per_number == {v.phone: 1 for v in victims}  # none twice
    assert {n.status for n in notifications()} == {"queued"}
    assert collections.Counter(n.attempts for n in notifications()) == {1: 6}
