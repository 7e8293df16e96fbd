"""Case work: the case lists, a case, its history, opening a case, victims and invitations,
stage changes, recorded actions, releases and handovers."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from portal import page_cache
from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, MANAGERS, signed_in_staff, staff_required
from portal.caseworker.fields import options
from portal.caseworker.forms_auth import ConfirmForm
from portal.caseworker.forms_case import (
    ActionForm,
    HandoverForm,
    LinkVictimForm,
    NewCaseForm,
    ReleaseForm,
    StageForm,
    VictimForm,
)
from portal.caseworker.page import field_error, form_page, render, team_page
from portal.content import labels
from portal.london import at, local_date
from portal.models.enums import JOURNEY, Stage
from portal.services import access, audit
from portal.services.case_file import (
    case_access_log,
    case_history,
    case_lists,
    case_page,
    case_work,
    due_index,
)
from portal.services.errors import InvalidInput


def _case_list(title: str, mine: bool, nav: str):
    return team_page(lambda: _draw_case_list(title, mine, nav), next_duties=True)


def _draw_case_list(title: str, mine: bool, nav: str):
    listing = case_lists.case_list(signed_in_staff(), mine=mine,
                                   stage=request.args.get("stage") or None,
                                   due=request.args.get("due") or None,
                                   handed=request.args.get("handed", type=int),
                                   page=request.args.get("page", 1, type=int))
    return render("caseworker/cases.html", title=title, listing=listing, rows=listing.rows,
                  stage=listing.stage, due=listing.due, overdue_statements=listing.overdue,
                  stages=(*JOURNEY, Stage.CLOSED), nav_current=nav,
                  handed_on=listing.handed_on, just_handed=listing.just_handed)


@bp.get("/cases")
@staff_required(*CASEWORK)
def my_cases():
    return _case_list(_("My cases"), True, "mine")


@bp.get("/team")
@staff_required(*CASEWORK)
def team_cases():
    return _case_list(_("Team cases"), False, "team")


@bp.route("/cases/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def new_case():
    form = NewCaseForm()
    if form.validate_on_submit():
        try:
            case = case_work.open_case(signed_in_staff(), form.crime_reference.data,
                                       form.offence.data, form.enhanced_rights.data == "yes",
                                       form.area.data, form.reported_on.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id))
    return form_page(form, _("Open a case"), back=url_for("caseworker.my_cases"))


@bp.get("/cases/<int:case_id>")
@staff_required(*CASEWORK)
def case(case_id: int):
    # Kept rendered while nothing in the team changes (portal/page_cache.py); a case whose
    # next duty is to be worked out again has it worked out first, then the page is kept under
    # the versions that gives. Every view is on the record, kept or drawn.
    person = signed_in_staff()
    stale, versions = access.team_case_version(person, case_id)
    if stale:
        due_index.refresh([case_id])
        _, versions = access.team_case_version(person, case_id)
    page_key = page_cache.staff_key(person, versions)
    html = page_cache.get(page_key)
    if html is None:
        html = page_cache.put(page_key, render("caseworker/case.html",
                                               file=case_page.build(person, case_id),
                                               confirm_form=ConfirmForm()))
    else:
        case_page.record_view(person, case_id)
    case_page.viewed()
    return html


@bp.get("/cases/<int:case_id>/history")
@staff_required(*CASEWORK)
def history(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    html = render("caseworker/history.html", case=case, entries=case_history.history(case),
                  access_log=person.is_manager)
    audit.record_now(person, "case.history_viewed", case.id)
    return html


@bp.get("/cases/<int:case_id>/access-log")
@staff_required(*MANAGERS)
def access_log(case_id: int):
    """Who looked at or changed this case, and when (the team manager only)."""
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    log = case_access_log.entries(case, request.args.get("page", 1, type=int))
    html = render("caseworker/access_log.html", case=case, log=log)
    audit.record_now(person, "case.access_log_viewed", case.id)
    return html


@bp.route("/cases/<int:case_id>/victims/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def add_victim(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = VictimForm()
    if form.validate_on_submit():
        try:
            case_work.add_victim(person, case, form.full_name.data, form.email.data,
                                 form.phone.data, form.language.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id))
    also = None
    if person.is_manager:
        also = {"href": url_for("caseworker.link_victim", case_id=case.id),
                "text": _("Add a victim who is already on another case")}
    return form_page(form, _("Add a victim"), case=case, also=also)


@bp.route("/cases/<int:case_id>/victims/link", methods=["GET", "POST"])
@staff_required(*MANAGERS)
def link_victim(case_id: int):
    """A team manager adds a victim the portal already knows (from another case)."""
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = LinkVictimForm()
    if form.validate_on_submit():
        try:
            case_work.link_known_victim(person, case, form.full_name.data, form.email.data,
                                        form.phone.data, form.reason.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id,
                                    _anchor="victims-heading"))
    return form_page(form, _("Add a victim who is on another case"), case=case,
                     intro=_("Only for someone the victim confirms is them: the name and the "
                             "email address or phone number must match what is held."))


@bp.post("/cases/<int:case_id>/victims/<int:victim_id>/invite")
@staff_required(*CASEWORK)
def invite_victim(case_id: int, victim_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    victim = access.victim_on_case(person, case, victim_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("caseworker.case", case_id=case.id))
    try:
        case_work.invite(person, case, victim)
    except InvalidInput as error:
        return render("caseworker/error.html", title=_("The invitation was not sent"),
                      message=error.message), 400
    return render("caseworker/invited.html", case=case, victim=victim)


@bp.route("/cases/<int:case_id>/stage", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def change_stage(case_id: int):
    case = access.team_case(signed_in_staff(), case_id)
    form = StageForm(stage=case.stage)
    if form.validate_on_submit():
        try:
            case_work.change_stage(signed_in_staff(), case, form.stage.data,
                                   closing_reason=form.closing_reason.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id))
    return form_page(form, _("Change the stage"), case=case)


@bp.route("/cases/<int:case_id>/actions/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_action(case_id: int):
    case = access.team_case(signed_in_staff(), case_id)
    form = ActionForm(kind=request.args.get("kind"), about=request.args.get("about"))
    form.about.choices = options([("", _("Not about a hearing or decision"))] + subjects(case))
    if form.validate_on_submit():
        hearing_id, decision_id = parse_about(form.about.data)
        try:
            case_work.record_action(signed_in_staff(), case, form.kind.data, form.details.data,
                                    hearing_id, decision_id)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id))
    return form_page(form, _("Record what you did"), case=case,
                     intro=_("Each Victims’ Code obligation is met by what you record here, or "
                             "by posting an update. Say what was done, not just that it was."))


def subjects(case) -> list[tuple[str, str]]:
    """Choices naming each hearing and decision on the case ("hearing:12", "decision:3")."""
    choices = []
    for hearing in case.hearings:
        choices.append((f"hearing:{hearing.id}", _(
            "%(kind)s, %(date)s", kind=labels.HEARING_KINDS[hearing.kind][0],
            date=format_date(local_date(hearing.starts_at), "medium"))))
    for decision in case.decisions:
        choices.append((f"decision:{decision.id}", _(
            "%(kind)s, %(date)s", kind=labels.DECISIONS[decision.kind],
            date=format_date(local_date(decision.made_at), "medium"))))
    return choices


def parse_about(value: str | None) -> tuple[int | None, int | None]:
    kind, _sep, number = (value or "").partition(":")
    if not number.isdigit():
        return None, None
    return (int(number), None) if kind == "hearing" else (None, int(number))


@bp.route("/cases/<int:case_id>/release", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_release(case_id: int):
    case = access.team_case(signed_in_staff(), case_id)
    form = ReleaseForm()
    if form.validate_on_submit():
        released = at(form.released_on.data, form.time.data)
        try:
            case_work.record_release(signed_in_staff(), case, released)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.new_update", case_id=case.id,
                                    event="offender_released"))
    return form_page(form, _("Record the offender’s release"), case=case,
                     intro=_("The victims must be contacted within 24 hours of the release."))


@bp.route("/cases/<int:case_id>/handover", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def handover(case_id: int):
    case = access.team_case(signed_in_staff(), case_id)
    form = HandoverForm()
    teams = case_work.handover_teams(case)
    form.team.choices = options([("", _("Choose a team"))] + [
        (team.id, f"{team.name} ({team.organisation.name})") for team in teams])
    form.contact.choices = options([("", _("No named contact yet"))] + [
        (member.id, f"{member.name} ({team.name})")
        for team in teams for member in case_work.team_members(team.id)])
    if form.validate_on_submit():
        try:
            case_work.handover(signed_in_staff(), case, form.team.data, form.contact.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.team_cases", handed=case.id))
    return form_page(form, _("Hand the case to another team"), case=case,
                     intro=_("The victims are told who their new contact is, and see it on their "
                             "case page. Your team keeps the case’s history, not the case."))
