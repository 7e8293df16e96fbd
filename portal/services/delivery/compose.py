"""What each message says on each channel, in the reader's language: one composer per channel.

As in GOV.UK Notify's template classes, each composer renders a named message, encodes it
for its channel and counts it, so no caller fits a text or forces a language by hand. The
preview a caseworker sees and the message the worker sends are rendered by the same calls,
so the two cannot differ.

A named message lives in ``templates/messages/`` as ``<name>.<part>``:

    <name>.sms.txt       the text message (whitespace collapsed, fitted for GSM-7)
    <name>.subject.txt   an email's subject line
    <name>.email.txt     an email's plain text
    <name>.email.html    an email's HTML (optional: without it the email is plain text)
    <name>.letter.html   a letter's body, for the printable page
    <name>.txt           one text for both SMS and email, used when the message has no
                         <name>.sms.txt or <name>.email.txt (invitation, sign_in_code)

Messages about a case: update, discreet (names nothing: for discreet victims and the "new
message" notice), combined (several updates, and the weekly summary), case_added,
contact_changed, account_changed. Messages about getting in: invitation, sign_in_code,
staff_setup (the console's catalogue, in the person's console language).

A text starts with its news, not a name: the SMS sender ID already names the service, and a
name in English laid Arabic and Urdu texts out left to right and cost a segment. An email comes
from the service's name in the reader's language. A text whose template shows "Reply STOP to
stop texts." when ``stop`` is true carries that line only when it costs no segment, and always
on the first text the delivery worker sends a victim (``first_text``): STOP works on every
text (Twilio's opt-out, then ours), and the preferences page stops texts too.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from flask import current_app, render_template
from flask_babel import gettext
from jinja2 import Template, TemplateNotFound

from portal import i18n
from portal.content.events import HEADLINES
from portal.content.labels import OFFENCES
from portal.models import Caseworker, Update, Victim
from portal.models.enums import Channel, UpdateEvent
from portal.services.delivery.outgoing import Message
from portal.services.delivery.sms_text import SmsLength, fit_for_sms, measure


@dataclass(frozen=True)
class RenderedMessage:
    """A message as its channel sends it. A text carries its length (encoding, units and
    segments), so a preview shows what the network will bill."""

    channel: Channel
    text: str
    subject: str | None = None
    html: str | None = None
    length: SmsLength | None = None
    from_name: str | None = None

    def addressed_to(self, to: str) -> Message:
        """The message ready to hand to a sender."""
        return Message(self.channel, to, self.text, self.subject, self.html, self.from_name)


# --- the composers -----------------------------------------------------------------------------

def _template(name: str, *parts: str) -> Template:
    """The first of ``messages/<name>.<part>`` that exists (TemplatesNotFound if none)."""
    return current_app.jinja_env.select_template([f"messages/{name}.{part}" for part in parts])


def _optional(name: str, part: str) -> Template | None:
    try:
        return current_app.jinja_env.get_template(f"messages/{name}.{part}")
    except TemplateNotFound:
        return None


class Composer(ABC):
    """Renders a named message for one channel as a reader of ``language`` reads it (through
    ``i18n.as_reader``: their words, plurals and dates), within the channel's limits."""

    channel: ClassVar[Channel]

    def compose(self, name: str, language: str, /, **context: Any) -> RenderedMessage:
        """``name`` and ``language`` are positional only, so a template may have a ``name``
        of its own (the staff set-up email greets the person by it)."""
        base = _public_url()
        context = {"sign_in_url": f"{base}/sign-in", "preferences_url": f"{base}/preferences",
                   **context}
        with i18n.as_reader(language):
            return self.render(name, language, context)

    @abstractmethod
    def render(self, name: str, language: str, context: dict[str, Any]) -> RenderedMessage:
        """The message on this composer's channel (each channel's composer says how)."""


class SmsComposer(Composer):
    """One line of text: whitespace collapsed, GSM-7 where the language allows, measured.
    The STOP line (where the template has one) only when it costs no segment, or when
    ``first_text`` is true."""

    channel = Channel.SMS

    def render(self, name: str, language: str, context: dict[str, Any]) -> RenderedMessage:
        template = _template(name, "sms.txt", "txt")
        text = self._line(template, language, {**context, "stop": False})
        with_stop = self._line(template, language, {**context, "stop": True})
        if with_stop != text and (context.get("first_text")
                                  or measure(with_stop).segments <= measure(text).segments):
            text = with_stop
        return RenderedMessage(self.channel, text, length=measure(text))

    @staticmethod
    def _line(template: Template, language: str, context: dict[str, Any]) -> str:
        return fit_for_sms(" ".join(render_template(template, **context).split()), language)


class EmailComposer(Composer):
    """A subject, plain text, and HTML when the message has it."""

    channel = Channel.EMAIL

    def render(self, name: str, language: str, context: dict[str, Any]) -> RenderedMessage:
        subject = render_template(_template(name, "subject.txt"), **context).strip()
        text = render_template(_template(name, "email.txt", "txt"), **context).strip()
        html = _optional(name, "email.html")
        # The service's name in the reader's language, as the email's display name.
        return RenderedMessage(self.channel, text, subject,
                               render_template(html, **context) if html else None,
                               from_name=gettext("Case updates"))


class LetterComposer(Composer):
    """The body of a letter, which letters.py puts on the printable page."""

    channel = Channel.LETTER

    def render(self, name: str, language: str, context: dict[str, Any]) -> RenderedMessage:
        return RenderedMessage(self.channel, "", html=render_template(
            _template(name, "letter.html"), **context))


COMPOSERS: dict[Channel, Composer] = {c.channel: c() for c in (SmsComposer, EmailComposer,
                                                               LetterComposer)}


def render_message(name: str, channel: Channel | str, language: str, /,
                   **context: Any) -> RenderedMessage:
    """The named message on this channel in this language. Calls have no composer."""
    try:
        composer = COMPOSERS[Channel(channel)]
    except KeyError:
        raise ValueError(f"nothing is written for {channel}") from None
    return composer.compose(name, language, **context)


# --- messages about a case ---------------------------------------------------------------------

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


def is_discreet(victim: Victim) -> bool:
    return bool(victim.preference and victim.preference.discreet)


def _public_url() -> str:
    """PUBLIC_URL without a trailing slash: a link in a text costs every character."""
    return current_app.config["PUBLIC_URL"].rstrip("/")


def render_update(update: Update, victim: Victim, channel: Channel, *,
                  first_text: bool = False) -> RenderedMessage:
    """The message for this victim on this channel. Discreet mode says only that there is an
    update and how to sign in: no name, offence, court, agency or link to the case.
    ``first_text``: the first text the victim is sent, which always says how to stop texts."""
    discreet = is_discreet(victim)
    return render_message(
        "discreet" if discreet else "update", channel, victim.language,
        update=update, words=words_for(update, victim.language), victim=victim,
        headline=HEADLINES[UpdateEvent(update.event)], discreet=discreet,
        case_url=f"{_public_url()}/cases/{update.case_id}", first_text=first_text)


def render_updates(updates: list[Update], victim: Victim, channel: Channel, *,
                   summary: bool = False, first_text: bool = False) -> RenderedMessage:
    """One message about several updates (on one case or several) due in the same window, or
    the victim's weekly summary. One update that is not a summary is ``render_update``."""
    if len(updates) == 1 and not summary:
        return render_update(updates[0], victim, channel, first_text=first_text)
    if channel not in (Channel.SMS, Channel.EMAIL):
        raise ValueError("only texts and emails are combined; letters and calls are one each")
    discreet = is_discreet(victim)
    base = _public_url()
    case_ids = {u.case_id for u in updates}
    items = [{"news": u, "words": words_for(u, victim.language),
              "headline": HEADLINES[UpdateEvent(u.event)],
              "offence": OFFENCES.get(u.case.offence, u.case.offence),
              "reference": u.case.crime_reference, "case_url": f"{base}/cases/{u.case_id}"}
             for u in sorted(updates, key=lambda u: (u.created_at, u.id))]
    return render_message(
        "discreet" if discreet else "combined", channel, victim.language,
        victim=victim, items=items, count=len(updates), summary=summary, discreet=discreet,
        cases=len(case_ids), first_text=first_text,
        # One case: straight to it. Several: the list of cases, which needs signing in anyway.
        url=f"{base}/cases/{case_ids.pop()}" if len(case_ids) == 1 else f"{base}/cases")


def render_notice(victim: Victim, channel: Channel, kind: str, *,
                  first_text: bool = False) -> RenderedMessage:
    """A notice that sends the victim to the portal without saying more: "you have a new
    message" when their contact answers them, "a case was added to your account", (to an old
    number or address) "your contact details were changed" by the case team, or "your account
    details were changed" after the victim's own change of password or address. A discreet
    victim gets the new-message words, which name nothing, for the first two."""
    # The same words, discreet or not (supporters_changed: a supporter added or removed).
    if kind in ("contact_changed", "account_changed", "supporters_changed"):
        name = kind
    elif kind == "case_added" and not is_discreet(victim):
        name = "case_added"
    else:
        name = "discreet"
    return render_message(name, channel, victim.language, victim=victim, first_text=first_text)


def render_reminder(victim: Victim, channel: Channel, hearing, *,
                    first_text: bool = False) -> RenderedMessage:
    """A reminder of a hearing the victim must go to: when, where, what to bring and how to
    get help at court. A discreet victim gets the new-message words, which name nothing."""
    if is_discreet(victim):
        return render_message("discreet", channel, victim.language, victim=victim,
                              first_text=first_text)
    base = _public_url()
    return render_message("reminder", channel, victim.language, victim=victim,
                          hearing=hearing, case_url=f"{base}/cases/{hearing.case_id}",
                          help_url=f"{base}/cases/{hearing.case_id}/court-help",
                          first_text=first_text)


# --- messages about getting in -----------------------------------------------------------------

def render_invitation(victim: Victim, channel: Channel, token: str) -> RenderedMessage:
    """The single-use invitation link, naming nothing about the case."""
    return render_message("invitation", channel, victim.language,
                   link=f"{_public_url()}/invitation/{token}",
                   days=current_app.config["INVITATION_VALID_DAYS"])


def render_sign_in_code(victim: Victim, channel: Channel, code: str) -> RenderedMessage:
    """A one-time sign-in code and how long it lasts, and nothing else."""
    return render_message("sign_in_code", channel, victim.language, code=code,
                   minutes=current_app.config["CODE_VALID_MINUTES"])


def render_staff_setup(account: Caseworker, token: str) -> RenderedMessage:
    """The email with a new (or reset) console account's single-use set-up link, in the
    person's console language."""
    return render_message("staff_setup", Channel.EMAIL, account.locale or "en",
                          name=account.name, link=f"{_public_url()}/staff/set-up/{token}",
                          days=current_app.config["STAFF_SETUP_VALID_DAYS"])
