"""Posting an update to the victims on a case: check it, preview it for each victim, send it.

The update, the recorded actions it counts as (hearing told, decision explained, release
contact) and its notifications are written in one transaction (the transactional outbox in
services/delivery/outbox.py): all of them or none.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from portal import i18n, london
from portal.content.events import HEADLINES
from portal.extensions import db
from portal.models import (
    Case,
    CaseAction,
    Caseworker,
    Decision,
    Hearing,
    Notification,
    Update,
    Victim,
)
from portal.models.actions import ObligationKind
from portal.models.enums import Channel, DecisionKind, HearingStatus, UpdateEvent
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services import audit
from portal.services.case_file import plain_english, update_templates, vcs_referral
from portal.services.case_file import urgency as urgency_rules
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
    E.BAIL_CHANGED: ObligationKind.BAIL_TOLD,
    E.RELEASE_PLANNED: ObligationKind.RELEASE_NOTICE,
    E.PAROLE_REVIEW_STARTED: ObligationKind.PAROLE_REVIEW_TOLD,
    E.PAROLE_DECISION: ObligationKind.PAROLE_DECISION_TOLD,
}


# The obligations that name a hearing.
HEARING_KINDS = frozenset({ObligationKind.HEARING_DATE_TOLD, ObligationKind.HEARING_OUTCOME_TOLD})


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
    # What the engine will do: the same code posts the notifications (outbox.forecast).
    forecast: outbox.Forecast
    # The caseworker's words reach this victim in their own language (or wait for a translation).
    words_in_their_language: bool
    channels: list[ChannelPreview] = field(default_factory=list)
    # They declined the Victim Contact Scheme and this is news of the offender: not sent, not
    # on their case page (vcs_referral.declined).
    declined_scheme: bool = False

    @property
    def goes_now(self) -> bool:
        plan = self.forecast.plan
        return plan.status == DeliveryStatus.PENDING and plan.reason is None


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
    set_committed_value(update, "translations", [])
    return update


@dataclass(frozen=True)
class Defaults:
    """How a new update starts: the template in the caseworker's language, and whether it is
    urgent (sent now, not at the victims' next window) with the reason."""

    body: str
    language: str
    urgency: urgency_rules.Urgency


def defaults(case: Case, author: Caseworker, event: str, about: str | None) -> Defaults:
    hearing, decision = about_ids(case, about)
    language = i18n.console_language(author.locale)
    return Defaults(body=update_templates.prefill(case, event, hearing, decision, language),
                    language=language,
                    urgency=urgency_rules.assess(event, hearing, case.area))


def urgency_of(case: Case, event: str, about: str | None) -> urgency_rules.Urgency:
    hearing, _decision = about_ids(case, about)
    return urgency_rules.assess(event, hearing, case.area)


def about_ids(case: Case, about: str | None) -> tuple[Hearing | None, Decision | None]:
    """The hearing or decision a choice such as "hearing:12" names, if it is on the case."""
    kind, _sep, number = (about or "").partition(":")
    if not number.isdigit():
        return None, None
    if kind == "hearing":
        return next((h for h in case.hearings if h.id == int(number)), None), None
    return None, next((d for d in case.decisions if d.id == int(number)), None)


@dataclass
class SendingSummary:
    """What happened to an update's messages when it was posted, for the confirmation."""

    going_now: int = 0
    waiting: list[tuple[Victim, dt.datetime, str | None]] = field(default_factory=list)
    tasks: list[tuple[Victim, str]] = field(default_factory=list)  # calls and letters
    not_sent: list[tuple[Victim, str | None]] = field(default_factory=list)


def sending_summary(update: Update, now: dt.datetime | None = None) -> SendingSummary:
    """Sent now, waiting until when, passed to the team, or not sent (and why), per victim."""
    now = now or utcnow()
    summary = SendingSummary()
    rows = db.session.scalars(select(Notification).where(Notification.update_id == update.id)
                              .options(selectinload(Notification.victim))
                              .order_by(Notification.not_before, Notification.id)).all()
    for row in rows:
        if row.status in (DeliveryStatus.SKIPPED, DeliveryStatus.FAILED):
            summary.not_sent.append((row.victim, row.reason))
        elif row.channel in (Channel.PHONE, Channel.LETTER):
            summary.tasks.append((row.victim, row.channel))
        elif row.not_before <= now:
            summary.going_now += 1
        else:
            summary.waiting.append((row.victim, row.not_before, row.reason))
    return summary


def preview_fingerprint(case_id: int, draft: Draft, about: str) -> str:
    """A keyed hash of what the caseworker previewed. It travels with the form, and only an
    update whose fingerprint matches is sent: anything changed after the preview is shown
    again first."""
    body = "\n".join(line.rstrip() for line in draft.body.replace("\r\n", "\n").split("\n"))
    return keyed_hash("update-preview", str(case_id), draft.event, about or "", body.strip(),
                      draft.language, "now" if draft.send_now else "window")


def check(update: Update) -> plain_english.CheckResult:
    return plain_english.check(update.body_text, update.event, update.language)


def preview(update: Update, now: dt.datetime | None = None) -> list[VictimPreview]:
    """What each victim will get, and when, by which channel and in which language, rendered
    and planned by the same code that sends it."""
    now = now or utcnow()
    views = []
    texted = outbox.texted_before({victim.id for victim in update.case.victims})
    leave_out = vcs_referral.left_out(update.case, update.event)
    for victim in update.case.victims:
        if victim.id in leave_out:
            views.append(VictimPreview(
                victim=victim, discreet=is_discreet(victim), post_safe=True, order=[],
                forecast=outbox.Forecast(None, outbox.Plan(DeliveryStatus.SKIPPED,
                                                           outbox.UPDATE, now, None)),
                words_in_their_language=True, declined_scheme=True))
            continue
        expected = outbox.forecast(update, victim, urgent=bool(update.urgent), now=now)
        view = VictimPreview(
            victim=victim, discreet=is_discreet(victim),
            post_safe=victim.preference.post_safe if victim.preference else True,
            order=channel_choice.channel_order(victim), forecast=expected,
            words_in_their_language=update.language == victim.language or any(
                t.language == victim.language for t in update.translations))
        possible = [Channel.SMS] if channel_choice.can_text(victim.phone) else []
        possible += [Channel.EMAIL] if victim.email else []
        for channel in possible + [Channel.LETTER]:
            # A victim's first text says how to stop texts, as the worker will write it.
            message = render_update(update, victim, channel, first_text=(
                channel is Channel.SMS and victim.id not in texted))
            view.channels.append(ChannelPreview(
                channel, message, first=expected.channel == channel, sms=message.length))
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
    outcome_of = _hearing_it_tells_the_outcome_of(case, update)
    if outcome_of is not None:
        db.session.add(CaseAction(
            case_id=case.id, kind=ObligationKind.HEARING_OUTCOME_TOLD, caseworker_id=author.id,
            update_id=update.id, hearing_id=outcome_of.id,
            details=f"Update sent: {HEADLINES[UpdateEvent(update.event)]}"))
    case.updated_at = utcnow()
    audit.record(author, "update.posted", case.id, update_id=update.id, event=update.event,
                 warnings=len(result.findings), send_now=draft.send_now)
    # The delivery engine may add at_next_window=; until then "next window" is urgent=False,
    # which the engine schedules inside the victim's window.
    # Nothing about the offender after sentence for a victim who declined the scheme.
    outbox.notify_update(update, urgent=draft.send_now,
                         leave_out=vcs_referral.left_out(case, update.event))
    db.session.commit()
    return update


def _hearing_it_tells_the_outcome_of(case: Case, update: Update) -> Hearing | None:
    """A verdict or a sentence is what happened at a hearing: the one it names, or else the
    latest hearing held by the time of the decision (or now)."""
    if update.event not in (E.VERDICT, E.SENTENCE):
        return None
    if update.hearing_id is not None:
        return next((h for h in case.hearings if h.id == update.hearing_id), None)
    decision = next((d for d in case.decisions if d.id == update.decision_id), None)
    by = london.end_of_day(london.local_date(decision.made_at)) if decision else utcnow()
    held = [h for h in case.hearings
            if h.status != HearingStatus.VACATED and h.starts_at <= by]
    return max(held, key=lambda h: h.starts_at) if held else None


def meets(update: Update, result: plain_english.CheckResult) -> ObligationKind | None:
    """The obligation this update meets. A decision update meets the decision letter only when
    it has everything the letter must say: otherwise the obligation stays open."""
    kind = MEETS.get(UpdateEvent(update.event))
    if kind is ObligationKind.DECISION_LETTER and result.missing_parts:
        return None
    return kind
