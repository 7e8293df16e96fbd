"""Realistic, fictional demo data: teams, courts, caseworkers, victims and cases at every stage.

Idempotent: each case is keyed by its crime reference and each person by their email address,
so running it twice adds nothing. Dates are set relative to the day it first runs. Phone numbers
are from Ofcom's range for drama (07700 900000 to 900999), addresses from example domains.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from portal import london
from portal.extensions import db
from portal.models import (
    BailChange,
    Case,
    CaseEvent,
    CaseVictim,
    Caseworker,
    ContactPreference,
    Court,
    Decision,
    Hearing,
    Organisation,
    PropertyItem,
    Release,
    Team,
    Victim,
)
from portal.models.enums import (
    JOURNEY,
    VIOLENT_OR_SEXUAL_OFFENCES,
    Area,
    DecisionKind,
    HearingKind,
    HearingOutcome,
    HearingStatus,
    Offence,
    Role,
    Stage,
    TeamKind,
)
from portal.models.types import utcnow
from portal.services import working_days
from portal.services.sign_in.passwords import hash_password

DEMO_VICTIM_EMAIL = "sam.taylor@example.org"
DEMO_VICTIM_PASSWORD = "correct horse battery staple"
DEMO_CASEWORKER_EMAIL = "jo.bennett@northshire-police.example"
DEMO_CASEWORKER_PASSWORD = "blue kettle morning train"
# Fixed so the demo's authenticator set-up can be printed; real accounts get a random secret.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DEMO_INVITED_EMAIL = "aisha.rahman@example.com"
DEMO_TRANSLATOR_EMAIL = "marta.kowalska@translators.example"
# Compares the demo's teams (the area view) for the Local Criminal Justice Board: no team.
DEMO_AREA_LEAD_EMAIL = "sian.lloyd@criminal-justice-board.example"


@dataclass
class DemoResult:
    cases_added: int
    invitation_token: str | None


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return london.at(day, dt.time(hour, minute))


def _workday(day: dt.date, step: int = 1) -> dt.date:
    """The nearest working day in England (no weekend, no bank holiday: courts sit and teams
    decide on working days), later (step 1) or earlier (step -1)."""
    while not working_days.is_working_day(day, Area.ENGLAND):
        day += dt.timedelta(days=step)
    return day


def load(today: dt.date | None = None) -> DemoResult:
    today = today or london.today()
    teams = _teams()
    courts = _courts()
    staff = _caseworkers(teams)
    victims = _victims()
    before = db.session.scalar(select(db.func.count()).select_from(Case))
    for spec in _case_specs(today, teams, courts, staff, victims):
        _case(spec)
    db.session.commit()
    _updates(staff)
    from portal.demo import support

    support.load(support.load_services())
    db.session.commit()
    after = db.session.scalar(select(db.func.count()).select_from(Case))
    return DemoResult(cases_added=after - before, invitation_token=_invitation())


def _get_or_create(model, lookup: dict, **values):
    row = db.session.scalar(select(model).filter_by(**lookup))
    if row is None:
        row = model(**lookup, **values)
        db.session.add(row)
        db.session.flush()
    return row


def _teams() -> dict[str, Team]:
    orgs = {
        "police": _get_or_create(Organisation, {"name": "Northshire Police"}, kind="police",
                                 complaints_url="https://northshire-police.example/complaints"),
        "wales_police": _get_or_create(Organisation, {"name": "Dyfed Valleys Police"},
                                       kind="police",
                                       complaints_url="https://dyfed-valleys.example/complaints"),
        "cps": _get_or_create(Organisation, {"name": "Crown Prosecution Service, Northshire"},
                              kind="prosecution",
                              complaints_url="https://cps-northshire.example/feedback"),
        "probation": _get_or_create(Organisation, {"name": "Probation Service, Northshire"},
                                    kind="probation",
                                    complaints_url="https://probation-northshire.example/"
                                                   "complaints"),
    }
    specs = {
        "police": ("police", "Eastbridge Investigations Team", TeamKind.POLICE, "01632 960100"),
        "wcu": ("police", "Northshire Witness Care Unit", TeamKind.WITNESS_CARE, "01632 960200"),
        "cps": ("cps", "Northshire Victim Liaison Unit", TeamKind.PROSECUTION, "01632 960300"),
        "probation": ("probation", "Northshire Victim Contact Team", TeamKind.PROBATION,
                      "01632 960400"),
        "wales_police": ("wales_police", "Aberglas Investigations Team", TeamKind.POLICE,
                         "01632 960500"),
        "wales_wcu": ("wales_police", "Dyfed Valleys Witness Care Unit", TeamKind.WITNESS_CARE,
                      "01632 960600"),
        "wales_probation": ("probation", "Dyfed Victim Contact Team", TeamKind.PROBATION,
                            "01632 960700"),
    }
    # Teams in Wales, by their Welsh names too.
    welsh = {"wales_police": "Tîm Ymchwiliadau Aberglas",
             "wales_wcu": "Uned Gofal Tystion Cymoedd Dyfed",
             "wales_probation": "Tîm Cyswllt Dioddefwyr Dyfed"}
    return {
        key: _get_or_create(Team, {"name": name}, organisation=orgs[org], kind=kind,
                            phone=phone, name_cy=welsh.get(key),
                            email=f"{key.replace('_', '-')}@teams.example",
                            opens_at=dt.time(9, 0), closes_at=dt.time(17, 0))
        for key, (org, name, kind, phone) in specs.items()
    }


def _courts() -> dict[str, Court]:
    return {
        "mags": _get_or_create(Court, {"name": "Eastbridge Magistrates' Court"},
                               address="1 Market Street, Eastbridge, NR1 1AA",
                               phone="01632 960700"),
        "crown": _get_or_create(Court, {"name": "Northshire Crown Court"},
                                address="Castle Hill, Northshire, NR2 2BB", phone="01632 960800"),
        "wales": _get_or_create(Court, {"name": "Aberglas Magistrates' Court"},
                                name_cy="Llys Ynadon Aberglas",
                                address="Heol y Castell, Aberglas, SA1 1CC", phone="01632 960900"),
    }


def _caseworkers(teams: dict[str, Team]) -> dict[str, Caseworker]:
    people = {
        "jo": ("Jo Bennett", DEMO_CASEWORKER_EMAIL, "wcu", Role.CASEWORKER, "01632 960201"),
        "raj": ("Raj Patel", "raj.patel@northshire-police.example", "police", Role.CASEWORKER,
                "01632 960101"),
        "helen": ("Helen Carter", "helen.carter@northshire-police.example", "wcu", Role.MANAGER,
                  "01632 960202"),
        "owen": ("Owen Price", "owen.price@cps-northshire.example", "cps", Role.CASEWORKER,
                 "01632 960301"),
        "maya": ("Maya Hughes", "maya.hughes@probation-northshire.example", "probation",
                 Role.CASEWORKER, "01632 960401"),
        "rhys": ("Rhys Morgan", "rhys.morgan@dyfed-valleys.example", "wales_wcu",
                 Role.CASEWORKER, "01632 960601"),
        "ffion": ("Ffion Davies", "ffion.davies@dyfed-valleys.example", "wales_police",
                  Role.CASEWORKER, "01632 960501"),
        # A victim liaison officer in Wales (the Victim Contact Scheme in Welsh).
        "elin": ("Elin Rees", "elin.rees@probation-dyfed.example", "wales_probation",
                 Role.CASEWORKER, "01632 960701"),
    }
    staff = {}
    for key, (name, email, team, role, phone) in people.items():
        staff[key] = _get_or_create(
            Caseworker, {"email": email}, name=name, team=teams[team], role=role,
            phone=phone, password_hash=hash_password(DEMO_CASEWORKER_PASSWORD),
            totp_secret=DEMO_TOTP_SECRET,
        )
    _get_or_create(Caseworker, {"email": "admin@portal.example"}, name="Portal administrator",
                   role=Role.ADMIN, password_hash=hash_password(DEMO_CASEWORKER_PASSWORD),
                   totp_secret=DEMO_TOTP_SECRET)
    _get_or_create(Caseworker, {"email": DEMO_TRANSLATOR_EMAIL}, name="Marta Kowalska",
                   role=Role.TRANSLATOR, password_hash=hash_password(DEMO_CASEWORKER_PASSWORD),
                   totp_secret=DEMO_TOTP_SECRET)
    _get_or_create(Caseworker, {"email": DEMO_AREA_LEAD_EMAIL}, name="Siân Lloyd",
                   role=Role.AREA_LEAD, password_hash=hash_password(DEMO_CASEWORKER_PASSWORD),
                   totp_secret=DEMO_TOTP_SECRET)
    return staff


# The demo's victims: name, email, phone, language, and whether they have signed in before.
VICTIMS = {
    "sam": ("Sam Taylor", DEMO_VICTIM_EMAIL, "+447700900101", "en", True),
    "alex": ("Alex Taylor", "alex.taylor@example.org", "+447700900102", "en", True),
    "gwen": ("Gwen Pritchard", "gwen.pritchard@example.org", "+447700900103", "cy", True),
    "kasia": ("Katarzyna Nowak", "katarzyna.nowak@example.org", "+447700900104", "pl", True),
    "layla": ("Layla Haddad", "layla.haddad@example.org", "+447700900105", "ar", True),
    "andrei": ("Andrei Popescu", "andrei.popescu@example.org", "+447700900106", "ro", True),
    "imran": ("Imran Qureshi", "imran.qureshi@example.org", "+447700900107", "ur", True),
    "priya": ("Priya Shah", "priya.shah@example.org", "+447700900108", "en", True),
    "tom": ("Tom Williams", "tom.williams@example.org", "+447700900109", "en", True),
    "chloe": ("Chloe Evans", "chloe.evans@example.org", "+447700900110", "en", True),
    "daniel": ("Daniel Okafor", "daniel.okafor@example.org", "+447700900111", "en", True),
    "megan": ("Megan Jones", "megan.jones@example.org", "+447700900112", "cy", True),
    "aisha": ("Aisha Rahman", DEMO_INVITED_EMAIL, "+447700900113", "en", False),
}


def _victims() -> dict[str, Victim]:
    people = VICTIMS
    victims = {}
    for key, (name, email, phone, language, active) in people.items():
        victim = _get_or_create(Victim, {"email": email}, full_name=name, phone=phone,
                                language=language,
                                activated_at=utcnow() if active else None)
        victims[key] = victim
    sam = victims["sam"]
    if sam.password_hash is None:
        sam.password_hash = hash_password(DEMO_VICTIM_PASSWORD)
    for key in ("sam", "gwen", "kasia", "layla"):
        victim = victims[key]
        if victim.preference is None:
            db.session.add(ContactPreference(
                victim=victim, channels=["sms", "email"],
                windows=[{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "19:00"}],
                discreet=key == "layla", asked_at=utcnow(),
            ))
    db.session.flush()
    return victims


def _case_specs(today, teams, courts, staff, victims) -> list[dict]:
    d = lambda days: _workday(today + dt.timedelta(days=days))  # noqa: E731
    past = lambda days: _workday(today - dt.timedelta(days=days), -1)  # noqa: E731
    return [
        dict(ref="NS/24/0001", offence=Offence.BURGLARY, stage=Stage.COURT, team="wcu",
             contact=staff["jo"], victims=["sam", "alex"], reported=past(120),
             decisions=[(DecisionKind.CHARGED, past(60), "There was enough evidence to charge "
                         "the man we arrested with burglary: fingerprints at your home and "
                         "your stolen laptop found at his address.", None)],
             hearings=[(courts["mags"], HearingKind.FIRST, past(45), 10, False,
                        HearingStatus.HEARD, HearingOutcome.SENT_TO_CROWN_COURT),
                       (courts["crown"], HearingKind.TRIAL, d(21), 10, True,
                        HearingStatus.LISTED, None)],
             # Released by the court until the trial, with rules that keep him away.
             bail=[("granted", "court_bail", past(45), dict(
                 no_contact=True, exclusion_area="Elm Grove and the streets around your home",
                 curfew_from=dt.time(19), curfew_until=dt.time(7),
                 residence="Flat 2, 31 Mill Lane, Northshire"))],
             # Found at his address: the laptop is evidence for the trial; the jewellery box
             # was photographed and can be collected (issue 14: property to collect).
             property=[("Your silver laptop", "evidence", "held_as_evidence", None, None),
                       ("Your wooden jewellery box with two rings in it", "evidence",
                        "ready_to_collect", "Northfield police station, 12 Station Road. The "
                        "front desk is open 8am to 8pm every day. Bring photo ID and your "
                        "crime reference.", past(2))]),
        dict(ref="NS/24/0002", offence=Offence.CRIMINAL_DAMAGE, stage=Stage.REPORTED,
             team="police", contact=staff["raj"], victims=["sam"], reported=past(3)),
        dict(ref="DV/24/0003", offence=Offence.ASSAULT_ACTUAL_BODILY_HARM, stage=Stage.COURT,
             team="wales_wcu", contact=staff["rhys"], victims=["gwen"], reported=past(150),
             area=Area.WALES,
             decisions=[(DecisionKind.CHARGED, past(90), "The prosecution decided there was "
                         "enough evidence to charge him with assault causing injury.", None)],
             hearings=[(courts["wales"], HearingKind.PLEA_AND_TRIAL_PREPARATION, past(30), 10,
                        False, HearingStatus.HEARD, HearingOutcome.ADJOURNED),
                       (courts["wales"], HearingKind.PLEA_AND_TRIAL_PREPARATION, d(9), 14, False,
                        HearingStatus.MOVED, None)],
             note="The hearing was postponed because the defendant's lawyer was ill."),
        dict(ref="NS/24/0004", offence=Offence.ROBBERY, stage=Stage.SENTENCE, team="wcu",
             contact=staff["jo"], victims=["kasia"], reported=past(300),
             decisions=[(DecisionKind.CHARGED, past(250), "There was enough evidence to "
                         "charge him with robbery.", None),
                        (DecisionKind.VERDICT_GUILTY, past(20), "He admitted the robbery at "
                         "court.", None),
                        (DecisionKind.SENTENCE, past(2), "The judge said the robbery was "
                         "planned and you were badly frightened. He will serve up to half of "
                         "the sentence in prison and the rest on licence in the community.", 30)],
             hearings=[(courts["crown"], HearingKind.SENTENCING, past(2), 10, False,
                        HearingStatus.HEARD, HearingOutcome.SENTENCED)]),
        dict(ref="NS/24/0005", offence=Offence.STALKING, stage=Stage.INVESTIGATION,
             team="police", contact=staff["raj"], victims=["layla"], reported=past(14),
             enhanced=True),
        dict(ref="NS/24/0006", offence=Offence.THEFT, stage=Stage.CLOSED, team="police",
             contact=staff["raj"], victims=["andrei"], reported=past(60),
             closed_after=Stage.INVESTIGATION,
             decisions=[(DecisionKind.NO_FURTHER_ACTION, past(4), "We could not find anyone "
                         "who saw the theft, and the camera footage did not show the person's "
                         "face clearly, so we cannot identify who did it.", None)]),
        dict(ref="NS/24/0007", offence=Offence.FRAUD, stage=Stage.CHARGING, team="cps",
             contact=staff["owen"], victims=["imran"], reported=past(200)),
        dict(ref="NS/24/0008", offence=Offence.HARASSMENT, stage=Stage.CLOSED, team="cps",
             contact=staff["owen"], victims=["priya"], reported=past(180), enhanced=True,
             closed_after=Stage.COURT,
             decisions=[(DecisionKind.CHARGED, past(120), "There was enough evidence to "
                         "charge him with harassment.", None),
                        (DecisionKind.CHARGE_DROPPED, past(1), "A key witness has moved abroad "
                         "and cannot give evidence, so there is no longer enough evidence for "
                         "a realistic chance that he would be found guilty.", None)]),
        dict(ref="NS/23/0009", offence=Offence.GRIEVOUS_BODILY_HARM, stage=Stage.AFTER_SENTENCE,
             team="probation", contact=staff["maya"], victims=["tom"], reported=past(700),
             decisions=[(DecisionKind.VERDICT_GUILTY, past(420), "The jury was sure, from the "
                         "evidence you and the doctor gave, that he caused your injuries.",
                         None),
                        (DecisionKind.SENTENCE, past(400), "The judge gave a long sentence "
                         "because the attack caused you lasting injuries.", 48)],
             hearings=[(courts["crown"], HearingKind.SENTENCING, past(400), 10, False,
                        HearingStatus.HEARD, HearingOutcome.SENTENCED)],
             # In the Victim Contact Scheme: the Parole Board directed his release, and he
             # is released next month on licence, with the conditions that protect him (the
             # residence for the team only).
             parole=dict(eligible_on=past(60), status="release_directed",
                         review_started_on=past(150), hearing_on=past(40),
                         decided_on=past(20)),
             release=(d(30), dict(
                 no_contact=True, exclusion_area="the town centre of Eastbridge",
                 curfew_from=dt.time(19), curfew_until=dt.time(7), electronic_monitoring=True,
                 residence="Approved premises, 4 Station Road, Westbridge"))),
        # A Welsh speaker in the Victim Contact Scheme (the release journey in Welsh).
        dict(ref="DV/22/0015", offence=Offence.GRIEVOUS_BODILY_HARM,
             stage=Stage.AFTER_SENTENCE, team="wales_probation", contact=staff["elin"],
             victims=["gwen"], reported=past(900), area=Area.WALES,
             decisions=[(DecisionKind.VERDICT_GUILTY, past(620), "The jury was sure he caused "
                         "your injuries.", None),
                        (DecisionKind.SENTENCE, past(600), "The judge said the attack was "
                         "planned and caused you serious harm.", 36)],
             release=(d(25), dict(no_contact=True,
                                  exclusion_area="canol tref Aberglas (Aberglas town centre)",
                                  electronic_monitoring=True,
                                  residence="Approved premises, 9 Heol y Bont, Caerfyrddin"))),
        dict(ref="NS/24/0010", offence=Offence.SEXUAL_ASSAULT, stage=Stage.OUTCOME, team="wcu",
             contact=staff["jo"], victims=["chloe"], reported=past(330), enhanced=True,
             decisions=[(DecisionKind.CHARGED, past(280), "There was enough evidence to "
                         "charge him with sexual assault.", None),
                        (DecisionKind.VERDICT_GUILTY, past(3), "The jury believed your evidence "
                         "and the messages he sent you.",
                         None)],
             hearings=[(courts["crown"], HearingKind.TRIAL, past(5), 10, True,
                        HearingStatus.HEARD, HearingOutcome.TRIAL_COMPLETED),
                       (courts["crown"], HearingKind.SENTENCING, d(28), 10, False,
                        HearingStatus.LISTED, None)]),
        dict(ref="NS/24/0011", offence=Offence.VEHICLE_THEFT, stage=Stage.INVESTIGATION,
             team="police", contact=staff["raj"], victims=["daniel"], reported=past(20)),
        dict(ref="DV/24/0012", offence=Offence.CONTROLLING_BEHAVIOUR, stage=Stage.COURT,
             team="wales_wcu", contact=staff["rhys"], victims=["megan"], reported=past(240),
             area=Area.WALES, enhanced=True,
             decisions=[(DecisionKind.CHARGED, past(160), "There was enough evidence to "
                         "charge him with controlling behaviour.", None),
                        (DecisionKind.CHARGE_CHANGED, past(40), "We added a charge of "
                         "harassment because of the messages he sent you after he was "
                         "charged.", None)],
             hearings=[(courts["wales"], HearingKind.TRIAL, d(35), 10, True,
                        HearingStatus.LISTED, None)],
             # Court bail broken by messages to the victim: kept in custody until the trial,
             # with a non-molestation order from the family court.
             bail=[("granted", "court_bail", past(160), dict(no_contact=True)),
                   ("breached", "remanded", past(40), dict(
                       order_kind="non_molestation_order", order_ends_on=d(365)))]),
        dict(ref="NS/24/0013", offence=Offence.RACIALLY_AGGRAVATED_PUBLIC_ORDER,
             stage=Stage.REPORTED, team="police", contact=staff["raj"], victims=["aisha"],
             reported=past(1)),
        dict(ref="NS/24/0014", offence=Offence.COMMON_ASSAULT, stage=Stage.CLOSED,
             team="police", contact=staff["raj"], victims=["daniel"], reported=past(90),
             closed_after=Stage.CHARGING,
             decisions=[(DecisionKind.OUT_OF_COURT, past(30), "The man admitted pushing you "
                         "and was given a conditional caution: he must pay for your broken "
                         "glasses and go on a course.", None)]),
    ]


def _case(spec: dict) -> None:
    if db.session.scalar(select(Case).where(Case.crime_reference == spec["ref"])):
        return
    team = spec["contact"].team
    reported: dt.date = spec["reported"]
    case = Case(
        crime_reference=spec["ref"], offence=spec["offence"],
        violent_or_sexual=spec["offence"] in VIOLENT_OR_SEXUAL_OFFENCES,
        enhanced_rights=spec.get("enhanced", False), area=spec.get("area", Area.ENGLAND),
        stage=spec["stage"], reported_on=reported, team=team, contact=spec["contact"],
        created_at=_local(reported, 9),
    )
    db.session.add(case)
    db.session.flush()
    victims = db.session.scalars(select(Victim)).all()
    by_key = {v.email.split("@")[0].split(".")[0]: v for v in victims if v.email}
    key_map = {"kasia": "katarzyna"}
    for key in spec["victims"]:
        db.session.add(CaseVictim(case=case, victim=by_key[key_map.get(key, key)]))
    # History: every stage reached, spread between the report and today.
    last = spec.get("closed_after", spec["stage"])
    reached = JOURNEY[: JOURNEY.index(last) + 1] if last in JOURNEY else JOURNEY[:1]
    for i, stage in enumerate(reached):
        db.session.add(CaseEvent(case=case, kind="stage", stage=stage,
                                 occurred_at=_local(reported + dt.timedelta(days=i * 7), 10)))
    if spec["stage"] is Stage.CLOSED:
        db.session.add(CaseEvent(case=case, kind="stage", stage=Stage.CLOSED,
                                 occurred_at=utcnow()))
    for kind, day, reasons, months in spec.get("decisions", []):
        db.session.add(Decision(case=case, kind=kind, made_at=_local(day, 15), reasons=reasons,
                                sentence_months=months, team=team))
    for court, kind, day, hour, attend, status, outcome in spec.get("hearings", []):
        starts = _local(day, hour)
        # Listed three weeks before (or ten days ago for one still to come).
        listed = min(starts - dt.timedelta(days=21), utcnow() - dt.timedelta(days=10))
        hearing = Hearing(case=case, court=court, kind=kind, starts_at=starts,
                          must_attend=attend, status=status, outcome=outcome, created_at=listed)
        if status is HearingStatus.MOVED:
            hearing.previous_starts_at = _local(day - dt.timedelta(days=7), 10)
            hearing.changed_at = utcnow() - dt.timedelta(days=1)
            hearing.change_reason = "the defendant's lawyer is ill"
        if outcome:
            hearing.outcome_recorded_at = _local(day, 17)
            if outcome is HearingOutcome.ADJOURNED and spec.get("note"):
                hearing.outcome_note = spec["note"]
        db.session.add(hearing)
    for kind, status, day, conditions in spec.get("bail", []):
        db.session.add(BailChange(case=case, kind=kind, status=status, decided_on=day,
                                  recorded_by=spec["contact"], recorded_at=_local(day, 16),
                                  **conditions))
    for description, because, status, where, collect_from in spec.get("property", []):
        db.session.add(PropertyItem(case=case, description=description, held_because=because,
                                    status=status, collect_where=where,
                                    collect_from=collect_from, recorded_by=spec["contact"]))
    if spec.get("parole"):
        from portal.models import ParoleReview

        review = spec["parole"]
        db.session.add(ParoleReview(
            case=case, recorded_by=spec["contact"], recorded_at=_local(review["decided_on"], 16),
            review_recorded_at=_local(review["review_started_on"], 16),
            decision_recorded_at=_local(review["decided_on"], 16), **review))
    if spec.get("release"):
        expected_on, conditions = spec["release"]
        db.session.add(Release(case=case, expected_on=expected_on, recorded_by=spec["contact"],
                               recorded_at=utcnow() - dt.timedelta(days=1), **conditions))
    _record_past_actions(case, spec["contact"])


# What the demo's caseworkers wrote when they met each obligation.
_DONE = {
    "written_confirmation": "Letter with the crime reference sent by email.",
    "needs_assessment": "Needs assessment by phone: no extra needs at present.",
    "support_referral": "Referred to Victim Support with the victim's agreement.",
    "contact_preferences": "Asked by phone: texts on weekdays, email for anything long.",
    "personal_statement": "Offered a statement about how the crime affected them.",
    "hearing_date_told": "Phoned the victim with the date, time and court.",
    "hearing_outcome_told": "Phoned the victim with the outcome the same day.",
    "decision_letter": "Letter with the reasons, review rights and support sent.",
    "vcs_referral": "Referred to the probation victim contact team.",
    "release_contact": "Phoned the victim about the release.",
    "bail_told": "Phoned the victim with the court's decision and the rules that protect them.",
    "release_notice": "Phoned the victim with the release date and the licence conditions.",
    "probation_letter": "Letter about the scheme sent, with advice on unwanted contact.",
    "parole_review_told": "Phoned the victim: offered a statement for the Parole Board and "
                          "how to apply to attend.",
    "parole_decision_told": "Phoned the victim with the Parole Board's decision.",
}


def _record_past_actions(case: Case, contact: Caseworker) -> None:
    """Obligations that arose more than three days ago were met on time; newer ones are left
    for the console to show as due or overdue."""
    from portal.models import CaseAction
    from portal.services.case_file import obligations

    db.session.flush()
    cutoff = utcnow() - dt.timedelta(days=3)
    from portal.demo.support import REFERRALS

    # Met by the structured records demo/support.py adds, not by words.
    structured = ({"needs_assessment", "support_referral"}
                  if case.crime_reference in {r[0] for r in REFERRALS} else set())
    for owed in obligations.for_case(case, actions=[]):
        if owed.triggered_at >= cutoff or owed.kind in structured:
            continue
        done_at = min(owed.due_at, owed.triggered_at + dt.timedelta(hours=6))
        db.session.add(CaseAction(
            case_id=case.id, kind=owed.kind, caseworker_id=contact.id, at=done_at,
            details=_DONE[owed.kind], hearing_id=getattr(owed.hearing, "id", None),
            decision_id=getattr(owed.decision, "id", None)))


def _updates(staff: dict[str, Caseworker]) -> None:
    """A few updates already sent, so the case pages and the console have some to show: one on
    a Polish victim's case still waiting for the caseworker's words in Polish."""
    from portal.models import Update
    from portal.models.enums import UpdateEvent

    examples = {
        "NS/24/0001": (staff["jo"], UpdateEvent.HEARING_LISTED,
                       "The trial has been arranged at Northshire Crown Court. You will be asked "
                       "to give evidence, so please keep the date free. I will call you a week "
                       "before to talk about what happens on the day."),
        "NS/24/0004": (staff["jo"], UpdateEvent.SENTENCE,
                       "The judge gave him a prison sentence of 2 years and 6 months. He will "
                       "spend up to half of it in prison. Because the sentence is over 12 "
                       "months, a probation officer will contact you about the Victim Contact "
                       "Scheme."),
    }
    for reference, (author, event, words) in examples.items():
        case = db.session.scalar(select(Case).where(Case.crime_reference == reference))
        if case is None or case.updates:
            continue
        db.session.add(Update(case=case, author=author, event=event,
                              body_html=f"<p>{words}</p>", body_text=words, language="en"))
    db.session.commit()


def _invitation() -> str | None:
    """A fresh invitation for the demo victim who has not signed in yet, to try the journey."""
    from portal.services.sign_in.victim_auth import create_invitation

    victim = db.session.scalar(select(Victim).where(Victim.email == DEMO_INVITED_EMAIL))
    if victim is None or victim.activated_at is not None:
        return None
    case = victim.case_links[0].case if victim.case_links else None
    return create_invitation(victim, case) if case else None
