"""The Victim Contact Scheme on the console: record the release to come with its licence
conditions, then go on to the update that gives the victims notice; send an urgent alert
(escape, absconding, recall, open conditions, death), repeated until each victim reads it."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from portal import i18n
from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.fields import options
from portal.caseworker.forms_release import (
    AlertForm,
    PlannedReleaseForm,
    VcsChoiceForm,
    VcsReferralForm,
)
from portal.caseworker.page import field_error, form_page
from portal.london import at
from portal.models.enums import UpdateEvent
from portal.services import access
from portal.services.case_file import alerts, case_work, release
from portal.services.case_file import vcs_referral as vcs
from portal.services.errors import InvalidInput, InvalidInputs


def _starting_values(case) -> dict:
    """The form starts with the conditions recorded last, so a change edits only what
    changed."""
    now = release.current(case)
    if now is None:
        return {}
    return {"expected_on": now.expected_on, "no_contact": "yes" if now.no_contact else "no",
            "exclusion_area": now.exclusion_area, "curfew_from": now.curfew_from,
            "curfew_until": now.curfew_until, "residence": now.residence,
            "electronic_monitoring": "yes" if now.electronic_monitoring else "no"}


@bp.route("/cases/<int:case_id>/release/planned", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def plan_release(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = PlannedReleaseForm(**_starting_values(case))
    if form.validate_on_submit():
        entered = release.Planned(
            expected_on=form.expected_on.data, no_contact=form.no_contact.data == "yes",
            exclusion_area=form.exclusion_area.data, curfew_from=form.curfew_from.data,
            curfew_until=form.curfew_until.data,
            electronic_monitoring=form.electronic_monitoring.data == "yes",
            residence=form.residence.data)
        try:
            release.record_planned(person, case, entered)
        except InvalidInputs as error:
            for field, message in error.problems.items():
                field_error(form, InvalidInput(field, message))
        else:
            return redirect(url_for("caseworker.new_update", case_id=case.id,
                                    event=UpdateEvent.RELEASE_PLANNED.value))
    return form_page(form, _("Record the offender’s release to come"), case=case,
                     intro=_("The victims must be told 5 working days before the expected "
                             "release. They see the licence conditions that protect them, "
                             "never the address."))


@bp.route("/cases/<int:case_id>/alert", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_alert(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = AlertForm()
    if form.validate_on_submit():
        try:
            alerts.record(person, case, form.kind.data, at(form.occurred_on.data,
                                                           form.time.data))
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id))
    return form_page(form, _("Send an urgent alert about the offender"), case=case,
                     intro=_("The victims are sent it at once. If they have not confirmed they "
                             "read it within 2 hours, you get a task to call them."))


@bp.route("/cases/<int:case_id>/vcs-referral", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def vcs_referral(case_id: int):
    """Refer a victim to the Victim Contact Scheme: with their consent and language, a
    handover to the probation team with the victim liaison officer as the contact."""
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = VcsReferralForm()
    teams = vcs.probation_teams()
    form.victim.choices = options([(v.id, v.full_name) for v in case.victims])
    form.language.choices = options([(code, language.name)
                                     for code, language in i18n.OFFERED.items()])
    form.team.choices = options([("", _("Choose a team"))] + [(t.id, t.name) for t in teams])
    form.officer.choices = options([("", _("No named contact yet"))] + [
        (member.id, f"{member.name} ({team.name})")
        for team in teams for member in case_work.team_members(team.id)])
    if request.method == "GET" and case.victims:
        form.victim.data = case.victims[0].id
        form.language.data = case.victims[0].language
    if form.validate_on_submit():
        try:
            vcs.refer(person, case, victim_id=form.victim.data, team_id=form.team.data,
                      consent=form.consent.data == "yes", language=form.language.data,
                      officer_id=form.officer.data)
        except InvalidInputs as error:
            for field, message in error.problems.items():
                field_error(form, InvalidInput(field, message))
        else:
            return redirect(url_for("caseworker.team_cases", handed=case.id))
    return form_page(form, _("Refer to the Victim Contact Scheme"), case=case,
                     intro=_("Only with the victim’s consent. The case goes to the probation "
                             "team, who must write to the victim within 20 working days, in "
                             "their language."))


@bp.route("/cases/<int:case_id>/vcs-referral/<int:vcs_referral_id>/choice",
          methods=["GET", "POST"])
@staff_required(*CASEWORK)
def vcs_choice(case_id: int, vcs_referral_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = VcsChoiceForm()
    if form.validate_on_submit():
        try:
            vcs.record_choice(person, case, vcs_referral_id, form.choice.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id))
    return form_page(form, _("Record the victim’s choice about the scheme"), case=case)
