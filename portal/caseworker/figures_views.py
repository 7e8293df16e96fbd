"""The team manager's figures: whether the team meets the Victims' Code, and whether victims
understood their updates."""
from __future__ import annotations

from portal.caseworker import bp
from portal.caseworker.access import MANAGERS, signed_in_staff, staff_required
from portal.caseworker.page import render
from portal.services.case_file import team_figures, team_overview


@bp.get("/team/figures")
@staff_required(*MANAGERS)
def figures():
    person = signed_in_staff()
    return render("caseworker/figures.html", figures=team_figures.for_team(person.team_id),
                  team=person.team, nav_current="figures")


@bp.get("/team/overview")
@staff_required(*MANAGERS)
def overview():
    """A team manager's first screen: what needs the team now, each a link to its list."""
    person = signed_in_staff()
    return render("caseworker/overview.html", overview=team_overview.for_team(person.team_id),
                  team=person.team, nav_current="overview")
