"""A change at court that affects many hearings: counted first, then confirmed as a job that
the delivery worker runs (updating every affected hearing and telling every affected victim
once), followed on a progress page."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import BulkJob, CaseAction, Hearing, Notification, Update
from portal.models.enums import HearingStatus
from portal.services.case_file import bulk_jobs
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 6, 10, 10, 0, tzinfo=LONDON)
DAY = dt.date(2026, 6, 17)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def court_day(make, staff_login):
    """Three of the team's cases at one court on one day, a victim on two of them; another
    hearing that day at another court, one the next day, and another team's case."""
    person = make.staff()
    court, other_court = make.court("Eastbridge Magistrates' Court"), make.court()
    sam, alex, priya = make.victim(name="Sam"), make.victim(name="Alex"), make.victim(name="Priya")
    cases = [make.case(contact=person, victims=[sam, alex]),
             make.case(contact=person, victims=[sam]),
             make.case(team=person.team, victims=[priya])]
    affected = [make.hearing(case, court=court,
                             starts_at=dt.datetime(2026, 6, 17, hour, tzinfo=LONDON))
                for case, hour in zip(cases, (10, 11, 14))]
    untouched = [
        make.hearing(cases[0], court=other_court,
                     starts_at=dt.datetime(2026, 6, 17, 10, tzinfo=LONDON)),
        make.hearing(cases[1], court=court, starts_at=dt.datetime(2026, 6, 18, 10,
                                                                   tzinfo=LONDON)),
        make.hearing(make.case(victims=[make.victim()]), court=court,
                     starts_at=dt.datetime(2026, 6, 17, 10, tzinfo=LONDON)),
    ]
    staff_login.sign_in_quickly(person)
    return court, affected, untouched, (sam, alex, priya)


def find(client, court, change, new_date=("", "", ""), reason="the building has no heating"):
    return client.post("/staff/hearings/bulk", data={
        "csrf_token": csrf_token(client, "/staff/hearings/bulk"), "court": court.id,
        "date": ["17", "6", "2026"], "change": change, "new_date": list(new_date),
        "reason": reason})


def confirm_data(response) -> dict:
    form = page(response).find("form", action="/staff/hearings/bulk/confirm")
    data = {i["name"]: i.get("value", "") for i in form.find_all("input")
            if i.get("type") != "radio"}
    data["body"] = form.find("textarea").text
    data["send"] = "now"
    return data


def test_the_count_is_shown_before_anything_changes(client, court_day):
    court, affected, untouched, victims = court_day
    response = find(client, court, "closed")
    assert response.status_code == 200
    counts = page(response).find(id="bulk-counts").get_text(" ", strip=True)
    assert "3 hearings" in counts and "on 3 cases" in counts
    assert "3 victims will be told, each once" in counts
    assert "Update 3 hearings and tell the victims" in visible_text(response)
    assert len(page(response).find(id="bulk-hearings").find_all("li")) == 3
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0
    assert all(h.status == HearingStatus.LISTED for h in affected)


def test_a_whole_days_list_shows_the_first_hearings_and_counts_the_rest(client, court_day,
                                                                        monkeypatch):
    from portal.services.case_file import bulk_update

    court, affected, untouched, victims = court_day
    monkeypatch.setattr(bulk_update, "SHOWN", 2)
    listed = page(find(client, court, "closed")).find(id="bulk-hearings").find_all("li")
    assert [li.get_text(" ", strip=True) for li in listed][1:] == [
        f"{affected[1].case.crime_reference}: Trial, 11:00", "and 1 more hearing"]


def confirm(client, data) -> int:
    """Confirm the change; returns the job's id from the progress page it goes to."""
    response = client.post("/staff/hearings/bulk/confirm", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert location.startswith("/staff/bulk-jobs/")
    return int(location.rsplit("/", 1)[1])


def nothing_changed(affected) -> bool:
    db.session.expire_all()
    return (all(h.status == HearingStatus.LISTED for h in affected)
            and db.session.scalar(select(func.count()).select_from(Update)) == 0
            and db.session.scalar(select(func.count()).select_from(Notification)) == 0)


def test_a_closed_court_cancels_every_hearing_and_tells_each_victim_once(client, court_day):
    court, affected, untouched, (sam, alex, priya) = court_day
    data = confirm_data(find(client, court, "closed"))
    assert "is closed on Wednesday, 17 June 2026 because the building has no heating" in (
        data["body"])
    job_id = confirm(client, data)
    assert nothing_changed(affected)  # the request only records the job
    assert bulk_jobs.run_next("worker-1") == 3
    response = client.get(f"/staff/bulk-jobs/{job_id}")
    assert "3 hearings updated" in visible_text(response)
    assert "3 victims told" in visible_text(response)
    db.session.expire_all()
    assert [h.status for h in affected] == [HearingStatus.VACATED] * 3
    assert all(h.change_reason == "the building has no heating" for h in affected)
    assert [h.status for h in untouched] == [HearingStatus.LISTED] * 3
    notified = db.session.scalars(select(Notification.victim_id)).all()
    assert sorted(notified) == sorted([sam.id, alex.id, priya.id])  # Sam once, not twice
    updates = db.session.scalars(select(Update)).all()
    assert len(updates) == 3 and {u.event for u in updates} == {"hearing_vacated"}
    assert all(n.urgent for n in db.session.scalars(select(Notification)))
    told = db.session.scalars(select(CaseAction.hearing_id)).all()
    assert sorted(told) == sorted(h.id for h in affected)


def test_a_moved_list_keeps_each_hearings_time_on_the_new_day(client, court_day):
    court, affected, untouched, victims = court_day
    data = confirm_data(find(client, court, "moved", new_date=("24", "6", "2026")))
    confirm(client, data)
    assert nothing_changed(affected)
    bulk_jobs.run_next("worker-1")
    db.session.expire_all()
    assert [h.starts_at.astimezone(LONDON) for h in affected] == [
        dt.datetime(2026, 6, 24, hour, tzinfo=LONDON) for hour in (10, 11, 14)]
    assert [h.previous_starts_at.astimezone(LONDON).date() for h in affected] == [DAY] * 3
    assert all(h.status == HearingStatus.MOVED for h in affected)


def test_the_new_day_must_be_a_real_future_day(client, court_day):
    court, affected, untouched, victims = court_day
    past = find(client, court, "moved", new_date=("1", "6", "2026"))
    assert past.status_code == 400
    assert "today or in the future" in page(past).find(id="new_date-error").text
    missing = find(client, court, "moved")
    assert "Enter the new day" in page(missing).find(id="new_date-error").text
    assert all(h.status == HearingStatus.LISTED for h in affected)


def test_if_the_hearings_change_meanwhile_nothing_is_done(client, court_day, make):
    court, affected, untouched, victims = court_day
    data = confirm_data(find(client, court, "closed"))
    make.hearing(affected[0].case, court=court,
                 starts_at=dt.datetime(2026, 6, 17, 15, tzinfo=LONDON))
    response = client.post("/staff/hearings/bulk/confirm", data=data)
    assert response.status_code == 409
    assert "4 hearings" in page(response).find(id="bulk-counts").text
    assert db.session.scalar(select(func.count()).select_from(Update)) == 0
    assert db.session.scalar(select(func.count()).select_from(Hearing).where(
        Hearing.status == HearingStatus.VACATED)) == 0


def test_the_same_number_of_other_hearings_is_a_changed_plan(client, court_day, make):
    court, affected, untouched, victims = court_day
    data = confirm_data(find(client, court, "closed"))
    db.session.delete(affected[2])
    make.hearing(affected[0].case, court=court,
                 starts_at=dt.datetime(2026, 6, 17, 15, tzinfo=LONDON))
    response = client.post("/staff/hearings/bulk/confirm", data=data)
    assert response.status_code == 409
    assert "changed while you were looking" in visible_text(response)
    assert db.session.scalar(select(func.count()).select_from(BulkJob)) == 0


# --- the job ----------------------------------------------------------------------------------

def recipients(providers) -> list[str]:
    return sorted([r.to for r in providers.sms.accepted]
                  + [m["To"] for m in providers.email.messages])


def addresses(victims) -> list[str]:
    return sorted(v.phone if v.preference.channels[0] == "sms" else v.email for v in victims)


def test_the_worker_applies_it_and_each_victim_gets_exactly_one_message(
        client, court_day, make, providers, run_worker):
    court, affected, untouched, (sam, alex, priya) = court_day
    for victim, channel in ((sam, "sms"), (alex, "email"), (priya, "sms")):
        make.preferences(victim, channels=[channel], windows=[])
    job_id = confirm(client, confirm_data(find(client, court, "closed")))
    assert nothing_changed(affected)
    run_worker()
    assert recipients(providers) == addresses([sam, alex, priya])  # Sam once, not twice
    job = db.session.get(BulkJob, job_id)
    assert (job.status, job.hearings_done, job.cases_updated, job.victims_notified) == (
        "done", 3, 3, 3)
    run_worker()  # a finished job is never run again
    assert len(recipients(providers)) == 3


def test_the_progress_page_says_where_it_is_and_refreshes_until_done(client, court_day):
    court, affected, untouched, victims = court_day
    job_id = confirm(client, confirm_data(find(client, court, "closed")))
    waiting = client.get(f"/staff/bulk-jobs/{job_id}")
    assert waiting.status_code == 200
    assert waiting.headers["Refresh"] == "5"  # reloads itself, with no script
    assert "Waiting to start" in page(waiting).find(id="job-status").text
    assert "3 hearings are waiting to be updated. Nothing has changed yet." in (
        visible_text(waiting))
    assert "you can come back to it from Changes at court" in visible_text(waiting)
    # The changes at court page lists it, to come back to.
    listed = page(client.get("/staff/hearings/bulk")).find(id="recent-jobs").find_next("table")
    assert listed.find("a", href=f"/staff/bulk-jobs/{job_id}")
    assert "Waiting to start: 0 of 3 hearings" in listed.get_text(" ", strip=True)

    claimed = bulk_jobs.claim("worker-1")
    bulk_jobs.run_chunk(claimed, "worker-1", size=1)
    halfway = client.get(f"/staff/bulk-jobs/{job_id}")
    assert "Updating the hearings" in page(halfway).find(id="job-status").text
    progress = page(halfway).find(id="job-progress").get_text(" ", strip=True)
    assert "1 of 3 hearings gone through" in progress and "2 victims told so far" in progress
    assert halfway.headers["Refresh"] == "5"

    bulk_jobs.run(claimed, "worker-1")
    done = client.get(f"/staff/bulk-jobs/{job_id}")
    assert "Done" in page(done).find(id="job-status").text
    assert "3 of 3 hearings gone through" in visible_text(done)
    assert "Refresh" not in done.headers


def test_another_teams_caseworker_gets_404_and_it_is_audited(client, court_day, make,
                                                             staff_login):
    from portal.models import AuditEvent

    court, affected, untouched, victims = court_day
    job_id = confirm(client, confirm_data(find(client, court, "closed")))
    outsider = make.staff()
    staff_login.sign_in_quickly(outsider)
    assert client.get(f"/staff/bulk-jobs/{job_id}").status_code == 404
    assert client.get("/staff/bulk-jobs/2147483648").status_code == 404
    refused = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.refused", AuditEvent.actor_id == outsider.id)).first()
    assert refused.detail["item"] == "bulk_job" and refused.detail["item_id"] == job_id
    assert "bulk-jobs" not in page(client.get("/staff/hearings/bulk")).decode()


def test_two_workers_claiming_at_once_run_it_once(app, client, court_day):
    import threading

    court, affected, untouched, victims = court_day
    job_id = confirm(client, confirm_data(find(client, court, "closed")))
    assert bulk_jobs.claim("first") == job_id
    assert bulk_jobs.claim("second") is None  # held: not claimable while the lease lasts
    bulk_jobs._release(job_id, "first")

    start, handled = threading.Barrier(2), {}

    def worker(name):
        with app.app_context():
            start.wait()
            handled[name] = bulk_jobs.run_next(name)
            db.session.remove()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(handled.values()) == [0, 3]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Update)) == 3
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 3
    assert db.session.get(BulkJob, job_id).claims == 2  # once by "first", once by a or b


def test_a_job_whose_worker_died_is_picked_up_without_doing_anything_twice(
        client, court_day, make, providers, run_worker, clock):
    court, affected, untouched, (sam, alex, priya) = court_day
    for victim, channel in ((sam, "sms"), (alex, "email"), (priya, "email")):
        make.preferences(victim, channels=[channel], windows=[])
    job_id = confirm(client, confirm_data(find(client, court, "closed")))
    assert bulk_jobs.claim("dies") == job_id
    assert bulk_jobs.run_chunk(job_id, "dies", size=1) == (1, False)  # then it dies
    assert bulk_jobs.claim("too-soon") is None
    run_worker()  # its lease has not run out: nothing is taken over
    assert db.session.get(BulkJob, job_id).hearings_done == 1

    clock.shift(bulk_jobs.LEASE + dt.timedelta(seconds=1))
    run_worker()
    job = db.session.get(BulkJob, job_id)
    assert (job.status, job.claims, job.hearings_done, job.victims_notified) == (
        "done", 2, 3, 3)
    db.session.expire_all()
    assert [h.status for h in affected] == [HearingStatus.VACATED] * 3
    assert db.session.scalar(select(func.count()).select_from(Update)) == 3
    told = db.session.scalars(select(CaseAction.hearing_id)).all()
    assert sorted(told) == sorted(h.id for h in affected)  # each hearing once
    assert recipients(providers) == addresses([sam, alex, priya])
    with pytest.raises(bulk_jobs.LeaseLost):  # the dead worker, back, writes nothing
        bulk_jobs.run_chunk(job_id, "dies")


def test_a_worker_that_stops_gives_the_job_back(client, court_day):
    import threading

    court, affected, untouched, victims = court_day
    job_id = confirm(client, confirm_data(find(client, court, "closed")))
    stop = threading.Event()
    stop.set()
    assert bulk_jobs.run(bulk_jobs.claim("stopping"), "stopping", stop) == 0
    job = db.session.get(BulkJob, job_id)
    assert (job.status, job.claimed_by, job.hearings_done) == ("queued", None, 0)
    assert bulk_jobs.run_next("next") == 3


def test_a_hearing_changed_after_confirming_is_left_alone(client, court_day, make):
    court, affected, untouched, victims = court_day
    job_id = confirm(client, confirm_data(find(client, court, "closed")))
    affected[1].status = HearingStatus.VACATED
    affected[1].change_reason = "moved to the crown court"
    db.session.commit()
    bulk_jobs.run_next("worker-1")
    db.session.expire_all()
    assert affected[1].change_reason == "moved to the crown court"
    job = db.session.get(BulkJob, job_id)
    assert (job.hearings_done, job.hearings_skipped, job.cases_updated) == (3, 1, 2)
    response = client.get(f"/staff/bulk-jobs/{job_id}")
    assert "2 hearings updated" in visible_text(response)
    assert "1 hearing had been moved or cancelled by someone else" in visible_text(response)


def test_a_new_day_that_has_passed_when_the_worker_gets_there_stops_the_job(client, court_day,
                                                                         clock):
    court, affected, untouched, victims = court_day
    job_id = confirm(client, confirm_data(find(client, court, "moved",
                                               new_date=("11", "6", "2026"))))
    clock.move_to(dt.datetime(2026, 6, 12, 10, 0, tzinfo=LONDON))
    bulk_jobs.run_next("worker-1")
    clock.move_to(NOW)  # back, so the caseworker's session is still fresh
    job = db.session.get(BulkJob, job_id)
    assert (job.status, job.failure) == ("failed", "new_day_passed")
    assert nothing_changed(affected)
    response = client.get(f"/staff/bulk-jobs/{job_id}")
    assert "Stopped" in page(response).find(id="job-status").text
    assert "had passed when the hearings were being moved" in visible_text(response)
    assert "Refresh" not in response.headers
