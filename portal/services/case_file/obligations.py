"""The Victims' Code obligations on a case: what is owed, by when, and what met it.

Obligations are worked out from the case's facts (when it was reported, its hearings, decisions,
sentence and release) and met only by recorded actions (models.console.CaseAction): an update
of the right kind, or an action the caseworker wrote down with what they did.

Deadlines (domain.md unless marked "local"):
- written confirmation, needs assessment, support referral, contact preferences asked: 2 working
  days from the report. domain.md gives 2 days for the referral; the other three are part of the
  same first contact and the referral depends on the needs assessment (local).
- personal statement offered: 5 working days after the investigation starts (local: the Code
  asks for the offer when the victim gives their statement, early in the investigation).
- hearing date told and hearing outcome told: 1 working day from the team hearing of it.
- decision letter (no further action, charge dropped or changed): 5 working days, 1 with
  enhanced rights.
- Victim Contact Scheme referral: 10 working days from a sentence of 12 months or more for a
  violent or sexual offence.
- contact on release: 24 hours (clock hours, not working days).
- a change of bail or custody told (bail granted, conditions varied, bail breached, remanded,
  released): 5 working days, 1 with enhanced rights, from the day it was decided (the Victims'
  Code, right 6: victims are told when a suspect is released on bail or bail conditions
  change; docs/DOMAIN.md). Counted from the decision, not from when the team recorded it, so a
  change recorded late is late. One update tells the victims the status now, so it meets every
  change recorded before it (``SUPERSEDING``).
- a Victims' Right to Review asked for online: acknowledged within 5 working days (local: the
  schemes say "promptly"), its outcome within 30 working days (the CPS scheme's aim; the police
  scheme's is similar and the portal uses the same), from the day it was asked for.
- advance notice of a release under the Victim Contact Scheme: due 5 working days BEFORE the
  expected day of release (local rule; the Victims' Code, right 7: victims in the scheme are
  told about licence conditions that relate to them and about the release; docs/DOMAIN.md).
  Recorded with fewer than 5 working days to go, it is due the day it was recorded. One
  update tells the victims the release now planned, so it meets every notice before it.
- the probation team's letter to a victim referred to the Victim Contact Scheme: 20 working days
  from the referral (domain.md).
- a parole review started, told with the offer of a statement for the Parole Board and of
  applying to attend: 10 working days from the day the review started (local rule; the Victims'
  Code, right 11: victims in the scheme can make a personal statement to the Parole Board and
  are told of its decisions; docs/DOMAIN.md). The Parole Board's decision told: 5 working days,
  1 with enhanced rights, from the day it was decided (local, as for a decision letter). Each
  counted from the day, not from when it was recorded, and met only by what is said after it
  was recorded.

The duties to tell victims about the offender after sentence (release notice, contact on
release, parole review and decision told: ``ABOUT_THE_OFFENDER``) are owed only to the victims
in the scheme's reach: a victim who declined the Victim Contact Scheme
(vcs_referral.declined) is not waited for, and a case whose every victim declined owes none.

Duties that no longer apply (``moot_from``): when a case is closed, the hearing duties of
hearings after the closing (they will not happen) and a personal statement not yet offered;
when a victim withdraws a review request, what was still owed on it. A duty already met, or
already overdue at that moment, stays as it was: it is the honest record of what was done.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal import london
from portal.extensions import db
from portal.models import (
    Case,
    CaseAction,
    CaseVictim,
    Decision,
    Hearing,
    Update,
    UpdateTranslation,
    Victim,
)
from portal.models.actions import ObligationKind
from portal.models.enums import JOURNEY, DecisionKind, HearingStatus, Stage
from portal.models.types import utcnow
from portal.services.case_file import vcs_referral
from portal.services.delivery import reach
from portal.services.working_days import add_working_days, working_days_between


@dataclass(frozen=True)
class Rule:
    working_days: int | None = None
    enhanced_working_days: int | None = None
    hours: int | None = None

    def days_for(self, case: Case) -> int | None:
        if case.enhanced_rights and self.enhanced_working_days is not None:
            return self.enhanced_working_days
        return self.working_days


K = ObligationKind
RULES: dict[ObligationKind, Rule] = {
    K.WRITTEN_CONFIRMATION: Rule(working_days=2),
    K.NEEDS_ASSESSMENT: Rule(working_days=2),
    K.SUPPORT_REFERRAL: Rule(working_days=2),
    K.CONTACT_PREFERENCES: Rule(working_days=2),
    K.PERSONAL_STATEMENT: Rule(working_days=5),
    K.HEARING_DATE_TOLD: Rule(working_days=1),
    K.HEARING_OUTCOME_TOLD: Rule(working_days=1),
    K.DECISION_LETTER: Rule(working_days=5, enhanced_working_days=1),
    K.VCS_REFERRAL: Rule(working_days=10),
    K.RELEASE_CONTACT: Rule(hours=24),
    K.BAIL_TOLD: Rule(working_days=5, enhanced_working_days=1),
    K.REVIEW_ACKNOWLEDGED: Rule(working_days=5),
    K.REVIEW_DECIDED: Rule(working_days=30),
    # Working days BEFORE the expected release, not after (``_release_notice``).
    K.RELEASE_NOTICE: Rule(working_days=5),
    K.PROBATION_LETTER: Rule(working_days=20),
    K.PAROLE_REVIEW_TOLD: Rule(working_days=10),
    K.PAROLE_DECISION_TOLD: Rule(working_days=5, enhanced_working_days=1),
}
# Obligations that belong to one hearing or one decision: an action must name it.
HEARING_OBLIGATIONS = frozenset({K.HEARING_DATE_TOLD, K.HEARING_OUTCOME_TOLD})
DECISION_OBLIGATIONS = frozenset({K.DECISION_LETTER, K.REVIEW_ACKNOWLEDGED, K.REVIEW_DECIDED})
# Obligations that stop when a case is closed, unless met or overdue by then.
MOOT_ON_CLOSING = frozenset({K.HEARING_DATE_TOLD, K.HEARING_OUTCOME_TOLD, K.PERSONAL_STATEMENT})
# Obligations where one action meets every one of its kind owed before it: an update about
# bail tells the victims where the suspect is now, which covers each change before it.
SUPERSEDING = frozenset({K.BAIL_TOLD, K.RELEASE_NOTICE})
# Duties owed only to the victims told about the offender after sentence (not to a victim who
# declined the Victim Contact Scheme: vcs_referral.declined).
ABOUT_THE_OFFENDER = frozenset({K.RELEASE_NOTICE, K.RELEASE_CONTACT, K.PAROLE_REVIEW_TOLD,
                                K.PAROLE_DECISION_TOLD})
REPORT_OBLIGATIONS = (K.WRITTEN_CONFIRMATION, K.NEEDS_ASSESSMENT, K.SUPPORT_REFERRAL,
                      K.CONTACT_PREFERENCES)
LETTER_DECISIONS = frozenset({DecisionKind.NO_FURTHER_ACTION, DecisionKind.CHARGE_DROPPED,
                              DecisionKind.CHARGE_CHANGED})
VCS_MINIMUM_MONTHS = 12


@dataclass
class Obligation:
    kind: ObligationKind
    area: str
    triggered_at: dt.datetime
    due_at: dt.datetime
    # The last working day for a working-day deadline; None for a deadline in hours.
    due_date: dt.date | None
    hearing: Hearing | None = None
    decision: Decision | None = None
    met_by: CaseAction | None = None
    # When it was met: the recorded action's time, or when its update reached the last of the
    # victims; or, with no action, when the victims gave their contact preferences.
    met_at: dt.datetime | None = None
    # An update that was sent for it but has not reached every victim yet, and why not.
    waiting_on: CaseAction | None = None
    not_reached: dict = field(default_factory=dict)  # victim id -> reach.Reach
    # Of the victims an update met it for, the one reached last, and the channel that did.
    reached_last: int | None = None
    reached_by: str | None = None
    # From when it no longer applies (the case closed, a review withdrawn): dropped unless met
    # or already overdue by then.
    moot_from: dt.datetime | None = None

    @property
    def met(self) -> bool:
        return self.met_at is not None

    @property
    def met_when(self) -> dt.datetime | None:
        return self.met_at

    @property
    def failure(self) -> str | None:
        """Why a message for it failed for good (a delivery_states.REASONS key), if one did."""
        for not_yet in self.not_reached.values():
            if not_yet.state == "failed":
                return not_yet.reason or "gave_up"
        return None

    @property
    def waiting_for_translation(self) -> bool:
        return any(r.state == "translation" for r in self.not_reached.values())

    def state(self, now: dt.datetime) -> str:
        """"met", "met_late", "overdue" or "due"."""
        if self.met:
            return "met" if self.met_when <= self.due_at else "met_late"
        return "overdue" if now > self.due_at else "due"

    def working_days_left(self, now: dt.datetime) -> int | None:
        """Working days from today to the deadline (0: due today; negative: overdue by that
        many). None for a deadline in hours."""
        if self.due_date is None:
            return None
        return working_days_between(london.local_date(now), self.due_date, self.area)

    @property
    def subject_key(self) -> tuple:
        return (self.kind, getattr(self.hearing, "id", None), getattr(self.decision, "id", None))


def load_options() -> list:
    """Eager loads that obligations need, for the queries that list cases."""
    return [
        selectinload(Case.hearings).selectinload(Hearing.court),
        selectinload(Case.decisions),
        selectinload(Case.events),
        selectinload(Case.victim_links).selectinload(CaseVictim.victim)
        .selectinload(Victim.preference),
        selectinload(Case.contact),
        selectinload(Case.bail_changes),
        selectinload(Case.review_requests),
        # Joined to the case's own question (a release or two per case): callers take
        # unique() rows.
        joinedload(Case.releases),
        joinedload(Case.vcs_referrals),
        selectinload(Case.parole_reviews),
    ]


def actions_by_case(case_ids: list[int]) -> dict[int, list[CaseAction]]:
    grouped: dict[int, list[CaseAction]] = defaultdict(list)
    if not case_ids:
        return grouped
    rows = db.session.scalars(
        select(CaseAction).where(CaseAction.case_id.in_(case_ids))
        .options(selectinload(CaseAction.caseworker))
        .order_by(CaseAction.at, CaseAction.id)
    )
    for action in rows:
        grouped[action.case_id].append(action)
    return grouped


def for_cases(cases: list[Case], now: dt.datetime | None = None) -> dict[int, list[Obligation]]:
    now = now or utcnow()
    actions = actions_by_case([c.id for c in cases])
    reaches = _reaches(cases, actions, now)
    return {case.id: for_case(case, actions.get(case.id, []), now=now, reaches=reaches)
            for case in cases}


@dataclass
class Reaches:
    """What the updates sent for obligations did: whether each reached each victim it was sent
    to (reach.for_updates), each update's language, and when its words were translated into
    each language ((update id, language) -> time)."""

    by_victim: dict = field(default_factory=dict)
    update_languages: dict = field(default_factory=dict)
    translated: dict = field(default_factory=dict)
    _by_update: dict | None = None

    def of_update(self, update_id: int) -> list[tuple[int, reach.Reach]]:
        """[(victim id, Reach)] for one update."""
        if self._by_update is None:
            self._by_update = defaultdict(list)
            for (an_update, victim_id), found in self.by_victim.items():
                self._by_update[an_update].append((victim_id, found))
        return self._by_update.get(update_id, [])


def _reaches(cases: list[Case], actions: dict[int, list[CaseAction]],
             now: dt.datetime) -> Reaches:
    """Whether each update that was sent for an obligation reached each victim."""
    update_ids = sorted({a.update_id for acts in actions.values() for a in acts
                         if a.update_id is not None})
    if not update_ids:
        return Reaches()
    languages = {v.id: v.language for case in cases for v in case.victims}
    update_languages = dict(db.session.execute(
        select(Update.id, Update.language).where(Update.id.in_(update_ids))).all())
    translated = {(update_id, language): created for update_id, language, created in
                  db.session.execute(
                      select(UpdateTranslation.update_id, UpdateTranslation.language,
                             UpdateTranslation.created_at)
                      .where(UpdateTranslation.update_id.in_(update_ids)))}
    return Reaches(reach.for_updates(update_ids, languages, update_languages, now),
                   update_languages, translated)


def for_case(case: Case, actions: list[CaseAction] | None = None,
             now: dt.datetime | None = None,
             reaches: Reaches | None = None) -> list[Obligation]:
    """Every obligation on the case, earliest deadline first, each matched to the action that
    met it: an action the caseworker recorded (met when recorded), or an update (met when it
    reached every victim, in their language). The earliest of its kind, about the same hearing
    or decision, made after the obligation arose. An update still on its way, or failed, is
    kept on the obligation as ``waiting_on`` with why each victim is not reached."""
    now = now or utcnow()
    if actions is None:
        actions = actions_by_case([case.id]).get(case.id, [])
    if reaches is None:
        reaches = _reaches([case], {case.id: actions}, now)
    obligations = list(_owed(case, now))
    used: set[int] = set()
    for obligation in sorted(obligations, key=lambda o: o.triggered_at):
        for action in actions:
            if action.id in used or not _meets(action, obligation):
                continue
            met_at, not_reached = _met_at(action, case, reaches)
            if met_at is None:
                if obligation.waiting_on is None:
                    obligation.waiting_on, obligation.not_reached = action, not_reached
                continue
            obligation.met_by, obligation.met_at = action, met_at
            obligation.reached_last, obligation.reached_by = _reached_last(action, reaches)
            obligation.waiting_on, obligation.not_reached = None, {}
            if obligation.kind not in SUPERSEDING:
                used.add(action.id)
            break
        if obligation.kind is K.CONTACT_PREFERENCES and obligation.met_by is None:
            obligation.met_at = _preferences_asked_at(case)
    obligations = [o for o in obligations if not _moot(o)]
    return sorted(obligations, key=lambda o: o.due_at)


def _moot(obligation: Obligation) -> bool:
    """No longer owed: it stopped applying before its deadline and was not met."""
    return (obligation.moot_from is not None and not obligation.met
            and obligation.due_at > obligation.moot_from)


def closed_at(case: Case) -> dt.datetime | None:
    """When the case was closed (its last move to "closed"); None while it is open."""
    if case.current_stage is not Stage.CLOSED:
        return None
    moves = [e.occurred_at for e in case.events if e.kind == "stage" and e.stage == Stage.CLOSED]
    return max(moves) if moves else case.updated_at


def _after_closing(case: Case, obligation: Obligation, closed: dt.datetime | None) -> None:
    """Mark what closing the case made moot: a statement not yet offered, and the duties of
    hearings that were to happen after the closing (or were cancelled)."""
    if closed is None or obligation.kind not in MOOT_ON_CLOSING:
        return
    hearing = obligation.hearing
    if hearing is None or hearing.status == HearingStatus.VACATED or hearing.starts_at > closed:
        obligation.moot_from = closed


def _met_at(action: CaseAction, case: Case,
            reaches: Reaches) -> tuple[dt.datetime | None, dict]:
    """When this action met its obligation: at once for one the caseworker recorded; for an
    update, when it had reached the last of the victims it was sent to. A decision letter is
    met only once every victim on the case has its words in their language: a victim who
    reads another language than the update's and was sent nothing (no channel, or reading it
    in the portal only) still waits for the translation."""
    if action.update_id is None:
        return action.at, {}
    by_victim = reaches.by_victim
    times = [action.at]
    not_reached = {}
    if action.kind == K.DECISION_LETTER:
        written_in = reaches.update_languages.get(action.update_id, "en")
        for victim in case.victims:
            if (action.update_id, victim.id) in by_victim or victim.language == written_in:
                continue  # reach.py already waits for the translation of what was sent
            translated_at = reaches.translated.get((action.update_id, victim.language))
            if translated_at is None:
                not_reached[victim.id] = reach.Reach(None, "translation")
            else:
                times.append(translated_at)
    victims = [v for v in case.victims if (action.update_id, v.id) in by_victim]
    if action.kind in ABOUT_THE_OFFENDER:  # a victim who has since declined is not waited for
        victims = vcs_referral.told(case, victims)
    found = {v.id: by_victim[(action.update_id, v.id)] for v in victims}
    not_reached.update({vid: r for vid, r in found.items() if not r.reached})
    if not_reached:
        return None, not_reached
    # Sent to nobody (a case with no victims then): met when recorded.
    return max(times + [r.reached_at for r in found.values()]), {}


def _reached_last(action: CaseAction, reaches: Reaches) -> tuple[int | None, str | None]:
    """The victim an update reached last, and how (for the figures by language and channel)."""
    if action.update_id is None:
        return None, None
    found = [(r.reached_at, victim_id, r.channel)
             for victim_id, r in reaches.of_update(action.update_id) if r.reached]
    if not found:
        return None, None
    _, victim_id, channel = max(found, key=lambda t: (t[0], t[1]))
    return victim_id, channel


def next_outstanding(obligations: list[Obligation]) -> Obligation | None:
    """The unmet obligation with the earliest deadline."""
    waiting = [o for o in obligations if not o.met]
    return min(waiting, key=lambda o: o.due_at) if waiting else None


def _meets(action: CaseAction, obligation: Obligation) -> bool:
    if action.kind != obligation.kind or action.at < obligation.triggered_at:
        return False
    if obligation.hearing is not None:
        return action.hearing_id == obligation.hearing.id
    if obligation.decision is not None:
        return action.decision_id == obligation.decision.id
    return True


def _preferences_asked_at(case: Case) -> dt.datetime | None:
    """When the last of the case's victims was asked (by themselves at first sign-in, or by a
    caseworker for them); None while anyone has not been asked."""
    times = [v.preference.asked_at if v.preference else None for v in case.victims]
    if not times or any(t is None for t in times):
        return None
    return max(times)


def _owed(case: Case, now: dt.datetime):
    closed = closed_at(case)
    # Every victim declined the scheme: nobody is owed news of the offender.
    nobody_told = bool(case.victims) and not vcs_referral.told(case, case.victims)
    for obligation in _facts(case, now):
        if nobody_told and obligation.kind in ABOUT_THE_OFFENDER:
            continue
        _after_closing(case, obligation, closed)
        yield obligation


def _facts(case: Case, now: dt.datetime):
    reported = london.start_of_day(case.reported_on)
    for kind in REPORT_OBLIGATIONS:
        yield _in_working_days(case, kind, reported)

    investigation = _investigation_started(case)
    if investigation is not None:
        yield _in_working_days(case, K.PERSONAL_STATEMENT, investigation)

    for hearing in case.hearings:
        told = _in_working_days(case, K.HEARING_DATE_TOLD,
                                hearing.changed_at or hearing.created_at, hearing=hearing)
        # The victims must know before the hearing starts, whatever the working days allow.
        if hearing.status != HearingStatus.VACATED and hearing.starts_at < told.due_at:
            told.due_at = max(hearing.starts_at, told.triggered_at)
        yield told
        if hearing.outcome_recorded_at is not None:
            yield _in_working_days(case, K.HEARING_OUTCOME_TOLD, hearing.outcome_recorded_at,
                                   hearing=hearing)
        elif hearing.status != HearingStatus.VACATED and hearing.starts_at <= now:
            # Held, and nothing recorded: the outcome is owed all the same, 1 working day
            # after the hearing day.
            yield _in_working_days(case, K.HEARING_OUTCOME_TOLD, hearing.starts_at,
                                   hearing=hearing)

    for decision in case.decisions:
        if decision.decision_kind in LETTER_DECISIONS:
            yield _in_working_days(case, K.DECISION_LETTER, decision.made_at, decision=decision)
        elif (decision.decision_kind is DecisionKind.SENTENCE and case.violent_or_sexual
              and (decision.sentence_months or 0) >= VCS_MINIMUM_MONTHS):
            yield _in_working_days(case, K.VCS_REFERRAL, decision.made_at, decision=None)

    for change in case.bail_changes:
        told = _in_working_days(case, K.BAIL_TOLD, london.start_of_day(change.decided_on))
        # Only what is said after the change was recorded can tell the victims of it.
        told.triggered_at = change.recorded_at
        yield told

    for release in case.releases:
        yield _release_notice(case, release)

    for referral in case.vcs_referrals:
        yield _in_working_days(case, K.PROBATION_LETTER, referral.referred_at)

    yield from _parole(case)

    for event in case.events:
        if event.kind == "release":
            hours = RULES[K.RELEASE_CONTACT].hours
            yield Obligation(K.RELEASE_CONTACT, case.area, event.occurred_at,
                             event.occurred_at + dt.timedelta(hours=hours), None)

    for request in case.review_requests:
        for kind in (K.REVIEW_ACKNOWLEDGED, K.REVIEW_DECIDED):
            owed = _in_working_days(case, kind, request.asked_at, decision=request.decision)
            owed.moot_from = request.withdrawn_at
            yield owed


def _release_notice(case: Case, release) -> Obligation:
    """Advance notice of a release: due at the end of the working day
    RULES[RELEASE_NOTICE] working days before the expected day, or of the day it was recorded
    when that is already later."""
    days = RULES[K.RELEASE_NOTICE].working_days
    due_date = add_working_days(release.expected_on, -days, case.area)
    recorded_on = london.local_date(release.recorded_at)
    due_date = max(due_date, recorded_on)
    return Obligation(K.RELEASE_NOTICE, case.area, release.recorded_at.astimezone(dt.timezone.utc),
                      london.end_of_day(due_date), due_date)


def _parole(case: Case):
    """Each parole review owes the news of its start, then of its decision: counted from the
    day, met only by what is said once it was recorded."""
    for review in case.parole_reviews:
        for kind, day, recorded in (
                (K.PAROLE_REVIEW_TOLD, review.review_started_on, review.review_recorded_at),
                (K.PAROLE_DECISION_TOLD, review.decided_on, review.decision_recorded_at)):
            if day is None or recorded is None:
                continue
            owed = _in_working_days(case, kind, london.start_of_day(day))
            owed.triggered_at = recorded.astimezone(dt.timezone.utc)
            yield owed


def _in_working_days(case: Case, kind: ObligationKind, since: dt.datetime,
                     hearing: Hearing | None = None,
                     decision: Decision | None = None) -> Obligation:
    days = RULES[kind].days_for(case)
    due_date = add_working_days(london.local_date(since), days, case.area)
    return Obligation(kind, case.area, since.astimezone(dt.timezone.utc),
                      london.end_of_day(due_date), due_date, hearing=hearing, decision=decision)


def _investigation_started(case: Case) -> dt.datetime | None:
    """When the case first reached the investigation (or a later stage)."""
    later = set(JOURNEY[JOURNEY.index(Stage.INVESTIGATION):])
    reached = [e.occurred_at for e in case.events
               if e.kind == "stage" and e.stage and Stage(e.stage) in later]
    if reached:
        return min(reached)
    if case.current_stage in later:
        return case.created_at
    return None

