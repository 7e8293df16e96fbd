"""What each victim is sent about an update, per channel, in their language, discreet or not.

The same function renders the preview the caseworker sees and the message the worker sends, so
the two cannot differ.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template

from portal import i18n
from portal.content.events import HEADLINES
from portal.content.labels import OFFENCES
from portal.models import Update, Victim
from portal.models.enums import Channel, UpdateEvent
from portal.services.delivery.sms_text import fit_for_sms


@dataclass(frozen=True)
class Words:
    """The caseworker's words as a reader in ``language`` gets them."""

    body_html: str
    body_text: str
    language: str  # the language these words are in
    translated: bool


def words_for(update: Update, language: str) -> Words:
    """The caseworker's words in the reader's language when a translation is attached, else as
    written."""
    for translation in update.translations:
        if translation.language == language:
            return Words(translation.body_html, translation.body_text, language, True)
    return Words(update.body_html, update.body_text, update.language, False)


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
        "words": words_for(update, victim.language),
        "victim": victim,
        "headline": HEADLINES[UpdateEvent(update.event)],
        "sign_in_url": f"{current_app.config['PUBLIC_URL']}/sign-in",
        "case_url": f"{current_app.config['PUBLIC_URL']}/cases/{update.case_id}",
        "sender": current_app.config["SMS_SENDER_NAME"],
        "discreet": discreet,
    }
    kind = "discreet" if discreet else "update"
    with i18n.as_reader(victim.language):
        if channel is Channel.SMS:
            text = render_template(f"messages/{kind}.sms.txt", **context)
            return RenderedMessage(channel, fit_for_sms(" ".join(text.split()), victim.language))
        if channel is Channel.EMAIL:
            subject = render_template(f"messages/{kind}.subject.txt", **context).strip()
            return RenderedMessage(
                channel, render_template(f"messages/{kind}.email.txt", **context).strip(),
                subject, render_template(f"messages/{kind}.email.html", **context))
        letter = "messages/discreet.letter.html" if discreet else "messages/letter.html"
        return RenderedMessage(channel, "", html=render_template(letter, **context))


def render_updates(updates: list[Update], victim: Victim, channel: Channel, *,
                   summary: bool = False) -> RenderedMessage:
    """One message about several updates (on one case or several) due in the same window, or
    the victim's weekly summary. One update that is not a summary is ``render_update``."""
    if len(updates) == 1 and not summary:
        return render_update(updates[0], victim, channel)
    if channel not in (Channel.SMS, Channel.EMAIL):
        raise ValueError("only texts and emails are combined; letters and calls are one each")
    discreet = is_discreet(victim)
    base = current_app.config["PUBLIC_URL"]
    case_ids = {u.case_id for u in updates}
    context = {
        "victim": victim,
        "items": [{"news": u, "words": words_for(u, victim.language),
                   "headline": HEADLINES[UpdateEvent(u.event)],
                   "offence": OFFENCES.get(u.case.offence, u.case.offence),
                   "reference": u.case.crime_reference,
                   "case_url": f"{base}/cases/{u.case_id}"}
                  for u in sorted(updates, key=lambda u: (u.created_at, u.id))],
        "count": len(updates),
        "summary": summary,
        # One case: straight to it. Several: the list of cases, which needs signing in anyway.
        "url": f"{base}/cases/{case_ids.pop()}" if len(case_ids) == 1 else f"{base}/cases",
        "sign_in_url": f"{base}/sign-in",
        "sender": current_app.config["SMS_SENDER_NAME"],
        "discreet": discreet,
    }
    kind = "discreet" if discreet else "combined"
    with i18n.as_reader(victim.language):
        if channel is Channel.SMS:
            text = render_template(f"messages/{kind}.sms.txt", **context)
            return RenderedMessage(channel, fit_for_sms(" ".join(text.split()), victim.language))
        subject = render_template(f"messages/{kind}.subject.txt", **context).strip()
        return RenderedMessage(
            channel, render_template(f"messages/{kind}.email.txt", **context).strip(),
            subject, render_template(f"messages/{kind}.email.html", **context))


def render_notice(victim: Victim, channel: Channel, kind: str) -> RenderedMessage:
    """A notice that sends the victim to the portal without saying more: "you have a new
    message" when their contact answers them, "a case was added to your account", or (to an
    old number or address) "your contact details were changed". A discreet victim gets the
    new-message words, which name nothing, for the first two."""
    if kind == "contact_changed":  # to an old address: the same words, discreet or not
        name = "contact_changed"
    elif kind == "case_added" and not is_discreet(victim):
        name = "case_added"
    else:
        name = "discreet"
    context = {
        "victim": victim,
        "sign_in_url": f"{current_app.config['PUBLIC_URL']}/sign-in",
        "sender": current_app.config["SMS_SENDER_NAME"],
    }
    with i18n.as_reader(victim.language):
        if channel is Channel.SMS:
            text = render_template(f"messages/{name}.sms.txt", **context)
            return RenderedMessage(channel, fit_for_sms(" ".join(text.split()), victim.language))
        if channel is Channel.EMAIL:
            return RenderedMessage(
                channel, render_template(f"messages/{name}.email.txt", **context).strip(),
                render_template(f"messages/{name}.subject.txt", **context).strip(),
                render_template(f"messages/{name}.email.html", **context))
        return RenderedMessage(channel, "", html=render_template(
            f"messages/{name}.letter.html", **context))
