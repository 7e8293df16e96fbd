"""How, when and how often a victim is contacted, saved by the victim or by a caseworker on
their behalf (audited, with who and when).

``save`` takes plain values (the victim's form and the console's form both give the same
keys), checks them all, and either saves everything or raises ``InvalidInputs`` naming each
field that is wrong; nothing is saved then.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal import i18n
from portal.extensions import db
from portal.models import Caseworker, ContactPreference, Victim
from portal.models.enums import Channel, Frequency
from portal.models.types import utcnow
from portal.services import audit
from portal.services.delivery import channel_choice, contact_windows, outbox
from portal.services.errors import InvalidInputs, NotConfirmed
from portal.services.identifiers import is_fictional, is_mobile, normalise_email, normalise_phone

OTHER_NEEDS_MAX = 500
NEEDS = ("large_print", "easy_read", "screen_reader", "british_sign_language", "interpreter",
         "no_computer_documents")
FLAGS = NEEDS + ("urgent_may_break_window", "discreet", "voicemail_safe", "post_safe",
                 "hearing_reminders")
TEXTS = ("interpreter_language", "other_needs", "postal_address")


def needs_asking(victim: Victim) -> bool:
    """True until the victim (or a caseworker for them) has answered the questions."""
    return victim.preference is None or victim.preference.asked_at is None


def current_values(victim: Victim) -> dict[str, Any]:
    """The victim's saved choices in ``save``'s keys, with defaults for a victim not asked."""
    pref = victim.preference or ContactPreference()
    # Not asked yet: show the hours we use until they tell us (see contact_windows).
    windows = pref.windows if pref.asked_at else contact_windows.UNASKED_WINDOWS
    values: dict[str, Any] = {
        "channels": [str(c) for c in channel_choice.channel_order(victim)],
        "windows": [dict(w) for w in windows or []],
        "frequency": pref.frequency or Frequency.EVERY_UPDATE,
        "language": victim.language,
        "phone": victim.phone,
        "email": victim.email,
    }
    defaults = {"urgent_may_break_window": True, "post_safe": True, "hearing_reminders": True}
    for name in FLAGS:
        value = getattr(pref, name)
        values[name] = defaults.get(name, False) if value is None else bool(value)
    for name in TEXTS:
        values[name] = getattr(pref, name)
    return values


def save(victim: Victim, values: Mapping[str, Any],
         recorded_by: Caseworker | None = None, reason: str | None = None) -> ContactPreference:
    """Check and save the victim's preferences; keys not given keep their current value.

    ``recorded_by`` is the caseworker recording them on the victim's behalf (None when the
    victim saves their own). A caseworker who changes the victim's phone number or email
    address (which sign the victim in) must give a ``reason``; it is audited and the old
    number or address is told. Raises InvalidInputs, saving nothing, when any value is wrong.
    Waiting notifications are moved to fit the new choices.
    """
    before = current_values(victim)
    clean, problems = check(victim, {**before, **values})
    moved = [name for name in ADDRESSES
             if name not in problems and before[name] and clean[name] != before[name]]
    reason = " ".join((reason or "").split())
    if recorded_by is not None and moved and len(reason) < 10:
        problems["change_reason"] = str(_l("Say why the victim’s contact details are changing, "
                                           "and how they asked for it"))
    if problems:
        raise InvalidInputs(problems)
    if recorded_by is None and moved:
        from portal.services.sign_in import reauth

        if not reauth.is_fresh(victim):
            raise NotConfirmed()
    pref = victim.preference
    if pref is None:
        pref = ContactPreference(victim=victim)
        db.session.add(pref)
    now = utcnow()
    for name in FLAGS + TEXTS + ("channels", "windows", "frequency"):
        setattr(pref, name, clean[name])
    _write_language(victim, clean["language"], recorded_by or victim)
    victim.phone, victim.email = clean["phone"], clean["email"]
    pref.asked_at = pref.asked_at or now
    pref.updated_at = now
    pref.recorded_by_id = recorded_by.id if recorded_by else None
    outbox.replan_pending(victim, now)
    changed = sorted(name for name in clean if clean[name] != before.get(name))
    detail = {"reason": reason} if recorded_by is not None and moved else {}
    audit.record(recorded_by or victim,
                 "preferences.recorded" if recorded_by else "preferences.saved",
                 victim_id=victim.id, changed=changed, **detail)
    try:
        db.session.commit()
    except IntegrityError:  # another victim took the number or address a moment ago
        db.session.rollback()
        raise InvalidInputs({"phone": str(TAKEN)}) from None
    if recorded_by is not None:
        for name in moved:
            _tell_old_address(victim, name, before[name])
    elif moved:  # the victim's own change: the old addresses told, other sessions ended
        from portal.services.sign_in import reauth

        reauth.after_change(victim, [route for name in moved
                                     if (route := _old_route(victim, name, before[name]))])
    return pref


ADDRESSES = ("phone", "email")


def _old_route(victim: Victim, field: str, old: str) -> channel_choice.Route | None:
    """How a number or address just replaced can be told so: not by text to a landline, nor
    after the victim replied STOP."""
    channel = Channel.EMAIL if field == "email" else Channel.SMS
    opted_out = bool(victim.preference and victim.preference.sms_opted_out)
    if channel is Channel.SMS and (opted_out or not channel_choice.can_text(old)):
        return None
    return channel_choice.Route(channel, old)


def _tell_old_address(victim: Victim, field: str, old: str) -> None:
    """Tell the number or address a caseworker has just replaced that it was replaced, in
    words that name nothing, so a victim whose details were changed without their asking can
    say so. A landline cannot take a text; a failure is audited, never raised: the change is
    made."""
    from portal.channels.failures import ChannelError
    from portal.services.delivery.compose import render_notice
    from portal.services.delivery.outgoing import send_immediately

    route = _old_route(victim, field, old)
    if route is None:
        return  # a landline takes no text; after STOP the victim asked for none
    channel = route.channel
    try:
        send_immediately(render_notice(victim, channel, "contact_changed").addressed_to(old))
    except ChannelError as error:
        audit.record_now(None, "preferences.old_address_not_told", victim_id=victim.id,
                         channel=str(channel), error=error.code or type(error).__name__)


def save_language(person: Victim | Caseworker, code: str | None) -> bool:
    """Make ``code`` the person's saved language (the switcher, used while signed in), so the
    saved preference, which wins over the switcher, and the switcher agree. Staff may choose
    only the console's languages. Returns whether anything changed; commits when it did."""
    allowed = i18n.CONSOLE_LANGUAGES if isinstance(person, Caseworker) else i18n.codes()
    if code not in allowed or not _write_language(person, code, person):
        return False
    db.session.commit()
    return True


def _write_language(person: Victim | Caseworker, code: str, actor) -> bool:
    """The one place a person's saved language changes: set and audited the same way whichever
    page changed it. The caller commits."""
    field = "locale" if isinstance(person, Caseworker) else "language"
    if getattr(person, field) == code:
        return False
    setattr(person, field, code)
    audit.record(actor, "language.changed", person_kind=str(person.principal),
                 person_id=person.id, language=code)
    return True


TAKEN = _l("This phone number or email address cannot be used. Use a different one, or "
           "contact the person dealing with your case.")


def check(victim: Victim, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise ``values`` and find what is wrong with them: (clean values, problems)."""
    problems: dict[str, str] = {}
    clean: dict[str, Any] = {name: bool(values.get(name)) for name in FLAGS}
    for name in TEXTS:
        text = (values.get(name) or "").strip()
        clean[name] = text or None

    channels = [str(c) for c in values.get("channels") or [] if c]
    if not channels:
        problems["channels"] = str(_l("Choose at least one way for us to contact you"))
    elif len(set(channels)) != len(channels) or not set(channels) <= set(Channel):
        problems["channels"] = str(_l("Choose each way of contacting you only once"))
    clean["channels"] = channels

    clean["phone"] = _phone(values.get("phone"), problems)
    clean["email"] = _email(values.get("email"), problems)
    if Channel.SMS in channels and "phone" not in problems:
        phone = clean["phone"]
        if not phone or not (is_fictional(phone) or is_mobile(phone)):
            problems["phone"] = str(_l("Enter a mobile phone number, so that we can text you"))
    if Channel.PHONE in channels and not clean["phone"] and "phone" not in problems:
        problems["phone"] = str(_l("Enter a phone number, so that we can call you"))
    if Channel.EMAIL in channels and not clean["email"] and "email" not in problems:
        problems["email"] = str(_l("Enter an email address, so that we can email you"))
    if not clean["phone"] and not clean["email"] and not problems.keys() & {"phone", "email"}:
        problems["email"] = str(_l("Enter an email address or a mobile phone number, so that "
                                   "you can sign in"))
    if Channel.LETTER in channels:
        if not clean["post_safe"]:
            problems["channels"] = str(_l("You said post is not safe. Choose another way for "
                                          "us to contact you, or tell us post is safe"))
        elif not clean["postal_address"]:
            problems["postal_address"] = str(_l("Enter the address to send letters to"))
    _taken(victim, clean, problems)

    try:
        contact_windows.parse(values.get("windows"))
        clean["windows"] = [dict(w, days=sorted(int(d) for d in w["days"]))
                            for w in values.get("windows") or []]
    except (ValueError, KeyError, TypeError):
        problems["windows"] = str(_l("A time to contact you must not end when it starts"))
        clean["windows"] = []

    frequency = values.get("frequency")
    if frequency not in set(Frequency):
        problems["frequency"] = str(_l("Choose how often you want to hear from us"))
    clean["frequency"] = frequency
    language = values.get("language")
    if language not in i18n.codes():
        problems["language"] = str(_l("Choose a language"))
    clean["language"] = language

    if clean["interpreter"] and not clean["interpreter_language"]:
        problems["interpreter_language"] = str(_l("Tell us which language you need an "
                                                  "interpreter for"))
    elif clean["interpreter_language"] and len(clean["interpreter_language"]) > 64:
        problems["interpreter_language"] = str(_l("The name of the language must be 64 "
                                                  "characters or fewer"))
    if clean["other_needs"] and len(clean["other_needs"]) > OTHER_NEEDS_MAX:
        problems["other_needs"] = str(_l("Describe what you need in %(max)d characters or "
                                         "fewer", max=OTHER_NEEDS_MAX))
    if clean["postal_address"] and len(clean["postal_address"]) > OTHER_NEEDS_MAX:
        problems["postal_address"] = str(_l("The address must be %(max)d characters or fewer",
                                            max=OTHER_NEEDS_MAX))
    return clean, problems


def _phone(value: str | None, problems: dict[str, str]) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return normalise_phone(value)
    except ValueError:
        problems["phone"] = str(_l("Enter a phone number like 07700 900123 or +44 7700 "
                                   "900123"))
        return None


def _email(value: str | None, problems: dict[str, str]) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return normalise_email(value)
    except ValueError:
        problems["email"] = str(_l("Enter an email address like name@example.com"))
        return None


def _taken(victim: Victim, clean: dict[str, Any], problems: dict[str, str]) -> None:
    """The phone number and email address sign a victim in, so no two victims share one."""
    for name, column in (("phone", Victim.phone), ("email", Victim.email)):
        if clean[name] and name not in problems:
            other = db.session.scalar(select(Victim.id).where(column == clean[name],
                                                              Victim.id != victim.id))
            if other is not None:
                problems[name] = str(TAKEN)
