"""Referrals to support services, tracked (issue 14): made only with the victim's recorded
consent; their status moved on by the case team; the 2-working-day duty met by a referral
sent or by the victim's recorded refusal, never by free text, and overdue otherwise (working
days, bank holidays skipped); the directory offers the case's area and national services;
another team gets 404."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, NeedsAssessment, SupportReferral, SupportService
from portal.models.actions import ObligationKind as K
from portal.models.enums import Area, Offence, Stage, TeamKind
from portal.services.case_file import case_work, obligations, referrals
from portal.services.errors import InvalidInput
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
# Friday 28 August 2026, 10:00 in London; Monday 31 August is the summer bank holiday.
FRIDAY = dt.datetime(2026, 8, 28, 10, 0, tzinfo=LONDON)
TUESDAY_NIGHT = dt.datetime(2026, 9, 1, 23, 0, tzinfo=LONDON)
WEDNESDAY = dt.datetime(2026, 9, 2, 9, 0, tzinfo=LONDON)
NO_CONSENT = "The victim has not agreed to share their details with support services"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker(make, staff_login):
    person = make.staff(name="Sam Okafor")
    staff_login.sign_in_quickly(person)
    return person


@pytest.fixture
def services():
    rows = {
        "vs": SupportService(name="Victim Support", serves=["emotional", "practical"],
                             phone="0808 168 9111", website="https://www.victimsupport.org.uk"),
        "rc": SupportService(name="Rape Crisis", serves=["sexual_violence"],
                             phone="0808 500 2222"),
        "wales": SupportService(name="Valleys Women's Aid", area=Area.WALES,
                                serves=["domestic_abuse"], phone="01632 960530"),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return rows


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def assessed(case, victim, worker, consent: bool):
    db.session.add(NeedsAssessment(case_id=case.id, victim_id=victim.id, risk="none",
                                   consent_to_share=consent, assessed_on=dt.date(2026, 8, 28),
                                   stage=case.stage, assessed_by_id=worker.id))
    db.session.commit()


def post(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def refer(client, case, victim, service, **values):
    return post(client, f"/staff/cases/{case.id}/referrals/new",
                {"victim": str(victim.id), "service": str(service.id), **values})


def duty(case):
    (found,) = [o for o in obligations.for_case(case) if o.kind == K.SUPPORT_REFERRAL]
    return found


@pytest.mark.parametrize("consent", [None, False])
def test_a_referral_without_consent_cannot_be_sent(client, worker, make, services, consent):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, reported_on=dt.date(2026, 8, 28))
    if consent is not None:
        assessed(case, victim, worker, consent)
    response = refer(client, case, victim, services["vs"])
    assert response.status_code == 400
    assert NO_CONSENT in visible_text(response)
    assert count(SupportReferral) == 0
    assert not duty(case).met
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "referral.refused_no_consent")) == 1


def test_a_referral_with_consent_is_sent_meets_the_duty_and_its_status_moves_on(
        client, worker, make, services):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, reported_on=dt.date(2026, 8, 28))
    assessed(case, victim, worker, True)
    response = refer(client, case, victim, services["vs"], reference="VS-4411")
    assert response.status_code == 302
    referral = db.session.scalars(select(SupportReferral)).one()
    assert (referral.status, referral.service_id, referral.reference, referral.made_by_id) == (
        "sent", services["vs"].id, "VS-4411", worker.id)
    assert duty(case).state(FRIDAY) == "met"
    shown = visible_text(client.get(f"/staff/cases/{case.id}"))
    assert "Victim Support (VS-4411): Sent" in shown

    path = f"/staff/cases/{case.id}/referrals/{referral.id}"
    assert post(client, path, {"status": "accepted"}).status_code == 302
    assert post(client, path, {"status": "contacted"}).status_code == 302
    db.session.refresh(referral)
    assert referral.status == "contacted"
    again = post(client, path, {"status": "contacted"})
    assert again.status_code == 400
    assert "already has this status" in visible_text(again)
    changes = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "referral.status_changed").order_by(AuditEvent.id)).all()
    assert [(c.detail["before"], c.detail["status"]) for c in changes] == [
        ("sent", "accepted"), ("accepted", "contacted")]
    assert "The service contacted the victim" in visible_text(client.get(f"/staff/cases/{case.id}"))


@pytest.mark.parametrize("area", [Area.ENGLAND, Area.WALES])
def test_the_duty_is_overdue_after_two_working_days_without_a_referral(make, worker, area):
    case = make.case(victims=[make.victim()], contact=worker, area=area,
                     reported_on=dt.date(2026, 8, 28))
    found = duty(case)
    # Friday's report: Monday 31 August is a bank holiday in England and Wales alike.
    assert found.due_date == dt.date(2026, 9, 2)
    assert found.state(TUESDAY_NIGHT) == "due"
    assert found.state(WEDNESDAY + dt.timedelta(days=1)) == "overdue"


def test_free_text_does_not_meet_the_duty(make, worker):
    case = make.case(victims=[make.victim()], contact=worker, reported_on=dt.date(2026, 8, 28))
    with pytest.raises(InvalidInput):
        case_work.record_action(worker, case, K.SUPPORT_REFERRAL,
                                "Referred to Victim Support with the victim's agreement.")
    assert not duty(case).met


def test_the_victims_recorded_refusal_meets_the_duty(client, worker, make, clock):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, reported_on=dt.date(2026, 8, 28))
    clock.move_to(dt.datetime(2026, 9, 2, 16, 0, tzinfo=LONDON))  # the last day
    from tests.conftest import CaseworkerAuth

    CaseworkerAuth(client).sign_in_quickly(worker)
    response = post(client, f"/staff/cases/{case.id}/referrals/refused",
                    {"victim": str(victim.id)})
    assert response.status_code == 302
    refusal = db.session.scalars(select(SupportReferral)).one()
    assert (refusal.status, refusal.service_id) == ("refused", None)
    assert duty(case).state(WEDNESDAY + dt.timedelta(days=2)) == "met"
    assert "The victim did not want a referral" in visible_text(
        client.get(f"/staff/cases/{case.id}"))


def test_a_late_referral_is_met_late(make, worker, services, clock):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, reported_on=dt.date(2026, 8, 28))
    assessed(case, victim, worker, True)
    clock.move_to(dt.datetime(2026, 9, 3, 9, 0, tzinfo=LONDON))
    referrals.refer(worker, case, victim.id, services["vs"].id)
    assert duty(case).state(dt.datetime(2026, 9, 3, 10, 0, tzinfo=LONDON)) == "met_late"


def test_the_directory_offers_national_and_the_areas_services_suggested_first(
        client, worker, make, services):
    victim = make.victim()
    case = make.case(victims=[victim], contact=worker, offence=Offence.SEXUAL_ASSAULT)
    soup = page(client.get(f"/staff/cases/{case.id}/referrals/new"))
    labels = [label.get_text(" ", strip=True) for label in
              soup.select("input[name=service] + label")]
    assert labels == ["Rape Crisis (suggested)", "Victim Support"]
    assert refer(client, case, victim, services["wales"]).status_code == 400
    wales = make.case(victims=[make.victim()], contact=worker, area=Area.WALES)
    assert "Valleys Women's Aid" in visible_text(
        client.get(f"/staff/cases/{wales.id}/referrals/new"))


def test_another_team_gets_404(client, make, services, staff_login):
    victim = make.victim()
    owner = make.staff(team=make.team(TeamKind.POLICE))
    case = make.case(victims=[victim], contact=owner, stage=Stage.COURT)
    assessed(case, victim, owner, True)
    referral = referrals.refer(owner, case, victim.id, services["vs"].id)
    staff_login.sign_in_quickly(make.staff(team=make.team(TeamKind.WITNESS_CARE)))
    token = csrf_token(client, "/staff/account")
    for path, data in ((f"/staff/cases/{case.id}/referrals/new",
                        {"victim": victim.id, "service": services["vs"].id}),
                       (f"/staff/cases/{case.id}/referrals/refused", {"victim": victim.id}),
                       (f"/staff/cases/{case.id}/referrals/{referral.id}",
                        {"status": "declined"})):
        assert client.get(path).status_code == 404
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 404
    db.session.refresh(referral)
    assert referral.status == "sent" and count(SupportReferral) == 1


def test_an_administrator_keeps_the_directory(client, make, staff_login, services):
    from portal.models.enums import Role

    staff_login.sign_in_quickly(make.staff(role=Role.ADMIN))
    assert "Victim Support" in visible_text(client.get("/staff/admin/support-services"))
    added = post(client, "/staff/admin/support-services/new", {
        "name": "Northshire Hate Crime Service", "area": "england", "serves": ["hate_crime"],
        "phone": "01632 960550", "website": "https://northshire-hate.example.org",
        "opening": "mon_fri", "opens_at": "9:00", "closes_at": "17.30"})
    assert added.status_code == 302
    service = db.session.scalars(select(SupportService).where(
        SupportService.name == "Northshire Hate Crime Service")).one()
    assert (service.area, service.serves, service.active) == ("england", ["hate_crime"], True)
    assert (service.opening, service.opens_at, service.closes_at) == (
        "mon_fri", dt.time(9), dt.time(17, 30))
    assert "Monday to Friday, 09:00 to 17:30" in visible_text(
        client.get("/staff/admin/support-services"))
    refused = post(client, f"/staff/admin/support-services/{service.id}", {
        "name": "Northshire Hate Crime Service", "area": "", "serves": ["hate_crime"],
        "phone": "", "website": "", "opening": ""})
    assert refused.status_code == 400 and "phone number or a website" in visible_text(refused)
    token = csrf_token(client, "/staff/admin/support-services")
    client.post(f"/staff/admin/support-services/{service.id}/active",
                data={"csrf_token": token})
    db.session.refresh(service)
    assert service.active is False
    case = make.case(victims=[make.victim()], offence=Offence.RACIALLY_AGGRAVATED_PUBLIC_ORDER)
    assert service not in referrals.directory(case)  # no longer offered


def test_a_caseworker_cannot_change_the_directory(client, worker, services):
    assert client.get("/staff/admin/support-services").status_code == 403
    token = csrf_token(client, "/staff/account")
    response = client.post(f"/staff/admin/support-services/{services['vs'].id}/active",
                           data={"csrf_token": token})
    assert response.status_code == 403
    db.session.refresh(services["vs"])
    assert services["vs"].active is True


@pytest.mark.parametrize(("opens", "closes", "message"), [
    ("", "17:00", "Enter the time it opens, like 09:00"),
    ("9am", "17:00", "Enter the time it opens, like 09:00"),
    ("09:00", "25:00", "Enter the time it closes, like 17:00"),
    ("09:00", "09:00", "Enter a time it closes that is not the time it opens"),
])
def test_opening_hours_that_are_not_times_are_refused_and_change_nothing(
        client, make, staff_login, services, opens, closes, message):
    from portal.models.enums import Role

    staff_login.sign_in_quickly(make.staff(role=Role.ADMIN))
    service = services["vs"]
    before = (service.opening, service.opens_at, service.closes_at)
    refused = post(client, f"/staff/admin/support-services/{service.id}", {
        "name": service.name, "area": "", "serves": service.serves, "phone": service.phone,
        "website": service.website or "", "opening": "every_day", "opens_at": opens,
        "closes_at": closes})
    assert refused.status_code == 400 and message in visible_text(refused)
    db.session.refresh(service)
    assert (service.opening, service.opens_at, service.closes_at) == before


def test_hours_typed_before_are_read_where_they_can_be_and_flagged_where_not(
        client, make, staff_login, services):
    """The migration reads the directory's old free text (migrations/versions/a8d4c2e6f1b9);
    what it cannot read stays, flagged in the directory, and no victim reads it."""
    import importlib.util
    from pathlib import Path

    from portal.models.enums import Role

    path = next(Path("migrations/versions").glob("a8d4c2e6f1b9_*.py"))
    spec = importlib.util.spec_from_file_location("opening_migration", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.read_hours("24 hours") == ("always", None, None)
    assert migration.read_hours("Monday to Friday, 9am to 5pm") == (
        "mon_fri", dt.time(9), dt.time(17))
    assert migration.read_hours("Monday to Saturday, 8am to 8.30pm") == (
        "mon_sat", dt.time(8), dt.time(20, 30))
    assert migration.read_hours("Every day 10:00 - 22:00") == (
        "every_day", dt.time(10), dt.time(22))
    assert migration.read_hours("Tuesdays and Thursdays, 6pm to 9pm") == (None, None, None)

    service = services["vs"]
    service.opening, service.hours = None, "Tuesdays and Thursdays, 6pm to 9pm"
    db.session.commit()
    staff_login.sign_in_quickly(make.staff(role=Role.ADMIN))
    text = visible_text(client.get("/staff/admin/support-services"))
    assert "Set its hours again" in text and "Tuesdays and Thursdays" in text
    fields = {"name": service.name, "area": "", "serves": service.serves,
              "phone": service.phone, "website": service.website or ""}
    post(client, f"/staff/admin/support-services/{service.id}", {**fields, "opening": ""})
    db.session.refresh(service)  # another change, hours not given: the old words stay flagged
    assert service.hours == "Tuesdays and Thursdays, 6pm to 9pm"
    post(client, f"/staff/admin/support-services/{service.id}", {
        **fields, "opening": "every_day", "opens_at": "18:00", "closes_at": "21:00"})
    db.session.refresh(service)
    assert service.hours is None and "Set its hours again" not in visible_text(
        client.get("/staff/admin/support-services"))
