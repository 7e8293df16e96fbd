"""Supervision (issue 16): a team manager's samples of the team's cases (at random, every case
with an overdue duty, every case with a "No" to "Did you understand this update?"), quality
reviews against the checklist, their results month by month (a review in the first minutes
of a London month counted in it), and who may read them: the team's managers and the case's
contact only; another team's manager gets 404."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, CaseReview, UpdateFeedback
from portal.models.enums import Role
from portal.models.types import utcnow
from portal.services.case_file import supervision
from tests.conftest import csrf_token, page, visible_text

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 11, 12, tzinfo=LONDON)
ALL_YES = dict.fromkeys(supervision.ITEMS, "yes")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def team_cases(make, frozen):
    """Northtown: an overdue case (Alex's), a case a victim did not understand (Alex's), a
    case with nothing overdue and a "Partly" (Bea's), an anonymised case. Southtown: one of
    each rule's cases, never sampled for Northtown."""
    team = make.team(name="Northtown Witness Care")
    manager = make.staff(team=team, role=Role.MANAGER, name="Morgan Price")
    alex = make.staff(team=team, name="Alex Hughes")
    bea = make.staff(team=team, name="Bea Jones")
    today = NOW.date()
    overdue = make.case(victims=[make.victim()], team=team, contact=alex,
                        reported_on=dt.date(2026, 1, 5))
    confused_victim = make.victim()
    not_understood = make.case(victims=[confused_victim], team=team, contact=alex,
                               reported_on=today)
    partly_victim = make.victim()
    fine = make.case(victims=[partly_victim], team=team, contact=bea, reported_on=today)
    gone = make.case(team=team, contact=bea, reported_on=dt.date(2026, 1, 5))
    gone.anonymised_at = utcnow()
    for case, victim, answer in ((not_understood, confused_victim, "no"),
                                 (fine, partly_victim, "partly")):
        update = make.update(case)
        db.session.add(UpdateFeedback(update=update, victim_id=victim.id, understood=answer))
    other = make.team(name="Southtown Witness Care")
    other_manager = make.staff(team=other, role=Role.MANAGER)
    stranger = make.victim()
    theirs = make.case(victims=[stranger], team=other, reported_on=dt.date(2026, 1, 5))
    db.session.add(UpdateFeedback(update=make.update(theirs), victim_id=stranger.id,
                                  understood="no"))
    db.session.commit()
    return dict(team=team, manager=manager, alex=alex, bea=bea, overdue=overdue,
                not_understood=not_understood, fine=fine, gone=gone, other=other,
                other_manager=other_manager, theirs=theirs)


def ids(sampled) -> set[int]:
    return {row.case.id for row in sampled}


def test_overdue_takes_every_case_whose_next_duty_is_overdue(team_cases):
    w = team_cases
    assert ids(supervision.sample(w["manager"], "overdue")) == {w["overdue"].id}


def test_not_understood_takes_every_case_with_a_no(team_cases):
    w = team_cases
    assert ids(supervision.sample(w["manager"], "not_understood")) == {w["not_understood"].id}


def test_random_takes_as_many_as_asked_of_the_teams_own_cases(team_cases):
    w = team_cases
    own = {w["overdue"].id, w["not_understood"].id, w["fine"].id}
    seen = set()
    for _ in range(20):
        sampled = ids(supervision.sample(w["manager"], "random", size=5))
        assert sampled == own  # fewer cases than asked: all of them, never the anonymised
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(supervision, "SAMPLE_SIZES", (2, 5))
        for _ in range(20):
            sampled = ids(supervision.sample(w["manager"], "random", size=2))
            assert len(sampled) == 2 and sampled <= own
            seen |= sampled
    assert seen == own  # at random: over 20 draws every case came up


def test_each_sample_is_audited_with_its_cases(team_cases):
    w = team_cases
    supervision.sample(w["manager"], "overdue")
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "supervision.sampled")).one()
    assert event.actor_id == w["manager"].id and event.detail == {
        "rule": "overdue", "case_ids": [w["overdue"].id]}


def test_the_manager_samples_reviews_and_the_contact_reads_it(client, staff_login, team_cases):
    w = team_cases
    staff_login.sign_in_quickly(w["manager"])
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/supervision?rule=not_understood"))
    rows = soup.select("tr[data-case]")
    assert [int(r["data-case"]) for r in rows] == [w["not_understood"].id]
    assert w["not_understood"].crime_reference in rows[0].get_text()
    assert "Alex Hughes" in rows[0].get_text() and "Never" in rows[0].get_text()
    review_link = rows[0].select_one("a[href*='/review?']")["href"]
    assert "sampled_by=not_understood" in review_link
    form = page(client.get(review_link))
    assert form.find("input", {"name": "sampled_by"})["value"] == "not_understood"
    answers = {"needs_assessed": "yes", "preferences_followed": "partly",
               "letters_explained": "no", "statement_offered": "yes",
               "referral_made": "not_applicable"}
    token = form.find("input", {"name": "csrf_token"})["value"]
    # One question left unanswered: the page says which, nothing is saved.
    incomplete = dict(answers, referral_made="")
    response = client.post(review_link, data={**incomplete, "sampled_by": "not_understood",
                                              "csrf_token": token})
    assert response.status_code == 400
    assert "Choose yes, partly, no or not applicable" in visible_text(response)
    assert db.session.scalars(select(CaseReview)).all() == []
    response = client.post(review_link, data={
        **answers, "sampled_by": "not_understood", "csrf_token": token,
        "note": "Explain the decision letter's reasons in plain words."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{w['not_understood'].id}/reviews")
    review = db.session.scalars(select(CaseReview)).one()
    assert (review.team_id, review.reviewer_id, review.sampled_by, review.month) == (
        w["team"].id, w["manager"].id, "not_understood", dt.date(2026, 11, 1))
    assert {item: getattr(review, item) for item in supervision.ITEMS} == answers
    assert db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.reviewed")).one().detail == {"review_id": review.id}
    # The sample now says when the case was last reviewed.
    with time_machine.travel(NOW, tick=False):
        again = page(client.get("/staff/team/supervision?rule=not_understood"))
    assert "Never" not in again.select_one("tr[data-case]").get_text()
    # Its contact reads it, among the reviews of their cases, read only.
    staff_login.sign_out()
    staff_login.sign_in_quickly(w["alex"])
    mine = client.get("/staff/reviews")
    text = visible_text(mine)
    assert w["not_understood"].crime_reference in text
    assert "Explain the decision letter's reasons in plain words." in text
    assert "Letters gave reasons, with empathy No" in text
    assert [f["action"] for f in page(mine).find_all("form")] == ["/staff/sign-out"]
    case_page = client.get(f"/staff/cases/{w['not_understood'].id}/reviews")
    assert case_page.status_code == 200 and "Morgan Price" in visible_text(case_page)
    # A caseworker cannot record one.
    assert client.get(review_link).status_code == 403


def test_a_caseworker_sees_only_their_own_cases_reviews(client, staff_login, team_cases):
    w = team_cases
    supervision.record(w["manager"], w["overdue"], "overdue", ALL_YES, "Alex's case note")
    supervision.record(w["manager"], w["fine"], "random", ALL_YES, "Bea's case note")
    staff_login.sign_in_quickly(w["alex"])
    text = visible_text(client.get("/staff/reviews"))
    assert "Alex's case note" in text and "Bea's case note" not in text
    assert w["fine"].crime_reference not in text
    # Bea's case is Alex's team's, but its reviews are Bea's: 404, audited.
    before = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.refused")).all()
    response = client.get(f"/staff/cases/{w['fine'].id}/reviews")
    assert response.status_code == 404 and "Bea's case note" not in visible_text(response)
    refused = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "case.refused")).all()
    assert len(refused) == len(before) + 1 and refused[-1].detail["item"] == "case_review"
    staff_login.sign_out()
    staff_login.sign_in_quickly(w["bea"])
    assert "Bea's case note" in visible_text(client.get(f"/staff/cases/{w['fine'].id}/reviews"))


def test_another_teams_manager_gets_404_for_the_case(client, staff_login, team_cases):
    w = team_cases
    supervision.record(w["manager"], w["overdue"], "overdue", ALL_YES, "Northtown's note")
    staff_login.sign_in_quickly(w["other_manager"])
    case_id = w["overdue"].id
    assert client.get(f"/staff/cases/{case_id}/review").status_code == 404
    assert client.get(f"/staff/cases/{case_id}/reviews").status_code == 404
    token = csrf_token(client, "/staff/account")
    response = client.post(f"/staff/cases/{case_id}/review",
                           data={**ALL_YES, "csrf_token": token})
    assert response.status_code == 404
    assert len(db.session.scalars(select(CaseReview)).all()) == 1
    # Their own samples never hold Northtown's cases.
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/supervision?rule=overdue"))
    assert [int(r["data-case"]) for r in soup.select("tr[data-case]")] == [w["theirs"].id]
    assert "Northtown's note" not in soup.get_text()


def test_results_per_question_per_london_month(client, staff_login, team_cases):
    w = team_cases
    m = w["manager"]
    # 00:30 on 1 October in London is still 30 September in UTC: October's.
    supervision.record(m, w["overdue"], "overdue", dict(ALL_YES, letters_explained="no"), "",
                       now=dt.datetime(2026, 10, 1, 0, 30, tzinfo=LONDON))
    supervision.record(m, w["fine"], "random",
                       dict(ALL_YES, referral_made="not_applicable",
                            letters_explained="partly"), "",
                       now=dt.datetime(2026, 11, 2, 10, tzinfo=LONDON))
    supervision.record(m, w["not_understood"], "not_understood",
                       dict(ALL_YES, referral_made="no", letters_explained="yes"), "",
                       now=dt.datetime(2026, 11, 10, 10, tzinfo=LONDON))
    # Another team's review is not counted.
    supervision.record(w["other_manager"], w["theirs"], "random",
                       dict.fromkeys(supervision.ITEMS, "no"), "",
                       now=dt.datetime(2026, 11, 3, tzinfo=LONDON))
    results = supervision.results(w["team"].id, NOW)
    assert len(results.months) == 12 and results.months[-1] == dt.date(2026, 11, 1)
    assert results.months[0] == dt.date(2025, 12, 1)
    assert results.reviews[-2:] == [1, 2] and results.total == 3
    letters = results.items["letters_explained"]
    assert (letters[-2].no, letters[-2].share_yes) == (1, 0)
    assert (letters[-1].yes, letters[-1].partly, letters[-1].share_yes) == (1, 1, 50)
    referral = results.items["referral_made"][-1]
    assert (referral.yes, referral.no, referral.not_applicable) == (0, 1, 1)
    assert referral.share_yes == 0  # of the answers that applied
    assert results.items["needs_assessed"][-1].share_yes == 100
    assert results.items["needs_assessed"][0].share_yes is None
    # The page's table shows the same.
    staff_login.sign_in_quickly(m)
    with time_machine.travel(NOW, tick=False):
        soup = page(client.get("/staff/team/supervision"))
    nov = soup.find("table", id="review-results").find("tr", attrs={"data-month": "2026-11"})
    assert nov.find("td", attrs={"data-measure": "reviews"}).text == "2"
    assert nov.find("td", attrs={"data-item": "letters_explained"}).text == "50%"
    assert nov.find("td", attrs={"data-item": "referral_made"}).text == "0%"
    oct_row = soup.find("table", attrs={"data-answers": "letters_explained"}).find(
        "tr", attrs={"data-month": "2026-10"})
    assert oct_row.find("td", attrs={"data-answer": "no"}).text == "1"
    # The chart of every question together carries the numbers of the table after it.
    together = soup.find("table", id="answers-together").tbody.find_all("tr")
    table = {answer: [int(r.find("td", attrs={"data-answer": answer}).text) for r in together]
             for answer in supervision.ANSWERS}
    assert table["yes"][-2:] == [4, 7] and table["no"][-2:] == [1, 1]
    assert table["partly"][-1] == 1 and table["not_applicable"][-1] == 1
    image = soup.find("img", attrs={"data-chart": "reviews"})
    assert "table after it" in image["alt"]
    with time_machine.travel(NOW, tick=False):
        chart = client.get(image["src"])
    from tests.caseworker.test_figures_over_time import assert_an_accessible_image, chart_numbers

    assert_an_accessible_image(chart)

    drawn = chart_numbers(chart.get_data(as_text=True))
    assert drawn == {n: table[answer] for n, answer in enumerate(supervision.ANSWERS)}


def test_a_note_too_long_or_an_unknown_answer_is_refused(team_cases):
    w = team_cases
    from portal.services.errors import InvalidInput

    with pytest.raises(InvalidInput) as error:
        supervision.record(w["manager"], w["fine"], "random",
                           dict(ALL_YES, needs_assessed="maybe"), "")
    assert error.value.field == "needs_assessed"
    with pytest.raises(InvalidInput) as error:
        supervision.record(w["manager"], w["fine"], "random", ALL_YES, "x" * 2001)
    assert error.value.field == "note"
    review = supervision.record(w["manager"], w["fine"], "made-up", ALL_YES, "  ")
    assert review.sampled_by == "chosen" and review.note is None
