"""What victims hand in, as the case team sees it: the team inbox and message threads, personal
statements on their way to court, dates to avoid, requests for help at court, and (for the
team manager) complaints."""
from __future__ import annotations

from flask import redirect, send_file, url_for
from flask_babel import gettext as _

from portal import i18n
from portal.caseworker import bp
from portal.caseworker.access import CASEWORK, MANAGERS, signed_in_staff, staff_required
from portal.caseworker.fields import options
from portal.caseworker.forms_auth import ConfirmForm
from portal.caseworker.forms_victim_input import (
    MoveForm,
    NeedAnswerForm,
    RecordedPreferencesForm,
    ReplyForm,
)
from portal.caseworker.page import field_error, form_page, render
from portal.models import CaseMessage, Complaint, CourtNeed, PersonalStatement
from portal.services import access, audit
from portal.services.errors import InvalidInput, NotFound
from portal.services.victim_input import conversations, court_needs, feedback, statements


@bp.get("/inbox")
@staff_required(*CASEWORK)
def inbox():
    person = signed_in_staff()
    return render("caseworker/inbox.html", rows=conversations.team_inbox(person.team_id),
                           nav_current="inbox")


@bp.route("/cases/<int:case_id>/messages/<int:victim_id>", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def thread(case_id: int, victim_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    victim = access.victim_on_case(person, case, victim_id)
    form = ReplyForm()
    if form.validate_on_submit():
        try:
            conversations.reply(person, case, victim, form.body.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.thread", case_id=case.id, victim_id=victim.id))
    conversations.opened_by_team(person, case, victim)
    other_cases = [link.case for link in victim.case_links if link.case_id != case.id]
    status = 400 if form.errors else 200
    return render("caseworker/thread.html", case=case, victim=victim, form=form,
                           messages=conversations.thread(case, victim), other_cases=other_cases,
                           move_form=MoveForm(), nav_current="inbox"), status


@bp.post("/cases/<int:case_id>/messages/move/<int:message_id>")
@staff_required(*CASEWORK)
def move_message(case_id: int, message_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    message = access.team_item(person, CaseMessage, message_id, case)
    form = MoveForm()
    targets = {link.case_id: link.case for link in message.victim.case_links
               if link.case_id != case.id}
    form.to_case.choices = options((case_id_, c.crime_reference)
                                   for case_id_, c in targets.items())
    if form.validate_on_submit() and form.to_case.data in targets:
        conversations.move(message, targets[form.to_case.data], person)
        return redirect(url_for("caseworker.thread", case_id=case.id,
                                victim_id=message.victim_id))
    if not form.errors:
        form.to_case.errors = [_("Choose the case the message is about")]
    return form_page(form, _("Move a message to another case"), case=case)


@bp.post("/cases/<int:case_id>/statements/<int:statement_id>/sent")
@staff_required(*CASEWORK)
def statement_sent(case_id: int, statement_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    if ConfirmForm().validate_on_submit():
        statements.mark_sent(access.team_item(person, PersonalStatement, statement_id, case),
                            person)
    return redirect(url_for("caseworker.case", case_id=case.id, _anchor="statements-heading"))


@bp.post("/cases/<int:case_id>/statements/<int:statement_id>/on-file")
@staff_required(*CASEWORK)
def statement_on_file(case_id: int, statement_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    if ConfirmForm().validate_on_submit():
        try:
            statements.confirm_on_file(
                access.team_item(person, PersonalStatement, statement_id, case), person)
        except InvalidInput:
            pass  # the page still offers "sent to the prosecution" first
    return redirect(url_for("caseworker.case", case_id=case.id, _anchor="statements-heading"))


@bp.get("/cases/<int:case_id>/statements/<int:statement_id>/file")
@staff_required(*CASEWORK)
def statement_file(case_id: int, statement_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    item = access.team_item(person, PersonalStatement, statement_id, case)
    if not item.stored_name:
        raise NotFound()
    path = statements.open_file(item, person)
    return send_file(path, mimetype=item.content_type, as_attachment=True,
                     download_name=statements.download_name(item), max_age=0)


@bp.route("/cases/<int:case_id>/court-help/<int:need_id>", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def answer_court_need(case_id: int, need_id: int):
    person = signed_in_staff()
    case = access.team_case(person, case_id)
    need = access.team_item(person, CourtNeed, need_id, case)
    form = NeedAnswerForm()
    if form.validate_on_submit():
        try:
            court_needs.answer(person, need, form.answer.data, form.note.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id, _anchor="needs-heading"))
    from portal.content.labels import COURT_NEEDS

    asked = str(COURT_NEEDS.get(need.kind, need.kind))
    intro = (_("%(victim)s asked for: %(need)s. They said: “%(details)s”",
               victim=need.victim.full_name, need=asked, details=need.details) if need.details
             else _("%(victim)s asked for: %(need)s.", victim=need.victim.full_name, need=asked))
    return form_page(form, _("Answer a request for help at court"), case=case, intro=intro)


@bp.get("/complaints")
@staff_required(*MANAGERS)
def complaints():
    person = signed_in_staff()
    return render("caseworker/complaints.html", nav_current="complaints",
                           complaints=feedback.complaints_for_team(person.team_id),
                           form=ConfirmForm())


@bp.post("/complaints/<int:complaint_id>/acknowledge")
@staff_required(*MANAGERS)
def acknowledge_complaint(complaint_id: int):
    person = signed_in_staff()
    complaint = access.team_item(person, Complaint, complaint_id)
    if ConfirmForm().validate_on_submit():
        feedback.acknowledge(complaint, person)
    return redirect(url_for("caseworker.complaints"))


@bp.route("/cases/<int:case_id>/victims/<int:victim_id>/preferences", methods=["GET", "POST"])
@staff_required(*CASEWORK)
def victim_preferences(case_id: int, victim_id: int):
    """Record a victim's answers to the contact questions on their behalf (on the phone, say);
    audited as recorded by this caseworker."""
    from flask import request

    from portal.content.contact_choices import FREQUENCIES
    from portal.models.enums import Frequency
    from portal.services import preferences as preferences_service
    from portal.services.errors import InvalidInputs

    person = signed_in_staff()
    case = access.team_case(person, case_id)
    victim = access.victim_on_case(person, case, victim_id)
    form = RecordedPreferencesForm()
    if request.method == "GET":
        form.fill(preferences_service.current_values(victim))
    elif form.validate_on_submit():
        try:
            preferences_service.save(victim, form.values(), recorded_by=person,
                                     reason=form.change_reason.data)
        except InvalidInputs as error:
            form.show_problems(error.problems)
        else:
            return redirect(url_for("caseworker.case", case_id=case.id,
                                    _anchor="victims-heading"))
    else:
        form.show_problems(preferences_service.check(victim, form.values())[1],
                           only_where_clear=True)
    status = 400 if form.errors else 200
    html = render(
        "caseworker/victim_preferences.html", form=form, case=case, victim=victim,
        first_time=False,
        frequency_items=[{"hint": {"text": str(FREQUENCIES[f][1])}} for f in Frequency],
        language_items=[{"label": {"attributes": {"lang": code}}} for code in i18n.codes()],
    )
    # The victim's details were shown: on the record (after rendering, which a commit
    # would make read everything again).
    audit.record_now(person, "victim.viewed", case.id, victim_id=victim.id)
    return html, status
