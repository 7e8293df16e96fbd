"""What the delivery engine's states, reasons and tasks are called, for the case team (the
console's catalogue: English and Welsh)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models.messaging import DeliveryStatus
from portal.models.tasks import TaskKind, TaskOutcome

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

# Keys stored in Notification.reason.
REASONS = {
    "window": _l("Waiting for a time the victim said we can contact them"),
    "weekly_summary": _l("Waiting for the victim's weekly summary"),
    "retry": _l("The provider did not answer; trying again automatically"),
    "key_decisions_only": _l("The victim asked to hear about key decisions only. The update "
                             "is on their case page."),
    "no_channel": _l("There is no way to contact the victim: no usable phone number, email "
                     "address or postal address"),
    "permanent_error": _l("The provider refused it for good; the victim's next way of being "
                          "contacted is being used"),
    "gave_up": _l("The provider failed for hours; the victim's next way of being contacted is "
                  "being used"),
    "undelivered": _l("The phone network could not deliver it; the victim's next way of being "
                      "contacted is being used"),
    "timeout_unknown": _l("The provider stopped answering after it may have accepted the "
                          "message. It has not been sent again: check with the victim"),
    "worker_stopped": _l("The sending process stopped during the call. It has not been sent "
                         "again: check with the victim"),
    "sms_opted_out": _l("The victim replied STOP to texts"),
    "channel_unavailable": _l("The victim no longer uses this way of being contacted"),
    "phone_call_task": _l("A phone call for the case team to make"),
    "letter_task": _l("A letter for the case team to print and post"),
    "combined": _l("Sent in one message with other updates"),
    "urgent_waits_for_morning": _l("Urgent, but it is night: waiting until 07:00 or the "
                                   "victim's first time to be contacted"),
    "hearing_changed": _l("The hearing changed: reminders are planned again for the new date"),
    "message_too_late": _l("A message would reach the victim after the hearing starts: call "
                           "them"),
    "alert_read": _l("Not sent again: the victim confirmed they read the alert"),
    "declined_scheme": _l("Not sent: the victim chose not to join the Victim Contact Scheme"),
    "alert_unread": _l("Urgent: the victim has not confirmed they read an alert. Call them"),
}

TASKS = {
    TaskKind.PHONE_CALL: _l("Call the victim with an update"),
    TaskKind.LETTER: _l("Print and post a letter"),
    TaskKind.DELIVERY_FAILED: _l("A message could not be delivered"),
    TaskKind.SMS_STOPPED: _l("The victim replied STOP to texts"),
    TaskKind.UNKNOWN_OUTCOME: _l("Check whether a message reached the victim"),
    TaskKind.SMS_STARTED: _l("The victim replied START: texts are back on"),
    TaskKind.BOOK_INTERPRETER: _l("Book an interpreter"),
    TaskKind.DATE_CLASH: _l("The victim cannot go to court on the day of a hearing"),
    TaskKind.BREACH_REPORTED: _l("Urgent: the victim says the suspect contacted them or came "
                                 "near them"),
    TaskKind.REVIEW_REQUESTED: _l("The victim asked for a review of a decision: acknowledge it "
                                  "on the case page"),
    TaskKind.PROPERTY_REQUESTED: _l("The victim asked to have their property back"),
    TaskKind.NEEDS_CHANGED: _l("The victim says what we recorded about their needs is wrong "
                               "or has changed"),
    TaskKind.LICENCE_SAY: _l("The victim says what licence conditions they want"),
}

OUTCOMES = {
    TaskOutcome.REACHED: _l("I spoke to the victim"),
    TaskOutcome.NO_ANSWER: _l("No answer: try again later"),
    TaskOutcome.WRONG_NUMBER: _l("Wrong number or not theirs"),
    TaskOutcome.POSTED: _l("The letter is printed and posted"),
    TaskOutcome.TOLD_ANOTHER_WAY: _l("The victim was told another way"),
    TaskOutcome.BOOKED: _l("Booked"),
    TaskOutcome.NOTED: _l("Noted"),
}
