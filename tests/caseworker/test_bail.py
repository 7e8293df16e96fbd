"""Bail and custody from the console (issue 14): a caseworker of the case's team records a
change with the conditions in force; another team gets 404; bad input changes nothing; the
victims are owed the news in 5 working days (1 with enhanced rights, bank holidays skipped);
the update that tells them is urgent, passes the checker and never gives the address."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, BailChange, CaseAction
from portal.models.actions import ObligationKind as K
from portal.models.bail import BailChangeKind, BailStatus
from portal.models.enums import Area, Stage, TeamKind, UpdateEvent
from portal.services.case_file import bail as bail_rules
from portal.services.case_file import obligations, plain_english, update_templates, updates
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
# Friday 28 August 2026, 15:00 in London; Monday 31 August is the summer bank holiday.
FRIDAY = dt.datetime(2026, 8, 28, 15, 0, tzinfo=LONDON)
HOME = "14 Elm Row, Northfield"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker(make, staff_login):
    person = make.staff(name="Sam Okafor")
    staff_login.sign_in_quickly(person)
    return person


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def granted(**values) -> dict:
    data = {"kind": "granted", "status": "court_bail", "decided_on": ["28", "8", "2026"],
            "no_contact": "yes", "exclusion_area": "the streets around your home",
            "curfew_from": "19:00", "curfew_until": "07:00", "residence": HOME,
            "order_kind": "restraining_order", "order_ends_on": ["28", "2", "2027"]}
    data.update(values)
    return data


def submit(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def bail_told(case):
    return [o for o in obligations.for_case(case) if o.kind == K.BAIL_TOLD]


@pytest.mark.parametrize("area", [Area.ENGLAND, Area.WALES])
@pytest.mark.parametrize("enhanced, due", [(False, dt.date(2026, 9, 7)),
                                           (True, dt.date(2026, 9, 1))])
def test_recording_bail_owes_the_victims_the_news_in_working_days(client, worker, make, area,
                                                                  enhanced, due):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT, area=area,
                     enhanced_rights=enhanced)
    response = submit(client, f"/staff/cases/{case.id}/bail", granted())
    assert response.status_code == 302
    assert "event=bail_changed" in response.headers["Location"]
    change = db.session.scalars(select(BailChange)).one()
    assert (change.kind, change.status, change.no_contact, change.exclusion_area,
            change.curfew_from, change.curfew_until, change.residence, change.order_kind,
            change.order_ends_on) == (
        "granted", "court_bail", True, "the streets around your home", dt.time(19),
        dt.time(7), HOME, "restraining_order", dt.date(2027, 2, 28))
    assert change.recorded_by_id == worker.id
    # Friday's decision: the bank holiday Monday is not a working day.
    [owed] = bail_told(case)
    assert owed.due_date == due and not owed.met
    # The case page shows the duty, the status and every condition (the address too).
    text = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Tell the victim about the change of bail or custody" in text
    assert "On court bail, with conditions" in text and HOME in text
    assert "Never shown to the victim" in text
    # Audited without the words of the area or the address.
    entry = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "bail.recorded")).one()
    assert entry.actor_id == worker.id and entry.case_id == case.id
    assert HOME not in str(entry.detail) and "streets" not in str(entry.detail)


def test_the_update_is_urgent_and_tells_the_conditions_but_never_the_address(client, worker,
                                                                             make):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    location = submit(client, f"/staff/cases/{case.id}/bail", granted()).headers["Location"]
    form = page(client.get(location))
    body = form.find("textarea", {"name": "body"}).text
    assert "They must not contact you in any way" in body
    assert "They must not go into this area: the streets around your home." in body
    assert "from 19:00 to 07:00" in body and "Restraining order" in body
    assert "call 999" in body
    assert HOME not in body and "Elm Row" not in body
    assert form.find("input", {"name": "send", "value": "now"}).has_attr("checked")
    result = plain_english.check(body, UpdateEvent.BAIL_CHANGED)
    assert result.ok, [f.message() for f in result.findings]


def test_another_teams_caseworker_gets_404_and_nothing_is_recorded(client, make, staff_login):
    case = make.case(victims=[make.victim()], team=make.team(TeamKind.WITNESS_CARE))
    outsider = make.staff(team=make.team(TeamKind.POLICE))
    staff_login.sign_in_quickly(outsider)
    token = csrf_token(client, "/staff/account")
    assert client.get(f"/staff/cases/{case.id}/bail").status_code == 404
    response = client.post(f"/staff/cases/{case.id}/bail", data={**granted(),
                                                                  "csrf_token": token})
    assert response.status_code == 404
    assert count(BailChange) == 0
    refused = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == outsider.id)).all()
    assert len(refused) == 2


@pytest.mark.parametrize("data, field, message", [
    (granted(status="remanded"), "status", "That status does not fit what happened"),
    (granted(kind="remanded", status="remanded"), "no_contact",
     "Only police or court bail has conditions"),
    (granted(curfew_until=""), "curfew_until", "Enter both times of the curfew"),
    (granted(curfew_until="19:00"), "curfew_until", "must end at a different time"),
    (granted(decided_on=["31", "8", "2026"]), "decided_on", "must be today or in the past"),
    (granted(decided_on=["31", "2", "2026"]), "decided_on", "Enter a real date"),
    (granted(order_kind="", order_ends_on=["1", "1", "2027"]), "order_kind",
     "Choose the order that ends on this date"),
    (granted(order_ends_on=["1", "8", "2026"]), "order_ends_on", "must end after the date"),
    (granted(exclusion_area="x" * 201), "exclusion_area", "200 characters or fewer"),
    (granted(kind="varied"), "kind", "record bail granted first"),
    (granted(kind=""), "kind", "Choose what happened"),
])
def test_bad_input_says_what_is_wrong_with_400_and_changes_nothing(client, worker, make, data,
                                                                   field, message):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    response = submit(client, f"/staff/cases/{case.id}/bail", data)
    assert response.status_code == 400
    soup = page(response)
    error = soup.find(id=f"{field}-error")
    assert error is not None and message in error.text, soup.select(".govuk-error-message")
    assert soup.select_one(f'.govuk-error-summary a[href="#{field}"]') is not None
    assert count(BailChange) == 0
    assert bail_told(case) == []


def test_the_form_starts_with_the_conditions_in_force(client, worker, make):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    make.bail(case, no_contact=True, exclusion_area="Northfield Park", residence=HOME)
    soup = page(client.get(f"/staff/cases/{case.id}/bail"))
    assert soup.find("input", {"name": "exclusion_area"})["value"] == "Northfield Park"
    assert soup.find("input", {"name": "no_contact", "value": "yes"}).has_attr("checked")
    # Varied: only the curfew changes; the rest stays as it was.
    response = submit(client, f"/staff/cases/{case.id}/bail", granted(
        kind="varied", exclusion_area="Northfield Park", curfew_from="20:00",
        curfew_until="06:00", order_kind="", order_ends_on=["", "", ""]))
    assert response.status_code == 302
    now = case.bail_changes[-1]
    assert (now.kind, now.exclusion_area, now.curfew_from) == ("varied", "Northfield Park",
                                                                dt.time(20))
    assert len(case.bail_changes) == 2  # kept as history


def test_one_update_meets_every_change_before_it_but_not_one_after(make, clock):
    case = make.case(stage=Stage.COURT)  # no victims: an update is met when posted
    author = make.staff(team=case.team)
    make.bail(case, decided_on=dt.date(2026, 8, 27))
    clock.shift(dt.timedelta(minutes=5))
    make.bail(case, kind="varied", decided_on=dt.date(2026, 8, 28), no_contact=True)
    clock.shift(dt.timedelta(minutes=5))
    update = updates.post(case, author, updates.Draft(
        event=UpdateEvent.BAIL_CHANGED.value,
        body=update_templates.prefill(case, UpdateEvent.BAIL_CHANGED)))
    assert db.session.scalars(select(CaseAction)).one().update_id == update.id
    assert [o.met for o in bail_told(case)] == [True, True]
    clock.shift(dt.timedelta(minutes=5))
    make.bail(case, kind="breached", status="remanded", decided_on=dt.date(2026, 8, 28))
    assert [o.met for o in bail_told(case)] == [True, True, False]


def test_a_call_recorded_as_an_action_meets_it(client, worker, make):
    case = make.case(victims=[make.victim()], contact=worker, stage=Stage.COURT)
    make.bail(case, decided_on=dt.date(2026, 8, 28))
    response = submit(client, f"/staff/cases/{case.id}/actions/new", {
        "kind": "bail_told", "about": "", "details": "Phoned the victim and read the rules"})
    assert response.status_code == 302
    [owed] = bail_told(case)
    assert owed.met and owed.met_by.details == "Phoned the victim and read the rules"


def test_bail_news_is_urgent(make):
    case = make.case(stage=Stage.COURT)
    person = make.staff(team=case.team)
    found = updates.defaults(case, person, UpdateEvent.BAIL_CHANGED.value, None)
    assert found.urgency.urgent and found.urgency.reason == "bail"


COMBINATIONS = [(kind, status) for kind in BailChangeKind for status in BailStatus
                if status in bail_rules.ALLOWED[kind]]


@pytest.mark.parametrize("kind, status", COMBINATIONS)
def test_every_change_has_a_template_that_passes_the_checker(app, make, kind, status):
    case = make.case(stage=Stage.COURT)
    on_bail = status in (BailStatus.POLICE_BAIL, BailStatus.COURT_BAIL)
    make.bail(case, kind=kind, status=status, no_contact=on_bail,
              exclusion_area="Northfield Park" if on_bail else None,
              curfew_from=dt.time(19) if on_bail else None,
              curfew_until=dt.time(7) if on_bail else None,
              residence=HOME if on_bail else None, order_kind="non_molestation_order",
              order_ends_on=dt.date(2027, 3, 1))
    with app.test_request_context():
        text = update_templates.prefill(case, UpdateEvent.BAIL_CHANGED)
        result = plain_english.check(text, UpdateEvent.BAIL_CHANGED)
        assert result.ok, [f.message() for f in result.findings]
    assert result.reading_ease >= plain_english.READING_EASE_TARGET
    assert "Non-molestation order" in text and "call 999" in text
    assert HOME not in text
