"""Urgent alerts about the offender a caseworker records: escape, absconding, recall to
prison, a move to open conditions, death (models/release.py: AlertKind).

Each is sent at once as an urgent update (event "urgent_alert", urgent by urgency.py, news
every victim is sent whatever their frequency) through the outbox, and each victim gets an
``AlertReceipt``. The worker sends it again until the victim confirms on their case page that
they have read it, and gives the team a phone task when it is still unread after
ALERT_ESCALATE_HOURS (services/delivery/alert_repeats.py).
"""
from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import (
    AlertKind,
    AlertReceipt,
    Case,
    Caseworker,
    Notification,
    UrgentAlert,
    Victim,
)
from portal.models.enums import Stage, UpdateEvent
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import InvalidInput

# Alerts are about a convicted offender (the Victim Contact Scheme): recorded, and looked for on
# the victim's page, from the sentence on. Escape from remand is news of custody (bail.py).
ALERT_STAGES = frozenset({Stage.SENTENCE, Stage.AFTER_SENTENCE, Stage.CLOSED})


def record(actor: Caseworker, case: Case, kind: str, occurred_at: dt.datetime | None,
           now: dt.datetime | None = None) -> UrgentAlert:
    """Keep the alert and send it to every victim on the case now (audited), but those who
    declined the Victim Contact Scheme (vcs_referral.declined)."""
    from portal.services.case_file import update_templates, updates

    now = now or utcnow()
    try:
        kind = AlertKind(kind)
    except ValueError:
        raise InvalidInput("kind", str(_l("Choose what happened"))) from None
    if case.current_stage not in ALERT_STAGES:
        raise InvalidInput("kind", str(_l("Urgent alerts are for an offender after the "
                                          "sentence. Record a change of custody instead")))
    if occurred_at is None:
        raise InvalidInput("occurred_on", str(_l("Enter the date it happened")))
    if occurred_at > now:
        raise InvalidInput("occurred_on", str(_l("The date must be today or in the past")))
    alert = UrgentAlert(case_id=case.id, kind=kind.value, occurred_at=occurred_at,
                        recorded_by_id=actor.id, created_at=now)
    db.session.add(alert)
    db.session.flush()
    audit.record(actor, "alert.recorded", case.id, alert_id=alert.id, kind=kind.value)
    # Written in English, the template's words, with the template's Welsh attached for a
    # Welsh reader (``_in_their_languages``).
    body = update_templates.prefill(case, UpdateEvent.URGENT_ALERT, language="en")
    update = updates.post(case, actor, updates.Draft(event=UpdateEvent.URGENT_ALERT,
                                                     body=body, language="en", send_now=True))
    alert.update_id = update.id
    _in_their_languages(case, update, body)
    from portal.services.case_file import vcs_referral

    # A receipt (so repeats and a phone task) only for the victims told about the offender.
    for victim in vcs_referral.told(case, case.victims):
        db.session.add(AlertReceipt(alert_id=alert.id, victim_id=victim.id, sends=1,
                                    last_sent_at=now))
    db.session.commit()
    return alert


def _in_their_languages(case: Case, update, english: str) -> None:
    """The alert in each victim's language the template has words for (the console's
    languages: Welsh), attached as a translation so it is not sent in English; a language whose
    words are not translated yet is left to the translators' queue, as any update."""
    from portal import i18n
    from portal.models import UpdateTranslation
    from portal.services.case_file import update_templates
    from portal.services.case_file.update_text import to_html, to_text

    for language in {v.language for v in case.victims} - {"en"}:
        if language not in i18n.CONSOLE_LANGUAGES:
            continue
        words = update_templates.prefill(case, UpdateEvent.URGENT_ALERT, language=language)
        # Only a whole translation: a paragraph still in English means the catalogue lacks it.
        if any(a.strip() == b.strip() for a, b in zip(words.split("\n\n"),
                                                       english.split("\n\n"), strict=False)):
            continue
        html = to_html(words)
        db.session.add(UpdateTranslation(update_id=update.id, language=language,
                                         body_html=html, body_text=to_text(html)))


def unread_for(case: Case, victim: Victim) -> list[UrgentAlert]:
    """The victim's alerts on this case they have not yet confirmed, newest first."""
    return list(db.session.scalars(
        select(UrgentAlert).join(AlertReceipt)
        .where(UrgentAlert.case_id == case.id, AlertReceipt.victim_id == victim.id,
               AlertReceipt.read_at.is_(None))
        .order_by(UrgentAlert.created_at.desc(), UrgentAlert.id.desc())))


def for_case(case: Case) -> list[UrgentAlert]:
    """Every alert on the case, newest first (for the console)."""
    return list(db.session.scalars(
        select(UrgentAlert).where(UrgentAlert.case_id == case.id)
        .order_by(UrgentAlert.created_at.desc(), UrgentAlert.id.desc())))


def confirm_read(victim: Victim, case: Case, alert_id: int,
                 now: dt.datetime | None = None) -> AlertReceipt:
    """The victim says they have read the alert: no more repeats (those waiting are
    cancelled), no call. Audited. NotFound-like InvalidInput for an alert not theirs."""
    now = now or utcnow()
    receipt = db.session.scalar(
        select(AlertReceipt).join(UrgentAlert)
        .where(AlertReceipt.alert_id == alert_id, AlertReceipt.victim_id == victim.id,
               UrgentAlert.case_id == case.id))
    if receipt is None:
        raise InvalidInput("alert", str(_l("We could not find that message")))
    if receipt.read_at is None:
        receipt.read_at = now
        update_id = receipt.alert.update_id
        for row in db.session.scalars(select(Notification).where(
                Notification.update_id == update_id, Notification.victim_id == victim.id,
                Notification.status == DeliveryStatus.PENDING,
                Notification.claimed_by.is_(None))):
            row.status, row.reason = DeliveryStatus.CANCELLED, "alert_read"
        audit.record(victim, "alert.read", case.id, alert_id=alert_id)
        db.session.commit()
    return receipt


def occurred_local(alert: UrgentAlert) -> dt.date:
    return london.local_date(alert.occurred_at)
