"""Counting tries atomically: how many sign-in codes an address may be sent, how many times
codes and passwords may be checked.

A count kept in a database table is read, then written: two requests arriving together both
read "4 tries" and both go on to compare a code (19 concurrent guesses compared 11 codes
against a limit of 5). Here each try is taken from the limits package's storage in one atomic
step (Redis's INCR across processes and machines, a lock in memory within one process)
*before* anything is compared, so a limit holds however many tries arrive at once. The storage
is RATELIMIT_STORAGE_URI, the one flask-limiter uses: Redis wherever several processes run.

Subjects are keyed hashes or ids, never an address in clear: they are stored in Redis.
"""
from __future__ import annotations

import math
import time

from flask import current_app
from limits import parse_many, storage, strategies

_KEY = "portal_attempts"


def _limiter() -> strategies.RateLimiter:
    found = current_app.extensions.get(_KEY)
    if found is None:
        backend = storage.storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
        found = current_app.extensions[_KEY] = strategies.MovingWindowRateLimiter(backend)
    return found


def take(kind: str, subject: str, rates: str) -> int:
    """Use one try of ``kind`` for ``subject`` under every limit in ``rates`` ("3 per minute;
    10 per hour"). Returns 0 when it was taken, otherwise the seconds until one is free (and
    nothing may be done meanwhile)."""
    limiter = _limiter()
    for item in parse_many(rates):
        if not limiter.hit(item, kind, subject):  # the longest of the windows that are full
            return max(1, wait(kind, subject, rates))
    return 0


def left(kind: str, subject: str, rates: str) -> int:
    """How many tries remain under the tightest of ``rates`` (for a message; the decision is
    ``take``'s)."""
    limiter = _limiter()
    return min(limiter.get_window_stats(item, kind, subject).remaining
               for item in parse_many(rates))


def wait(kind: str, subject: str, rates: str) -> int:
    """Seconds until a try is free again under every limit in ``rates``; 0 when one is."""
    limiter = _limiter()
    longest = 0
    for item in parse_many(rates):
        stats = limiter.get_window_stats(item, kind, subject)
        if stats.remaining <= 0:
            longest = max(longest, math.ceil(stats.reset_time - time.time()))
    return longest


def reset() -> None:
    """Forget every count (the test suite, between tests)."""
    _limiter().storage.reset()
