"""The mail server answering 421 ("service not available") for a while, then recovering: each
email is tried again later, through the real smtplib and aiosmtpd, and delivered once."""
from __future__ import annotations

import collections
import datetime as dt

import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import DeliveryAttempt
from portal.models.types import utcnow
from portal.services.delivery import dispatcher
from tests.delivery.helpers import notifications

BUSY = "421 4.3.2 Service not available, closing transmission channel"


def test_smtp_answering_421_then_recovering_delivers_each_email_once(app, make, providers,
                                                                     contactable):
    victims = [contactable(channels=["email"]) for _ in range(12)]
    case = make.case(victims=victims)
    make.update(case, text="The officer has spoken to the witness.")
    make.update(case, text="The officer has asked for the CCTV.")
    providers.email.busy = BUSY

    with time_machine.travel(utcnow(), tick=False) as clock:
        for _ in range(2):  # the first try and the first retry are both turned away
            dispatcher.run(drain=True)
            rows = notifications()
            assert {(n.status, n.reason, n.error_code) for n in rows} == {
                ("pending", "retry", "421")}
            clock.move_to(max(n.not_before for n in rows) + dt.timedelta(seconds=1))
        assert providers.email.messages == []
        # Each email turned away twice (a few more MAILs when a reused connection closed
        # under the client: it opens another and asks again).
        assert providers.email.turned_away >= 2 * len(victims)

        providers.email.busy = None
        dispatcher.run(drain=True)

    delivered = collections.Counter(m["To"] for m in providers.email.messages)
    assert delivered == {v.email: 1 for v in victims}  # once each, none twice
    rows = notifications()
    assert {n.status for n in rows} == {"sent"} and len(rows) == 2 * len(victims)
    ids = {m["Message-ID"] for m in providers.email.messages}
    assert {n.provider_id for n in rows} == ids  # what the server took is what is recorded
    outcomes = collections.defaultdict(list)
    for attempt in db.session.scalars(select(DeliveryAttempt).order_by(DeliveryAttempt.id)):
        outcomes[attempt.notification_id].append((attempt.outcome, attempt.error_code))
    assert len(outcomes) == len(victims)  # each victim's two updates went in one email
    assert set(map(tuple, outcomes.values())) == {
        (("retry", "421"), ("retry", "421"), ("accepted", None))}
