"""The console's team pages kept rendered while nothing on them changes (portal/page_cache.py):
a kept list is served only while its team's versions stand, so whatever the team, a victim,
the delivery engine or the worker changes shows on the next view (models/page_versions.py)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import AuditEvent, Case, Notification, Task, TeamChange, page_versions
from portal.models.cases import mark_due_stale
from portal.models.enums import Role, Stage, TeamKind
from portal.models.tasks import TaskKind
from portal.models.types import utcnow
from portal.services import access
from portal.services.case_file import case_work, due_index
from portal.services.victim_input import conversations
from tests.caseworker.test_case_page import counting_queries
from tests.conftest import page, visible_text


def _kept(client, path: str) -> bool:
    """Whether the page at ``path`` is served from what was kept: a kept page asks who is
    signed in and its versions, never for a case as such."""
    with counting_queries() as seen:
        assert client.get(path).status_code == 200
    return not any("crime_reference" in statement for statement in seen)


def _team(make, name: str, kind: TeamKind = TeamKind.WITNESS_CARE):
    team = make.team(kind, name=name)
    return team, make.staff(team=team, name=f"{name} caseworker")


def test_a_team_list_viewed_again_is_served_from_what_was_kept(client, make, staff_login):
    team, worker = _team(make, "Northtown Witness Care")
    make.case(team=team, contact=worker)
    staff_login.sign_in_quickly(worker)
    for path in ("/staff/team", "/staff/cases", "/staff/team?due=overdue"):
        assert not _kept(client, path)  # drawn the first time (each address its own page)
        assert _kept(client, path)


def test_what_the_team_does_shows_on_the_next_view(client, make, staff_login, victim_auth):
    team, worker = _team(make, "Northtown Witness Care")
    colleague = make.staff(team=team, name="Priya Shah")
    victim = make.victim()
    case = make.case(victims=[victim], team=team, contact=worker)
    staff_login.sign_in_quickly(worker)
    client.get("/staff/team")
    assert _kept(client, "/staff/team")

    other = make.case(team=team, contact=colleague)  # a case opened by a colleague
    assert other.crime_reference in visible_text(client.get("/staff/team"))

    case_work.change_stage(colleague, case, Stage.COURT)
    db.session.commit()
    row = page(client.get("/staff/team")).find("a", string=case.crime_reference).find_parent("tr")
    assert "Court" in row.get_text()

    conversations.post_from_victim(victim, case, "Is there any news?")  # a victim's message
    assert "Inbox (1 unread)" in visible_text(client.get("/staff/team"))

    db.session.add(Task(case_id=case.id, kind=TaskKind.PHONE_CALL))  # no victim sees tasks
    db.session.commit()
    assert "Tasks (1)" in visible_text(client.get("/staff/team"))

    colleague.name = "Priya Shah-Jones"  # a colleague's name, on every case they hold
    db.session.commit()
    assert "Priya Shah-Jones" in visible_text(client.get("/staff/team"))
    assert _kept(client, "/staff/team")  # and kept again once drawn


def test_a_task_leaves_the_victims_pages_kept(client, make, victim_auth):
    """What only staff see bumps the team's pages, not the victims' (models/page_versions.py)."""
    victim = make.victim()
    case = make.case(victims=[victim])
    worker = make.staff(team=case.team)
    victim_auth.sign_in(victim)
    path = f"/cases/{case.id}"
    client.get(path)
    before = access.team_pages_version(worker)
    db.session.add(Task(case_id=case.id, kind=TaskKind.PHONE_CALL))
    db.session.commit()
    assert access.team_pages_version(worker) != before
    with counting_queries() as seen:
        client.get(path)
    assert not any("FROM hearing" in statement for statement in seen)  # still kept


def test_a_case_handed_on_leaves_one_team_list_and_joins_the_other(client, make, staff_login):
    police, officer = _team(make, "Northtown Police", TeamKind.POLICE)
    care, carer = _team(make, "Northtown Witness Care")
    case = make.case(team=police, contact=officer)
    for person in (officer, carer):
        staff_login.sign_in_quickly(person)
        client.get("/staff/team")
        assert _kept(client, "/staff/team")

    case_work.handover(officer, case, care.id, carer.id)
    db.session.commit()
    staff_login.sign_in_quickly(officer)
    listing = page(client.get("/staff/team"))
    assert listing.find("a", string=case.crime_reference) is None
    assert "Recently handed to other teams" in listing.get_text()
    staff_login.sign_in_quickly(carer)
    assert page(client.get("/staff/team")).find("a", string=case.crime_reference) is not None


def test_another_teams_change_leaves_this_teams_pages_kept(client, make, staff_login):
    team, worker = _team(make, "Northtown Witness Care")
    other_team, other_worker = _team(make, "Eastville Witness Care")
    make.case(team=team, contact=worker)
    theirs = make.case(team=other_team, contact=other_worker)
    staff_login.sign_in_quickly(worker)
    client.get("/staff/team")
    case_work.change_stage(other_worker, theirs, Stage.COURT)
    db.session.add(Task(case_id=theirs.id, kind=TaskKind.PHONE_CALL))
    db.session.commit()
    assert _kept(client, "/staff/team")


def test_the_delivery_engines_own_statements_make_the_lists_out_of_date(client, make,
                                                                         staff_login):
    """The engine writes a message's status outside the ORM and marks the case's duties to
    be worked out again: the team's pages are drawn again, with the duty worked out anew."""
    team, worker = _team(make, "Northtown Witness Care")
    case = make.case(victims=[make.victim()], team=team, contact=worker)
    staff_login.sign_in_quickly(worker)
    client.get("/staff/team")
    assert _kept(client, "/staff/team")
    with db.engine.begin() as connection:  # as the dispatcher does, on its own connection
        connection.execute(update(Notification.__table__)
                           .where(Notification.__table__.c.case_id == case.id)
                           .values(status="failed"))
        mark_due_stale(connection, [case.id])
    assert not _kept(client, "/staff/team")
    assert not db.session.scalar(select(Case.due_stale).where(Case.id == case.id))


def test_the_worker_redraws_the_lists_only_when_a_next_duty_changes(client, make,
                                                                    staff_login):
    team, worker = _team(make, "Northtown Witness Care")
    case = make.case(victims=[make.victim()], team=team, contact=worker)
    staff_login.sign_in_quickly(worker)
    client.get("/staff/team")
    right = db.session.scalar(select(Case.next_due_kind).where(Case.id == case.id))
    assert right is not None
    # The kept next duty out of date, as after a deadline passed unseen: the worker's round
    # works it out again, and the list shows what it found.
    db.session.execute(update(Case).where(Case.id == case.id).values(next_due_kind="vpd_offer")
                       .execution_options(versions_bumped=True))
    db.session.commit()
    client.get("/staff/team")
    assert _kept(client, "/staff/team")
    due_index.refresh([case.id])
    assert not _kept(client, "/staff/team")
    assert db.session.scalar(select(Case.next_due_kind).where(Case.id == case.id)) == right
    due_index.refresh([case.id])  # nothing changed: the kept page stands
    assert _kept(client, "/staff/team")


def test_a_managers_pages_show_the_teams_changes_at_once(client, make, staff_login):
    team, worker = _team(make, "Northtown Witness Care")
    manager = make.staff(team=team, role=Role.MANAGER)
    case = make.case(team=team, contact=worker)
    staff_login.sign_in_quickly(manager)
    client.get("/staff/team/overview")
    assert _kept(client, "/staff/team/overview")
    before = page(client.get("/staff/team/overview")).get_text()
    db.session.add(Task(case_id=case.id, kind=TaskKind.DELIVERY_FAILED))
    db.session.commit()
    after = page(client.get("/staff/team/overview")).get_text()
    assert after != before and "Tasks (1)" in " ".join(after.split())


def test_a_sample_for_review_is_drawn_and_audited_each_time(client, make, staff_login):
    team, worker = _team(make, "Northtown Witness Care")
    manager = make.staff(team=team, role=Role.MANAGER)
    for _ in range(3):
        make.case(team=team, contact=worker)
    staff_login.sign_in_quickly(manager)

    def samples() -> int:
        return len(db.session.scalars(select(AuditEvent).where(
            AuditEvent.actor_id == manager.id, AuditEvent.action.like("%sample%"))).all())

    for n in (1, 2):
        assert client.get("/staff/team/supervision?rule=random&size=5").status_code == 200
        assert samples() == n


def test_pages_of_staff_outside_a_case_team_are_never_kept(make):
    admin = make.staff(team=None, role=Role.ADMIN)
    assert access.team_pages_version(admin) is None


def test_pruning_keeps_every_teams_version(make):
    team, worker = _team(make, "Northtown Witness Care")
    for _ in range(3):
        make.case(team=team, contact=worker)
    db.session.add(Task(case_id=make.case(team=team).id, kind=TaskKind.LETTER,
                        created_at=utcnow() - dt.timedelta(minutes=1)))
    db.session.commit()
    before = access.team_pages_version(worker)
    rows = db.session.scalar(select(db.func.count()).select_from(TeamChange))
    page_versions.prune(db.session.connection())
    db.session.commit()
    assert access.team_pages_version(worker) == before
    assert db.session.scalar(select(db.func.count()).select_from(TeamChange)) < rows


def test_the_console_case_page_is_kept_and_every_look_recorded(client, make, staff_login):
    team, worker = _team(make, "Northtown Witness Care")
    victim = make.victim(name="Amira Haddad")
    case = make.case(victims=[victim], team=team, contact=worker)
    staff_login.sign_in_quickly(worker)
    path = f"/staff/cases/{case.id}"
    client.get(path)
    assert _kept(client, path)

    before = visible_text(client.get(path)).count("There is an update on your case")
    make.update(case, text="The suspect was interviewed on Monday.")  # listed by its headline
    after = visible_text(client.get(path)).count("There is an update on your case")
    assert after > before
    make.preferences(victim, channels=["post"])  # a victim's own row: their cases' teams
    assert not _kept(client, path)
    assert _kept(client, path)

    looks = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.viewed", AuditEvent.case_id == case.id,
        AuditEvent.actor_id == worker.id)).all()
    assert len(looks) == 6 and {look.team_id for look in looks} == {team.id}


def test_a_kept_case_page_is_still_refused_to_another_team(client, make, staff_login):
    team, worker = _team(make, "Northtown Witness Care")
    other_team, outsider = _team(make, "Eastville Witness Care")
    case = make.case(team=team, contact=worker)
    staff_login.sign_in_quickly(worker)
    client.get(f"/staff/cases/{case.id}")
    assert _kept(client, f"/staff/cases/{case.id}")
    staff_login.sign_in_quickly(outsider)
    assert client.get(f"/staff/cases/{case.id}").status_code == 404
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == outsider.id)) is not None


def test_an_update_posted_in_one_team_leaves_another_teams_pages_kept(client, make,
                                                                      staff_login):
    """The messages an update makes bump its own team's pages, and a worker taking them on
    and giving them back (their lease) bumps none: a busy delivery worker elsewhere does not
    redraw every team's lists."""
    from portal.services.delivery import dispatcher

    team, worker = _team(make, "Northtown Witness Care")
    make.case(team=team, contact=worker)
    other_team, other_worker = _team(make, "Eastville Witness Care")
    theirs = make.case(victims=[make.victim()], team=other_team, contact=other_worker)
    make.preferences(theirs.victims[0], channels=["sms"])
    staff_login.sign_in_quickly(worker)
    client.get("/staff/team")
    before = access.team_pages_version(other_worker)

    make.update(theirs, text="The suspect was interviewed on Monday.")
    assert db.session.scalars(select(Notification).where(
        Notification.case_id == theirs.id)).all()  # it made messages to send
    assert access.team_pages_version(other_worker) != before
    claimed = dispatcher.claim("worker-1", utcnow() + dt.timedelta(days=30), 50,
                               dt.timedelta(minutes=2))
    assert claimed
    dispatcher.release("worker-1", claimed)
    assert _kept(client, "/staff/team")
