"""Victims' pages kept rendered while nothing on them changes (portal/page_cache.py): a kept
page is served only while every version it was drawn from stands, so whatever changes on a case
shows on the victim's next view, whoever wrote it and however (models/page_versions.py)."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import AuditEvent, CaseVictim, Hearing, UpdateTranslation
from portal.models.enums import Stage
from portal.models.types import utcnow
from tests.caseworker.test_case_page import counting_queries
from tests.conftest import VictimAuth, csrf_token, page, visible_text


def _kept(client, path: str) -> bool:
    """Whether the page at ``path`` is served from what was kept: a kept page asks only who is
    signed in, the versions and writes the audit entry, never the case's hearings."""
    with counting_queries() as seen:
        assert client.get(path).status_code == 200
    return not any("FROM hearing" in statement for statement in seen)


def _signed_in_on_a_case(make, victim_auth, language: str = "en"):
    victim = make.victim(language=language)
    contact = make.staff(phone="01632 960123")
    case = make.case(victims=[victim], stage=Stage.COURT, contact=contact)
    hearing = make.hearing(case, starts_at=utcnow() + dt.timedelta(days=12))
    victim_auth.sign_in(victim)
    return victim, case, hearing, contact


def test_a_page_viewed_again_is_served_from_what_was_kept(client, make, victim_auth):
    victim, case, hearing, _ = _signed_in_on_a_case(make, victim_auth)
    path = f"/cases/{case.id}"
    assert not _kept(client, path)  # drawn the first time
    assert _kept(client, path)
    assert _kept(client, "/cases") is False  # the list is a page of its own
    assert _kept(client, "/cases")


def test_every_kind_of_write_shows_on_the_next_view(client, make, victim_auth):
    """Each change is made the way the portal makes it (the ORM's unit of work, a bulk
    statement, a change to something many cases share) after the page was kept."""
    victim, case, hearing, contact = _signed_in_on_a_case(make, victim_auth)
    path = f"/cases/{case.id}"
    client.get(path)
    assert _kept(client, path)

    make.update(case, text="The suspect was interviewed on Monday.")  # a new row on the case
    assert "The suspect was interviewed on Monday." in visible_text(client.get(path))

    hearing.starts_at = dt.datetime(2027, 3, 4, 10, 0, tzinfo=dt.timezone.utc)  # a changed row
    db.session.commit()
    assert "4 March 2027" in visible_text(client.get(path))

    db.session.execute(update(Hearing).where(Hearing.id == hearing.id).values(  # in bulk
        starts_at=dt.datetime(2027, 5, 6, 10, 0, tzinfo=dt.timezone.utc)))
    db.session.commit()
    text = visible_text(client.get(path))
    assert "6 May 2027" in text and "4 March 2027" not in text

    hearing.court.name = "Testtown Crown Court"  # shared by every case heard there
    db.session.commit()
    assert "Testtown Crown Court" in visible_text(client.get(path))

    contact.phone = "01632 960999"  # the contact's number, on every case they hold
    db.session.commit()
    assert "01632 960999" in visible_text(client.get(path))
    assert _kept(client, path)  # and kept again once drawn


def test_a_translation_attached_later_shows_on_the_next_view(client, make, victim_auth):
    victim, case, _, _ = _signed_in_on_a_case(make, victim_auth, language="cy")
    news = make.update(case, text="The officer has the statement.")
    path = f"/cases/{case.id}"
    client.get(path)
    assert _kept(client, path)
    db.session.add(UpdateTranslation(update=news, language="cy",
                                     body_html="<p>Mae'r datganiad gan y swyddog.</p>",
                                     body_text="Mae'r datganiad gan y swyddog."))
    db.session.commit()
    assert "Mae'r datganiad gan y swyddog." in visible_text(client.get(path))


def test_the_list_of_cases_shows_a_new_case_and_a_moved_hearing(client, make, victim_auth):
    victim, case, hearing, _ = _signed_in_on_a_case(make, victim_auth)
    client.get("/cases")
    assert _kept(client, "/cases")
    new = make.case(victims=[victim], stage=Stage.INVESTIGATION)
    assert new.crime_reference in visible_text(client.get("/cases"))
    hearing.starts_at = dt.datetime(2027, 2, 9, 10, 0, tzinfo=dt.timezone.utc)
    db.session.commit()
    assert "9 February 2027" in visible_text(client.get("/cases"))


def test_each_victim_on_a_case_sees_their_own_page(client, make, victim_auth, app):
    """Two victims on one case: one's answer to "did you understand this update?" is on their
    page, not on the other's, though the other's page was kept before the answer."""
    first, case, _, _ = _signed_in_on_a_case(make, victim_auth)
    second = make.victim()
    db.session.add(CaseVictim(case=case, victim=second))
    db.session.commit()
    news = make.update(case, text="News for you both.")
    other = app.test_client()
    VictimAuth(other).sign_in(second)
    path = f"/cases/{case.id}"
    other.get(path)
    assert _kept(other, path)
    token = csrf_token(client, path)
    assert client.post(f"{path}/updates/{news.id}/feedback",
                       data={"understood": "no", "csrf_token": token}).status_code == 302
    assert "You answered: no." in visible_text(client.get(path))
    assert "You answered" not in visible_text(other.get(path))


def test_forms_on_a_kept_page_carry_this_response_s_token_and_nonce(client, make, victim_auth):
    victim, case, _, _ = _signed_in_on_a_case(make, victim_auth)
    news = make.update(case, text="Something to answer.")
    path = f"/cases/{case.id}"
    client.get(path)
    assert _kept(client, path)
    kept = client.get(path)
    html = kept.get_data(as_text=True)
    assert "\x00" not in html
    nonce = re.search(r"'nonce-([^']+)'", kept.headers["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in html
    again = client.get(path)
    assert f'nonce="{nonce}"' not in again.get_data(as_text=True)  # a new one each time
    token = page(kept).find("input", {"name": "csrf_token"})["value"]
    answered = client.post(f"{path}/updates/{news.id}/feedback",
                           data={"understood": "yes", "csrf_token": token})
    assert answered.status_code == 302


def test_every_view_is_on_the_record_kept_or_not(client, make, victim_auth):
    victim, case, _, _ = _signed_in_on_a_case(make, victim_auth)
    path = f"/cases/{case.id}"
    for _ in range(3):
        client.get(path)

    def views():
        return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "case.viewed", AuditEvent.case_id == case.id,
            AuditEvent.actor_id == victim.id))

    assert views() == 3


def test_another_victim_s_case_is_refused_though_its_page_is_kept(client, make, victim_auth):
    victim, case, _, _ = _signed_in_on_a_case(make, victim_auth)
    client.get(f"/cases/{case.id}")
    stranger = make.victim()
    victim_auth.sign_out()
    victim_auth.sign_in(stranger)
    assert client.get(f"/cases/{case.id}").status_code == 404
