"""A caseworker's own words stay theirs until someone translates them: victims who read another
language wait in a list, and a caseworker or translator attaches a translation, which is then
shown on the case page and sent to those victims in their language."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, Update
from portal.models.enums import Channel, Role, TeamKind, UpdateEvent
from portal.services.delivery.compose import render_update
from tests.conftest import csrf_token, page, visible_text


def polish_case(make):
    team = make.team(TeamKind.WITNESS_CARE)
    worker = make.staff(team=team)
    polish = make.victim(name="Katarzyna Nowak", language="pl")
    english = make.victim(name="Sam Taylor", language="en")
    for victim in (polish, english):
        make.preferences(victim, channels=["email"])
    case = make.case(victims=[polish, english], team=team, contact=worker)
    update = Update(case=case, event=UpdateEvent.GENERAL, author=worker,
                    body_html="<p>The trial will start on Monday.</p>",
                    body_text="The trial will start on Monday.")
    db.session.add(update)
    db.session.commit()
    return team, worker, polish, english, case, update


def test_victims_waiting_for_their_language_are_listed(client, make, staff_login):
    team, worker, polish, english, case, update = polish_case(make)
    staff_login.sign_in_quickly(worker)
    rows = page(client.get("/staff/translations")).select("tbody tr")
    assert len(rows) == 1
    text = " ".join(rows[0].get_text(" ").split())
    assert "Polski" in text and "Katarzyna Nowak" in text and "Sam Taylor" not in text


def test_a_translation_is_shown_and_sent_to_the_victims_who_read_it(app, client, make,
                                                                   staff_login, victim_auth):
    team, worker, polish, english, case, update = polish_case(make)
    staff_login.sign_in_quickly(worker)
    path = f"/staff/translations/{update.id}/pl"
    assert "The trial will start on Monday." in visible_text(client.get(path))
    response = client.post(path, data={"body": "Proces rozpocznie się w poniedziałek.",
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    assert page(client.get("/staff/translations")).select("tbody tr") == []
    # Only the Polish reader is sent it again.
    sent = db.session.scalars(select(Notification).where(
        Notification.update_id == update.id)).all()
    assert [n.victim_id for n in sent] == [polish.id]
    with app.test_request_context():
        email = render_update(update, polish, Channel.EMAIL)
        english_email = render_update(update, english, Channel.EMAIL)
    assert "Proces rozpocznie się w poniedziałek." in email.text
    assert "The trial will start on Monday." not in email.text
    assert "The trial will start on Monday." in english_email.text
    staff_login.sign_out()
    victim_auth.sign_in(polish)
    case_page = page(client.get(f"/cases/{case.id}"))
    article = case_page.select_one(f"#update-{update.id}")
    assert "Proces rozpocznie się w poniedziałek." in article.get_text()
    assert "The trial will start on Monday." not in article.get_text()


def test_an_empty_or_second_translation_is_refused(client, make, staff_login):
    team, worker, polish, english, case, update = polish_case(make)
    staff_login.sign_in_quickly(worker)
    path = f"/staff/translations/{update.id}/pl"
    empty = client.post(path, data={"body": "  ", "csrf_token": csrf_token(client, path)})
    assert empty.status_code == 400 and page(empty).find(id="body-error") is not None
    client.post(path, data={"body": "Tłumaczenie.", "csrf_token": csrf_token(client, path)})
    # Translated once, the words are no longer waiting: a second translation is refused, the
    # page closed (the service also refuses one, for two people translating at once).
    token = csrf_token(client, "/staff/translations")
    again = client.post(path, data={"body": "Inne.", "csrf_token": token})
    assert again.status_code == 404
    translations = db.session.get(Update, update.id).translations
    assert [t.body_text for t in translations] == ["Tłumaczenie."]
    assert db.session.scalars(select(Notification)).all() != []
    # A language nobody on the case reads, or the update's own language: nothing to translate.
    assert client.get(f"/staff/translations/{update.id}/xx").status_code == 404
    assert client.get(f"/staff/translations/{update.id}/en").status_code == 404


def test_another_teams_caseworker_cannot_translate_but_a_translator_can(client, make,
                                                                        staff_login):
    team, worker, polish, english, case, update = polish_case(make)
    outsider = make.staff(team=make.team(TeamKind.POLICE))
    staff_login.sign_in_quickly(outsider)
    assert client.get(f"/staff/translations/{update.id}/pl").status_code == 404
    assert page(client.get("/staff/translations")).select("tbody tr") == []
    staff_login.sign_out()
    translator = make.staff(role=Role.TRANSLATOR)
    staff_login.sign_in_quickly(translator)
    assert len(page(client.get("/staff/translations")).select("tbody tr")) == 1
    assert client.get(f"/staff/translations/{update.id}/pl").status_code == 200
    # A translator sees nothing else of the case.
    assert client.get(f"/staff/cases/{case.id}").status_code == 403
