"""Figures beyond one team's page (issue 16): the area view comparing teams (administrators
and area leads: counts only, no case content; England, Wales or both) and a team's printable
monthly report for the Local Criminal Justice Board with its CSV (team managers)."""
from __future__ import annotations

from flask import abort, request
from flask_babel import format_date

from portal.caseworker import bp
from portal.caseworker.access import AREA_VIEWERS, MANAGERS, signed_in_staff, staff_required
from portal.caseworker.figures_views import csv_response, state_names, week_label
from portal.caseworker.page import render, team_page
from portal.caseworker.supervision_views import month_label
from portal.services.case_file import area_figures, figures_snapshot, monthly_report, supervision


@bp.get("/area")
@staff_required(*AREA_VIEWERS)
def area():
    chosen = area_figures.nation(request.args.get("nation"))
    return render("caseworker/area.html", area=area_figures.look(signed_in_staff(), chosen),
                  nav_current="area")


def chosen_month():
    month = monthly_report.parse_month(request.args.get("month"))
    if month is None:
        abort(404)
    return month


@bp.get("/team/report")
@staff_required(*MANAGERS)
def monthly_report_page():
    return team_page(_draw_monthly_report, figures_snapshot.worked_out_at(
        signed_in_staff().team_id, month=chosen_month()))


def _draw_monthly_report():
    person = signed_in_staff()
    month = chosen_month()
    return render("caseworker/monthly_report.html",
                  report=figures_snapshot.report(person.team_id, month), team=person.team,
                  states=state_names(), week_label=week_label, month_label=month_label,
                  month_name=format_date(month, "MMMM yyyy"), items=supervision.ITEMS,
                  item_title=supervision.item_title, nav_current="figures")


@bp.get("/team/report.csv")
@staff_required(*MANAGERS)
def monthly_report_csv():
    person = signed_in_staff()
    month = chosen_month()
    report = figures_snapshot.report(person.team_id, month)
    return csv_response(monthly_report.csv_rows(person.team.name, report),
                        f"team-report-{month:%Y-%m}.csv")
