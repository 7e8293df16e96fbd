"""What the portal says to a victim about the offender's release and the licence conditions
that protect them: plain words, and never where the offender must live.

``conditions`` is the one place the conditions become sentences: the victim's case page and the
release update template (services/case_file/update_templates.py) both use it, so the residence
condition, which the page leaves out, cannot appear in a message either.

The helpline is HM Prison and Probation Service's Unwanted Prisoner Contact Service, a national
line (docs/DOMAIN.md); every release message and the release section of the case page give it.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.content.bail import protecting
from portal.models.release import AlertKind, Release

UNWANTED_CONTACT_LINE = "0300 060 6699"

# (the headline a victim reads, what it means for them)
ALERTS = {
    AlertKind.ESCAPED: (_l("Urgent: the offender has escaped from prison"),
                        _l("The offender has escaped from prison. The police are looking for "
                           "them.")),
    AlertKind.ABSCONDED: (_l("Urgent: the offender has gone missing"),
                          _l("The offender has left the place they must stay and has not come "
                             "back. The police are looking for them.")),
    AlertKind.RECALLED: (_l("Urgent: the offender has been sent back to prison"),
                         _l("The offender has been sent back to prison. This is called a "
                            "recall.")),
    AlertKind.OPEN_CONDITIONS: (_l("Urgent: the offender has been moved to a prison with "
                                   "fewer locks"),
                                _l("The offender has moved to an open prison. They may be let "
                                   "out for short times, such as for work.")),
    AlertKind.DIED: (_l("Urgent: the offender has died"),
                     _l("We are sorry to tell you that the offender has died.")),
}


def conditions(release: Release | None) -> list[str]:
    """The licence conditions that protect the victim, one sentence each, in the current
    language. Where the offender must live is never among them."""
    if release is None:
        return []
    found = protecting(release)  # the rules a licence shares with bail, in the same words
    if release.electronic_monitoring:
        found.append(_("They must wear an electronic tag. It shows where they are."))
    return found


def helpline() -> str:
    """What to do if the offender contacts the victim, with the national line."""
    return _("If the offender contacts you, or tries to, tell us straight away. You can also "
             "call the Unwanted Prisoner Contact Service on %(phone)s. If you are in danger, "
             "call 999.", phone=UNWANTED_CONTACT_LINE)


def alert_title(kind: str):
    return ALERTS[AlertKind(kind)][0]


def alert_meaning(kind: str):
    return ALERTS[AlertKind(kind)][1]
