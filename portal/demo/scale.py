"""Demo data at the size of a national service, for benchmarks and soak tests:
`flask --app portal demo --scale N` adds N cases.

The spread follows the inspection's picture of a year's casework: about 220 teams (police
investigation teams, witness care units, prosecution and probation teams across 40 areas), most
cases early in the journey, 1.2 victims a case, a few events, hearings and decisions each, two to
six updates a case with a notification to each victim for each, and messages on one case in ten.

The teams meet their Victims' Code duties (services/case_file/obligations.py) the way the
inspection found teams do: about 75% on time, 15% late (one to six working days), 10% never.
What meets each is written as the console writes it: for each hearing an update about its date
and, once it was heard, one about its outcome, each naming the hearing; for a decision that owes
a letter (no further action, charge dropped) an update naming the decision; each with the
CaseAction that records what it met, a notification to each victim (3% of them failing, and a
hearing's date skipped for a victim who asked for key decisions only, as the delivery engine
does) and a translation for each victim who reads another language, since a duty is met only
once every victim has it in their own; and the offer of a personal statement recorded. Those
updates take the place of some of the general ones, so a court case has six or seven.

Rows are written with SQLAlchemy Core in batches, ids chosen here, so 100,000 cases take minutes,
not hours. Every victim is email-only at example.invalid (a domain that can never deliver), so
the data can never text or email a real person; the demo's own victims keep Ofcom's drama
numbers. Deterministic for a seed. Crime references are SC/0000001 onwards; running it again adds
the next N.
"""
from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text

from portal import london
from portal.extensions import db
from portal.models import (
    Case,
    CaseAction,
    CaseEvent,
    CaseMessage,
    CaseVictim,
    Caseworker,
    ContactPreference,
    Court,
    Decision,
    Hearing,
    Notification,
    Organisation,
    Team,
    Update,
    UpdateTranslation,
    Victim,
)
from portal.models.actions import ObligationKind
from portal.models.conversations import FROM_CASEWORKER, FROM_VICTIM
from portal.models.enums import (
    JOURNEY,
    VIOLENT_OR_SEXUAL_OFFENCES,
    Area,
    DecisionKind,
    Frequency,
    HearingKind,
    HearingStatus,
    Offence,
    Role,
    Stage,
    TeamKind,
    UpdateEvent,
)
from portal.models.messaging import DeliveryStatus
from portal.models.types import utcnow
from portal.services.case_file.obligations import LETTER_DECISIONS, RULES
from portal.services.delivery.outbox import HEARING_NEWS, MUST_REACH_EVENTS
from portal.services.working_days import add_working_days

BATCH = 5000
AREAS = 40
PREFIX = "SC/"
# Where a year's open and recent cases are: most early in the journey (weights).
STAGE_WEIGHTS = {
    Stage.REPORTED: 14, Stage.INVESTIGATION: 30, Stage.CHARGING: 10, Stage.COURT: 18,
    Stage.OUTCOME: 4, Stage.SENTENCE: 4, Stage.AFTER_SENTENCE: 8, Stage.CLOSED: 12,
}
TEAM_FOR_STAGE = {
    Stage.REPORTED: TeamKind.POLICE, Stage.INVESTIGATION: TeamKind.POLICE,
    Stage.CHARGING: TeamKind.PROSECUTION, Stage.COURT: TeamKind.WITNESS_CARE,
    Stage.OUTCOME: TeamKind.WITNESS_CARE, Stage.SENTENCE: TeamKind.WITNESS_CARE,
    Stage.AFTER_SENTENCE: TeamKind.PROBATION, Stage.CLOSED: TeamKind.POLICE,
}
LANGUAGES = ["en"] * 88 + ["cy"] * 4 + ["pl"] * 3 + ["ro"] * 2 + ["ur"] * 2 + ["ar"]
WORDS = ("The officer has spoken to a witness and asked for camera footage from the shop. "
         "We will tell you when we know more.")
# What the updates that meet a duty say (the caseworker's words; the portal adds the hearing's
# or decision's details).
TOLD_WORDS = {
    UpdateEvent.HEARING_LISTED: "The court has listed a hearing in your case. We will tell you "
                                "if you need to go and what will happen on the day.",
    UpdateEvent.HEARING_OUTCOME: "The hearing took place. The court adjourned the case to "
                                 "another day, and we will tell you the new date.",
    UpdateEvent.CHARGED: "The suspect has been charged. The case will now go to court.",
    UpdateEvent.NO_FURTHER_ACTION: "We have decided to take no further action. The reasons are "
                                   "below, and you can ask us to review this decision.",
    UpdateEvent.CHARGE_DROPPED: "The charge has been dropped. The reasons are below, and you "
                                "can ask us to review this decision.",
}
# How each duty the generated teams meet was met, as the inspection found teams do: most on
# time, a minority late, some never (a share of what is sent also fails, or is skipped for a
# victim who asked for key decisions only, as the delivery engine would).
ON_TIME, LATE = 0.75, 0.15  # and 0.10 never
FAILS = 0.03  # a told update's email that fails for good


@dataclass
class ScaleResult:
    cases: int
    rows: int
    seconds: float


class _Ids:
    """The next free id of each table, so rows can refer to each other before they exist."""

    def __init__(self, models):
        self.next = {m: (db.session.scalar(select(func.max(m.id))) or 0) + 1 for m in models}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _batched(model, rows: Iterator[dict], counter: list[int]) -> None:
    # Core's insert of the table, not the ORM's bulk insert of the model: the rows already
    # carry every column by name, and the ORM's per-row bookkeeping was a fifth of the time.
    statement = insert(model.__table__)
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= BATCH:
            db.session.execute(statement, chunk)
            counter[0] += len(chunk)
            chunk = []
    if chunk:
        db.session.execute(statement, chunk)
        counter[0] += len(chunk)


def _teams(rng: random.Random, ids: _Ids, counter: list[int]) -> dict[TeamKind, list[dict]]:
    """Forty areas, each with a police force (investigations, witness care), a prosecution
    team and a probation team; reused when they exist. Returns team rows with their staff."""
    existing = db.session.scalars(select(Team).where(Team.name.like("Scale %"))).all()
    if existing:
        staff = db.session.execute(select(Caseworker.id, Caseworker.team_id).where(
            Caseworker.team_id.in_([t.id for t in existing]))).all()
        by_team: dict[int, list[int]] = {}
        for person_id, team_id in staff:
            by_team.setdefault(team_id, []).append(person_id)
        teams: dict[TeamKind, list[dict]] = {}
        for team in existing:
            teams.setdefault(TeamKind(team.kind), []).append(
                {"id": team.id, "staff": by_team.get(team.id, [])})
        return teams
    orgs, team_rows, people = [], [], []
    teams = {kind: [] for kind in TeamKind}
    for area in range(1, AREAS + 1):
        for org_kind, kinds in (("police", (TeamKind.POLICE, TeamKind.WITNESS_CARE)),
                                ("prosecution", (TeamKind.PROSECUTION,)),
                                ("probation", (TeamKind.PROBATION,))):
            org_id = ids.take(Organisation)
            orgs.append({"id": org_id, "name": f"Scale {org_kind} area {area}",
                         "kind": org_kind})
            for kind in kinds:
                # Police investigations are spread over several teams an area; one each else.
                for n in range(3 if kind is TeamKind.POLICE else 1):
                    team_id = ids.take(Team)
                    team_rows.append({
                        "id": team_id, "organisation_id": org_id,
                        "name": f"Scale {kind.value.replace('_', ' ')} {area}.{n + 1}",
                        "kind": kind, "phone": "01632 960000",
                        "email": f"team{team_id}@teams.example.invalid",
                        "opens_at": dt.time(9), "closes_at": dt.time(17)})
                    staff = []
                    for m in range(rng.randint(4, 9)):
                        person_id = ids.take(Caseworker)
                        people.append({
                            "id": person_id, "team_id": team_id,
                            "name": f"Scale Worker {person_id}",
                            "email": f"worker{person_id}@staff.example.invalid",
                            "role": Role.MANAGER if m == 0 else Role.CASEWORKER,
                            "active": True, "locale": "en", "created_at": utcnow()})
                        staff.append(person_id)
                    teams[kind].append({"id": team_id, "staff": staff})
    _batched(Organisation, iter(orgs), counter)
    _batched(Team, iter(team_rows), counter)
    _batched(Caseworker, iter(people), counter)
    return teams


def _courts(ids: _Ids, counter: list[int]) -> list[int]:
    existing = db.session.scalars(select(Court.id).where(Court.name.like("Scale %"))).all()
    if existing:
        return list(existing)
    rows = [{"id": ids.take(Court), "name": f"Scale {kind} Court {n}",
             "address": f"{n} Court Street, Scaletown", "phone": "01632 960999"}
            for n in range(1, 76) for kind in ("Magistrates’", "Crown")]
    _batched(Court, iter(rows), counter)
    return [row["id"] for row in rows]


def generate(count: int, seed: int = 1, now: dt.datetime | None = None) -> ScaleResult:
    """Add ``count`` cases, with everything around them, and commit."""
    began = time.perf_counter()
    now = now or utcnow()
    rng = random.Random(seed)
    ids = _Ids([Organisation, Team, Caseworker, Court, Case, Victim, CaseVictim,
                ContactPreference, CaseEvent, Hearing, Decision, Update, UpdateTranslation,
                Notification, CaseMessage, CaseAction])
    counter = [0]
    teams = _teams(rng, ids, counter)
    courts = _courts(ids, counter)
    first = (db.session.scalar(select(func.count()).select_from(Case).where(
        Case.crime_reference.like(f"{PREFIX}%"))) or 0) + 1
    stages = list(STAGE_WEIGHTS)
    weights = list(STAGE_WEIGHTS.values())
    tables: dict[type, list[dict]] = {m: [] for m in (
        Case, Victim, CaseVictim, ContactPreference, CaseEvent, Hearing, Decision, Update,
        UpdateTranslation, Notification, CaseMessage, CaseAction)}

    def flush() -> None:
        for model, rows in tables.items():
            if rows:
                _batched(model, iter(rows), counter)
                rows.clear()

    for number in range(first, first + count):
        _one_case(rng, ids, tables, number, now, teams, courts,
                  rng.choices(stages, weights)[0])
        if number % BATCH == 0:
            flush()
    flush()
    _advance_sequences()
    db.session.commit()
    _analyse()
    return ScaleResult(count, counter[0], time.perf_counter() - began)


def _analyse() -> None:
    """Give PostgreSQL's planner statistics for what was just written: without them it guessed
    1 row where 5,467 unread messages sat, and the console's team list took twice as long until
    autovacuum came round (docs/BENCHMARKS.md)."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))


def _one_case(rng, ids, tables, number, now, teams, courts, stage) -> None:
    case_id = ids.take(Case)
    offence = rng.choice(list(Offence))
    reported = now - dt.timedelta(days=rng.randint(1, 700) if stage is not Stage.REPORTED
                                  else rng.randint(0, 6))
    team = rng.choice(teams[TEAM_FOR_STAGE[stage]])
    contact = rng.choice(team["staff"]) if team["staff"] and rng.random() < 0.85 else None
    enhanced = rng.random() < 0.15
    area = Area.WALES if rng.random() < 0.06 else Area.ENGLAND
    tables[Case].append({
        "id": case_id, "crime_reference": f"{PREFIX}{number:07d}", "offence": offence,
        "violent_or_sexual": offence in VIOLENT_OR_SEXUAL_OFFENCES,
        "enhanced_rights": enhanced, "area": area, "stage": stage,
        "reported_on": reported.date(), "team_id": team["id"], "contact_id": contact,
        "created_at": reported, "updated_at": now - dt.timedelta(hours=rng.randint(1, 2000))})

    victims = []
    # Each victim's language and how often they asked to hear (for the updates that meet duties).
    readers: list[tuple[int, str, str]] = []
    for _ in range(1 if rng.random() < 0.85 else rng.randint(2, 3)):
        victim_id = ids.take(Victim)
        victims.append(victim_id)
        language = rng.choice(LANGUAGES)
        frequency = Frequency.EVERY_UPDATE
        tables[Victim].append({
            "id": victim_id, "full_name": f"Scale Victim {victim_id}",
            "email": f"victim{victim_id}@example.invalid", "phone": None,
            "language": language, "created_at": reported,
            "activated_at": reported if rng.random() < 0.7 else None})
        tables[CaseVictim].append({"id": ids.take(CaseVictim), "case_id": case_id,
                                   "victim_id": victim_id, "added_at": reported})
        if rng.random() < 0.8:
            frequency = rng.choice(["every_update"] * 6 + ["key_decisions", "weekly_summary"])
            tables[ContactPreference].append({
                "id": ids.take(ContactPreference), "victim_id": victim_id,
                "channels": ["email"] if rng.random() < 0.9 else ["letter", "email"],
                "windows": [] if rng.random() < 0.5 else [
                    {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "19:00"}],
                "urgent_may_break_window": True,
                "frequency": frequency,
                "discreet": rng.random() < 0.1, "post_safe": True,
                "postal_address": "1 Scale Street, Scaletown",
                "asked_at": reported + dt.timedelta(days=1), "updated_at": reported})
        readers.append((victim_id, language, frequency))

    reached = JOURNEY[: JOURNEY.index(stage) + 1] if stage in JOURNEY else JOURNEY[:3]
    moment = reported
    investigation = None
    for step in reached + ((Stage.CLOSED,) if stage is Stage.CLOSED else ()):
        tables[CaseEvent].append({"id": ids.take(CaseEvent), "case_id": case_id,
                                  "kind": "stage", "stage": step, "from_team_id": None,
                                  "to_team_id": None, "occurred_at": moment})
        if step is Stage.INVESTIGATION:
            investigation = moment
        moment = min(now, moment + dt.timedelta(days=rng.randint(5, 60)))
    if stage in (Stage.COURT, Stage.OUTCOME, Stage.SENTENCE, Stage.AFTER_SENTENCE):
        previous = teams[TeamKind.POLICE][0]["id"]
        tables[CaseEvent].append({"id": ids.take(CaseEvent), "case_id": case_id,
                                  "kind": "handover", "stage": None, "from_team_id": previous,
                                  "to_team_id": team["id"], "occurred_at": moment})

    told = _Teller(rng, ids, tables, case_id, contact, readers, area, now)
    if stage in (Stage.COURT, Stage.OUTCOME, Stage.SENTENCE, Stage.AFTER_SENTENCE):
        for n in range(rng.randint(1, 4)):
            coming = stage is Stage.COURT and n == 0
            starts = (now + dt.timedelta(days=rng.randint(1, 90)) if coming
                      else now - dt.timedelta(days=rng.randint(1, 300)))
            starts = starts.replace(hour=10, minute=0, second=0, microsecond=0)
            # Listed about a month ahead; a hearing still to come was listed before today.
            listed = starts - dt.timedelta(days=30)
            if listed >= now:
                listed = now - dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 6))
            hearing_id = ids.take(Hearing)
            must_attend = rng.random() < 0.3
            outcome_at = None if coming else starts + dt.timedelta(hours=6)
            tables[Hearing].append({
                "id": hearing_id, "case_id": case_id, "court_id": rng.choice(courts),
                "kind": rng.choice(list(HearingKind)), "starts_at": starts,
                "must_attend": must_attend,
                "status": HearingStatus.LISTED if coming else HearingStatus.HEARD,
                "outcome": None if coming else "adjourned",
                "outcome_recorded_at": outcome_at, "created_at": listed})
            # The hearing's date (before the hearing, whatever the working days allow), then
            # what happened at it.
            told.duty(UpdateEvent.HEARING_LISTED, ObligationKind.HEARING_DATE_TOLD, listed,
                      by=starts, hearing_id=hearing_id, required=must_attend)
            if outcome_at is not None:
                told.duty(UpdateEvent.HEARING_OUTCOME, ObligationKind.HEARING_OUTCOME_TOLD,
                          outcome_at, hearing_id=hearing_id)

    decision_id = None
    if stage in (Stage.COURT, Stage.OUTCOME, Stage.SENTENCE, Stage.AFTER_SENTENCE,
                 Stage.CLOSED):
        kind = (DecisionKind.CHARGED if stage is not Stage.CLOSED
                else rng.choice([DecisionKind.NO_FURTHER_ACTION, DecisionKind.OUT_OF_COURT,
                                 DecisionKind.CHARGE_DROPPED]))
        decision_id = ids.take(Decision)
        made = min(now, reported + dt.timedelta(days=rng.randint(10, 120)))
        tables[Decision].append({"id": decision_id, "case_id": case_id, "kind": kind,
                                 "made_at": made, "reasons": "The evidence.",
                                 "recorded_at": made})
        if kind in LETTER_DECISIONS:
            told.duty(UpdateEvent(kind), ObligationKind.DECISION_LETTER, made,
                      decision_id=decision_id, enhanced=enhanced)
        elif kind is DecisionKind.CHARGED:  # no duty, but the victims are told all the same
            told.send(UpdateEvent.CHARGED, made + dt.timedelta(hours=rng.randint(2, 48)),
                      decision_id=decision_id)

    for kind in (ObligationKind.WRITTEN_CONFIRMATION, ObligationKind.NEEDS_ASSESSMENT,
                 ObligationKind.SUPPORT_REFERRAL):
        if rng.random() < 0.8:
            tables[CaseAction].append({
                "id": ids.take(CaseAction), "case_id": case_id, "kind": kind,
                "caseworker_id": contact, "details": "Done at the first contact.",
                "at": reported + dt.timedelta(days=rng.randint(0, 3)),
                "hearing_id": None, "decision_id": None, "update_id": None})
    if investigation is not None:
        # The offer of a victim personal statement, recorded by the caseworker.
        told.duty(None, ObligationKind.PERSONAL_STATEMENT, investigation)

    # The news in between: fewer where the hearings and decisions already said a lot.
    for n in range(max(1, rng.randint(2, 6) - told.updates)):
        update_id = ids.take(Update)
        sent = min(now, reported + dt.timedelta(days=7 * (n + 1)))
        tables[Update].append({
            "id": update_id, "case_id": case_id, "author_id": contact,
            "event": UpdateEvent.GENERAL, "hearing_id": None, "decision_id": None,
            "language": "en", "body_html": f"<p>{WORDS}</p>", "body_text": WORDS,
            "warnings": [], "urgent": False, "created_at": sent})
        for victim_id in victims:
            delivered = rng.random() < 0.95
            tables[Notification].append({
                "id": ids.take(Notification), "victim_id": victim_id, "case_id": case_id,
                "update_id": update_id, "kind": "update", "channel": "email",
                "status": DeliveryStatus.SENT if delivered else DeliveryStatus.FAILED,
                "reason": None, "urgent": False, "not_before": sent, "attempts": 1,
                "provider_id": f"scale-{update_id}-{victim_id}",
                "created_at": sent, "sent_at": sent if delivered else None})

    if rng.random() < 0.1:
        for n in range(rng.randint(1, 5)):
            written = now - dt.timedelta(hours=rng.randint(1, 900))
            tables[CaseMessage].append({
                "id": ids.take(CaseMessage), "case_id": case_id, "victim_id": victims[0],
                "author_kind": FROM_VICTIM if n % 2 == 0 else FROM_CASEWORKER,
                "author_id": None if n % 2 == 0 else contact,
                "body": "Is there any news?", "created_at": written,
                "read_at": written if rng.random() < 0.7 else None})


class _Teller:
    """The updates and recorded actions that meet a case's Victims' Code duties, as
    services/case_file/updates.post writes them: an update about the hearing or decision, its
    translation into each victim's language (obligations count a victim reached only in their
    own language), a notification to each victim, and the CaseAction naming the hearing or
    decision and the update. Sent on time, late or never (``ON_TIME``, ``LATE``)."""

    def __init__(self, rng, ids, tables, case_id, author, readers, area, now):
        self.rng, self.ids, self.tables = rng, ids, tables
        self.case_id, self.author, self.readers = case_id, author, readers
        self.area, self.now = area, now
        self.updates = 0

    def when(self, kind: ObligationKind, since: dt.datetime, by: dt.datetime | None = None,
             enhanced: bool = False) -> dt.datetime | None:
        """When the team met a duty that arose at ``since``: on time (mostly within a day),
        late by one to six working days, or never (None; also when that is still to come)."""
        rng = self.rng
        chance = rng.random()
        if chance >= ON_TIME + LATE:
            return None
        rule = RULES[kind]
        days = rule.enhanced_working_days if enhanced and rule.enhanced_working_days else (
            rule.working_days)
        due_day = add_working_days(london.local_date(since), days, self.area)
        due = london.end_of_day(due_day)
        if by is not None and by < due:
            due = max(by, since)
        if chance < ON_TIME:
            room = min((due - since).total_seconds() * 0.8, 30 * 3600.0)
            sent = since + dt.timedelta(seconds=rng.uniform(min(1800.0, room), room))
        else:
            late_day = add_working_days(due_day, rng.randint(1, 6), self.area)
            sent = london.at(late_day, dt.time(rng.randint(9, 16), rng.randint(0, 59)))
        return sent if sent <= self.now else None

    def duty(self, event: UpdateEvent | None, kind: ObligationKind, since: dt.datetime, *,
             by: dt.datetime | None = None, hearing_id: int | None = None,
             decision_id: int | None = None, enhanced: bool = False,
             required: bool = False) -> None:
        sent = self.when(kind, since, by, enhanced)
        if sent is None:
            return
        update_id = None
        if event is not None:
            update_id = self.send(event, sent, hearing_id=hearing_id, decision_id=decision_id,
                                  required=required)
        self.tables[CaseAction].append({
            "id": self.ids.take(CaseAction), "case_id": self.case_id, "kind": kind,
            "caseworker_id": self.author, "at": sent, "hearing_id": hearing_id,
            "decision_id": decision_id, "update_id": update_id,
            "details": ("Update sent." if update_id else
                        "Offered the chance to make a victim personal statement.")})

    def send(self, event: UpdateEvent, sent: dt.datetime, *, hearing_id: int | None = None,
             decision_id: int | None = None, required: bool = False) -> int | None:
        """An update to every victim, translated for those who read another language."""
        if sent > self.now:
            return None
        ids, tables = self.ids, self.tables
        update_id = ids.take(Update)
        words = TOLD_WORDS[event]
        self.updates += 1
        tables[Update].append({
            "id": update_id, "case_id": self.case_id, "author_id": self.author,
            "event": event, "hearing_id": hearing_id, "decision_id": decision_id,
            "language": "en", "body_html": f"<p>{words}</p>", "body_text": words,
            "warnings": [], "urgent": False, "created_at": sent})
        for language in {language for _, language, _ in self.readers if language != "en"}:
            tables[UpdateTranslation].append({
                "id": ids.take(UpdateTranslation), "update_id": update_id,
                "language": language, "body_html": f"<p>{words}</p>", "body_text": words,
                "translated_by_id": self.author, "created_at": sent})
        # As the delivery engine plans it (outbox.plan): news that need not reach everyone is
        # skipped for a victim who asked for key decisions only.
        skips = not required and event not in MUST_REACH_EVENTS and event in HEARING_NEWS
        for victim_id, _, frequency in self.readers:
            if skips and frequency == Frequency.KEY_DECISIONS:
                status, reason = DeliveryStatus.SKIPPED, "key_decisions_only"
            elif self.rng.random() < FAILS:
                status, reason = DeliveryStatus.FAILED, "gave_up"
            else:
                status, reason = DeliveryStatus.SENT, None
            tables[Notification].append({
                "id": ids.take(Notification), "victim_id": victim_id, "case_id": self.case_id,
                "update_id": update_id, "kind": "update", "channel": "email",
                "status": status, "reason": reason, "urgent": False, "not_before": sent,
                "attempts": 0 if status == DeliveryStatus.SKIPPED else 1,
                "provider_id": f"scale-{update_id}-{victim_id}", "created_at": sent,
                "sent_at": sent if status == DeliveryStatus.SENT else None})
        return update_id


def _advance_sequences() -> None:
    """Rows were written with chosen ids: move PostgreSQL's sequences past them."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (Organisation, Team, Caseworker, Court, Case, Victim, CaseVictim,
                  ContactPreference, CaseEvent, Hearing, Decision, Update, UpdateTranslation,
                  Notification, CaseMessage, CaseAction):
        table = model.__tablename__
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"))
