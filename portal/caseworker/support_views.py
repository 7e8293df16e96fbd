"""A victim's needs and their referrals to support services: record a needs assessment,
send a referral (only with consent), record that the victim said no, and move a referral on
(services/case_file/needs.py and referrals.py)."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.fields import options
from portal.caseworker.forms_support import (
    NeedsForm,
    ReferralForm,
    ReferralStatusForm,
    RefusalForm,
)
from portal.caseworker.page import field_error, form_page
from portal.london import local_date
from portal.models import SupportReferral
from portal.models.types import utcnow
from portal.services import access
from portal.services.case_file import needs, referrals
from portal.services.errors import InvalidInput, InvalidInputs


def _victims(case):
    return options((v.id, v.full_name) for v in case.victims)


def _back(case):
    return redirect(url_for("caseworker.case", case_id=case.id, _anchor="support-heading"))


@bp.route("/cases/<int:case_id>/needs/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_needs(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = NeedsForm(assessed_on=local_date(utcnow()))
    form.victim.choices = _victims(case)
    if len(case.victims) == 1 and form.victim.data is None:
        form.victim.data = case.victims[0].id
    if form.validate_on_submit():
        chosen = set(form.enhanced.data or [])
        entered = needs.Assessment(
            victim_id=form.victim.data, vulnerable="vulnerable" in chosen,
            intimidated="intimidated" in chosen,
            persistently_targeted="persistently_targeted" in chosen,
            access_needs=form.access_needs.data or [],
            communication_note=form.communication_note.data,
            support_wanted=form.support_wanted.data == "yes",
            support_kinds=form.support_kinds.data or [],
            special_measures=form.special_measures.data or [], risk=form.risk.data,
            risk_note=form.risk_note.data,
            consent_to_share={"yes": True, "no": False}.get(form.consent_to_share.data),
            assessed_on=form.assessed_on.data)
        try:
            needs.record(person, case, entered)
        except InvalidInputs as error:
            for field, message in error.problems.items():
                field_error(form, InvalidInput(field, message))
        else:
            return _back(case)
    return form_page(form, _("Record a needs assessment"), case=case,
                     intro=_("This meets the duty to assess the victim’s needs. The victim "
                             "sees what you record, except the risk note. Vulnerable, "
                             "intimidated or persistently targeted victims get enhanced "
                             "rights."))


@bp.route("/cases/<int:case_id>/referrals/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def refer(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = ReferralForm()
    form.victim.choices = _victims(case)
    services = referrals.directory(case)
    victim = case.victims[0] if len(case.victims) == 1 else None
    if victim is not None and form.victim.data is None:
        form.victim.data = victim.id
    first = referrals.suggested(case, victim, services)
    ordered = first + [s for s in services if s not in first]
    form.service.choices = options(
        (s.id, _("%(name)s (suggested)", name=s.name) if s in first else s.name)
        for s in ordered)
    if form.validate_on_submit():
        try:
            referrals.refer(person, case, form.victim.data, form.service.data,
                            form.reference.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _back(case)
    return form_page(form, _("Refer to a support service"), case=case,
                     intro=_("Only with the victim’s consent to share their details, recorded "
                             "in a needs assessment. Services for %(area)s and national ones.",
                             area=_("Wales") if case.area == "wales" else _("England")),
                     also={"href": url_for("caseworker.record_refusal", case_id=case.id),
                           "text": _("The victim does not want a referral")})


@bp.route("/cases/<int:case_id>/referrals/refused", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def record_refusal(case_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    form = RefusalForm()
    form.victim.choices = _victims(case)
    if form.validate_on_submit():
        try:
            referrals.record_refusal(person, case, form.victim.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _back(case)
    return form_page(form, _("Record that the victim does not want a referral"), case=case,
                     intro=_("This meets the duty to refer. The victim can ask for a referral "
                             "later."))


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def referral_status(case_id: int, referral_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    referral = access.team_item(person, SupportReferral, referral_id, case)
    form = ReferralStatusForm()
    if form.validate_on_submit():
        try:
            referrals.change_status(person, case, referral.id, form.status.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _back(case)
    name = referral.service.name if referral.service else ""
    return form_page(form, _("Update the referral to %(name)s", name=name), case=case)


@bp.context_processor
def support_words() -> dict:
    from portal.content import needs as needs_words

    return {"needs_words": needs_words}
