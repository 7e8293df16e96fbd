"""A victim's needs and support (issue 14): they see what was recorded about their needs in
plain words (never the team's risk note), who will contact them and how to reach the service
directly; "this is wrong or has changed" is a task for their case team, audited without the
words and limited per hour; another victim's case is 404; the demo has a referral in
progress."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    NeedsAssessment,
    NeedsCorrection,
    SupportReferral,
    SupportService,
    Task,
    TaskKind,
)
from portal.models.enums import Stage
from portal.models.types import utcnow
from tests.conftest import csrf_token, page, visible_text

WORDS = "I have moved house and now need letters in large print."


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def supported(client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim], stage=Stage.INVESTIGATION)
    db.session.add(NeedsAssessment(
        case_id=case.id, victim_id=victim.id, intimidated=True, access_needs=["easy_read"],
        support_wanted=True, support_kinds=["domestic_abuse"], special_measures=["screens"],
        risk="some", risk_note="Seen outside her work twice", consent_to_share=True,
        assessed_on=dt.date(2026, 11, 2), stage=Stage.INVESTIGATION))
    service = SupportService(name="Northshire Domestic Abuse and Stalking Service",
                             serves=["domestic_abuse"], phone="01632 960520",
                             website="https://northshire-dass.example.org",
                             opening="mon_sat", opens_at=dt.time(8), closes_at=dt.time(20))
    db.session.add(SupportReferral(case_id=case.id, victim_id=victim.id, service=service,
                                   status="accepted"))
    db.session.commit()
    victim_auth.sign_in(victim)
    return victim, case


def say_wrong(client, case, what=WORDS):
    path = f"/cases/{case.id}/your-needs"
    return client.post(path, data={"what": what, "csrf_token": csrf_token(client, path)})


def test_the_victim_sees_their_needs_and_the_services_contact(client, supported):
    _, case = supported
    assert "Your needs and the support you can get" in visible_text(
        client.get(f"/cases/{case.id}"))
    soup = page(client.get(f"/cases/{case.id}/your-needs"))
    text = soup.get_text(" ", strip=True)
    assert "Northshire Domestic Abuse and Stalking Service" in text
    assert "They have your details. They will contact you soon." in text
    assert soup.select_one('a[href="tel:01632960520"]') is not None
    assert soup.select_one('a[href="https://northshire-dass.example.org"]') is not None
    assert "Monday to Saturday, 08:00 to 20:00" in text
    assert "Yes. You have the right to extra help. We will tell you news sooner." in text
    assert "Easy read letters" in text and "Help with domestic abuse" in text
    assert "A screen so you do not see the defendant" in text
    assert "We think the suspect may be a risk to you." in text
    assert "Seen outside her work" not in text  # the team's note stays with the team
    assert "You said we can give your details to support services." in text
    assert "After someone is charged" in text


def test_before_anything_is_recorded_the_page_says_so(client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim])
    victim_auth.sign_in(victim)
    text = visible_text(client.get(f"/cases/{case.id}/your-needs"))
    assert "We have not written down your needs yet." in text
    assert "We have not passed your details to a support service." in text


def test_this_is_wrong_is_a_task_for_the_team_audited_without_the_words(
        client, make, supported, staff_login):
    victim, case = supported
    before = utcnow()
    response = say_wrong(client, case)
    assert response.status_code == 302
    assert "We have sent this to your case team." in visible_text(
        client.get(response.headers["Location"]))
    entry = db.session.scalars(select(NeedsCorrection)).one()
    assert entry.what == WORDS
    task = db.session.scalars(select(Task)).one()
    assert (task.kind, task.case_id, task.victim_id) == (TaskKind.NEEDS_CHANGED, case.id,
                                                          victim.id)
    assert task.due_by > before and WORDS not in str(task.detail)
    audit = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "needs.correction_sent")).one()
    assert audit.actor_id == victim.id and "large print" not in str(audit.detail)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account/password")})
    staff_login.sign_in_quickly(make.staff(team=case.team))
    assert "what we recorded about their needs is wrong" in visible_text(
        client.get("/staff/tasks"))
    assert WORDS in visible_text(client.get(f"/staff/tasks/{task.id}"))


def test_an_empty_correction_is_refused(client, supported):
    _, case = supported
    response = say_wrong(client, case, "   ")
    assert response.status_code == 400
    assert count(NeedsCorrection) == 0 and count(Task) == 0


def test_corrections_are_limited_per_hour(app, client, supported, monkeypatch):
    _, case = supported
    monkeypatch.setitem(app.config, "VICTIM_MESSAGES_PER_HOUR", "2 per hour")
    assert say_wrong(client, case).status_code == 302
    assert say_wrong(client, case).status_code == 302
    assert say_wrong(client, case).status_code == 429
    assert count(NeedsCorrection) == 2 and count(Task) == 2


def test_another_victims_case_is_404(client, make, supported):
    stranger = make.case(victims=[make.victim()])
    assert client.get(f"/cases/{stranger.id}/your-needs").status_code == 404
    response = client.post(f"/cases/{stranger.id}/your-needs", data={
        "what": WORDS, "csrf_token": csrf_token(client, "/account/password")})
    assert response.status_code == 404
    assert count(NeedsCorrection) == 0


def test_the_demo_has_a_referral_in_progress(app):
    from portal import demo

    demo.load()
    in_progress = db.session.scalars(select(SupportReferral).where(
        SupportReferral.status.in_(("sent", "accepted")))).all()
    assert in_progress and all(r.service is not None for r in in_progress)
    assert db.session.scalar(select(func.count()).select_from(SupportService)) >= 10



@pytest.mark.parametrize(("language", "opening", "expected"), [
    ("cy", "mon_sat", "Dydd Llun i ddydd Sadwrn, 08:00 i 20:00"),
    ("pl", "every_day", "Codziennie, w godz. 08:00–20:00"),
    ("ar", "always", "مفتوح على مدار 24 ساعة، كل يوم"),
])
def test_a_services_hours_are_in_the_victims_own_language(client, supported, language,
                                                          opening, expected):
    victim, case = supported
    victim.language = language
    service = db.session.scalars(select(SupportService)).one()
    service.opening = opening
    db.session.commit()
    text = page(client.get(f"/cases/{case.id}/your-needs")).get_text(" ", strip=True)
    assert expected in text
    assert "Monday" not in text and "every day" not in text.lower()
