"""When Python's cyclic garbage collector may run in the web and worker processes.

Under load on the console's case lists, gunicorn workers died with SIGSEGV or glibc's
"free(): invalid pointer" (bench/worker_crash.py reproduces it; docs/BENCHMARKS.md has the
runs). glibc's checking allocator caught the corruption at its source: the managed attribute
values of a SQLAlchemy ``InstanceState`` freed with a pointer into the object itself, while the
session was detaching thousands of loaded objects; faulthandler showed the other crashes inside
a garbage collection started in the middle of ORM loading. Both of this machine's interpreters
(pyenv's 3.11.7 and Debian's 3.11.2) crash, with SQLAlchemy 2.0 and 2.1 alike (2.1 far more
often), and with every third-party C extension removed; they stop when the cyclic collector
never runs while a request's objects are being built or torn down. The fault is an interaction
of CPython 3.11's collector with SQLAlchemy's weak-referenced instance states, not this code,
so the portal avoids it rather than mends it:

- each process freezes what it loaded at start (the app, its modules, templates) into the
  permanent generation and turns automatic collection off;
- it collects after each unit of work (a web request, a delivery batch), when no session holds
  loaded objects any more: the young generations every time, everything every 200 units.

Memory is still reclaimed at once for everything that is not in a cycle (reference counting),
and cycles are reclaimed after each request, so a worker's size stays bounded by its largest
request.
"""
from __future__ import annotations

import gc


def pause_automatic_collection() -> None:
    """In a process about to serve requests or batches: freeze what is loaded, stop the
    collector from starting on its own."""
    gc.collect()
    gc.freeze()
    gc.disable()


# A full collection every this many units of work; the young generations after every one.
FULL_EVERY = 200
_done = 0


def collect_after_work() -> None:
    """Between two units of work: reclaim the cycles the last one left.

    Only the young generations (what was made since the last unit and what survived it): a
    unit's cycles are reclaimed at its end as before. Everything older (caches filled by earlier
    requests: compiled templates and statements, rendered fragments) is looked at in a full
    collection only every ``FULL_EVERY`` units: a full collection after every request walked
    them all each time, and a worker that had served the console's lists at 100,000 cases took
    about 20 ms a request for that alone (bench/national.py: the bare route fell from 1 ms to
    21 ms a request, docs/BENCHMARKS.md)."""
    global _done
    _done += 1
    if _done % FULL_EVERY == 0:
        gc.collect()
    else:
        gc.collect(1)
