"""Translations of caseworkers' words: the list of victims still waiting for one, and the page
to attach one (caseworkers for their team's cases, translators for every team's)."""
from __future__ import annotations

from flask import redirect, url_for
from flask_babel import gettext as _

from portal.caseworker import bp
from portal.caseworker.access import TRANSLATING, signed_in_staff, staff_required
from portal.caseworker.forms_update import TranslationForm, WordsTranslationForm
from portal.caseworker.page import field_error, render
from portal.services import access
from portal.services.case_file import update_translations, words_translations
from portal.services.errors import InvalidInput


@bp.get("/translations")
@staff_required(*TRANSLATING)
def translations():
    person = signed_in_staff()
    return render("caseworker/translations.html", nav_current="translations",
                  rows=update_translations.waiting(person),
                  words=words_translations.by_language(words_translations.waiting(person)))


@bp.route("/translations/<int:update_id>/<language>", methods=["GET", "POST"])
@staff_required(*TRANSLATING)
def translate_update(update_id: int, language: str):
    person = signed_in_staff()
    update = access.update_to_translate(person, update_id, language)
    form = TranslationForm()
    if form.validate_on_submit():
        try:
            update_translations.attach(person, update, language, form.body.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.translations", done=update.id))
    status = 400 if form.errors else 200
    return render("caseworker/translate.html", form=form, update=update,
                           language=language, nav_current="translations",
                           show_case=access.sees_cases(person),
                           title=_("Translate an update")), status


@bp.route("/translations/words/<kind>/<int:item_id>/<language>", methods=["GET", "POST"])
@staff_required(*TRANSLATING)
def translate_words(kind: str, item_id: int, language: str):
    """A decision's reasons, an outcome note, a help at court answer, a reply or the reasons
    for a review's outcome."""
    person = signed_in_staff()
    words = access.words_to_translate(person, kind, item_id, language)
    form = WordsTranslationForm()
    if form.validate_on_submit():
        try:
            words_translations.attach(person, words, language, form.body.data)
        except InvalidInput as error:
            field_error(form, error)
        else:
            return redirect(url_for("caseworker.translations"))
    status = 400 if form.errors else 200
    return render("caseworker/translate_words.html", form=form, words=words,
                  language=language, nav_current="translations",
                  show_case=access.sees_cases(person),
                  title=_("Translate a caseworker’s words")), status
