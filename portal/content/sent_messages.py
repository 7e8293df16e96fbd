"""What the victim's own record calls things: where each message we sent them is, what it was
about, and what their case team was asked to do for them ("Messages we sent you" and "Download
your information", in the victim's language).

The states are the console's own words for them (content/delivery_states.STATUSES, the same
English), kept here as well because that module is in the console's catalogue, which is
offered in English and Welsh only: a victim reads these in any of the portal's languages.
tests/victim/test_your_information.py checks that the English stays the same as the
console's.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models.messaging import DeliveryStatus
from portal.models.tasks import TaskKind

STATUSES = {
    DeliveryStatus.PENDING: _l("Waiting to be sent"),
    DeliveryStatus.QUEUED: _l("Accepted by the text message provider"),
    DeliveryStatus.SENT: _l("Sent"),
    DeliveryStatus.DELIVERED: _l("Delivered"),
    DeliveryStatus.UNDELIVERED: _l("Not delivered"),
    DeliveryStatus.FAILED: _l("Failed"),
    DeliveryStatus.UNKNOWN: _l("Unknown: it may or may not have been sent"),
    DeliveryStatus.TASK: _l("Passed to the case team"),
    DeliveryStatus.SKIPPED: _l("Not sent"),
    DeliveryStatus.CANCELLED: _l("Not sent on this channel"),
}

# What a message was about, by Notification.kind (a reminder's kind starts "reminder_").
SIGN_IN_CODE = "sign_in_code"
KINDS = {
    "update": _l("An update about your case"),
    "summary": _l("Your weekly summary"),
    "combined": _l("Several updates in one message"),
    "message": _l("You have a new message"),
    "case_added": _l("A case was added to your account"),
    "reminder": _l("A reminder of a hearing"),
    SIGN_IN_CODE: _l("Sign-in code"),
}

# What the case team was asked to do for the victim (models.tasks.TaskKind).
TASKS = {
    TaskKind.PHONE_CALL: _l("Call you with an update"),
    TaskKind.LETTER: _l("Post you a letter"),
    TaskKind.DELIVERY_FAILED: _l("A message to you could not be delivered"),
    TaskKind.SMS_STOPPED: _l("You replied STOP to texts"),
    TaskKind.UNKNOWN_OUTCOME: _l("Check whether a message reached you"),
    TaskKind.SMS_STARTED: _l("You replied START: texts are back on"),
    TaskKind.BOOK_INTERPRETER: _l("Book an interpreter"),
    TaskKind.DATE_CLASH: _l("You cannot go to court on the day of a hearing"),
    TaskKind.PROPERTY_REQUESTED: _l("You asked to have your property back"),
    TaskKind.BREACH_REPORTED: _l("You told us the suspect contacted you or came near you"),
    TaskKind.NEEDS_CHANGED: _l("You told us something about your needs was wrong or changed"),
    TaskKind.LICENCE_SAY: _l("Pass on the rules you asked for before the release"),
}

# Who looked at or did something on a case, in the audit: what the victim is told of it
# (services/audit.LOOKS are the looks).
LOOKED = _l("Looked at your case")
CHANGED = _l("Recorded something on your case")
