"""What a victim hands in on a case: messages, personal statements, dates to avoid, help at
court, feedback on updates, complaints and reports that the suspect made contact. Each route
checks the case is theirs (404 if not)."""
from __future__ import annotations

from flask import redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.models import DateToAvoid, PersonalStatement, Update, WordsKind
from portal.services import access, case_view
from portal.services.case_file import alerts
from portal.services.errors import InvalidInput, InvalidInputs, NotFound
from portal.services.victim_input import (
    breaches,
    conversations,
    court_needs,
    feedback,
    statements,
)
from portal.services.victim_input import licence_say as licence_say_service
from portal.victim import bp
from portal.victim.access import case_page
from portal.victim.forms import (
    AlertReadForm,
    BreachForm,
    ComplaintForm,
    CourtNeedsForm,
    DateToAvoidForm,
    FeedbackForm,
    LicenceSayForm,
    MessageForm,
    StatementForm,
    StatementUploadForm,
)


def _case(case_id: int):
    return access.victim_case(current_user, case_id)


def _field_error(form, error: InvalidInput) -> None:
    getattr(form, error.field).errors = [str(error.message)]
    form.refused_status = error.status


def _status(*forms) -> int:
    """400 for a mistake in a form, 429 past an hourly limit, 200 otherwise."""
    refused = [getattr(form, "refused_status", 400) for form in forms if form.errors]
    return max(refused, default=200)


@bp.route("/cases/<int:case_id>/messages", methods=["GET", "POST"])
@case_page
def messages(case_id: int):
    case = _case(case_id)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            conversations.post_from_victim(current_user, case, form.body.data)
        except InvalidInput as error:
            _field_error(form, error)
        else:
            return redirect(url_for("victim.messages", case_id=case.id, sent=1))
    conversations.mark_read_by_victim(case, current_user)
    thread = conversations.thread(case, current_user)
    translations = case_view.translated_words(
        current_user, {WordsKind.REPLY: [m.id for m in thread if not m.from_victim]})
    status = _status(form)
    return render_template("victim/messages.html", case=case, form=form, thread=thread,
                           translations=translations, sent=request.args.get("sent")), status


@bp.route("/cases/<int:case_id>/statement", methods=["GET", "POST"])
@case_page
def statement(case_id: int):
    case = _case(case_id)
    form, upload = StatementForm(prefix="write"), StatementUploadForm(prefix="file")
    if form.submit.data and form.validate_on_submit():
        try:
            statements.add_written(current_user, case, form.text.data)
        except InvalidInput as error:
            _field_error(form, error)
        else:
            return redirect(url_for("victim.statement", case_id=case.id, received=1))
    return _statement_page(case, form, upload)


@bp.post("/cases/<int:case_id>/statement/upload")
@case_page
def upload_statement(case_id: int):
    case = _case(case_id)
    form, upload = StatementForm(prefix="write"), StatementUploadForm(prefix="file")
    if upload.validate_on_submit():
        file = upload.upload.data
        try:
            if file is None or not getattr(file, "filename", ""):
                raise InvalidInput("upload", _("Select a file to upload"))
            statements.add_upload(current_user, case, file.filename,
                                  file.read(statements.MAX_BYTES + 1),
                                  statements.upload_folder())
        except InvalidInput as error:
            _field_error(upload, error)
        else:
            return redirect(url_for("victim.statement", case_id=case.id, received=1))
    return _statement_page(case, form, upload)


def _statement_page(case, form, upload):
    status = _status(form, upload)
    return render_template("victim/statement.html", case=case, form=form, upload=upload,
                           statements=statements.statements_for(case, current_user),
                           received=request.args.get("received")), status


@bp.get("/cases/<int:case_id>/statements/<int:statement_id>/file")
@case_page
def statement_file(case_id: int, statement_id: int):
    case = _case(case_id)
    item = access.victim_item(current_user, PersonalStatement, statement_id, case)
    if not item.stored_name:
        raise NotFound()
    return send_file(statements.open_file(item, current_user), mimetype=item.content_type,
                     as_attachment=True, download_name=statements.download_name(item), max_age=0)


@bp.route("/cases/<int:case_id>/dates-to-avoid", methods=["GET", "POST"])
@case_page
def dates_to_avoid(case_id: int):
    case = _case(case_id)
    form = DateToAvoidForm()
    if form.validate_on_submit():
        try:
            entry = court_needs.add_date_to_avoid(current_user, case, form.day.data,
                                                  form.reason.data)
        except InvalidInput as error:
            _field_error(form, error)
        else:
            return redirect(url_for("victim.dates_to_avoid", case_id=case.id,
                                    clash=entry.clash.id if entry.clash else None))
    elif request.method == "POST" and form.day.errors:
        form.day.errors = [_("Enter a real date, for example 27 3 2027")]
    status = 400 if form.errors else 200
    clash = request.args.get("clash", type=int)
    return render_template(
        "victim/dates_to_avoid.html", case=case, form=form,
        entries=court_needs.dates_to_avoid(case, current_user),
        clash=next((h for h in case.hearings if h.id == clash), None)), status


@bp.post("/cases/<int:case_id>/dates-to-avoid/<int:entry_id>/remove")
@case_page
def remove_date_to_avoid(case_id: int, entry_id: int):
    case = _case(case_id)
    entry = access.victim_item(current_user, DateToAvoid, entry_id, case)
    if FeedbackForm().validate_on_submit():
        court_needs.remove_date_to_avoid(current_user, entry)
    return redirect(url_for("victim.dates_to_avoid", case_id=case.id))


@bp.route("/cases/<int:case_id>/court-help", methods=["GET", "POST"])
@case_page
def court_help(case_id: int):
    case = _case(case_id)
    form = CourtNeedsForm()
    if form.validate_on_submit():
        try:
            court_needs.ask_for(current_user, case, form.kinds.data or [], form.details.data)
        except InvalidInput as error:
            _field_error(form, error)
        else:
            return redirect(url_for("victim.court_help", case_id=case.id))
    status = 400 if form.errors else 200
    requests = court_needs.needs(case, current_user)
    translations = case_view.translated_words(
        current_user, {WordsKind.COURT_HELP_ANSWER: [n.id for n in requests if n.answer_note]})
    return render_template("victim/court_help.html", case=case, form=form, requests=requests,
                           translations=translations), status


@bp.post("/cases/<int:case_id>/updates/<int:update_id>/feedback")
@case_page
def give_feedback(case_id: int, update_id: int):
    case = _case(case_id)
    update = access.victim_item(current_user, Update, update_id, case)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            feedback.record(current_user, update, request.form.get("understood", ""),
                            form.comment.data)
        except InvalidInput:
            return redirect(url_for("victim.case", case_id=case.id, _anchor=f"update-{update.id}"))
    return redirect(url_for("victim.case", case_id=case.id, thanks=update.id,
                            _anchor=f"update-{update.id}"))


@bp.route("/cases/<int:case_id>/complaint", methods=["GET", "POST"])
@case_page
def complaint(case_id: int):
    case = _case(case_id)
    organisations = feedback.organisations_on(case)
    form = ComplaintForm()
    form.organisation.choices = [SelectChoice(org.id, org.name) for org in organisations]
    if form.validate_on_submit():
        try:
            feedback.start_complaint(current_user, case, form.organisation.data, form.text.data)
        except InvalidInput as error:
            _field_error(form, error)
        else:
            return render_template("victim/complaint_sent.html", case=case)
    status = 400 if form.errors else 200
    return render_template("victim/complaint.html", case=case, form=form,
                           organisations=organisations), status


@bp.route("/cases/<int:case_id>/tell-us-about-contact", methods=["GET", "POST"])
@case_page
def report_breach(case_id: int):
    """The suspect contacted the victim or came near them: straight to the case team, as an
    urgent task (services/victim_input/breaches.py). 999 comes first on the page."""
    case = _case(case_id)
    form = BreachForm()
    if form.is_submitted():
        valid = form.validate()
        if form.happened_on.errors:
            form.happened_on.errors = [_("Enter a real date, for example 27 3 2027")]
        elif valid:
            try:
                breaches.report(current_user, case, form.what_happened.data,
                                form.happened_on.data, form.happened_at.data)
            except InvalidInputs as error:
                for field, message in error.problems.items():
                    _field_error(form, InvalidInput(field, message))
            except InvalidInput as error:
                _field_error(form, error)
            else:
                return redirect(url_for("victim.report_breach", case_id=case.id, received=1))
    return render_template("victim/breach.html", case=case, form=form,
                           reports=breaches.reports_for(case, current_user),
                           received=request.args.get("received")), _status(form)


@bp.route("/cases/<int:case_id>/licence-conditions", methods=["GET", "POST"])
@case_page
def licence_say(case_id: int):
    """The victim says what rules they want the offender to follow after release: a message
    and a task for the victim liaison officer (services/victim_input/licence_say.py)."""
    case = _case(case_id)
    form = LicenceSayForm()
    if form.validate_on_submit():
        try:
            licence_say_service.say(current_user, case, form.wants.data, form.words.data)
        except InvalidInputs as error:
            for field, message in error.problems.items():
                _field_error(form, InvalidInput(field, message))
        except InvalidInput as error:
            _field_error(form, error)
        else:
            return redirect(url_for("victim.licence_say", case_id=case.id, received=1))
    return render_template("victim/licence_say.html", case=case, form=form,
                           received=request.args.get("received")), _status(form)


@bp.post("/cases/<int:case_id>/alerts/<int:alert_id>/read")
@case_page
def alert_read(case_id: int, alert_id: int):
    """“I have read this” on an urgent alert: no more repeats, no call."""
    case = _case(case_id)
    if AlertReadForm().validate_on_submit():
        try:
            alerts.confirm_read(current_user, case, alert_id)
        except InvalidInput:
            raise NotFound() from None
    return redirect(url_for("victim.case", case_id=case.id))
