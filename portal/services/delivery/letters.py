"""Letters the case team prints and posts: the page for a LETTER task."""
from __future__ import annotations

from flask import render_template
from flask_babel import format_date
from markupsafe import Markup

from portal import i18n
from portal.extensions import db
from portal.models import Task, TaskKind
from portal.models.enums import Channel
from portal.models.types import utcnow
from portal.services import audit
from portal.services.delivery import reminders
from portal.services.delivery.compose import (
    is_discreet,
    render_notice,
    render_reminder,
    render_update,
)
from portal.services.errors import NotFound


def open_letter(task: Task, caseworker) -> str:
    """The letter's page for a member of the case team, audited as opened."""
    page = letter_page(task)
    audit.record(caseworker, "letter.opened", task.case_id, task_id=task.id)
    db.session.commit()
    return page


def letter_page(task: Task) -> str:
    """The printable page for a letter task, in the victim's language: the address block,
    today's date and the letter (the same text the caseworker previews). Large print when the
    victim asked for it. NotFound when the task is not a letter."""
    notification = task.notification
    if task.kind != TaskKind.LETTER or notification is None:
        raise NotFound()
    victim = notification.victim
    pref = victim.preference
    if notification.update is not None:
        letter = render_update(notification.update, victim, Channel.LETTER)
    elif reminders.is_reminder(notification.kind):
        letter = render_reminder(victim, Channel.LETTER, notification.hearing)
    else:  # a notice (their contact answered, a case was added): the letter says so, not what
        letter = render_notice(victim, Channel.LETTER, notification.kind)
    address = (pref.postal_address if pref else None) or ""
    with i18n.as_reader(victim.language):
        today = format_date(utcnow(), "long")
        return render_template(
            "letters/page.html", victim=victim, letter=Markup(letter.html), today=today,
            address_lines=[line.strip() for line in address.splitlines() if line.strip()],
            large_print=bool(pref and pref.large_print), discreet=is_discreet(victim))
