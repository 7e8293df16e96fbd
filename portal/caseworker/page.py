"""Helpers every console view shares: rendering a form page, turning a service's InvalidInput
into a message beside the field, and the template context of the console."""
from __future__ import annotations

from collections.abc import Callable

from flask import render_template
from flask_babel import gettext

from portal import i18n, page_cache
from portal.caseworker import bp
from portal.content import contact_choices, delivery_states
from portal.content import obligations as obligation_text
from portal.content.events import HEADLINES
from portal.models.enums import Role, UpdateEvent
from portal.models.types import utcnow
from portal.services import access
from portal.services.case_file import case_lists, due_index, plain_english
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
    return render("caseworker/form.html", form=form, title=title, **context), status


def render(template: str, **context) -> str:
    """Render a console page. The navigation's counts (unread messages) are loaded here, once,
    for the signed-in member of a case team, rather than by a template global that would query
    from inside whichever template happened to call it."""
    from portal.caseworker.access import signed_in_staff

    person = signed_in_staff()
    if person is not None and "nav" not in context:
        context["nav"] = case_lists.navigation(person)
    return render_template(template, **context)


def team_page(draw: Callable[[], str], *also, next_duties: bool = False) -> str:
    """One of the signed-in member's team pages, kept rendered in this process while nothing on
    it changes (portal/page_cache.py, under services/access.team_pages_version and anything
    else it is drawn from, ``also``), else drawn by ``draw``. Only for pages that record
    nothing when viewed, and the same for every view. A page that shows the cases' next
    duties (``next_duties``) works out those of the team's changed cases before it is drawn,
    and is kept under the versions that gives."""
    from portal.caseworker.access import signed_in_staff

    person = signed_in_staff()

    def key():
        versions = access.team_pages_version(person)
        return page_cache.staff_key(person, versions and (*versions, *also))

    page_key = key()
    html = page_cache.get(page_key)
    if html is None:
        if next_duties and person.team_id and due_index.refresh_team(person.team_id):
            page_key = key()
        html = page_cache.put(page_key, draw())
    return html


def role_name(role: str) -> str:
    names = {Role.CASEWORKER: gettext("Caseworker"), Role.MANAGER: gettext("Team manager"),
             Role.ADMIN: gettext("Administrator"), Role.TRANSLATOR: gettext("Translator"),
             Role.AREA_LEAD: gettext("Area lead")}
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
        "delivery_status": lambda key: delivery_states.STATUSES.get(key, key),
        "delivery_reason": lambda key: delivery_states.REASONS.get(key, key) if key else "",
        "channel_name": lambda key: contact_choices.CHANNELS.get(key, key),
        "task_title": lambda key: delivery_states.TASKS.get(key, key),
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
