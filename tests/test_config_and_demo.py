"""Configuration refuses unsafe production starts; the demo data covers the journey."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal import create_app, demo
from portal.config import ConfigurationError
from portal.extensions import db
from portal.models import Case, CaseVictim, Decision, Hearing, Victim
from portal.models.enums import DecisionKind, HearingOutcome, Stage


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    for name in ("SECRET_KEY", "DATABASE_URL", "TWILIO_ACCOUNT_SID", "SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError) as error:
        create_app(env="production")
    assert "SECRET_KEY" in str(error.value)


def test_production_never_serves_the_development_outbox():
    app = create_app({
        "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "TWILIO_ACCOUNT_SID": "AC123", "TWILIO_AUTH_TOKEN": "t", "TWILIO_FROM": "+15005550006",
        "SMTP_HOST": "127.0.0.1", "DEV_OUTBOX": False,
    }, env="production")
    assert "dev.outbox" not in app.view_functions
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    from portal.config import DevelopmentConfig

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, second = DevelopmentConfig(), DevelopmentConfig()
    first.SECRET_KEY = second.SECRET_KEY = None
    first.apply_instance_defaults(str(tmp_path))
    second.apply_instance_defaults(str(tmp_path))
    assert len(first.SECRET_KEY) == 64 and first.SECRET_KEY == second.SECRET_KEY
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_demo_covers_every_stage_and_the_required_situations(app):
    demo.load()
    assert demo.load().cases_added == 0  # idempotent
    cases = db.session.scalars(select(Case)).all()
    assert len(cases) >= 12
    assert {c.stage for c in cases} == {s.value for s in Stage}
    kinds = set(db.session.scalars(select(Decision.kind)))
    assert {DecisionKind.NO_FURTHER_ACTION, DecisionKind.CHARGE_DROPPED} <= kinds
    assert db.session.scalar(select(func.count()).select_from(Decision).where(
        Decision.kind == DecisionKind.SENTENCE, Decision.sentence_months >= 12,
        Decision.case.has(Case.violent_or_sexual.is_(True)))) >= 1
    assert db.session.scalar(select(func.count()).select_from(Hearing).where(
        Hearing.outcome == HearingOutcome.ADJOURNED)) >= 1
    assert any(c.enhanced_rights for c in cases)
    languages = set(db.session.scalars(select(Victim.language)))
    assert {"cy", "pl", "ar"} <= languages
    per_victim = db.session.execute(
        select(CaseVictim.victim_id, func.count()).group_by(CaseVictim.victim_id)).all()
    assert any(count >= 2 for _, count in per_victim)
    # Parole under the Victim Contact Scheme: a decision, its duties met in the past.
    from portal.models import CaseAction, ParoleReview

    review = db.session.scalars(select(ParoleReview)).one()
    assert review.status == "release_directed" and review.hearing_on is not None
    assert {"parole_review_told", "parole_decision_told"} <= set(db.session.scalars(
        select(CaseAction.kind).where(CaseAction.case_id == review.case_id)))


def test_demo_cli_prints_sign_in_details(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert demo.DEMO_VICTIM_EMAIL in result.output
    assert demo.DEMO_CASEWORKER_EMAIL in result.output
    assert "/invitation/" in result.output
    # Every demo victim who can sign in is printed, with their language, so the Welsh, Polish,
    # Arabic, Romanian and Urdu pages can be found without reading demo.py.
    for _name, email, _phone, _language, active in demo.VICTIMS.values():
        assert (email in result.output) is active
    for language in ("Welsh", "Polish", "Arabic", "Romanian", "Urdu"):
        assert language in result.output


@pytest.mark.parametrize("today", ["2026-12-06", "2026-12-21", "2027-04-01"])
def test_demo_hearings_and_decisions_fall_on_working_days(app, today):
    """Courts sit and teams decide on working days: not on a weekend, not on Christmas or
    Easter Monday (the demo is loaded on the day it runs, so try several)."""
    import datetime as dt

    from portal import london
    from portal.models.enums import Area
    from portal.services import working_days

    demo.load(today=dt.date.fromisoformat(today))
    for hearing in db.session.scalars(select(Hearing)):
        day = london.local_date(hearing.starts_at)
        assert working_days.is_working_day(day, Area.ENGLAND), (today, day)
    for decision in db.session.scalars(select(Decision)):
        day = london.local_date(decision.made_at)
        assert working_days.is_working_day(day, Area.ENGLAND), (today, day)


def test_demo_is_refused_in_production(app, monkeypatch):
    """The demo's accounts and passwords are published: they must never reach production."""
    from portal.models import Caseworker

    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0 and "refused in production" in result.output
    assert db.session.scalar(select(func.count()).select_from(Caseworker)) == 0


def test_scaled_demo_adds_cases_that_can_never_reach_a_real_person(app):
    from portal.demo import scale
    from portal.models import Case, Notification, Victim

    first = scale.generate(40, seed=3)
    second = scale.generate(40, seed=4)
    assert (first.cases, second.cases) == (40, 40)
    references = db.session.scalars(select(Case.crime_reference).where(
        Case.crime_reference.like("SC/%")).order_by(Case.crime_reference)).all()
    assert references[0] == "SC/0000001" and references[-1] == "SC/0000080"
    victims = db.session.scalars(select(Victim)).all()
    assert len(victims) >= 80
    assert all(v.phone is None and v.email.endswith("@example.invalid") for v in victims)
    assert db.session.scalar(select(func.count()).select_from(Notification)) >= 160
    stages = set(db.session.scalars(select(Case.stage)).all())
    assert len(stages) >= 5


def test_scaled_demo_meets_its_duties_as_teams_do(app):
    """The generated teams tell victims of hearings, outcomes and decisions as the inspection
    found: mostly on time, some late, some never. Every generated update was once "general",
    which met no hearing or decision duty, so the benchmarks' lists showed nearly every court
    case overdue and the team figures had no time to tell victims."""
    import datetime as dt

    from portal.demo import scale
    from portal.models import ObligationRecord
    from portal.services.case_file import due_index

    now = dt.datetime(2026, 11, 4, 12, tzinfo=dt.timezone.utc)  # the same working days always
    scale.generate(400, seed=8, now=now)
    due_index.refresh(list(db.session.scalars(select(Case.id))), now=now)
    db.session.commit()
    rows = db.session.execute(select(ObligationRecord.kind, ObligationRecord.met_at,
                                     ObligationRecord.due_at)).all()
    for kind in ("hearing_date_told", "hearing_outcome_told", "decision_letter",
                 "personal_statement"):
        owed = [(met, due) for k, met, due in rows if k == kind]
        met = [(m, d) for m, d in owed if m is not None]
        on_time = [m for m, d in met if m <= d]
        assert len(owed) >= 15, kind
        assert len(met) >= 0.6 * len(owed), (kind, len(met), len(owed))
        assert len(on_time) >= 0.5 * len(owed), (kind, len(on_time), len(owed))
        assert len(on_time) < len(met) < len(owed), (kind, len(on_time), len(met), len(owed))
