"""Reading back what the delivery engine wrote."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import DeliveryAttempt, Notification, Task


def notifications() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def attempts() -> list[DeliveryAttempt]:
    return list(db.session.scalars(select(DeliveryAttempt).order_by(DeliveryAttempt.id)))


def tasks_of(kind=None) -> list[Task]:
    query = select(Task).order_by(Task.id)
    if kind is not None:
        query = query.where(Task.kind == kind)
    return list(db.session.scalars(query))
