"""Helpers every console view shares: rendering a form page, turning a service's InvalidInput
into a message beside the field, and the template context of the console."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext

from portal import i18n
from portal.caseworker import bp
from portal.content import obligations as obligation_text
from portal.content.events import HEADLINES
from portal.models.enums import Role, UpdateEvent
from portal.models.types import utcnow
from portal.services.case_file import plain_english
from portal.services.errors import InvalidInput, NotFound


def field_error(form, error: InvalidInput) -> None:
    """Show a service's refusal beside the field it names (or above the form)."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def form_page(form, title: str, status: int | None = None, **context):
    """The standard console form page (templates/caseworker/form.html)."""
    status = status or (400 if form.errors else 200)
    return render_template("caseworker/form.html", form=form, title=title, **context), status


def _team_unread() -> int:
    """Unread messages from victims on the signed-in caseworker's team's cases (the nav)."""
    from flask_login import current_user

    from portal.services.victim_input import conversations

    team_id = getattr(current_user, "team_id", None)
    return conversations.unread_by_team(team_id) if team_id else 0


def role_name(role: str) -> str:
    names = {Role.CASEWORKER: gettext("Caseworker"), Role.MANAGER: gettext("Team manager"),
             Role.ADMIN: gettext("Administrator"), Role.TRANSLATOR: gettext("Translator")}
    return names.get(Role(role), role)


@bp.context_processor
def console_context() -> dict:
    return {
        "now": utcnow(),
        "obligation_title": obligation_text.title,
        "obligation_how": obligation_text.how_met,
        "headline": lambda event: HEADLINES[UpdateEvent(event)],
        "language_name": i18n.name,
        "warning_messages": plain_english.messages,
        "role_name": role_name,
        "home_endpoint": "caseworker.home",
        "team_unread": _team_unread,
    }


@bp.errorhandler(403)
def forbidden(error):
    return render_template("caseworker/error.html", title=gettext("You cannot use this page"),
                           message=gettext("Your role does not include it. Ask your team "
                                           "manager or an administrator if you need it.")), 403


@bp.errorhandler(404)
@bp.errorhandler(NotFound)
def not_found(error):
    # The same answer for a case that does not exist and one outside the team.
    return render_template("caseworker/error.html", title=gettext("Page not found"),
                           message=gettext("The case or page does not exist, or it is not "
                                           "your team’s.")), 404
