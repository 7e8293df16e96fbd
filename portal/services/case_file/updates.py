"""Posting an update to the victims on a case: check it, preview it for each victim, send it.

The update, the recorded actions it counts as (hearing told, decision explained, release
contact) and its notifications are written in one transaction (the transactional outbox in
services/delivery/outbox.py): all of them or none.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from portal.content.events import HEADLINES
from portal.extensions import db
from portal.models import Case, CaseAction, Caseworker, Decision, Hearing, Update, Victim
from portal.models.actions import ObligationKind
from portal.models.enums import Channel, DecisionKind, UpdateEvent
from portal.models.types import utcnow
from portal.services import audit
from portal.services.case_file import plain_english
from portal.services.case_file.update_text import to_html, to_text
from portal.services.delivery import channel_choice, outbox
from portal.services.delivery.compose import RenderedMessage, is_discreet, render_update
from portal.services.delivery.sms_text import SmsLength
from portal.services.errors import InvalidInput
from portal.services.sign_in.tokens import keyed_hash

E = UpdateEvent
D = DecisionKind
# Updates that must name the hearing or the decision they are about.
HEARING_EVENTS = frozenset({E.HEARING_LISTED, E.HEARING_MOVED, E.HEARING_VACATED,
                            E.HEARING_OUTCOME})
DECISION_EVENTS: dict[UpdateEvent, frozenset[DecisionKind]] = {
    E.NO_FURTHER_ACTION: frozenset({D.NO_FURTHER_ACTION, D.OUT_OF_COURT}),
    E.CHARGE_DROPPED: frozenset({D.CHARGE_DROPPED}),
    E.CHARGE_CHANGED: frozenset({D.CHARGE_CHANGED}),
    E.CHARGED: frozenset({D.CHARGED}),
    E.VERDICT: frozenset({D.VERDICT_GUILTY, D.VERDICT_NOT_GUILTY}),
    E.SENTENCE: frozenset({D.SENTENCE}),
    E.APPEAL: frozenset({D.APPEAL}),
}
DECISION_REQUIRED = frozenset({E.NO_FURTHER_ACTION, E.CHARGE_DROPPED, E.CHARGE_CHANGED})
# The obligation each kind of update meets when it is sent.
MEETS: dict[UpdateEvent, ObligationKind] = {
    E.HEARING_LISTED: ObligationKind.HEARING_DATE_TOLD,
    E.HEARING_MOVED: ObligationKind.HEARING_DATE_TOLD,
    E.HEARING_VACATED: ObligationKind.HEARING_DATE_TOLD,
    E.HEARING_OUTCOME: ObligationKind.HEARING_OUTCOME_TOLD,
    E.NO_FURTHER_ACTION: ObligationKind.DECISION_LETTER,
    E.CHARGE_DROPPED: ObligationKind.DECISION_LETTER,
    E.CHARGE_CHANGED: ObligationKind.DECISION_LETTER,
    E.OFFENDER_RELEASED: ObligationKind.RELEASE_CONTACT,
}


@dataclass
class Draft:
    """What the caseworker wrote, before it is sent."""

    event: str
    body: str
    language: str = "en"
    hearing_id: int | None = None
    decision_id: int | None = None
    # Send now (an urgent message may break the victim's contact window if they allow it), or
    # at the victim's next contact window.
    send_now: bool = False


@dataclass
class ChannelPreview:
    channel: Channel
    message: RenderedMessage
    first: bool
    sms: SmsLength | None = None


@dataclass
class VictimPreview:
    victim: Victim
    discreet: bool
    post_safe: bool
    order: list[Channel]
    channels: list[ChannelPreview] = field(default_factory=list)


def subject(case: Case, draft: Draft) -> tuple[Hearing | None, Decision | None]:
    """The hearing and decision the update is about, checked against the case and the event."""
    event = UpdateEvent(draft.event)
    hearing = next((h for h in case.hearings if h.id == draft.hearing_id), None)
    decision = next((d for d in case.decisions if d.id == draft.decision_id), None)
    if event in HEARING_EVENTS and hearing is None:
        raise InvalidInput("about", str(_l("Choose the hearing this update is about")))
    kinds = DECISION_EVENTS.get(event)
    if decision is not None and (kinds is None or decision.decision_kind not in kinds):
        raise InvalidInput("about", str(_l("That decision is not this kind of update. Choose "
                                           "another decision or kind of update")))
    if event in DECISION_REQUIRED and decision is None:
        raise InvalidInput("about", str(_l("Choose the decision this update explains")))
    if event not in HEARING_EVENTS and event not in (E.VERDICT, E.SENTENCE):
        hearing = None
    return hearing, decision


def build(case: Case, author: Caseworker, draft: Draft) -> Update:
    """The update as it would be stored, not added to the database (for the preview)."""
    hearing, decision = subject(case, draft)
    body_html = to_html(draft.body)
    if not body_html:
        raise InvalidInput("body", str(_l("Write the update")))
    update = Update(case_id=case.id, author_id=author.id, event=UpdateEvent(draft.event),
                    hearing_id=getattr(hearing, "id", None),
                    decision_id=getattr(decision, "id", None), language=draft.language,
                    body_html=body_html, body_text=to_text(body_html), urgent=draft.send_now,
                    created_at=utcnow())
    # Attached without the back-references, so the draft never joins the session.
    set_committed_value(update, "case", case)
    set_committed_value(update, "hearing", hearing)
    set_committed_value(update, "decision", decision)
    set_committed_value(update, "author", author)
    return update


def preview_fingerprint(case_id: int, draft: Draft, about: str) -> str:
    """A keyed hash of what the caseworker previewed. It travels with the form, and only an
    update whose fingerprint matches is sent: anything changed after the preview is shown
    again first."""
    body = "\n".join(line.rstrip() for line in draft.body.replace("\r\n", "\n").split("\n"))
    return keyed_hash("update-preview", str(case_id), draft.event, about or "", body.strip(),
                      draft.language, "now" if draft.send_now else "window")


def check(update: Update) -> plain_english.CheckResult:
    return plain_english.check(update.body_text, update.event, update.language)


def preview(update: Update) -> list[VictimPreview]:
    """What each victim will get, rendered by the same code that sends it."""
    views = []
    for victim in update.case.victims:
        order = channel_choice.channel_order(victim)
        view = VictimPreview(victim=victim, discreet=is_discreet(victim),
                             post_safe=victim.preference.post_safe if victim.preference else True,
                             order=order)
        possible = [c for c, address in ((Channel.SMS, victim.phone),
                                         (Channel.EMAIL, victim.email)) if address]
        for channel in possible + [Channel.LETTER]:
            message = render_update(update, victim, channel)
            view.channels.append(ChannelPreview(
                channel, message, first=bool(order) and order[0] == channel,
                sms=message.length))
        views.append(view)
    return views


def post(case: Case, author: Caseworker, draft: Draft) -> Update:
    """Store the update with its warnings, record what it meets, and create its notifications,
    all in one transaction."""
    draft_update = build(case, author, draft)
    result = check(draft_update)
    update = Update(case=case, author_id=author.id, event=draft_update.event,
                    hearing_id=draft_update.hearing_id, decision_id=draft_update.decision_id,
                    language=draft.language, body_html=draft_update.body_html,
                    body_text=draft_update.body_text, warnings=result.as_dicts(),
                    urgent=draft.send_now)
    db.session.add(update)
    db.session.flush()
    met = meets(update, result)
    if met is not None:
        db.session.add(CaseAction(
            case_id=case.id, kind=met, caseworker_id=author.id, update_id=update.id,
            hearing_id=update.hearing_id, decision_id=update.decision_id,
            details=f"Update sent: {HEADLINES[UpdateEvent(update.event)]}"))
    if update.event in (E.VERDICT, E.SENTENCE) and update.hearing_id:
        db.session.add(CaseAction(
            case_id=case.id, kind=ObligationKind.HEARING_OUTCOME_TOLD, caseworker_id=author.id,
            update_id=update.id, hearing_id=update.hearing_id,
            details=f"Update sent: {HEADLINES[UpdateEvent(update.event)]}"))
    case.updated_at = utcnow()
    audit.record(author, "update.posted", case.id, update_id=update.id, event=update.event,
                 warnings=len(result.findings), send_now=draft.send_now)
    # The delivery engine may add at_next_window=; until then "next window" is urgent=False,
    # which the engine schedules inside the victim's window.
    outbox.notify_update(update, urgent=draft.send_now)
    db.session.commit()
    return update


def meets(update: Update, result: plain_english.CheckResult) -> ObligationKind | None:
    """The obligation this update meets. A decision update meets the decision letter only when
    it has everything the letter must say: otherwise the obligation stays open."""
    kind = MEETS.get(UpdateEvent(update.event))
    if kind is ObligationKind.DECISION_LETTER and result.missing_parts:
        return None
    return kind
