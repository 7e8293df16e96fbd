"""Supervision (issue 16): a team manager samples the team's cases, reviews a case against the
inspection's checklist and sees the results month by month; a caseworker reads the reviews of
their own cases."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import format_date, gettext

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, MANAGERS, signed_in_staff, staff_required
from portal.caseworker.charts import stacked_weeks
from portal.caseworker.forms_supervision import ReviewForm, SampleForm
from portal.caseworker.page import field_error, form_page, render, team_page
from portal.services import access
from portal.services.case_file import supervision
from portal.services.errors import InvalidInput


def month_label(first) -> str:
    return format_date(first, "MMM yyyy")


@bp.get("/team/supervision")
@staff_required(*MANAGERS)
def supervision_page():
    if "rule" in request.args:  # a sample is drawn (at random, perhaps) and audited each time
        return _draw_supervision()
    return team_page(_draw_supervision)


def _draw_supervision():
    person = signed_in_staff()
    form = SampleForm(request.args)
    sampled = None
    if "rule" in request.args and form.validate():
        sampled = supervision.sample(person, form.rule.data, form.size.data)
    return render("caseworker/supervision.html", form=form, sampled=sampled,
                  rule=form.rule.data, results=supervision.results(person.team_id),
                  sample_name=supervision.sample_name,
                  items=supervision.ITEMS, item_title=supervision.item_title,
                  month_label=month_label, chart_alt=chart_alt(), team=person.team,
                  nav_current="supervision")


def chart_alt() -> str:
    return gettext("Chart of the reviews’ answers each month, every question together: yes, "
                   "partly, no and not applicable. The same figures are in the table after it.")


@bp.get("/team/supervision/chart.svg")
@staff_required(*MANAGERS)
def supervision_chart():
    """The reviews' answers each month as a chart (an image, as the figures' charts are)."""
    results = supervision.results(signed_in_staff().team_id)
    together = results.together
    chart = stacked_weeks(
        gettext("The reviews’ answers each month"), chart_alt(),
        [month_label(month) for month in results.months],
        [(str(supervision.answer_name(answer)), [getattr(m, answer) for m in together])
         for answer in supervision.ANSWERS])
    return chart.response()


@bp.route("/cases/<int:case_id>/review", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def review_case(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = ReviewForm()
    if request.method == "GET":
        form.sampled_by.data = request.args.get("sampled_by", supervision.CHOSEN)
    if form.validate_on_submit():
        try:
            supervision.record(person, case, form.sampled_by.data,
                               {item: form[item].data for item in supervision.ITEMS},
                               form.note.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case_reviews", case_id=case.id))
    return form_page(
        form, gettext("Review the case"), case=case,
        intro=gettext("Read the case, its duties, updates and letters, then answer each "
                      "question about the work on it."),
        also={"href": url_for("caseworker.case", case_id=case.id),
              "text": gettext("Open the case")})


@bp.get("/cases/<int:case_id>/reviews")
@staff_required(*CASEWORK)
def case_reviews(case_id: int):
    """The reviews of a case: its team's managers and its contact only (read only)."""
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    return render("caseworker/case_reviews.html", case=case,
                  reviews=supervision.of_case(person, case), items=supervision.ITEMS,
                  item_title=supervision.item_title, answer_name=supervision.answer_name,
                  sample_name=supervision.sample_name)


@bp.get("/reviews")
@staff_required(*CASEWORK)
def my_reviews():
    """The reviews of the cases this person is the contact for, newest first."""
    person = signed_in_staff()
    return render("caseworker/my_reviews.html", reviews=supervision.of_my_cases(person),
                  items=supervision.ITEMS, item_title=supervision.item_title,
                  answer_name=supervision.answer_name, nav_current="reviews")
