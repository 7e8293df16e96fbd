"""How victims choose to be contacted, in their language: the channels and how often. (What
the delivery engine's states and tasks are called, for staff, is in delivery_states.py.)"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models.enums import Channel, Frequency

CHANNELS = {
    Channel.SMS: _l("Text message"),
    Channel.EMAIL: _l("Email"),
    Channel.PHONE: _l("Phone call"),
    Channel.LETTER: _l("Letter"),
}

FREQUENCIES = {
    Frequency.EVERY_UPDATE: (_l("Every update"),
                             _l("We contact you each time there is news.")),
    Frequency.KEY_DECISIONS: (_l("Key decisions only"),
                              _l("For example a charge, a verdict, a sentence, or a hearing "
                                 "that moves. You can still read every update online.")),
    Frequency.WEEKLY_SUMMARY: (_l("A weekly summary"),
                               _l("One message on Monday with everything from the week "
                                  "before. Urgent news, and what we always tell you, still "
                                  "comes straight away.")),
}
# What every victim is sent, whatever they chose (services/delivery/outbox.MUST_REACH_EVENTS).
ALWAYS_TOLD = _l("Whatever you choose, we always tell you some things straight away. These are: "
                 "a hearing you must go to, what happened at a hearing, and news about charges, "
                 "verdicts, sentences and release.")
