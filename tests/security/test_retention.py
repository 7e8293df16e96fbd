"""Retention (issue 15): cases closed longer than RETENTION_YEARS lose their people's details
and words, and keep their figures; with a frozen clock (``now=``), as the worker runs it."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import JSON, Date, String, Text, func, select, update

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
    Complaint,
    CourtNeed,
    DateToAvoid,
    Decision,
    DeliveryAttempt,
    Hearing,
    Invitation,
    LoginSession,
    Notification,
    PersonalStatement,
    PropertyItem,
    PropertyRequest,
    ReviewRequest,
    SignInChallenge,
    Task,
    TaskKind,
    Update,
    UpdateFeedback,
    UpdateTranslation,
    Victim,
    WordsKind,
    WordsTranslation,
)
from portal.models.enums import DecisionKind, Principal, Role, Stage
from portal.models.types import utcnow
from portal.services import retention
from portal.services.case_file import team_figures
from portal.services.sign_in import victim_auth as invitations
from portal.services.victim_input import conversations, court_needs, feedback, statements

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
YEARS = 6


def _years_after(moment: dt.datetime, years: int) -> dt.datetime:
    """Noon in London on the day ``years`` years after ``moment``'s (a frozen clock, well
    inside its London day)."""
    day = london.local_date(moment)
    return london.at(day.replace(year=day.year + years), dt.time(12))


def _close(case: Case, at: dt.datetime) -> None:
    case.stage = Stage.CLOSED
    db.session.add(CaseEvent(case=case, kind="stage", stage=Stage.CLOSED, occurred_at=at))
    db.session.commit()


@pytest.fixture
def world(make):
    """Gwen is on one old case only, with one of everything; Sam is on the old case and on a
    case still open; Rhys is on a case closed a little later. All closed on CLOSED_AT's day
    (the old case) or the day after (Rhys's)."""
    team = make.team()
    manager = make.staff(team=team, role=Role.MANAGER)
    gwen = make.victim(name="Gwen Jones")
    sam = make.victim(name="Sam Taylor")
    rhys = make.victim(name="Rhys Evans")
    make.preferences(gwen, channels=["letter", "sms"], postal_address="1 Quay Street, Cardiff",
                     other_needs="Gwen needs step-free access", interpreter=True,
                     interpreter_language="Gwen's dialect")
    make.preferences(sam, channels=["sms"], postal_address="2 Sam's Road")
    old = make.case(victims=[gwen, sam], team=team, contact=manager)
    live = make.case(victims=[sam], team=team)
    recent = make.case(victims=[rhys], team=team)

    hearing = make.hearing(old, outcome_note="Gwen's outcome note",
                           change_reason="Gwen's judge was ill")
    decision = make.decision(old, DecisionKind.CHARGED, reasons="Gwen's reasons")
    update = make.update(old, text="Gwen, the trial is in March.")
    update.warnings = [{"code": "long_sentence", "params": {"words": 30, "start": "Gwen"}}]
    statement = statements.add_upload(gwen, old, "gwen.pdf", PDF,
                                      Path(current_app.config["UPLOAD_FOLDER"]))
    statements.add_written(sam, old, "Sam's statement on the old case.")
    court_needs.add_date_to_avoid(gwen, old, dt.date.today() + dt.timedelta(days=40),
                                  "Gwen's hospital appointment")
    need = court_needs.ask_for(gwen, old, ["screens"], "Gwen does not want to see him")[0]
    court_needs.answer(manager, need, "agreed", "Screens agreed for Gwen")
    conversations.post_from_victim(gwen, old, "Gwen asks when the trial is.")
    reply = conversations.reply(manager, old, gwen, "Gwen, the trial is in March.")
    db.session.add(UpdateTranslation(update=update, language="cy", body_html="<p>Gwen.</p>",
                                     body_text="Gwen, mae'r treial ym mis Mawrth."))
    db.session.add(WordsTranslation(kind=WordsKind.REPLY, item_id=reply.id, language="cy",
                                    text="Gwen, mae'r treial ym mis Mawrth."))
    conversations.post_from_victim(sam, old, "Sam's message on the old case.")
    conversations.post_from_victim(sam, live, "Sam's message on the live case.")
    feedback.record(gwen, update, "partly", "Gwen wants to know more")
    feedback.start_complaint(gwen, old, team.organisation_id, "Gwen complains of the wait")
    invitations.create_invitation(gwen, old)
    db.session.add(Task(case=old, victim=gwen, kind=TaskKind.PHONE_CALL,
                        outcome="reached", outcome_note="Spoke to Gwen at 1 Quay Street"))
    db.session.add(CaseAction(case=old, kind="written_confirmation", caseworker=manager,
                              details="Letter sent to Gwen Jones"))
    db.session.add(SignInChallenge(id="c" * 64, victim=gwen, subject_hash="s" * 64,
                                   code_hash="h" * 64, expires_at=utcnow()))
    db.session.add(LoginSession(id="l" * 64, principal=Principal.VICTIM,
                                principal_id=gwen.id))
    sent = db.session.scalars(select(Notification).where(
        Notification.victim_id == gwen.id)).first()
    sent.provider_id = "SMgwen0001"
    db.session.add(DeliveryAttempt(notification=sent, channel="sms", outcome="accepted",
                                   provider_id="SMgwen0001"))
    db.session.add(BailChange(case=old, kind="granted", status="court_bail",
                              decided_on=dt.date(2026, 3, 2), no_contact=True,
                              exclusion_area="Quay Street, where Gwen lives",
                              residence="4 Harbour Road", recorded_by=manager))
    db.session.add(BreachReport(case=old, victim=gwen, what_happened="He waited at my door",
                                happened_on=dt.date(2026, 3, 9), happened_at="about 8pm"))
    review = ReviewRequest(case=old, decision=decision, victim=gwen, team=team,
                           scheme="cps", contact_by="email", reasons="Gwen disagrees",
                           outcome_notes="Gwen, the decision stands")
    db.session.add(review)
    db.session.flush()
    db.session.add(WordsTranslation(kind=WordsKind.REVIEW_OUTCOME, item_id=review.id,
                                    language="cy", text="Gwen, mae'r penderfyniad yn sefyll."))
    gwens_bike = PropertyItem(case=old, description="Gwen's red bike with her name on it",
                              held_because="evidence", status="held_as_evidence")
    db.session.add(PropertyRequest(item=gwens_bike, case_id=old.id, victim=gwen,
                                   note="Call Gwen on her work number"))
    from portal.services.case_file import supervision

    supervision.record(manager, old, "random", dict.fromkeys(supervision.ITEMS, "yes"),
                       "Gwen was not asked about her needs")
    from portal.models import NeedsAssessment, NeedsCorrection, SupportReferral, SupportService

    db.session.add(NeedsAssessment(case=old, victim=gwen, communication_note="Gwen lip-reads",
                                   risk="some", risk_note="He knows where Gwen works",
                                   assessed_on=dt.date(2026, 3, 2), stage="court"))
    db.session.add(NeedsCorrection(case=old, victim=gwen, what="Gwen moved house"))
    db.session.add(SupportReferral(case=old, victim=gwen, reference="VS-GWEN-1",
                                   service=SupportService(name="Victim Support")))
    from portal.models import Release

    db.session.add(Release(case=old, expected_on=dt.date(2026, 4, 1), no_contact=True,
                           exclusion_area="the centre of Aberglas, where Gwen works",
                           residence="2 Heol y Bont", recorded_by=manager))
    gwen.password_hash = "argon2-hash-of-gwens-password"
    db.session.commit()
    # Gwen asked Huw to help her follow the old case (services/supporters.py).
    from portal.services import supporters

    supporters.invite(gwen, [old], "Huw Helper", "huw@example.org", {"see_status"})
    closed_at = utcnow() - dt.timedelta(days=3)
    _close(old, closed_at)
    _close(recent, closed_at + dt.timedelta(days=1))
    return dict(team=team, manager=manager, gwen=gwen, sam=sam, rhys=rhys, old=old,
                live=live, recent=recent, closed_at=closed_at, statement=statement,
                hearing=hearing, decision=decision, update=update)


def _rows() -> dict:
    """Every row of every table, as plain values: what a second run must leave alone (after
    any code or invitation still being sent on its thread has written what it writes)."""
    from portal.services.delivery.outgoing import wait_for_sends

    wait_for_sends()
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        tables[table.name] = [tuple(str(v) for v in row) for row in rows]
    return tables


def test_a_case_closed_one_day_short_of_the_period_is_untouched(world):
    now = _years_after(world["closed_at"], YEARS) - dt.timedelta(days=1)
    before = _rows()
    result = retention.run(now=now, years=YEARS)
    assert result.cases == 0 and result.victims == 0
    after = _rows()
    after["audit_event"] = after["audit_event"][:-1]  # the run's own summary line
    assert after == before
    assert world["gwen"].email is not None


def test_a_case_closed_longer_than_the_period_is_anonymised_and_its_figures_kept(world):
    w = world
    now = _years_after(w["closed_at"], YEARS) + dt.timedelta(days=1)
    figures_before = team_figures.for_team(w["team"].id, now)
    file = Path(current_app.config["UPLOAD_FOLDER"]) / w["statement"].stored_name
    assert file.exists()
    gwen_id, sam_id, old_id = w["gwen"].id, w["sam"].id, w["old"].id
    reference = w["old"].crime_reference

    result = retention.run(now=now, years=YEARS)

    assert (result.cases, result.victims, result.victims_kept, result.files) == (1, 1, 1, 1)
    db.session.expire_all()
    old = db.session.get(Case, old_id)
    assert old.anonymised_at == now and old.crime_reference == f"ANON/{old_id}"
    assert old.stage == Stage.CLOSED and old.offence == w["live"].offence
    gwen = db.session.get(Victim, gwen_id)
    assert (gwen.full_name, gwen.email, gwen.phone, gwen.password_hash) == ("", None, None,
                                                                             None)
    assert gwen.anonymised_at == now and gwen.language == "en"
    assert gwen.preference.postal_address is None and gwen.preference.other_needs is None
    assert gwen.preference.interpreter_language is None and gwen.preference.interpreter
    assert gwen.preference.channels == ["letter", "sms"]  # choices, not addresses
    assert not file.exists()
    # Every word written on the old case is gone; the rows the figures count are there.
    everything = json.dumps(_rows())
    for words in ("Gwen", "Sam's statement", "Sam's message on the old case", "Quay Street",
                  "step-free", "argon2-hash", reference):
        assert words not in everything, words
    assert db.session.scalar(select(func.count()).select_from(DateToAvoid)) == 0
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(SignInChallenge)) == 0
    assert db.session.scalar(select(func.count()).select_from(LoginSession)) == 0
    assert db.session.scalar(select(func.count()).select_from(CaseMessage).where(
        CaseMessage.case_id == old_id)) == 3
    assert db.session.get(Update, w["update"].id).warnings == [
        {"code": "long_sentence", "params": {"words": 30, "start": "…"}}]
    need = db.session.scalars(select(CourtNeed)).one()
    assert (need.kind, need.answer, need.details, need.answer_note) == (
        "screens", "agreed", None, None)
    assert db.session.scalars(select(UpdateFeedback)).one().understood == "partly"
    assert db.session.scalars(select(Complaint)).one().text == ""
    assert db.session.get(Decision, w["decision"].id).kind == DecisionKind.CHARGED
    assert db.session.get(Hearing, w["hearing"].id).outcome_note is None
    assert db.session.scalars(select(PersonalStatement)).all()[0].size == len(PDF)

    # Sam is on a case still open: his name and contact details stay, and his words there.
    sam = db.session.get(Victim, sam_id)
    assert sam.full_name == "Sam Taylor" and sam.email and sam.phone
    assert sam.anonymised_at is None and sam.preference.postal_address == "2 Sam's Road"
    assert "Sam's message on the live case." in everything
    # Rhys's case closed a day later: untouched.
    assert db.session.get(Victim, w["rhys"].id).full_name == "Rhys Evans"
    assert db.session.get(Case, w["recent"].id).anonymised_at is None

    # The team's figures count the case as before.
    figures_after = team_figures.for_team(w["team"].id, now)
    assert figures_after.cases == figures_before.cases == 3
    assert ([(r.kind, r.counts) for r in figures_after.rows]
            == [(r.kind, r.counts) for r in figures_before.rows])
    assert figures_after.understanding == figures_before.understanding

    # One summary line in the audit, counts only.
    line = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == retention.ACTION)).one()
    assert line.detail == {"years": YEARS, "cases": 1, "victims": 1, "victims_kept": 1,
                           "files": 1}
    assert line.actor_kind == Principal.SYSTEM and line.case_id is None


def test_running_again_changes_nothing_more(world):
    now = _years_after(world["closed_at"], YEARS) + dt.timedelta(days=1)
    retention.run(now=now, years=YEARS)
    before = _rows()
    again = retention.run(now=now + dt.timedelta(hours=1), years=YEARS)
    assert again.as_dict() == {"cases": 0, "victims": 0, "victims_kept": 0, "files": 0}
    after = _rows()
    after["audit_event"] = after["audit_event"][:-1]
    assert after == before


def test_a_victim_is_anonymised_once_their_last_case_is_due(world):
    """Sam kept his details while his other case was open; once it is closed and past the
    period, he is anonymised too."""
    w = world
    first = _years_after(w["closed_at"], YEARS) + dt.timedelta(days=1)
    retention.run(now=first, years=YEARS)
    _close(w["live"], w["closed_at"] + dt.timedelta(days=10))
    result = retention.run(now=first + dt.timedelta(days=10), years=YEARS)
    assert result.cases == 2 and result.victims == 2  # Sam's live case and Rhys's
    db.session.expire_all()
    assert db.session.get(Victim, w["sam"].id).email is None


def test_cases_are_done_in_batches(world, make):
    team = world["team"]
    for _ in range(5):
        _close(make.case(victims=[make.victim()], team=team), world["closed_at"])
    now = _years_after(world["closed_at"], YEARS) + dt.timedelta(days=1)
    result = retention.run(now=now, years=YEARS, batch_size=2)
    assert result.cases == 6 and result.victims == 6  # Gwen, the five, and Rhys's case not
    assert db.session.scalar(select(func.count()).select_from(Case).where(
        Case.anonymised_at.is_(None))) == 2  # the live case and Rhys's


def test_the_worker_runs_it_once_a_london_day(world):
    now = _years_after(world["closed_at"], YEARS) + dt.timedelta(days=1)
    assert current_app.config["RETENTION_YEARS"] == YEARS  # the default
    assert retention.daily(now).cases == 1
    assert retention.daily(now + dt.timedelta(hours=1)) is None  # the same day
    tomorrow = retention.daily(now + dt.timedelta(days=1))
    assert tomorrow is not None and tomorrow.cases == 1  # Rhys's, closed a day later
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == retention.ACTION)) == 2


def _closed_long_ago() -> None:
    """Move every case's closing back past the period on the real clock (the command and
    the worker read it)."""
    db.session.execute(update(CaseEvent).where(CaseEvent.stage == Stage.CLOSED).values(
        occurred_at=utcnow() - dt.timedelta(days=366 * YEARS + 10)))
    db.session.commit()


def test_the_command_prints_the_counts(app, world):
    _closed_long_ago()
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "anonymised: 2." in result.output  # the old case and Rhys's
    assert "People anonymised: 2." in result.output and "Gwen" not in result.output


def test_the_worker_runs_it(app, world):
    _closed_long_ago()
    result = app.test_cli_runner().invoke(args=["worker", "--drain"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(Case, world["old"].id).anonymised_at is not None
    assert db.session.get(Victim, world["gwen"].id).email is None
    assert retention.ran_today(utcnow())


# --- every column that can hold personal data is anonymised or kept on purpose ---------------

def _wordy_columns():
    """(table, column) for every text, JSON and date column of every model."""
    for mapper in db.Model.registry.mappers:
        table = mapper.local_table
        for column in table.columns:
            if isinstance(column.type, String | Text | JSON | Date) or isinstance(
                    getattr(column.type, "impl", None), String | Text | JSON | Date):
                yield table.name, column.name


def test_every_column_that_can_hold_personal_data_is_anonymised_or_kept_on_purpose():
    forgotten = []
    for table, column in _wordy_columns():
        chosen = (column in retention.ANONYMISED.get(table, ())
                  or column in retention.KEPT.get(table, ()) or table in retention.DELETED)
        if not chosen:
            forgotten.append(f"{table}.{column}")
    assert not forgotten, ("columns retention neither anonymises nor keeps on purpose "
                           f"(services/retention.py, docs/DOMAIN.md): {forgotten}")
    both = [(t, c) for t, cols in retention.ANONYMISED.items() for c in cols
            if c in retention.KEPT.get(t, ())]
    assert not both
    known = {t for t, _ in _wordy_columns()}
    assert set(retention.ANONYMISED) <= known and set(retention.KEPT) <= known


def test_every_column_said_to_be_anonymised_is_blank_after_a_run(world):
    now = _years_after(world["closed_at"], YEARS) + dt.timedelta(days=1)
    retention.run(now=now, years=YEARS)
    anonymised_cases = select(Case.id).where(Case.anonymised_at.is_not(None))
    for table_name, columns in retention.ANONYMISED.items():
        table = db.metadata.tables[table_name]
        rows = db.session.execute(select(table)).mappings().all()
        if table_name == "case":
            rows = [r for r in rows if r["anonymised_at"] is not None]
        elif "case_id" in table.c:
            ids = set(db.session.scalars(anonymised_cases))
            rows = [r for r in rows if r["case_id"] in ids]
        elif table_name in ("victim", "contact_preference"):
            key = "id" if table_name == "victim" else "victim_id"
            rows = [r for r in rows if r[key] == world["gwen"].id]
        assert rows, table_name  # the world has one of each: none would test nothing
        for row in rows:
            for column in columns:
                value = row[column]
                if table_name == "case" and column == "crime_reference":
                    assert value == f"ANON/{row['id']}"
                elif column == "warnings":
                    assert all(w["params"].get(k, "…") == "…" for w in value or []
                               for k in retention.QUOTING_PARAMETERS)
                else:
                    assert value in (None, ""), (table_name, column, value)


def test_an_anonymised_case_still_opens_in_the_console_and_names_no_one(client, world,
                                                                       staff_login):
    now = _years_after(world["closed_at"], YEARS) + dt.timedelta(days=1)
    retention.run(now=now, years=YEARS)
    staff_login.sign_in_quickly(world["manager"])
    for path in (f"/staff/cases/{world['old'].id}", f"/staff/cases/{world['old'].id}/history",
                 f"/staff/cases/{world['old'].id}/access-log",
                 f"/staff/cases/{world['old'].id}/messages/{world['gwen'].id}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Gwen" not in response.get_data(as_text=True), path


def test_a_failed_run_does_not_stop_the_worker(app, world, monkeypatch, caplog):
    def broken(now):
        raise OSError("the upload folder is not writable")

    monkeypatch.setattr(retention, "run", broken)
    result = app.test_cli_runner().invoke(args=["worker", "--drain"])
    assert result.exit_code == 0, result.output
    assert "Messages sent:" in result.output
    assert "retention failed" in caplog.text
    assert not retention.ran_today(utcnow())
