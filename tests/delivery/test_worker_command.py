"""`flask worker`, and the development outbox standing in for the providers."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import DevOutboxMessage
from portal.models.enums import UpdateEvent
from tests.conftest import visible_text
from tests.delivery.helpers import notifications


def test_without_providers_the_worker_fills_the_development_outbox(client, make, contactable,
                                                                   run_worker):
    victim = contactable(channels=["email", "sms"])
    case = make.case(victims=[victim])
    make.update(case, UpdateEvent.CHARGED, "He was charged today.")
    run_worker()
    [message] = db.session.scalars(select(DevOutboxMessage)).all()
    assert (message.channel, message.to) == ("email", victim.email)
    assert message.subject == f"Someone has been charged (crime reference {case.crime_reference})"
    assert notifications()[0].status == "sent"
    assert "He was charged today." in visible_text(client.get("/dev/outbox"))


def test_the_worker_command_drains_the_outbox(app, make, providers, contactable):
    victim = contactable(channels=["sms"])
    make.update(make.case(victims=[victim]))
    result = app.test_cli_runner().invoke(args=["worker", "--drain"])
    assert result.exit_code == 0, result.output
    assert "Messages sent: 1." in result.output
    assert [r.to for r in providers.sms.accepted] == [victim.phone]
    assert notifications()[0].status == "queued"
