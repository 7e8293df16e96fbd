"""The channels on their own: what each provider answer means, and email in any language."""
from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

from portal.channels.email import EmailChannel
from portal.channels.failures import OutcomeUnknown, PermanentFailure, TemporaryFailure
from portal.channels.sms import classify_twilio


@pytest.mark.parametrize("status, code, expected", [
    (500, 20500, TemporaryFailure), (503, None, TemporaryFailure),
    (429, 20429, TemporaryFailure), (401, 20003, TemporaryFailure),
    (400, 21211, PermanentFailure), (400, 21610, PermanentFailure),
    (400, 21614, PermanentFailure), (400, 30006, PermanentFailure),
    (400, 21602, PermanentFailure),
])
def test_twilio_answers_are_sorted_into_retry_or_next_channel(status, code, expected):
    error = classify_twilio(TwilioRestException(status, "/Messages.json", "msg", code))
    assert isinstance(error, expected)
    assert error.code == str(code or status)
    assert "msg" not in error.detail  # Twilio's words can quote the number


def test_an_email_in_welsh_or_arabic_arrives_intact(app, providers):
    channel = EmailChannel(app.config)
    try:
        receipt = channel.send("gwen@example.org", "Mae diweddariad ar eich achos – ŵ ŷ",
                               "Annwyl Gwen,\n\nمرحبا", "<p>Annwyl Gwen, مرحبا</p>")
    finally:
        channel.close()
    [email] = providers.email.messages
    assert email["Message-ID"] == receipt.provider_id and email["Date"]
    assert email["Subject"] == "Mae diweddariad ar eich achos – ŵ ŷ"
    assert email.get_body(("plain",)).get_content().strip() == "Annwyl Gwen,\n\nمرحبا"
    assert "<p>Annwyl Gwen, مرحبا</p>" in email.get_body(("html",)).get_content()


def test_an_email_refused_at_the_end_of_data_is_not_reported_as_sent(app, providers,
                                                                    monkeypatch):
    """smtplib returns (not raises) the server's answer to the message itself."""
    channel = EmailChannel(app.config)
    monkeypatch.setattr("smtplib.SMTP.data", lambda self, msg: (554, b"Rejected"))
    with pytest.raises(PermanentFailure) as refused:
        channel.send("sam@example.org", "Subject", "text")
    assert refused.value.code == "554"
    monkeypatch.setattr("smtplib.SMTP.data", lambda self, msg: (451, b"Later"))
    with pytest.raises(TemporaryFailure):
        channel.send("sam@example.org", "Subject", "text")
    channel.close()


def test_a_connection_dropped_during_data_is_an_unknown_outcome(app, providers, monkeypatch):
    import smtplib

    channel = EmailChannel(app.config)

    def drop(self, msg):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("smtplib.SMTP.data", drop)
    with pytest.raises(OutcomeUnknown):
        channel.send("sam@example.org", "Subject", "text")
    channel.close()
