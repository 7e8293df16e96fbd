"""The delivery engine: the outbox, the worker that sends it, what each message says on each
channel, and what the case team is told."""
