"""The outside world: SMS through Twilio, email through SMTP.

Channels know only their settings (a mapping such as ``app.config``) and the message they are
given; they never touch the database. Each raises one of the errors in
``portal.channels.failures`` so the delivery engine can decide: retry, try the next channel, or
report an unknown outcome.
"""
