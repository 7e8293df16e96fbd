"""Real servers on 127.0.0.1 standing in for the providers: an HTTP server that speaks enough
of Twilio's Messages API for the real twilio client, and an aiosmtpd SMTP server."""
