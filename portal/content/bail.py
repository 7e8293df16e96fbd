"""What the portal says to a victim about the suspect's status and the conditions that protect
them: plain words, never the word a court uses alone, and never where the suspect must live.

``conditions`` is the one place the conditions become sentences: the victim's case page and the
update template (services/case_file/update_templates.py) both use it, so a condition the page
leaves out (the address) cannot appear in a message either.
"""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import i18n
from portal.models.bail import BailChange, BailStatus, OrderKind

# (a short title, what it means)
STATUSES = {
    BailStatus.RELEASED_UNDER_INVESTIGATION: (
        _l("Released while the police investigate"),
        _l("The police have let the suspect go while they carry on with the investigation. "
           "There are no rules they must follow for now.")),
    BailStatus.POLICE_BAIL: (
        _l("Released by the police, with rules to follow"),
        _l("The police have let the suspect go while they investigate. The suspect must follow "
           "rules until the police decide what happens next. This is called bail.")),
    BailStatus.COURT_BAIL: (
        _l("Released by the court, with rules to follow"),
        _l("The court has let the defendant go until the next hearing. The defendant must "
           "follow rules until then. This is called bail.")),
    BailStatus.REMANDED: (
        _l("Kept in prison until the next hearing"),
        _l("The court has said the defendant must stay in prison until the next hearing.")),
    BailStatus.RELEASED: (
        _l("Released with no rules to follow"),
        _l("The suspect has been let go. There are no rules they must follow.")),
}

ORDERS = {
    OrderKind.RESTRAINING: _l("Restraining order"),
    OrderKind.NON_MOLESTATION: _l("Non-molestation order"),
    OrderKind.DOMESTIC_ABUSE_PROTECTION: _l("Domestic abuse protection order"),
}


def conditions(change: BailChange | None) -> list[str]:
    """The rules that protect the victim, one sentence each, in the current language. Where
    the suspect must live is never among them."""
    if change is None:
        return []
    found = protecting(change)
    if change.order_kind:
        order = ORDERS[OrderKind(change.order_kind)]
        if change.order_ends_on is not None:
            found.append(_("A court order also protects you: %(order)s. It lasts until "
                           "%(date)s.", order=order, date=format_date(change.order_ends_on,
                                                                       "long")))
        else:
            found.append(_("A court order also protects you: %(order)s. It lasts until a "
                           "court ends it.", order=order))
    return found


def protecting(rules) -> list[str]:
    """The rules bail or a licence (content/release.py) share, as the victim reads them: no
    contact, an area kept out of, a curfew. ``rules`` has no_contact, exclusion_area,
    curfew_from, curfew_until and has_curfew; where the suspect or offender must live is
    never read here."""
    found = []
    if rules.no_contact:
        found.append(_("They must not contact you in any way. They must not ask anyone else to "
                       "contact you for them."))
    if rules.exclusion_area:
        found.append(_("They must not go into this area: %(place)s.",
                       place=rules.exclusion_area.strip().rstrip(".")))
    if rules.has_curfew:
        found.append(_("They must stay at home from %(start)s to %(end)s every day.",
                       start=i18n.clock(rules.curfew_from), end=i18n.clock(rules.curfew_until)))
    return found

