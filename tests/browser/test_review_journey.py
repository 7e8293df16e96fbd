"""A victim asks for a Victims' Right to Review online and follows its status (issue 14): from
the decision on their case page, through the form and the check of their answers, to the
request's page; the case team acknowledges it and the victim sees that. Each new page passes
axe-core at a phone's and a laptop's width."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import ReviewRequest


def test_a_victim_asks_for_a_review_online_and_sees_its_status(visit, new_visit, data):
    scenario = data.victim_with_cases()
    page = visit.page
    visit.sign_in_as(scenario.victim)
    visit.open(f"/cases/{scenario.closed_case.id}")
    page.get_by_role("link", name="Ask for a review online").click()
    visit.ready()
    assert visit.heading() == "Ask for a review of the decision"
    visit.assert_accessible()
    page.get_by_label("Why do you think the decision is wrong? (optional)").fill(
        "A neighbour saw the thief and told the officer.")
    page.get_by_role("button", name="Continue").click()
    visit.ready()
    assert visit.heading() == "Check your request"
    assert "A neighbour saw the thief" in visit.text()
    visit.assert_accessible()
    page.get_by_role("button", name="Send my request").click()
    visit.ready()
    assert visit.heading() == "Your request for a review"
    text = visit.text()
    assert "We have sent your request to your case team." in text
    assert "Received" in text and "within 30 working days" in text
    visit.assert_accessible()

    # The case team acknowledges it from the console.
    request = db.session.scalars(select(ReviewRequest)).one()
    team = new_visit()
    team.sign_in_as(scenario.closed_case.contact)
    team.open(f"/staff/cases/{scenario.closed_case.id}")
    team.page.get_by_role("link", name="Record the next step").click()
    team.ready()
    team.page.get_by_label("Acknowledged: we have the request").check()
    team.page.get_by_role("button", name="Record").click()
    team.ready()
    assert "Acknowledged" in team.page.locator(".portal-review-requests").inner_text()

    # The victim sees where it has got to, on their case page and the request's own.
    visit.open(f"/cases/{scenario.closed_case.id}")
    decisions = visit.page.get_by_role("region", name="Decisions").inner_text()
    assert "Received by your case team" in decisions
    assert "You asked for a review on" in decisions
    visit.page.get_by_role("link", name="See your request for a review").click()
    visit.ready()
    assert "Your case team got it on" in visit.text()
    assert data.rows(ReviewRequest)[0].id == request.id
