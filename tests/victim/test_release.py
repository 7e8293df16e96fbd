"""The offender's release as a victim in the Victim Contact Scheme sees it (issue 14): the
expected day and the licence conditions in plain words, the exclusion zone in the team's words,
never the residence; the unwanted-contact helpline; the victim's say on the conditions before
release reaches the team as a task, audited, limited per hour; an urgent alert shows on the page
until they confirm they have read it; another victim gets 404."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AlertReceipt, AuditEvent, CaseMessage, Task, TaskKind
from portal.models.enums import Stage, TeamKind
from portal.services import attempts
from portal.services.case_file import alerts
from tests.conftest import csrf_token, page, visible_text

HOME = "14 Elm Row, Northfield"
AREA = "the town centre of Newport"
WORDS = "Please keep him away from my daughter's school on Mill Lane."


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def in_scheme(client, make, victim_auth):
    victim = make.victim()
    team = make.team(TeamKind.PROBATION)
    case = make.case(victims=[victim], stage=Stage.AFTER_SENTENCE, team=team,
                     violent_or_sexual=True)
    make.release(case, expected_on=dt.date.today() + dt.timedelta(days=30), no_contact=True,
                 exclusion_area=AREA, curfew_from=dt.time(19), curfew_until=dt.time(7),
                 electronic_monitoring=True, residence=HOME)
    victim_auth.sign_in(victim)
    return victim, case


def say(client, case, **values):
    path = f"/cases/{case.id}/licence-conditions"
    data = {"wants": ["no_contact", "exclusion_area"], "words": WORDS}
    data.update(values)
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_the_victim_reads_the_conditions_and_the_zone_but_never_the_residence(client,
                                                                             in_scheme):
    _, case = in_scheme
    soup = page(client.get(f"/cases/{case.id}"))
    section = soup.find("section", {"aria-labelledby": "release-heading"})
    assert section is not None
    text = " ".join(section.get_text(" ").split())
    assert "When the offender is released" in text and "is due to be released on" in text
    assert "They must not contact you in any way." in text
    assert f"They must not go into this area: {AREA}." in text
    assert "They must stay at home from 19:00 to 07:00 every day." in text
    assert "They must wear an electronic tag." in text
    assert "0300 060 6699" in text and "call 999" in text
    link = section.find("a", href=f"/cases/{case.id}/licence-conditions")
    assert link is not None
    whole = visible_text(client.get(f"/cases/{case.id}"))
    assert HOME not in whole and "Elm Row" not in whole
    assert HOME not in client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_no_release_section_outside_the_scheme(client, make, victim_auth):
    victim = make.victim()
    case = make.case(victims=[victim], stage=Stage.AFTER_SENTENCE)
    victim_auth.sign_in(victim)
    assert "When the offender is released" not in visible_text(client.get(f"/cases/{case.id}"))


def test_the_victims_say_is_a_task_for_the_team_audited_and_shown_back(client, in_scheme):
    victim, case = in_scheme
    response = say(client, case)
    assert response.status_code == 302
    task = db.session.scalars(select(Task)).one()
    assert (task.kind, task.case_id, task.victim_id) == (TaskKind.LICENCE_SAY, case.id,
                                                          victim.id)
    assert task.detail["wants"] == ["no_contact", "exclusion_area"]
    assert WORDS not in str(task.detail)
    message = db.session.scalars(select(CaseMessage)).one()
    assert message.body == WORDS and message.victim_id == victim.id
    entry = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "licence.say")).one()
    assert entry.case_id == case.id and "Mill Lane" not in str(entry.detail)
    assert "We have sent this to your case team." in visible_text(
        client.get(response.headers["Location"]))


def test_an_empty_say_is_refused_and_nothing_kept(client, in_scheme):
    _, case = in_scheme
    response = say(client, case, wants=[], words="  ")
    assert response.status_code == 400
    assert "Choose a rule, or tell us what you want" in visible_text(response)
    assert count(Task) == 0 and count(CaseMessage) == 0


def test_the_say_is_limited_per_hour(client, app, in_scheme, monkeypatch):
    _, case = in_scheme
    attempts.reset()
    monkeypatch.setitem(app.config, "VICTIM_MESSAGES_PER_HOUR", "2 per hour")
    assert say(client, case).status_code == 302
    assert say(client, case).status_code == 302
    refused = say(client, case)
    assert refused.status_code == 429
    assert count(Task) == 2


def test_another_victim_gets_404(client, make, in_scheme, victim_auth):
    _, case = in_scheme
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/account/password")})
    other = make.victim()
    make.case(victims=[other])
    victim_auth.sign_in(other)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/cases/{case.id}/licence-conditions").status_code == 404
    token = csrf_token(client, "/account/password")
    assert client.post(f"/cases/{case.id}/licence-conditions",
                       data={"words": WORDS, "csrf_token": token}).status_code == 404
    assert count(Task) == 0


def test_an_alert_shows_until_the_victim_says_they_have_read_it(client, make, in_scheme):
    victim, case = in_scheme
    author = make.staff(team=case.team)
    alert = alerts.record(author, case, "escaped", dt.datetime.now(dt.timezone.utc)
                          - dt.timedelta(minutes=5))
    soup = page(client.get(f"/cases/{case.id}"))
    banner = soup.select_one(".portal-alert")
    assert banner is not None and "escaped from prison" in banner.get_text()
    form = banner.find("form")
    path = form["action"]
    assert path == f"/cases/{case.id}/alerts/{alert.id}/read"
    response = client.post(path, data={"csrf_token": csrf_token(client, f"/cases/{case.id}")})
    assert response.status_code == 302
    receipt = db.session.scalars(select(AlertReceipt)).one()
    assert receipt.read_at is not None and receipt.victim_id == victim.id
    assert page(client.get(f"/cases/{case.id}")).select_one(".portal-alert") is None
    assert db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "alert.read")).one().actor_id == victim.id


NEW_FILES = ["portal/content/release.py", "portal/victim/forms.py",
             "portal/services/victim_input/licence_say.py",
             "portal/templates/victim/licence_say.html",
             "portal/templates/victim/fragments/release.html",
             "portal/templates/victim/fragments/alerts.html"]
