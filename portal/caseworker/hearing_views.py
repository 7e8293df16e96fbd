"""Hearings and decisions: record, move, cancel, outcome; each then offers the update that
tells the victims."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, signed_in_staff, staff_required
from portal.caseworker.fields import options
from portal.caseworker.forms_case import (
    CancelHearingForm,
    DecisionForm,
    HearingForm,
    MoveHearingForm,
    OutcomeForm,
)
from portal.caseworker.page import field_error, form_page
from portal.models import Hearing
from portal.models.enums import DecisionKind, UpdateEvent
from portal.services import access
from portal.services.case_file import court_record
from portal.services.errors import InvalidInput
from portal.services.victim_input import court_needs

# The update each decision leads to.
DECISION_UPDATES = {
    DecisionKind.CHARGED: UpdateEvent.CHARGED,
    DecisionKind.NO_FURTHER_ACTION: UpdateEvent.NO_FURTHER_ACTION,
    DecisionKind.OUT_OF_COURT: UpdateEvent.NO_FURTHER_ACTION,
    DecisionKind.CHARGE_DROPPED: UpdateEvent.CHARGE_DROPPED,
    DecisionKind.CHARGE_CHANGED: UpdateEvent.CHARGE_CHANGED,
    DecisionKind.VERDICT_GUILTY: UpdateEvent.VERDICT,
    DecisionKind.VERDICT_NOT_GUILTY: UpdateEvent.VERDICT,
    DecisionKind.SENTENCE: UpdateEvent.SENTENCE,
    DecisionKind.APPEAL: UpdateEvent.APPEAL,
}


def _compose(case_id: int, event: UpdateEvent, about: str):
    return redirect(url_for("caseworker.new_update", case_id=case_id, event=event.value,
                            about=about))


@bp.route("/cases/<int:case_id>/hearings/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def new_hearing(case_id: int):
    case = access.team_case(signed_in_staff(), case_id)
    form = HearingForm()
    form.court.choices = options([("", _("Choose a court"))] + [
        (court.id, court.name) for court in court_record.courts()])
    if form.validate_on_submit():
        try:
            hearing = court_record.record_hearing(
                signed_in_staff(), case, form.court.data, form.kind.data, form.date.data,
                form.time.data, form.must_attend.data == "yes")
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _compose(case.id, UpdateEvent.HEARING_LISTED, f"hearing:{hearing.id}")
    return form_page(form, _("Record a hearing"), case=case,
                     avoid=court_needs.dates_to_avoid(case))


@bp.route("/cases/<int:case_id>/hearings/<int:hearing_id>/move", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def move_hearing(case_id: int, hearing_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    hearing = access.team_item(person, Hearing, hearing_id, case)
    form = MoveHearingForm()
    if form.validate_on_submit():
        try:
            court_record.move_hearing(signed_in_staff(), case, hearing.id, form.date.data,
                                      form.time.data, form.reason.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _compose(case.id, UpdateEvent.HEARING_MOVED, f"hearing:{hearing.id}")
    return form_page(form, _("Move a hearing"), case=case, hearing=hearing)


@bp.route("/cases/<int:case_id>/hearings/<int:hearing_id>/cancel", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def cancel_hearing(case_id: int, hearing_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    hearing = access.team_item(person, Hearing, hearing_id, case)
    form = CancelHearingForm()
    if form.validate_on_submit():
        try:
            court_record.cancel_hearing(signed_in_staff(), case, hearing.id, form.reason.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _compose(case.id, UpdateEvent.HEARING_VACATED, f"hearing:{hearing.id}")
    return form_page(form, _("Cancel a hearing"), case=case, hearing=hearing)


@bp.route("/cases/<int:case_id>/hearings/<int:hearing_id>/outcome", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def hearing_outcome(case_id: int, hearing_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    hearing = access.team_item(person, Hearing, hearing_id, case)
    form = OutcomeForm()
    if form.validate_on_submit():
        try:
            court_record.record_outcome(signed_in_staff(), case, hearing.id, form.outcome.data,
                                        form.note.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _compose(case.id, UpdateEvent.HEARING_OUTCOME, f"hearing:{hearing.id}")
    return form_page(form, _("Record what happened at a hearing"), case=case, hearing=hearing)


@bp.route("/cases/<int:case_id>/decisions/new", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def new_decision(case_id: int):
    case = access.team_case(signed_in_staff(), case_id)
    form = DecisionForm()
    if form.validate_on_submit():
        months = form.sentence_months.data
        try:
            decision = court_record.record_decision(
                signed_in_staff(), case, form.kind.data, form.made_on.data, form.reasons.data,
                int(months) if months and months.strip() else None,
                compensation_order={"yes": True, "no": False}.get(
                    form.compensation_order.data))
        except InvalidInput as error:
            field_error(form, error)
        else:
            return _compose(case.id, DECISION_UPDATES[decision.decision_kind],
                            f"decision:{decision.id}")
    return form_page(form, _("Record a decision"), case=case)
