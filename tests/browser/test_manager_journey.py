"""A team manager's journey in a real browser (issue 16): signs in with an authenticator code
and lands on what needs the team now; opens the team figures, reads a chart (the image loads,
with its text alternative) and the table of the same numbers, and every other chart loads;
downloads the CSV; samples the team's cases and reviews one against the checklist. Every
manager's page, the caseworker's reviews and the administrator's teams compared pass axe at
320 and 1280 px in English and Welsh, and so does the area lead's teams compared, narrowed to
England, at 320 px."""
from __future__ import annotations

import datetime as dt

import pyotp
import pytest

from portal.models import CaseAction, UpdateFeedback
from portal.models.actions import ObligationKind
from portal.models.enums import Role, Stage, TeamKind
from portal.models.types import utcnow
from tests.factories import STAFF_PASSWORD


@pytest.fixture
def manager_team(data):
    """A witness care team with a manager, a caseworker, and hearings whose outcomes were
    told on time, late and not at all in the last weeks; a victim who did not understand."""
    from portal.extensions import db

    make = data.make
    secret = pyotp.random_base32()
    team = make.team(TeamKind.WITNESS_CARE, name="Northshire Witness Care Unit")
    manager = make.staff(team=team, role=Role.MANAGER, totp_secret=secret, name="Morgan Price")
    worker = make.staff(team=team, name="Jo Bennett")
    now = utcnow()
    cases = []
    for days_ago, told_after in ((20, 0), (13, 4), (6, None)):
        victim = make.victim()
        make.preferences(victim)
        case = make.case(victims=[victim], team=team, contact=worker, stage=Stage.COURT,
                         reported_on=(now - dt.timedelta(days=120)).date())
        heard = now - dt.timedelta(days=days_ago)
        hearing = make.hearing(case, starts_at=heard - dt.timedelta(hours=2),
                               created_at=now - dt.timedelta(days=100),
                               outcome_recorded_at=heard)
        if told_after is not None:
            db.session.add(CaseAction(case=case, kind=ObligationKind.HEARING_OUTCOME_TOLD,
                                      hearing=hearing, caseworker=worker,
                                      at=heard + dt.timedelta(days=told_after),
                                      details="Told the victim by phone."))
        cases.append(case)
    update = make.update(cases[0])
    db.session.add(UpdateFeedback(update=update, victim_id=cases[0].victims[0].id,
                                  understood="no"))
    db.session.commit()
    return manager, secret, worker, cases


def sign_in_as_manager(visit, manager, secret) -> None:
    visit.open("/staff/sign-in")
    visit.page.get_by_label("Email address").fill(manager.email)
    visit.page.get_by_label("Password", exact=True).fill(STAFF_PASSWORD)
    visit.submit()
    visit.page.locator("#code").fill(pyotp.TOTP(secret).now())
    visit.submit()


def test_a_manager_reads_the_figures_exports_them_and_reviews_a_sampled_case(
        visit, data, manager_team):
    manager, secret, worker, cases = manager_team
    page = visit.page
    sign_in_as_manager(visit, manager, secret)
    # The first screen: what needs the team now.
    assert visit.path == "/staff/team/overview", visit.heading()
    assert visit.heading() == "What needs the team now"
    page.get_by_role("link", name="See the team’s figures").click()
    visit.ready()
    assert visit.path == "/staff/team/figures" and visit.heading() == "Team figures"

    # A chart: the image loads, with its text alternative, and the table of its numbers.
    chart = page.locator("img[data-chart='hearing_outcome_told']")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())
    assert "The same figures are in the table after it" in chart.get_attribute("alt")
    table = page.locator("table[data-figures='hearing_outcome_told']")
    assert table.locator("caption").inner_text().startswith(
        "Tell the victim what happened at the hearing")
    counts = {state: sum(int(cell) for cell in table.locator(
        f"td[data-state='{state}']").all_inner_texts()) for state in ("on_time", "late",
                                                                        "missed")}
    assert counts == {"on_time": 1, "late": 1, "missed": 1}
    # Every chart on the page loads (the working days to tell victims and the victims'
    # verdicts among them), each saying its figures are in the table after it.
    charts = page.locator("img.portal-chart")
    names = [charts.nth(n).get_attribute("data-chart") for n in range(charts.count())]
    assert {"hearing_outcome_told", "time-to-tell", "understood"} <= set(names), names
    for n in range(charts.count()):
        image = charts.nth(n)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert "The same figures are in the table after it" in image.get_attribute("alt")

    # The CSV, fetched with the page's own session.
    link = page.get_by_role("link", name="Download the weekly figures (CSV, for a spreadsheet)")
    response = page.request.get(visit.portal.url(link.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = response.text().splitlines()
    assert lines[0] == "team,week_starting,measure,obligation_kind,value"
    assert any(",missed,hearing_outcome_told,1" in line for line in lines)

    # Supervision: every case where a victim did not understand an update, then a review.
    page.get_by_role("link", name="Supervision").click()
    visit.ready()
    page.get_by_label("Every case where a victim did not understand an update").check()
    page.get_by_role("button", name="Show the cases").click()
    visit.ready()
    row = page.locator("tr[data-case]")
    assert row.count() == 1 and cases[0].crime_reference in row.inner_text()
    row.get_by_role("link", name="Review").click()
    visit.ready()
    assert visit.heading() == "Review the case"
    for question, answer in (("The victim’s needs were assessed", "Yes"),
                             ("Their preferences were asked and followed", "Yes"),
                             ("Letters gave reasons, with empathy", "Partly"),
                             ("A personal statement was offered", "No"),
                             ("A referral to support was made", "Not applicable")):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_label("Note to the caseworker (optional)").fill(
        "Offer the statement at the next call.")
    page.get_by_role("button", name="Save the review").click()
    visit.ready()
    assert visit.path == f"/staff/cases/{cases[0].id}/reviews"
    text = visit.text()
    assert "Reviewed by Morgan Price" in text and "Offer the statement at the next call." in text
    assert page.locator("dd[data-item='statement_offered']").inner_text() == "No"
    assert page.locator("dd[data-item='letters_explained']").inner_text() == "Partly"
    visit.assert_accessible()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_managers_pages_pass_axe_at_phone_and_laptop_width(visit, new_visit, data,
                                                               manager_team, lang):
    from tests.browser.harness import LAPTOP

    manager, secret, worker, cases = manager_team
    from portal.services.case_file import supervision

    supervision.record(manager, cases[1], "random", dict.fromkeys(supervision.ITEMS, "yes"),
                       "Well explained.")
    visit.sign_in_as(manager, lang=lang)
    month = utcnow().strftime("%Y-%m")
    for path in ("/staff/team/overview", "/staff/team/figures",
                 "/staff/team/supervision?rule=random&size=5",
                 f"/staff/cases/{cases[0].id}/review?sampled_by=random",
                 f"/staff/cases/{cases[1].id}/reviews", f"/staff/team/report?month={month}"):
        visit.open(path)
        assert visit.path.split("?")[0] == path.split("?")[0], (path, visit.path)
        visit.assert_accessible()
    # The review form with its errors, announced.
    visit.open(f"/staff/cases/{cases[0].id}/review")
    visit.page.locator("main form[method='post'] .govuk-button").click()
    visit.ready()
    assert visit.page.locator(".govuk-error-summary").count() == 1
    visit.assert_accessible()
    # The caseworker's reviews of their cases, and the administrator's teams compared.
    caseworker = new_visit(LAPTOP)
    caseworker.sign_in_as(worker, lang=lang)
    caseworker.open("/staff/reviews")
    assert "Well explained." in caseworker.text()
    caseworker.assert_accessible()
    admin = new_visit(LAPTOP)
    admin.sign_in_as(data.make.staff(role=Role.ADMIN), lang=lang)
    admin.open("/staff/area")
    assert "Northshire Witness Care Unit" in admin.text()
    assert cases[0].crime_reference not in admin.text()
    admin.assert_accessible()
    # An area lead at phone width: teams compared, narrowed to England.
    lead = new_visit()
    lead.sign_in_as(data.make.staff(role=Role.AREA_LEAD), lang=lang)
    lead.open("/staff/area?nation=england")
    assert "Northshire Witness Care Unit" in lead.text()
    assert cases[0].crime_reference not in lead.text()
    lead.assert_accessible()
