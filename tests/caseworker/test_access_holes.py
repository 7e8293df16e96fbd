"""Holes found by trying the console as an attacker would, each closed: adding a victim never
attaches an existing person silently; contact details change only with a reason and the old
address told; translators see only the words waiting for them; a team that handed a case on
loses its history too; every refusal of another team's item is audited."""
from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, CaseVictim, DevOutboxMessage, Notification, Update
from portal.models.enums import Role, TeamKind, UpdateEvent
from portal.services.delivery import dispatcher
from portal.services.victim_input import feedback
from tests.conftest import csrf_token, page, visible_text


def refusals(person) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == person.id))


def submit(client, path, **data):
    if "csrf_token" not in data:
        data["csrf_token"] = csrf_token(client, path)
    return client.post(path, data=data)


def refuge_victim(make):
    """A victim on another team's case, with a refuge address only her own team should see."""
    other_team = make.team(TeamKind.POLICE)
    victim = make.victim(name="Layla Haddad", email="layla@example.org",
                         phone="+447700900444")
    make.preferences(victim, channels=["email", "letter"],
                     postal_address="Refuge, 1 Hidden Lane, Northtown")
    make.case(victims=[victim], team=other_team)
    return victim


def test_adding_a_victim_with_someone_elses_phone_number_links_nothing_and_shows_nothing(
        client, make, staff_login):
    layla = refuge_victim(make)
    worker = make.staff()
    case = make.case(contact=worker)
    staff_login.sign_in_quickly(worker)
    response = submit(client, f"/staff/cases/{case.id}/victims/new", full_name="Sam Taylor",
                      phone="07700 900444", email="", language="en")
    assert response.status_code == 400
    text = visible_text(response)
    assert "A person with these details already exists in another case" in text
    assert "ask your team manager" in text.lower()
    for secret in ("Layla", "Haddad", "layla@example.org", "Hidden Lane", "Refuge"):
        assert secret not in text
    # Nothing linked: the new case's team sees no one, and Layla sees no new case.
    assert db.session.scalar(select(func.count()).select_from(CaseVictim).where(
        CaseVictim.case_id == case.id)) == 0
    assert len(layla.case_links) == 1
    assert db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.victim_match_refused")).one().actor_id == worker.id
    # A caseworker is not offered the manager's step, and cannot take it.
    assert "already on another case" not in visible_text(
        client.get(f"/staff/cases/{case.id}/victims/new"))
    assert client.get(f"/staff/cases/{case.id}/victims/link").status_code == 403


def test_a_team_manager_links_a_known_victim_deliberately_and_she_is_told(
        client, make, staff_login):
    layla = refuge_victim(make)
    team = make.team()
    manager = make.staff(team=team, role=Role.MANAGER)
    case = make.case(team=team, contact=manager)
    staff_login.sign_in_quickly(manager)
    path = f"/staff/cases/{case.id}/victims/link"
    assert "Add a victim who is already on another case" in visible_text(
        client.get(f"/staff/cases/{case.id}/victims/new"))
    # The right number with another name is the same answer as no match at all.
    wrong = submit(client, path, full_name="Sam Taylor", phone="07700 900444", email="",
                   reason="She reported the second burglary to us on the phone.")
    assert wrong.status_code == 400
    assert "No one with exactly these details was found" in visible_text(wrong)
    assert "Layla" not in visible_text(wrong)
    no_reason = submit(client, path, full_name="Layla Haddad", phone="07700 900444", email="",
                       reason="")
    assert page(no_reason).find(id="reason-error") is not None
    assert len(layla.case_links) == 1

    done = submit(client, path, full_name="layla  haddad", phone="07700 900444", email="",
                  reason="She reported the second burglary to us on the phone.")
    assert done.status_code == 302
    db.session.refresh(layla)
    assert {link.case_id for link in layla.case_links} >= {case.id}
    linked = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.victim_linked")).one()
    assert linked.actor_id == manager.id and linked.detail["reason"].startswith("She reported")
    # She is told, by her first channel, in words that do not say which case.
    notice = db.session.scalars(select(Notification).where(
        Notification.victim_id == layla.id)).one()
    assert (notice.kind, notice.channel) == ("case_added", "email")
    dispatcher.run(drain=True)
    email = db.session.scalars(select(DevOutboxMessage)).one()
    assert email.to == "layla@example.org"
    assert "A case has been added to your account" in email.body
    assert case.crime_reference not in email.body


def test_a_caseworker_changes_contact_details_only_with_a_reason_and_the_old_address_is_told(
        client, make, staff_login):
    worker = make.staff()
    victim = make.victim(name="Sam Taylor", email="sam@example.org", phone="+447700900555")
    make.preferences(victim, channels=["email"])
    case = make.case(contact=worker, victims=[victim])
    staff_login.sign_in_quickly(worker)
    path = f"/staff/cases/{case.id}/victims/{victim.id}/preferences"
    answers = {"first_choice": "email", "second_choice": "", "third_choice": "",
               "fourth_choice": "", "phone": "+447700900555", "email": "new@example.org",
               "postal_address": "", "contact_times": "any", "urgent": "yes",
               "frequency": "every_update", "language": "en", "discreet": "no",
               "voicemail_safe": "no", "post_safe": "yes", "other_needs": "",
               "interpreter_language": "", "change_reason": ""}
    refused = submit(client, path, **answers)
    assert refused.status_code == 400
    assert "Say why the victim’s contact details are changing" in page(refused).find(
        id="change_reason-error").text
    db.session.refresh(victim)
    assert victim.email == "sam@example.org"
    assert db.session.scalars(select(DevOutboxMessage)).all() == []

    done = submit(client, path, **{**answers, "change_reason": "Sam rang from her new address "
                                                                "and answered the questions."})
    assert done.status_code == 302
    db.session.refresh(victim)
    assert victim.email == "new@example.org"
    told = db.session.scalars(select(DevOutboxMessage)).one()
    assert told.to == "sam@example.org"
    assert "contact details on your account were changed" in told.body
    assert "Sam" not in told.body and case.crime_reference not in told.body
    recorded = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "preferences.recorded")).one()
    assert recorded.detail["reason"].startswith("Sam rang") and "email" in recorded.detail[
        "changed"]


def _waiting_update(make):
    team = make.team()
    worker = make.staff(team=team)
    polish = make.victim(name="Katarzyna Nowak", language="pl")
    english = make.victim(name="Sam Taylor", language="en")
    case = make.case(team=team, contact=worker, victims=[polish, english])
    update = Update(case=case, event=UpdateEvent.GENERAL, body_html="<p>Trial on Monday.</p>",
                    body_text="Trial on Monday.", author=worker)
    db.session.add(update)
    db.session.commit()
    return case, update


def test_a_translator_sees_only_the_words_waiting_for_them_and_no_names(
        client, make, staff_login):
    case, update = _waiting_update(make)
    other_case, unasked = _waiting_update(make)
    # Nobody on this case reads Polish: nobody is waiting for these words in Polish.
    lonely = make.case(victims=[make.victim(language="en")])
    english_only = Update(case=lonely, event=UpdateEvent.GENERAL, body_html="<p>Private.</p>",
                          body_text="Private.")
    db.session.add(english_only)
    db.session.commit()
    translator = make.staff(role=Role.TRANSLATOR)
    staff_login.sign_in_quickly(translator)

    listing = visible_text(client.get("/staff/translations"))
    assert "Polski" in listing
    for secret in ("Katarzyna", "Nowak", "Sam Taylor", case.crime_reference):
        assert secret not in listing
    opened = client.get(f"/staff/translations/{update.id}/pl")
    assert opened.status_code == 200 and "Trial on Monday." in visible_text(opened)
    assert case.crime_reference not in visible_text(opened)

    before = refusals(translator)
    for path in (f"/staff/translations/{english_only.id}/pl",  # nobody waiting in Polish
                 f"/staff/translations/{update.id}/ar",  # nobody reads Arabic on the case
                 f"/staff/translations/{update.id}/en",  # the update's own language
                 f"/staff/translations/{2**31 - 1}/pl"):  # no such update
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Private." not in visible_text(response)
    assert refusals(translator) == before + 4
    submit(client, f"/staff/translations/{update.id}/pl", body="Proces w poniedziałek.")
    # Once translated, the words are no longer waiting: the page closes to the translator.
    assert client.get(f"/staff/translations/{update.id}/pl").status_code == 404


def test_another_teams_complaint_cannot_be_acknowledged_and_the_attempt_is_audited(
        client, make, staff_login):
    victim = make.victim()
    case = make.case(victims=[victim])
    complaint = feedback.start_complaint(victim, case, case.team.organisation_id, "No news.")
    outsider = make.staff(team=make.team(), role=Role.MANAGER)
    staff_login.sign_in_quickly(outsider)
    before = refusals(outsider)
    response = submit(client, f"/staff/complaints/{complaint.id}/acknowledge",
                      csrf_token=csrf_token(client, "/staff/complaints"))
    assert response.status_code == 404
    assert refusals(outsider) == before + 1
    db.session.refresh(complaint)
    assert complaint.acknowledged_at is None
