"""The victim's supporters (issue 15): who may follow their cases, what each may do, when they
last looked; inviting someone (with a check step), changing what they may do, removing them."""
from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.content import labels
from portal.services import access, case_view, supporters
from portal.services.errors import InvalidInput
from portal.victim import bp
from portal.victim.access import case_page
from portal.victim.supporter_forms import (
    PERMISSION_LABELS,
    ChangeSupporterForm,
    ConfirmForm,
    InviteSupporterForm,
    RemoveSupporterForm,
)

PENDING_KEY = "supporter_invitation"


@bp.get("/account/supporters")
@case_page
def supporters_list():
    return render_template("victim/supporters.html", rows=supporters.for_victim(current_user),
                           labels=PERMISSION_LABELS, change=ChangeSupporterForm,
                           remove=RemoveSupporterForm())


def _invite_form() -> InviteSupporterForm:
    form = InviteSupporterForm()
    form.cases.choices = [(case.id, f"{labels.OFFENCES.get(case.offence, case.offence)} "
                                    f"({case.crime_reference})")
                          for case in case_view.cases_for(current_user)
                          if case.stage != "closed"]
    return form


@bp.route("/account/supporters/invite", methods=["GET", "POST"])
@case_page
def invite_supporter():
    form = _invite_form()
    if form.validate_on_submit():
        session[PENDING_KEY] = {"name": form.name.data, "contact": form.contact.data,
                                "cases": form.cases.data, "permissions": form.permissions.data}
        return redirect(url_for("victim.check_supporter"))
    status = 400 if form.errors else 200
    return render_template("victim/supporter_invite.html", form=form), status


@bp.route("/account/supporters/check", methods=["GET", "POST"])
@case_page
def check_supporter():
    pending = session.get(PENDING_KEY)
    if not pending:
        return redirect(url_for("victim.invite_supporter"))
    cases = [access.victim_case(current_user, case_id) for case_id in pending["cases"]]
    form = ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            supporters.invite(current_user, cases, pending["name"], pending["contact"],
                              set(pending["permissions"]))
        except InvalidInput as problem:
            error = str(problem.message)
        else:
            session.pop(PENDING_KEY, None)
            flash(_("We have sent the invitation to %(name)s.", name=pending["name"]),
                  "success")
            return redirect(url_for("victim.supporters_list"))
    return render_template("victim/supporter_check.html", pending=pending, cases=cases,
                           labels=PERMISSION_LABELS, form=form,
                           error=error), 400 if error else 200


@bp.post("/account/supporters/<int:access_id>")
@case_page
def change_supporter(access_id: int):
    row = supporters.victims_access(current_user, access_id)
    form = ChangeSupporterForm(prefix=f"s{row.id}")
    if form.validate_on_submit():
        try:
            supporters.change(current_user, row, set(form.permissions.data))
        except InvalidInput:
            pass
        else:
            flash(_("We have changed what %(name)s can do.", name=row.supporter.full_name),
                  "success")
            return redirect(url_for("victim.supporters_list"))
    return render_template("victim/supporters.html", rows=supporters.for_victim(current_user),
                           labels=PERMISSION_LABELS, change=ChangeSupporterForm,
                           remove=RemoveSupporterForm(), failed=row.id), 400


@bp.post("/account/supporters/<int:access_id>/remove")
@case_page
def remove_supporter(access_id: int):
    row = supporters.victims_access(current_user, access_id)
    if RemoveSupporterForm().validate_on_submit():
        supporters.remove(current_user, row)
        flash(_("%(name)s can no longer follow this case.", name=row.supporter.full_name),
              "success")
    return redirect(url_for("victim.supporters_list"))
