"""Administration: organisations, teams, courts and staff accounts. Administrators see no case
content; case pages answer them 403."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import ADMINS, signed_in_staff, staff_required
from portal.caseworker.fields import options
from portal.caseworker.forms_admin import (
    AccountForm,
    CourtForm,
    OrganisationForm,
    RoleForm,
    TeamForm,
)
from portal.caseworker.forms_auth import ConfirmForm
from portal.caseworker.page import field_error, form_page, render
from portal.services import staff_admin
from portal.services.case_file import court_record
from portal.services.errors import InvalidInput


@bp.get("/admin")
@staff_required(*ADMINS)
def admin_home():
    return render("caseworker/admin.html", organisations=staff_admin.organisations(),
                           teams=staff_admin.teams(), accounts=staff_admin.accounts(),
                           courts=court_record.courts(), action_form=ConfirmForm(),
                           nav_current="admin")


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@staff_required(*ADMINS)
def new_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            staff_admin.create_organisation(signed_in_staff(), form.name.data, form.kind.data,
                                            form.complaints_url.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.admin_home"))
    return form_page(form, _("Add an organisation"), back=url_for("caseworker.admin_home"),
                     nav_current="admin")


@bp.route("/admin/teams/new", methods=["GET", "POST"])
@staff_required(*ADMINS)
def new_team():
    form = TeamForm()
    form.organisation.choices = options([("", _("Choose an organisation"))] + [
        (org.id, org.name) for org in staff_admin.organisations()])
    if form.validate_on_submit():
        try:
            staff_admin.create_team(signed_in_staff(), form.organisation.data, form.name.data,
                                    form.kind.data, form.phone.data, form.email.data,
                                    form.opens_at.data, form.closes_at.data,
                                    name_cy=form.name_cy.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.admin_home"))
    return form_page(form, _("Add a team"), back=url_for("caseworker.admin_home"),
                     nav_current="admin")


@bp.route("/admin/courts/new", methods=["GET", "POST"])
@staff_required(*ADMINS)
def new_court():
    form = CourtForm()
    if form.validate_on_submit():
        try:
            staff_admin.create_court(signed_in_staff(), form.name.data, form.address.data,
                                     form.phone.data, name_cy=form.name_cy.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.admin_home"))
    return form_page(form, _("Add a court"), back=url_for("caseworker.admin_home"),
                     nav_current="admin")


def team_choices():
    return options([("", _("No team (administrators, translators and area leads)"))] + [
        (team.id, team.name) for team in staff_admin.teams()])


@bp.route("/admin/accounts/new", methods=["GET", "POST"])
@staff_required(*ADMINS)
def new_account():
    form = AccountForm()
    form.team.choices = team_choices()
    if form.validate_on_submit():
        try:
            account = staff_admin.create_account(signed_in_staff(), form.name.data,
                                                 form.email.data, form.phone.data,
                                                 form.role.data, form.team.data,
                                                 form.locale.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return render("caseworker/account_created.html", account=account,
                                   nav_current="admin")
    return form_page(form, _("Add an account"), back=url_for("caseworker.admin_home"),
                     nav_current="admin",
                     intro=_("The person gets a link by email to choose their own password and "
                             "set up their authenticator app. You never see either."))


@bp.route("/admin/accounts/<int:account_id>/role", methods=["GET", "POST"])
@staff_required(*ADMINS)
def change_role(account_id: int):
    account = staff_admin.account(account_id)
    form = RoleForm(data={"role": account.role, "team": account.team_id}
                    if request.method == "GET" else None)
    form.team.choices = team_choices()
    if form.validate_on_submit():
        try:
            staff_admin.change_role(signed_in_staff(), account.id, form.role.data,
                                    form.team.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.admin_home"))
    return form_page(form, _("Change the role of %(name)s", name=account.name),
                     back=url_for("caseworker.admin_home"), nav_current="admin",
                     intro=_("What they may open changes at once. Someone who leaves a team "
                             "stops being the named contact on its cases: victims are given "
                             "the team’s number instead."))


@bp.post("/admin/accounts/<int:account_id>/reset")
@staff_required(*ADMINS)
def reset_account(account_id: int):
    if ConfirmForm().validate_on_submit():
        account = staff_admin.reset_account(signed_in_staff(), account_id)
        return render("caseworker/account_created.html", account=account, reset=True,
                               nav_current="admin")
    return redirect(url_for("caseworker.admin_home"))


@bp.post("/admin/accounts/<int:account_id>/active")
@staff_required(*ADMINS)
def toggle_account(account_id: int):
    if ConfirmForm().validate_on_submit():
        account = staff_admin.account(account_id)
        staff_admin.set_active(signed_in_staff(), account.id, not account.active)
    return redirect(url_for("caseworker.admin_home"))
