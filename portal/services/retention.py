"""Retention (issue 15): the people and words of cases closed longer than RETENTION_YEARS are
anonymised; what the figures count is kept (docs/DOMAIN.md, "How long we keep it", lists both).

A case is due when it is closed and was closed (its last stage event to "closed"; its last
change when it has none) before the London day ``RETENTION_YEARS`` years before today. Due
cases are taken ``RETENTION_BATCH_SIZE`` at a time by id, each batch one transaction of UPDATE
and DELETE statements on the batch's ids (nothing loaded but ids and file names), so 100,000
cases take 200 small transactions, not one large one.

On each due case, the words people wrote and any detail that names them are blanked: messages,
statements (the file deleted too), dates to avoid (deleted), requests for help at court,
complaints, comments on updates, updates', decisions' and outcome notes' words and their
translations, the team's notes, invitations, the provider's message ids; the crime reference
becomes ``ANON/<id>``. Each victim on it whose every case is now anonymised is anonymised too:
name, email address, phone number, password, postal address, other needs, sign-in codes and
sessions. A victim on another case still open (or closed more recently) keeps their name and
contact details: only what was on the old case goes.

What stays: the case's offence, stage, team, dates and history of stages and handovers,
hearings' dates, kinds and outcomes, decisions' kinds and dates, updates' kinds and dates,
recorded actions (what duty, when), tasks (kind, outcome, dates), notifications and attempts
(channel, status, dates), feedback answers, the victim's language and contact choices (not
their addresses): every Victims' Code figure is counted as before.

Running it again does nothing more: an anonymised case (``Case.anonymised_at``) is not due.
One summary line is audited per run (counts only); the worker runs it once a London day.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import String, cast, delete, func, literal, select, update

from portal import london
from portal.extensions import db
from portal.models import (
    AuditEvent,
    BailChange,
    BreachReport,
    Case,
    CaseAction,
    CaseEvent,
    CaseMessage,
    CaseReview,
    CaseVictim,
    Complaint,
    ContactPreference,
    CourtNeed,
    DateToAvoid,
    Decision,
    DeliveryAttempt,
    DevOutboxMessage,
    Hearing,
    Invitation,
    LoginSession,
    NeedsAssessment,
    NeedsCorrection,
    Notification,
    PersonalStatement,
    PropertyItem,
    PropertyRequest,
    Release,
    ReviewRequest,
    SignInChallenge,
    Supporter,
    SupporterAccess,
    SupporterNotification,
    SupportReferral,
    Task,
    Update,
    UpdateFeedback,
    UpdateTranslation,
    Victim,
    WordsKind,
    WordsTranslation,
)
from portal.models.enums import Principal, Stage
from portal.models.types import UTCDateTime, utcnow
from portal.services import audit

log = logging.getLogger(__name__)

ACTION = "retention.run"  # the audit's summary line, also how the worker knows it ran today

# Every column that can hold words, names, addresses or days (text, JSON and date columns),
# table by table: what retention blanks, what it deletes with the row, and what it keeps on
# purpose and why. tests/security/test_retention.py fails when a model has such a column that
# is in none of them, and checks that the blanked ones are blank after a run.
ANONYMISED = {
    # Where the suspect must not go or must live: places that lead to people.
    "bail_change": ("exclusion_area", "residence"),
    "breach_report": ("what_happened", "happened_at"),  # the victim's own words
    # The offender's release: where they must not go or must live.
    "release": ("exclusion_area", "residence"),
    "case": ("crime_reference",),  # becomes ANON/<id>: it leads to the police's own record
    "case_action": ("details",),
    "case_message": ("body", "provider_id"),
    "case_review": ("note",),  # the reviewer's words about the case
    "complaint": ("text",),
    "contact_preference": ("postal_address", "other_needs", "interpreter_language"),
    "court_need": ("details", "answer_note"),
    "decision": ("reasons",),
    "delivery_attempt": ("provider_id",),
    "hearing": ("outcome_note", "change_reason"),
    # A victim's needs in the case team's words, and their own words about them.
    "needs_assessment": ("communication_note", "risk_note"),
    "needs_correction": ("what",),
    "notification": ("provider_id",),
    "personal_statement": ("text", "file_name", "stored_name", "sha256"),
    "review_request": ("reasons", "outcome_notes"),  # the victim's and the team's words
    # What the police hold, in the victim's words, and what they asked about it.
    "property_item": ("description",),
    "property_request": ("note",),
    "support_referral": ("reference",),  # the service's own reference leads to the person
    "task": ("outcome_note",),
    "update": ("body_html", "body_text", "easy_read_html", "easy_read_text", "warnings"),
    "update_feedback": ("comment",),
    "update_translation": ("body_html", "body_text"),
    "victim": ("full_name", "email", "phone", "password_hash"),
    "words_translation": ("text",),
    # A victim's nominated supporter, once they support nobody on a case not anonymised.
    "supporter": ("full_name", "email", "phone", "organisation"),
}
# Rows deleted: the victim's (or the case's) own, with nothing in them worth counting.
DELETED = ("date_to_avoid", "invitation", "sign_in_challenge", "login_session",
           "dev_outbox_message", "supporter_access", "supporter_notification")
KEPT = {
    "audit_event": ("actor_kind", "action", "detail"),  # identifiers and outcomes only
    # Bail and custody: what changed and when, the order's kind and end (no place, no words).
    "bail_change": ("kind", "status", "decided_on", "order_kind", "order_ends_on"),
    "breach_report": ("happened_on",),
    # The release's day and the kinds of urgent alerts: no place, no words.
    "release": ("expected_on",),
    "urgent_alert": ("kind",),
    # A referral to the Victim Contact Scheme: the language and the choice, no words.
    "vcs_referral": ("language", "choice"),
    # Parole: the days and where the review got to (no words, no names).
    "parole_review": ("eligible_on", "status", "review_started_on", "hearing_on", "decided_on"),
    # A change at court for a court's whole day: the court's reason and the words every
    # victim was sent, about no one person; not one case's.
    "bulk_job": ("day", "kind", "new_day", "reason", "body_html", "body_text", "warnings",
                 "plan_hearings", "plan_digest", "status", "failure", "claimed_by"),
    "case": ("offence", "area", "stage", "reported_on", "next_due_kind", "next_due_note"),
    "case_action": ("kind",),  # which Victims' Code duty was met
    "case_event": ("kind", "stage"),
    "case_message": ("author_kind",),
    # A team manager's review of the case: the checklist's answers and the month, for the
    # supervision figures (the note is anonymised).
    "case_review": ("month", "sampled_by", "needs_assessed", "preferences_followed",
                    "letters_explained", "statement_offered", "referral_made"),
    # What became of each duty, for the team figures: kinds, weeks, languages and channels.
    "obligation_record": ("kind", "week", "language", "channel", "event"),
    # Staff accounts, organisations, teams and courts: not victims' data (an administrator
    # ends a member of staff's account).
    "caseworker": ("name", "email", "phone", "role", "password_hash", "totp_secret",
                   "totp_pending_secret", "setup_token_hash", "locale"),
    "organisation": ("name", "kind", "complaints_url"),
    "team": ("name", "name_cy", "kind", "phone", "email"),
    "court": ("name", "name_cy", "address", "phone"),
    "recovery_code": ("code_hash",),
    # How victims chose to hear (channels, windows, how often): choices, not addresses.
    "contact_preference": ("channels", "windows", "frequency"),
    "court_need": ("kind", "answer"),
    "decision": ("kind",),
    "delivery_attempt": ("channel", "outcome", "error_code", "error", "worker"),
    "hearing": ("kind", "status", "outcome"),
    # Needs and referrals (issue 14): which needs, kinds and measures, the risk's level, the
    # stage and day; which status a referral reached. Choices, not words.
    "needs_assessment": ("access_needs", "support_kinds", "special_measures", "risk",
                         "assessed_on", "stage"),
    "support_referral": ("status",),
    # The directory of support services: organisations, not victims' data.
    "support_service": ("name", "area", "serves", "phone", "website", "hours", "opening"),
    # Linked to no person or case: the provider's id stops a replayed text acting twice.
    "inbound_text": ("provider_id", "outcome"),
    "notification": ("kind", "channel", "status", "claimed_by", "reason", "error_code"),
    "personal_statement": ("content_type",),
    # A review asked for: the scheme, its date to ask by, how to reply and where it got to.
    "review_request": ("scheme", "ask_by", "contact_by", "status"),
    # Why it was held, where it ended up, and the police's place and day to collect it.
    "property_item": ("held_because", "status", "collect_where", "collect_from"),
    "task": ("kind", "detail", "outcome"),  # detail: identifiers, codes and times only
    "update": ("event", "language"),
    "update_feedback": ("understood",),  # "Did you understand?": the team's figures
    "update_translation": ("language",),
    "victim": ("language",),
    "supporter": ("language", "sms_opted_out"),
    "words_translation": ("kind", "language"),
    # A staff member's sessions (victims' are deleted).
    "login_session": ("id", "principal", "end_reason"),
}


@dataclass
class Result:
    cases: int = 0  # cases anonymised
    victims: int = 0  # people anonymised (every case they were on is)
    victims_kept: int = 0  # people left as they are: on a case not yet due
    files: int = 0  # statement files deleted

    def as_dict(self) -> dict[str, int]:
        return {"cases": self.cases, "victims": self.victims,
                "victims_kept": self.victims_kept, "files": self.files}


def cutoff(now: dt.datetime, years: int) -> dt.datetime:
    """The start of the London day ``years`` years before ``now``'s: a case closed before it
    has been closed longer than the period. (29 February goes back to 28 February.)"""
    day = london.local_date(now)
    try:
        earlier = day.replace(year=day.year - years)
    except ValueError:
        earlier = day.replace(year=day.year - years, day=28)
    return london.start_of_day(earlier)


def _closed_at():
    """Each case's last move to "closed", as a subquery (case_id, closed_at)."""
    return (select(CaseEvent.case_id, func.max(CaseEvent.occurred_at).label("closed_at"))
            .where(CaseEvent.kind == "stage", CaseEvent.stage == Stage.CLOSED)
            .group_by(CaseEvent.case_id).subquery())


def due(before: dt.datetime):
    """SELECT of the ids of cases closed before ``before`` and not anonymised yet."""
    closed = _closed_at()
    closed_at = func.coalesce(closed.c.closed_at, Case.updated_at, type_=UTCDateTime)
    return (select(Case.id).outerjoin(closed, closed.c.case_id == Case.id)
            .where(Case.stage == Stage.CLOSED, Case.anonymised_at.is_(None),
                   closed_at < before))


def run(now: dt.datetime | None = None, years: int | None = None,
        batch_size: int | None = None) -> Result:
    """Anonymise every case due at ``now``, a batch at a time; audit one summary line."""
    now = now or utcnow()
    years = current_app.config["RETENTION_YEARS"] if years is None else years
    batch_size = batch_size or current_app.config["RETENTION_BATCH_SIZE"]
    before = cutoff(now, years)
    result = Result()
    while True:
        ids = list(db.session.scalars(due(before).order_by(Case.id).limit(batch_size)))
        if not ids:
            break
        _anonymise(ids, before, now, result)
        db.session.commit()
    event = audit.record(None, ACTION, years=years, **result.as_dict())
    event.at = now
    db.session.commit()
    log.info("retention: %d cases and %d people anonymised, %d people kept (on a case not "
             "yet due), %d files deleted", result.cases, result.victims, result.victims_kept,
             result.files)
    return result


def ran_today(now: dt.datetime) -> bool:
    """Whether retention has run since the start of ``now``'s London day (one indexed
    look-up in the audit)."""
    start = london.start_of_day(london.local_date(now))
    return db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == ACTION, AuditEvent.at >= start).limit(1)) is not None


def daily(now: dt.datetime) -> Result | None:
    """The worker's housekeeping: run once a London day (None when it ran already)."""
    if ran_today(now):
        return None
    return run(now)


# The plain-English checker's parameters that quote the caseworker's words (case_file/
# plain_english.Finding): replaced; the others are numbers or the checker's own terms.
QUOTING_PARAMETERS = ("start", "found")
QUOTE_REMOVED = "…"


def _unquoted(warning: dict) -> dict:
    params = {key: QUOTE_REMOVED if key in QUOTING_PARAMETERS else value
              for key, value in (warning.get("params") or {}).items()}
    return {"code": warning.get("code"), "params": params}


def _anonymise(ids: list[int], before: dt.datetime, now: dt.datetime,
               result: Result) -> None:
    """Anonymise these cases, and the victims on them who are on no case that is neither
    anonymised nor due (a later batch anonymises the due ones' own details)."""
    session = db.session
    on_cases = lambda model: model.case_id.in_(ids)  # noqa: E731
    victim_ids = set(session.scalars(select(CaseVictim.victim_id).where(on_cases(CaseVictim))))
    kept = set(session.scalars(
        select(CaseVictim.victim_id).join(Case, Case.id == CaseVictim.case_id)
        .where(CaseVictim.victim_id.in_(victim_ids), Case.id.not_in(ids),
               Case.anonymised_at.is_(None), Case.id.not_in(due(before))))
    ) if victim_ids else set()
    people = sorted(victim_ids - kept)

    # Statement files first: a crash after this leaves the rows to be done again next run.
    folder = None
    for stored in session.scalars(select(PersonalStatement.stored_name).where(
            on_cases(PersonalStatement), PersonalStatement.stored_name.is_not(None))):
        if folder is None:
            from portal.services.victim_input.statements import upload_folder

            folder = upload_folder()
        path = folder / stored
        if path.exists():
            path.unlink()
            result.files += 1

    # The case's words, and anything that names the people on it.
    items = {
        WordsKind.DECISION_REASONS: select(Decision.id).where(on_cases(Decision)),
        WordsKind.OUTCOME_NOTE: select(Hearing.id).where(on_cases(Hearing)),
        WordsKind.COURT_HELP_ANSWER: select(CourtNeed.id).where(on_cases(CourtNeed)),
        WordsKind.REPLY: select(CaseMessage.id).where(on_cases(CaseMessage)),
        WordsKind.REVIEW_OUTCOME: select(ReviewRequest.id).where(on_cases(ReviewRequest)),
    }
    for kind, item_ids in items.items():
        session.execute(update(WordsTranslation).where(
            WordsTranslation.kind == kind, WordsTranslation.item_id.in_(item_ids))
            .values(text=""))
    update_ids = select(Update.id).where(on_cases(Update))
    notification_ids = select(Notification.id).where(on_cases(Notification))
    statements = (
        update(Case).where(Case.id.in_(ids)).values(
            crime_reference=literal("ANON/") + cast(Case.id, String), anonymised_at=now),
        update(CaseMessage).where(on_cases(CaseMessage)).values(body="", provider_id=None),
        update(PersonalStatement).where(on_cases(PersonalStatement)).values(
            text=None, file_name=None, stored_name=None, sha256=None),
        delete(DateToAvoid).where(on_cases(DateToAvoid)),
        update(CourtNeed).where(on_cases(CourtNeed)).values(details=None, answer_note=None),
        update(Complaint).where(on_cases(Complaint)).values(text=""),
        update(CaseReview).where(on_cases(CaseReview)).values(note=None),
        update(UpdateFeedback).where(UpdateFeedback.update_id.in_(update_ids))
        .values(comment=None),
        update(UpdateTranslation).where(UpdateTranslation.update_id.in_(update_ids))
        .values(body_html="", body_text=""),
        update(Update).where(on_cases(Update)).values(
            body_html="", body_text="", easy_read_html=None, easy_read_text=None),
        update(Decision).where(on_cases(Decision)).values(reasons=""),
        update(Hearing).where(on_cases(Hearing)).values(outcome_note=None, change_reason=None),
        update(CaseAction).where(on_cases(CaseAction)).values(details=""),
        update(Task).where(on_cases(Task)).values(outcome_note=None),
        update(BailChange).where(on_cases(BailChange)).values(exclusion_area=None,
                                                              residence=None),
        update(BreachReport).where(on_cases(BreachReport)).values(what_happened="",
                                                                  happened_at=None),
        update(ReviewRequest).where(on_cases(ReviewRequest)).values(reasons=None,
                                                                    outcome_notes=None),
        update(PropertyItem).where(on_cases(PropertyItem)).values(description=""),
        update(PropertyRequest).where(on_cases(PropertyRequest)).values(note=None),
        update(NeedsAssessment).where(on_cases(NeedsAssessment)).values(
            communication_note=None, risk_note=None),
        update(NeedsCorrection).where(on_cases(NeedsCorrection)).values(what=""),
        update(SupportReferral).where(on_cases(SupportReferral)).values(reference=None),
        update(Release).where(on_cases(Release)).values(exclusion_area=None, residence=None),
        delete(Invitation).where(on_cases(Invitation)),
        update(DeliveryAttempt).where(DeliveryAttempt.notification_id.in_(notification_ids))
        .values(provider_id=None),
        update(Notification).where(on_cases(Notification)).values(provider_id=None),
    )
    for statement in statements:
        session.execute(statement, execution_options={"synchronize_session": False})
    _forget_supporters(ids, now)
    # The checker's warnings keep their codes and numbers (the figures count them, the
    # console words them) but not the words they quote from the update.
    for update_id, warnings in session.execute(select(Update.id, Update.warnings).where(
            on_cases(Update))):
        if warnings:
            session.execute(update(Update).where(Update.id == update_id).values(
                warnings=[_unquoted(w) for w in warnings]),
                execution_options={"synchronize_session": False})

    # The people whose every case is now anonymised.
    if people:
        addresses = [a for row in session.execute(
            select(Victim.email, Victim.phone).where(Victim.id.in_(people))) for a in row if a]
        theirs = lambda model: model.victim_id.in_(people)  # noqa: E731
        their_notifications = select(Notification.id).where(theirs(Notification))
        statements = (
            update(Victim).where(Victim.id.in_(people)).values(
                full_name="", email=None, phone=None, password_hash=None, anonymised_at=now),
            update(ContactPreference).where(theirs(ContactPreference)).values(
                postal_address=None, other_needs=None, interpreter_language=None),
            update(UpdateFeedback).where(theirs(UpdateFeedback)).values(comment=None),
            update(DeliveryAttempt).where(
                DeliveryAttempt.notification_id.in_(their_notifications))
            .values(provider_id=None),
            update(Notification).where(theirs(Notification)).values(provider_id=None),
            delete(SignInChallenge).where(theirs(SignInChallenge)),
            delete(Invitation).where(theirs(Invitation)),
            delete(LoginSession).where(LoginSession.principal == Principal.VICTIM,
                                       LoginSession.principal_id.in_(people)),
        )
        if addresses:  # the development outbox's copies (development only)
            statements += (delete(DevOutboxMessage).where(DevOutboxMessage.to.in_(addresses)),)
        for statement in statements:
            session.execute(statement, execution_options={"synchronize_session": False})
    result.cases += len(ids)
    result.victims += len(people)
    result.victims_kept += len(kept)


def _forget_supporters(ids: list[int], now: dt.datetime) -> None:
    """The supporters' access to these cases goes; a supporter left with access to no case
    loses their name and addresses, their codes and their sessions."""
    session = db.session
    supporter_ids = set(session.scalars(select(SupporterAccess.supporter_id).where(
        SupporterAccess.case_id.in_(ids))))
    for model in (SupporterNotification, SupporterAccess):
        session.execute(delete(model).where(model.case_id.in_(ids)),
                        execution_options={"synchronize_session": False})
    if not supporter_ids:
        return
    still = set(session.scalars(select(SupporterAccess.supporter_id).where(
        SupporterAccess.supporter_id.in_(supporter_ids))))
    gone = sorted(supporter_ids - still)
    if not gone:
        return
    addresses = [a for row in session.execute(
        select(Supporter.email, Supporter.phone).where(Supporter.id.in_(gone))) for a in row if a]
    if addresses:  # the development outbox's copies (development only)
        session.execute(delete(DevOutboxMessage).where(DevOutboxMessage.to.in_(addresses)),
                        execution_options={"synchronize_session": False})
    for statement in (
            update(Supporter).where(Supporter.id.in_(gone)).values(
                full_name="", email=None, phone=None, organisation=None),
            delete(SignInChallenge).where(SignInChallenge.supporter_id.in_(gone)),
            delete(LoginSession).where(LoginSession.principal == Principal.SUPPORTER,
                                       LoginSession.principal_id.in_(gone))):
        session.execute(statement, execution_options={"synchronize_session": False})
