"""Messages about an update: what each victim gets on each channel, discreet or not."""
from __future__ import annotations

from portal.extensions import db
from portal.models import ContactPreference, Update
from portal.models.enums import Channel, UpdateEvent
from portal.services.delivery.compose import render_update


def make_update(make, discreet: bool):
    victim = make.victim(name="Layla Haddad")
    db.session.add(ContactPreference(victim=victim, channels=["sms"], discreet=discreet))
    case = make.case(victims=[victim])
    update = Update(case=case, event=UpdateEvent.HEARING_MOVED, body_html="<p>Moved to "
                    "Northshire Crown Court.</p>", body_text="Moved to Northshire Crown Court.")
    db.session.add(update)
    db.session.commit()
    return victim, case, update


def test_discreet_messages_say_only_that_there_is_an_update(app, make):
    victim, case, update = make_update(make, discreet=True)
    with app.test_request_context():
        for channel in (Channel.SMS, Channel.EMAIL):
            message = render_update(update, victim, channel)
            body = " ".join(filter(None, (message.subject, message.text, message.html)))
            for forbidden in ("Layla", "Haddad", "Burglary", "Northshire", "Court", "police",
                              f"/cases/{case.id}", case.crime_reference):
                assert forbidden.lower() not in body.lower(), (channel, forbidden)
            assert "/sign-in" in body


def test_ordinary_sms_names_the_event_and_how_to_stop(app, make):
    victim, case, update = make_update(make, discreet=False)
    with app.test_request_context():
        sms = render_update(update, victim, Channel.SMS)
        email = render_update(update, victim, Channel.EMAIL)
    assert "A court hearing has moved to a new date" in sms.text
    assert sms.text.endswith("Reply STOP to stop texts.")
    assert f"/cases/{case.id}" in sms.text
    assert "Moved to Northshire Crown Court." in email.text and email.html
