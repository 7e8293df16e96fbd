"""gunicorn's settings for the portal (gunicorn reads ./gunicorn.conf.py by itself).

The garbage collector runs between requests, never inside one: see portal/memory.py for the
crash this avoids.
"""
from portal import memory


def post_worker_init(worker):
    memory.pause_automatic_collection()


def post_request(worker, req, environ, resp):
    memory.collect_after_work()
