"""What each victim is sent about an update, per channel, in their language, discreet or not.

The same function renders the preview the caseworker sees and the message the worker sends, so
the two cannot differ.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale

from portal.content.events import HEADLINES
from portal.models import Update, Victim
from portal.models.enums import Channel, UpdateEvent
from portal.services.sms_text import fit_for_sms


@dataclass(frozen=True)
class RenderedMessage:
    channel: Channel
    text: str
    subject: str | None = None
    html: str | None = None


def is_discreet(victim: Victim) -> bool:
    return bool(victim.preference and victim.preference.discreet)


def render_update(update: Update, victim: Victim, channel: Channel) -> RenderedMessage:
    """The message for this victim on this channel. Discreet mode says only that there is an
    update and how to sign in: no name, offence, court, agency or link to the case."""
    discreet = is_discreet(victim)
    context = {
        "update": update,
        "victim": victim,
        "headline": HEADLINES[UpdateEvent(update.event)],
        "sign_in_url": f"{current_app.config['PUBLIC_URL']}/sign-in",
        "case_url": f"{current_app.config['PUBLIC_URL']}/cases/{update.case_id}",
        "sender": current_app.config["SMS_SENDER_NAME"],
        "discreet": discreet,
    }
    kind = "discreet" if discreet else "update"
    with force_locale(victim.language):
        if channel is Channel.SMS:
            text = render_template(f"messages/{kind}.sms.txt", **context)
            return RenderedMessage(channel, fit_for_sms(" ".join(text.split()), victim.language))
        if channel is Channel.EMAIL:
            subject = render_template(f"messages/{kind}.subject.txt", **context).strip()
            return RenderedMessage(
                channel, render_template(f"messages/{kind}.email.txt", **context).strip(),
                subject, render_template(f"messages/{kind}.email.html", **context))
        return RenderedMessage(channel, "",
                               html=render_template("messages/letter.html", **context))
