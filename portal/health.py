"""Health checks for a load balancer (HAProxy, nginx) and the benchmarks.

/healthz/live answers at once without touching the database: the process is serving (and it is
the "bare route" the page benchmarks compare the portal's pages with). /healthz/ready also asks
the database for one row: a load balancer stops sending people to an instance that cannot
reach it. Neither sets a cookie, names a version or says more than "ok".
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db

bp = Blueprint("health", __name__, url_prefix="/healthz")
log = logging.getLogger(__name__)


@bp.get("/live")
def live():
    return Response("ok\n", mimetype="text/plain")


@bp.get("/ready")
def ready():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("database not reachable: %s", type(error).__name__)
        db.session.rollback()
        return Response("database not reachable\n", status=503, mimetype="text/plain")
    return Response("ok\n", mimetype="text/plain")
