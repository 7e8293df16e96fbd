"""The victim's own data: "Messages we sent you" and "Download your information" (issue 15).

``sent_messages`` is every text, email, letter and call the portal sent or tried to send the
victim, newest first, a page at a time: one entry per message (updates combined into one text
are one entry), each channel tried its own entry, with the sign-in codes sent to them listed
as "Sign-in code" and nothing more (the code is a one-time secret; only its keyed hash is
kept anyway).

A notification does not keep the words it carried: the delivery worker renders them as it
sends and keeps no copy. So each message here is rendered again, by the same composers the
worker used (services/delivery/compose: render_updates, render_notice, render_reminder) for the
same victim and channel. That is the message as sent unless something it depends on has
changed since: the victim's language, discreet mode (a discreet victim sees the neutral words
they were sent, while they stay discreet), a translation attached later, or a hearing moved
since its reminder. The page says the words are shown as we would send them today.

``everything`` gathers what the portal holds about the victim, for the readable page and the
JSON download, only after the victim has proved who they are in this session (sign_in/reauth):
the download holds everything. It leaves out what is not the victim's: another victim's
statements, requests, messages or activity on a case they share, staff names (the audit says
which team), keyed hashes and tokens, the case team's own working notes (a task's note, an
action's details: written for the team, they can name other victims on the case), and where a
suspect on bail must live (for the team only: it is never shown to a victim), and the team's
note on the risk from the suspect in a needs assessment (the same: the level is included).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from math import ceil

from markupsafe import Markup
from sqlalchemy import String, cast, literal, or_, select, union_all
from sqlalchemy.orm import selectinload

from portal import london
from portal.extensions import db
from portal.models import (
    AlertReceipt,
    AuditEvent,
    BailChange,
    BreachReport,
    BulkJob,
    BulkJobVictim,
    Case,
    CaseAction,
    CaseEvent,
    CaseMessage,
    CaseVictim,
    Caseworker,
    Complaint,
    CourtNeed,
    DateToAvoid,
    Decision,
    Hearing,
    Invitation,
    LoginSession,
    NeedsAssessment,
    NeedsCorrection,
    Notification,
    ParoleReview,
    PersonalStatement,
    PropertyItem,
    PropertyRequest,
    Release,
    ReviewRequest,
    SignInChallenge,
    SupporterAccess,
    SupporterNotification,
    SupportReferral,
    Task,
    Team,
    Update,
    UpdateFeedback,
    Victim,
    WordsKind,
)
from portal.models.conversations import FROM_SMS, FROM_VICTIM
from portal.models.enums import Channel, Principal
from portal.models.messaging import TAKEN
from portal.models.types import utcnow
from portal.services import audit
from portal.services.case_file import words_translations
from portal.services.delivery import compose, reminders
from portal.services.errors import NotConfirmed, NotFound
from portal.services.sign_in import reauth
from portal.services.sign_in.tokens import keyed_hash

PER_PAGE = 50
SIGN_IN_CODE = "sign_in_code"  # content.sent_messages.SIGN_IN_CODE


# --- messages we sent you ----------------------------------------------------------------------

@dataclass(frozen=True)
class SentMessage:
    """One message to the victim as they would read it. ``kind`` is a key of
    content.sent_messages.KINDS; ``status`` of its STATUSES (None for a sign-in code, whose
    delivery is not recorded). A sign-in code never has words here."""

    at: dt.datetime
    kind: str
    channel: str | None
    status: str | None
    cases: list[Case]
    language: str
    subject: str | None = None
    text: str | None = None
    letter_html: Markup | None = None  # our own letter template, its words escaped
    notification_id: int | None = None


@dataclass(frozen=True)
class Listing:
    page: int
    pages: int
    total: int
    items: list[SentMessage] = field(default_factory=list)


def _entries(victim: Victim, case: Case | None):
    """Every message to the victim as (source, key, at): notifications that carried their
    own message (not those combined into another's) and sign-in codes sent."""
    messages = select(literal("notification").label("source"),
                      cast(Notification.id, String).label("key"),
                      Notification.created_at.label("at")).where(
        Notification.victim_id == victim.id, Notification.combined_into_id.is_(None))
    if case is not None:
        return messages.where(Notification.case_id == case.id).subquery()
    codes = select(literal("code"), SignInChallenge.id, SignInChallenge.created_at).where(
        SignInChallenge.victim_id == victim.id, SignInChallenge.code_hash.is_not(None))
    return union_all(messages, codes).subquery()


def sent_messages(victim: Victim, page: int = 1, case: Case | None = None) -> Listing:
    """The victim's messages, newest first, PER_PAGE a page (only those about ``case`` when
    given: a case already checked by services/access.victim_case). NotFound for a page that
    does not exist."""
    entries = _entries(victim, case)
    total = db.session.scalar(select(db.func.count()).select_from(entries))
    pages = max(1, ceil(total / PER_PAGE))
    if page < 1 or page > pages:
        raise NotFound()
    rows = db.session.execute(
        select(entries.c.source, entries.c.key, entries.c.at)
        .order_by(entries.c.at.desc(), entries.c.source, entries.c.key.desc())
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    ids = [int(key) for source, key, _ in rows if source == "notification"]
    notifications = {n.id: n for n in db.session.scalars(
        select(Notification).where(Notification.id.in_(ids)).options(
            selectinload(Notification.case), selectinload(Notification.hearing)
            .selectinload(Hearing.court),
            selectinload(Notification.update).selectinload(Update.translations),
            selectinload(Notification.update).selectinload(Update.case)))} if ids else {}
    carried = defaultdict(list)
    if ids:
        for row in db.session.scalars(
                select(Notification).where(Notification.combined_into_id.in_(ids))
                .options(selectinload(Notification.case),
                         selectinload(Notification.update).selectinload(Update.translations),
                         selectinload(Notification.update).selectinload(Update.case))
                .order_by(Notification.id)):
            carried[row.combined_into_id].append(row)
    codes = _code_channels(victim)
    first_text = _first_text(victim) if ids else None
    items = []
    for source, key, at in rows:
        if source == "notification":
            items.append(_sent(victim, notifications[int(key)], carried[int(key)],
                               first_text=int(key) == first_text))
        else:
            items.append(SentMessage(at=at, kind=SIGN_IN_CODE, channel=codes.get(key),
                                     status=None, cases=[], language=victim.language))
    return Listing(page=page, pages=pages, total=total, items=items)


def _code_channels(victim: Victim) -> dict[str, str]:
    """{challenge id: channel} for the sign-in codes sent to the victim's present phone number
    or email address (a challenge keeps only a keyed hash of the address typed; one sent to an
    address they no longer use shows no channel)."""
    hashes = {keyed_hash("subject", address): channel
              for address, channel in ((victim.email, Channel.EMAIL),
                                       (victim.phone, Channel.SMS)) if address}
    rows = db.session.execute(select(SignInChallenge.id, SignInChallenge.subject_hash).where(
        SignInChallenge.victim_id == victim.id))
    return {key: str(hashes[subject]) for key, subject in rows if subject in hashes}


def _first_text(victim: Victim) -> int | None:
    """The notification that carried the first text the victim had, which the worker wrote
    with the STOP line whatever its length."""
    return db.session.scalar(
        select(Notification.id).where(Notification.victim_id == victim.id,
                                      Notification.channel == Channel.SMS,
                                      Notification.combined_into_id.is_(None),
                                      Notification.status.in_(TAKEN))
        .order_by(Notification.sent_at, Notification.id).limit(1))


def _sent(victim: Victim, row: Notification, carried: list[Notification], *,
          first_text: bool = False) -> SentMessage:
    """The message a notification carried (with those combined into it), rendered again."""
    rows = [row, *carried]
    updates = [r.update for r in rows if r.update is not None]
    summary = any(r.kind == "summary" for r in rows)
    cases = list({r.case.id: r.case for r in rows if r.case is not None}.values())
    base = dict(at=row.sent_at or row.created_at, channel=row.channel, status=row.status,
                cases=cases, language=victim.language, notification_id=row.id)
    if row.kind == SIGN_IN_CODE:  # never rendered: it would need the code, which is secret
        return SentMessage(kind=SIGN_IN_CODE, **base)
    if reminders.is_reminder(row.kind):
        kind = "reminder"
    elif not updates:
        kind = row.kind
    elif summary:
        kind = "summary"
    else:
        kind = "combined" if len(updates) > 1 else "update"
    channel = Channel(row.channel)
    if channel is Channel.PHONE:  # a call has no words of ours to show
        return SentMessage(kind=kind, **base)
    if kind == "reminder":
        rendered = compose.render_reminder(victim, channel, row.hearing, first_text=first_text)
    elif not updates:
        rendered = compose.render_notice(victim, channel, row.kind, first_text=first_text)
    elif channel is Channel.LETTER:  # letters are one update each
        rendered = compose.render_update(updates[0], victim, channel)
    else:
        rendered = compose.render_updates(updates, victim, channel, summary=summary,
                                          first_text=first_text)
    return SentMessage(kind=kind, subject=rendered.subject,
                       text=rendered.text or None,
                       letter_html=Markup(rendered.html)  # as letters.letter_page trusts it
                       if channel is Channel.LETTER else None, **base)


# --- download your information -----------------------------------------------------------------

def _case_ref(cases: dict[int, Case], case_id: int | None) -> str | None:
    return cases[case_id].crime_reference if case_id in cases else None


def everything(victim: Victim, now: dt.datetime | None = None) -> dict:
    """What the portal holds about the victim, as plain values (dates as datetimes; see
    ``as_json``), in sections named as the JSON names them. Raises NotConfirmed unless the
    victim proved who they are in this session within reauth.FRESH_MINUTES."""
    if not reauth.is_fresh(victim, now):
        raise NotConfirmed()
    now = now or utcnow()
    links = list(db.session.scalars(
        select(CaseVictim).where(CaseVictim.victim_id == victim.id)
        .options(selectinload(CaseVictim.case).selectinload(Case.team))
        .order_by(CaseVictim.added_at)))
    cases = {link.case_id: link.case for link in links}
    case_ids = list(cases)
    ref = lambda case_id: _case_ref(cases, case_id)  # noqa: E731
    on_cases = lambda model: model.case_id.in_(case_ids)  # noqa: E731
    mine = lambda model: model.victim_id == victim.id  # noqa: E731

    def rows(statement):
        return list(db.session.scalars(statement))

    pref = victim.preference
    data: dict = {
        "generated_at": now,
        "you": {
            "id": victim.id, "full_name": victim.full_name, "email": victim.email,
            "phone": victim.phone, "language": victim.language,
            "has_password": bool(victim.password_hash),
            "activated_at": victim.activated_at, "created_at": victim.created_at,
        },
        "contact_preferences": None if pref is None else {
            "id": pref.id, "channels": list(pref.channels or []),
            "windows": list(pref.windows or []),
            "urgent_may_break_window": pref.urgent_may_break_window,
            "frequency": pref.frequency, "hearing_reminders": pref.hearing_reminders,
            "discreet": pref.discreet, "voicemail_safe": pref.voicemail_safe,
            "post_safe": pref.post_safe, "postal_address": pref.postal_address,
            "large_print": pref.large_print, "easy_read": pref.easy_read,
            "screen_reader": pref.screen_reader,
            "british_sign_language": pref.british_sign_language,
            "interpreter": pref.interpreter, "interpreter_language": pref.interpreter_language,
            "no_computer_documents": pref.no_computer_documents,
            "other_needs": pref.other_needs, "sms_opted_out": pref.sms_opted_out,
            "asked_at": pref.asked_at, "recorded_by_case_team": pref.recorded_by_id is not None,
            "updated_at": pref.updated_at,
        },
        "cases": [{
            "id": link.case_id, "crime_reference": link.case.crime_reference,
            "offence": link.case.offence, "stage": link.case.stage,
            "reported_on": link.case.reported_on, "team": link.case.team.name,
            "team_name_cy": link.case.team.name_cy, "added_to_your_account_at": link.added_at,
        } for link in links],
        "case_events": [{
            "id": e.id, "case_id": e.case_id, "crime_reference": ref(e.case_id),
            "kind": e.kind, "stage": e.stage, "at": e.occurred_at,
            "from_team": e.from_team.name if e.from_team else None,
            "to_team": e.to_team.name if e.to_team else None,
        } for e in rows(select(CaseEvent).where(on_cases(CaseEvent)).options(
            selectinload(CaseEvent.from_team), selectinload(CaseEvent.to_team))
            .order_by(CaseEvent.occurred_at, CaseEvent.id))],
        "hearings": [{
            "id": h.id, "case_id": h.case_id, "crime_reference": ref(h.case_id),
            "kind": h.kind, "starts_at": h.starts_at, "court": h.court.name,
            "court_name_cy": h.court.name_cy, "court_address": h.court.address,
            "must_attend": h.must_attend, "status": h.status,
            "previous_starts_at": h.previous_starts_at, "change_reason": h.change_reason,
            "outcome": h.outcome, "outcome_note": h.outcome_note,
        } for h in rows(select(Hearing).where(on_cases(Hearing))
                        .options(selectinload(Hearing.court))
                        .order_by(Hearing.starts_at, Hearing.id))],
        "decisions": [{
            "id": d.id, "case_id": d.case_id, "crime_reference": ref(d.case_id),
            "kind": d.kind, "made_at": d.made_at, "reasons": d.reasons,
            "sentence_months": d.sentence_months, "compensation_order": d.compensation_order,
        } for d in rows(select(Decision).where(on_cases(Decision))
                        .order_by(Decision.made_at, Decision.id))],
        "updates": [_update(u, victim, ref) for u in rows(
            select(Update).where(on_cases(Update)).options(selectinload(Update.translations))
            .order_by(Update.created_at, Update.id))],
        # What the case team recorded doing for the victims on the case (a Victims' Code duty
        # met): which duty and when; its details are the team's own words (see the docstring).
        "case_actions": [{
            "id": a.id, "case_id": a.case_id, "crime_reference": ref(a.case_id),
            "duty": a.kind, "at": a.at, "update_id": a.update_id,
            "hearing_id": a.hearing_id, "decision_id": a.decision_id,
        } for a in rows(select(CaseAction).where(on_cases(CaseAction))
                        .order_by(CaseAction.at, CaseAction.id))],
        "messages_sent": [{
            "id": n.id, "case_id": n.case_id, "crime_reference": ref(n.case_id),
            "kind": n.kind, "channel": n.channel, "status": n.status, "reason": n.reason,
            "update_id": n.update_id, "hearing_id": n.hearing_id, "created_at": n.created_at,
            "sent_at": n.sent_at, "delivered_at": n.delivered_at,
            "combined_into_id": n.combined_into_id, "fallback_from_id": n.fallback_from_id,
            "attempts": [{"started_at": a.started_at, "finished_at": a.finished_at,
                          "outcome": a.outcome} for a in n.attempts_made],
        } for n in rows(select(Notification).where(mine(Notification))
                        .options(selectinload(Notification.attempts_made))
                        .order_by(Notification.created_at.desc(), Notification.id.desc()))],
        "sign_in_codes": [{
            "requested_at": c.created_at, "code_sent": c.code_hash is not None,
            "expires_at": c.expires_at, "used_at": c.used_at, "wrong_tries": c.failed_tries,
        } for c in rows(select(SignInChallenge).where(mine(SignInChallenge))
                        .order_by(SignInChallenge.created_at.desc()))],
        "invitations": [{
            "id": i.id, "case_id": i.case_id, "crime_reference": ref(i.case_id),
            "created_at": i.created_at, "expires_at": i.expires_at, "used_at": i.used_at,
        } for i in rows(select(Invitation).where(mine(Invitation))
                        .order_by(Invitation.created_at))],
        "sessions": [{
            "signed_in_at": s.created_at, "last_used_at": s.last_seen_at,
            "ended_at": s.ended_at, "end_reason": s.end_reason,
        } for s in rows(select(LoginSession).where(
            LoginSession.principal == Principal.VICTIM, LoginSession.principal_id == victim.id)
            .order_by(LoginSession.created_at.desc()))],
        "statements": [{
            "id": s.id, "case_id": s.case_id, "crime_reference": ref(s.case_id),
            "received_at": s.received_at, "text": s.text, "file_name": s.file_name,
            "file_type": s.content_type, "file_size": s.size,
            "sent_to_prosecution_at": s.sent_to_prosecution_at,
            "confirmed_on_court_file_at": s.confirmed_on_file_at,
        } for s in rows(select(PersonalStatement).where(mine(PersonalStatement))
                        .order_by(PersonalStatement.received_at))],
        "dates_to_avoid": [{
            "id": d.id, "case_id": d.case_id, "crime_reference": ref(d.case_id),
            "day": d.day, "reason": d.reason, "given_at": d.created_at,
        } for d in rows(select(DateToAvoid).where(mine(DateToAvoid))
                        .order_by(DateToAvoid.day))],
        "court_help": [{
            "id": n.id, "case_id": n.case_id, "crime_reference": ref(n.case_id),
            "kind": n.kind, "details": n.details, "asked_at": n.created_at,
            "answer": n.answer, "answer_note": n.answer_note, "answered_at": n.answered_at,
        } for n in rows(select(CourtNeed).where(mine(CourtNeed))
                        .order_by(CourtNeed.created_at))],
        # Their requests for a review of a decision (Victims' Right to Review): what they
        # asked, each step the team recorded, and the reasons the team gave for the outcome.
        "review_requests": [{
            "id": r.id, "case_id": r.case_id, "crime_reference": ref(r.case_id),
            "decision_id": r.decision_id, "scheme": r.scheme, "asked_at": r.asked_at,
            "ask_by": r.ask_by, "late": r.late, "reasons": r.reasons,
            "contact_by": r.contact_by, "status": r.status, "status_at": r.status_at,
            "acknowledged_at": r.acknowledged_at, "decided_at": r.decided_at,
            "withdrawn_at": r.withdrawn_at, "outcome_notes": r.outcome_notes,
        } for r in rows(select(ReviewRequest).where(mine(ReviewRequest))
                        .order_by(ReviewRequest.asked_at, ReviewRequest.id))],
        "messages": [{
            "id": m.id, "case_id": m.case_id, "crime_reference": ref(m.case_id),
            "from": ("your_supporter" if m.supporter_id is not None
                     else "you_by_text" if m.author_kind == FROM_SMS
                     else "you" if m.author_kind == FROM_VICTIM else "case_team"),
            "supporter": m.supporter.full_name if m.supporter is not None else None,
            "body": m.body, "at": m.created_at, "read_at": m.read_at,
        } for m in rows(select(CaseMessage).where(mine(CaseMessage))
                        .options(selectinload(CaseMessage.supporter))
                        .order_by(CaseMessage.created_at, CaseMessage.id))],
        # The people the victim asked to help them (services/supporters.py), per case, ended
        # ones too: what each could do, and when they last looked.
        "supporters": [{
            "id": a.id, "case_id": a.case_id, "crime_reference": ref(a.case_id),
            "name": a.supporter.full_name, "email": a.supporter.email,
            "phone": a.supporter.phone, "can": a.permissions, "invited_at": a.invited_at,
            "accepted_at": a.accepted_at, "ended_at": a.ended_at,
            "ended_reason": a.ended_reason, "last_looked_at": a.last_seen_at,
            # An advocate their case team added, and how and when the victim agreed.
            "organisation": a.supporter.organisation,
            "added_by_your_case_team": a.added_by_id is not None,
            "you_agreed": a.consent_how, "you_agreed_on": a.consent_on,
        } for a in rows(select(SupporterAccess).where(mine(SupporterAccess))
                        .options(selectinload(SupporterAccess.supporter))
                        .order_by(SupporterAccess.invited_at, SupporterAccess.id))],
        # The updates we sent the people who help them (the headline, or the discreet words).
        "sent_to_your_supporters": [{
            "id": n.id, "case_id": n.case_id, "crime_reference": ref(n.case_id),
            "to": n.supporter.full_name, "update_id": n.update_id, "channel": n.channel,
            "discreet": n.discreet, "status": n.status, "created_at": n.created_at,
            "sent_at": n.sent_at,
        } for n in rows(select(SupporterNotification).where(mine(SupporterNotification))
                        .options(selectinload(SupporterNotification.supporter))
                        .order_by(SupporterNotification.created_at, SupporterNotification.id))],
        "feedback": [{
            "id": f.id, "update_id": f.update_id, "case_id": f.update.case_id,
            "crime_reference": ref(f.update.case_id), "understood": f.understood,
            "comment": f.comment, "at": f.created_at,
        } for f in rows(select(UpdateFeedback).where(mine(UpdateFeedback))
                        .options(selectinload(UpdateFeedback.update))
                        .order_by(UpdateFeedback.created_at))],
        "complaints": [{
            "id": c.id, "case_id": c.case_id, "crime_reference": ref(c.case_id),
            "text": c.text, "organisation": c.organisation.name if c.organisation else None,
            "at": c.created_at, "acknowledged_at": c.acknowledged_at,
        } for c in rows(select(Complaint).where(mine(Complaint))
                        .options(selectinload(Complaint.organisation))
                        .order_by(Complaint.created_at))],
        # What the delivery engine asked the case team to do or know about the victim.
        "case_team_tasks": [{
            "id": t.id, "case_id": t.case_id, "crime_reference": ref(t.case_id),
            "kind": t.kind, "created_at": t.created_at, "done_at": t.done_at,
            "outcome": t.outcome, "notification_id": t.notification_id,
        } for t in rows(select(Task).where(mine(Task)).order_by(Task.created_at, Task.id))],
        # Where the suspect is on each of their cases, as changed: every condition the victim
        # is shown, never where the suspect must live, never who recorded it.
        "bail_and_custody": [{
            "id": b.id, "case_id": b.case_id, "crime_reference": ref(b.case_id),
            "change": b.kind, "status": b.status, "decided_on": b.decided_on,
            "no_contact": b.no_contact, "area_not_to_enter": b.exclusion_area,
            "curfew_from": b.curfew_from.isoformat("minutes") if b.curfew_from else None,
            "curfew_until": b.curfew_until.isoformat("minutes") if b.curfew_until else None,
            "order": b.order_kind, "order_ends_on": b.order_ends_on,
        } for b in rows(select(BailChange).where(on_cases(BailChange))
                        .order_by(BailChange.recorded_at, BailChange.id))],
        # The offender's release on each of their cases and its licence conditions: what the
        # victim is shown, never where the offender must live.
        "release_and_licence": [{
            "id": r.id, "case_id": r.case_id, "crime_reference": ref(r.case_id),
            "expected_on": r.expected_on, "released_at": r.released_at,
            "no_contact": r.no_contact, "area_not_to_enter": r.exclusion_area,
            "curfew_from": r.curfew_from.isoformat("minutes") if r.curfew_from else None,
            "curfew_until": r.curfew_until.isoformat("minutes") if r.curfew_until else None,
            "electronic_tag": r.electronic_monitoring,
        } for r in rows(select(Release).where(on_cases(Release))
                        .order_by(Release.recorded_at, Release.id))],
        # Parole on each of their cases: the eligibility date, the review, its hearing and the
        # Parole Board's decision, as the victim is shown them (never who recorded them).
        "parole_reviews": [{
            "id": p.id, "case_id": p.case_id, "crime_reference": ref(p.case_id),
            "eligible_on": p.eligible_on, "status": p.status,
            "review_started_on": p.review_started_on, "hearing_on": p.hearing_on,
            "decided_on": p.decided_on,
        } for p in rows(select(ParoleReview).where(on_cases(ParoleReview))
                        .order_by(ParoleReview.recorded_at, ParoleReview.id))],
        "urgent_alerts": [{
            "id": a.alert_id, "case_id": a.alert.case_id, "kind": a.alert.kind,
            "sends": a.sends, "read_at": a.read_at,
        } for a in rows(select(AlertReceipt).where(AlertReceipt.victim_id == victim.id)
                        .order_by(AlertReceipt.id))],
        "reports_of_contact": [{
            "id": r.id, "case_id": r.case_id, "crime_reference": ref(r.case_id),
            "what_happened": r.what_happened, "happened_on": r.happened_on,
            "time": r.happened_at, "sent_at": r.created_at,
        } for r in rows(select(BreachReport).where(mine(BreachReport))
                        .order_by(BreachReport.created_at, BreachReport.id))],
        # What the police hold on their cases, as the victim is shown it (never who recorded
        # it), and their own requests to have an item back.
        "property_held": [{
            "id": p.id, "case_id": p.case_id, "crime_reference": ref(p.case_id),
            "description": p.description, "held_because": p.held_because,
            "status": p.status, "where_to_collect": p.collect_where,
            "collect_from": p.collect_from,
        } for p in rows(select(PropertyItem).where(on_cases(PropertyItem))
                        .order_by(PropertyItem.recorded_at, PropertyItem.id))],
        "property_requests": [{
            "id": r.id, "case_id": r.case_id, "crime_reference": ref(r.case_id),
            "item_id": r.item_id, "item": r.item.description, "note": r.note,
            "asked_at": r.created_at, "dealt_with_at": r.task.done_at if r.task else None,
        } for r in rows(select(PropertyRequest).where(mine(PropertyRequest))
                        .options(selectinload(PropertyRequest.item),
                                 selectinload(PropertyRequest.task))
                        .order_by(PropertyRequest.created_at, PropertyRequest.id))],
        # Their needs as assessed (issue 14): everything but the team's note on the risk.
        "needs_assessments": [{
            "id": a.id, "case_id": a.case_id, "crime_reference": ref(a.case_id),
            "assessed_on": a.assessed_on, "vulnerable": a.vulnerable,
            "intimidated": a.intimidated, "persistently_targeted": a.persistently_targeted,
            "access_needs": a.access_needs, "communication": a.communication_note,
            "support_wanted": a.support_wanted, "support_kinds": a.support_kinds,
            "special_measures": a.special_measures, "risk": a.risk,
            "consent_to_share": a.consent_to_share, "consent_recorded_at": a.consent_recorded_at,
        } for a in rows(select(NeedsAssessment).where(mine(NeedsAssessment))
                        .order_by(NeedsAssessment.recorded_at, NeedsAssessment.id))],
        "support_referrals": [{
            "id": r.id, "case_id": r.case_id, "crime_reference": ref(r.case_id),
            "service": r.service.name if r.service else None, "status": r.status,
            "reference": r.reference, "made_at": r.made_at,
            "status_changed_at": r.status_changed_at,
        } for r in rows(select(SupportReferral).where(mine(SupportReferral))
                        .options(selectinload(SupportReferral.service))
                        .order_by(SupportReferral.made_at, SupportReferral.id))],
        "needs_changes_you_sent": [{
            "id": c.id, "case_id": c.case_id, "crime_reference": ref(c.case_id),
            "what": c.what, "sent_at": c.created_at,
        } for c in rows(select(NeedsCorrection).where(mine(NeedsCorrection))
                        .order_by(NeedsCorrection.created_at, NeedsCorrection.id))],
        "changes_at_court": [{
            "job_id": j.id, "court": j.court.name, "at": j.created_at,
        } for j in rows(select(BulkJob).join(BulkJobVictim, BulkJobVictim.job_id == BulkJob.id)
                        .where(BulkJobVictim.victim_id == victim.id)
                        .options(selectinload(BulkJob.court)).order_by(BulkJob.created_at))],
    }
    data.update(_activity(victim, case_ids, ref))
    _add_translations(data, victim)
    return data


# The caseworkers' words a victim may have in their own language (WordsTranslation): which
# section, which text, by kind.
TRANSLATED = {
    WordsKind.DECISION_REASONS: ("decisions", "reasons"),
    WordsKind.OUTCOME_NOTE: ("hearings", "outcome_note"),
    WordsKind.COURT_HELP_ANSWER: ("court_help", "answer_note"),
    WordsKind.REPLY: ("messages", "body"),
    WordsKind.REVIEW_OUTCOME: ("review_requests", "outcome_notes"),
}


def _add_translations(data: dict, victim: Victim) -> None:
    """Beside each of the caseworkers' words (written in English), the translation into the
    victim's language where one is attached (``<text>_in_your_language``), as their case
    pages show it; one query."""
    wanted = {kind: [item["id"] for item in data[section]
                     if item[text] and (kind != WordsKind.REPLY or item["from"] == "case_team")]
              for kind, (section, text) in TRANSLATED.items()}
    found = words_translations.for_reader(victim.language, wanted)
    for kind, (section, text) in TRANSLATED.items():
        for item in data[section]:
            if kind != WordsKind.REPLY or item["from"] == "case_team":
                item[f"{text}_in_your_language"] = found.get((kind, item["id"]))


def _update(update: Update, victim: Victim, ref) -> dict:
    words = compose.words_for(update, victim.language)
    return {"id": update.id, "case_id": update.case_id,
            "crime_reference": ref(update.case_id), "event": update.event,
            "created_at": update.created_at, "urgent": update.urgent, "words": words.body_text,
            "words_language": words.language, "translated": words.translated}


def _activity(victim: Victim, case_ids: list[int], ref) -> dict:
    """Who looked at or did something on the victim's cases, from the audit: teams by name
    (never a member of staff's: the team they were in when they acted), the service itself,
    and the victim's own activity. Another victim's own activity on a case they share is
    theirs, not this victim's. ``teams_looked`` groups the teams' looks: each team's on each
    case, with how many times and when last."""
    events = list(db.session.scalars(
        select(AuditEvent).where(or_(
            AuditEvent.case_id.in_(case_ids) & (AuditEvent.actor_kind != Principal.VICTIM),
            (AuditEvent.actor_kind == Principal.VICTIM) & (AuditEvent.actor_id == victim.id)))
        .order_by(AuditEvent.at, AuditEvent.id)))
    # Entries written before teams were recorded on them: the person's team now.
    staff_ids = {e.actor_id for e in events
                 if e.actor_kind == Principal.CASEWORKER and e.team_id is None}
    staff_teams = dict(db.session.execute(
        select(Caseworker.id, Caseworker.team_id).where(Caseworker.id.in_(staff_ids))
        .where(Caseworker.team_id.is_not(None))).all()) if staff_ids else {}
    team_of = {e.id: e.team_id or staff_teams.get(e.actor_id) for e in events
               if e.actor_kind == Principal.CASEWORKER}
    team_ids = {t for t in team_of.values() if t is not None}
    names = dict(db.session.execute(select(Team.id, Team.name).where(
        Team.id.in_(team_ids))).all()) if team_ids else {}
    teams_looked, yours = [], []
    looks: dict[tuple, dict] = {}
    for event in events:
        if event.actor_kind == Principal.VICTIM:
            yours.append({"id": event.id, "at": event.at, "action": event.action,
                          "case_id": event.case_id, "crime_reference": ref(event.case_id)})
            continue
        team = names.get(team_of.get(event.id))
        looked = event.action in audit.LOOKS
        teams_looked.append({
            "id": event.id, "at": event.at, "action": event.action,
            "looked": looked, "case_id": event.case_id,
            "crime_reference": ref(event.case_id), "by": str(event.actor_kind),
            "team": team})
        if looked and event.actor_kind == Principal.CASEWORKER:
            group = looks.setdefault((event.case_id, team), {
                "case_id": event.case_id, "crime_reference": ref(event.case_id),
                "team": team, "times": 0, "first_looked_at": event.at})
            group["times"] += 1
            group["last_looked_at"] = event.at
    grouped = sorted(looks.values(), key=lambda g: g["last_looked_at"], reverse=True)
    return {"case_activity": teams_looked, "teams_looked": grouped, "your_activity": yours}


def as_json(value):
    """``everything``'s values as JSON can hold them: dates and times in ISO 8601 (UTC)."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def file_name(now: dt.datetime | None = None) -> str:
    """your-information-YYYY-MM-DD.json, the day in London."""
    day = london.local_date(now) if now else london.today()
    return f"your-information-{day.isoformat()}.json"


def downloaded(victim: Victim, form: str) -> None:
    """Record that the victim took their information ("page" or "json")."""
    audit.record(victim, "account.information_downloaded", format=form)
    db.session.commit()
