"""What the portal says to a victim about the things the police hold for their case, and about
money after a crime: compensation and witness expenses (issue 14; rights 5 and 10 of the
Victims' Code).

The status words are shared by the victim's "Money and your property" page and the update
that says something is ready to collect (services/case_file/update_templates.py). The money
words say little and point to the official page: the rules are the schemes', not ours
(docs/DOMAIN.md, "Compensation, expenses and property").
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models.property import HeldBecause, PropertyStatus

# The official pages the money section points to (docs/DOMAIN.md gives their sources).
CRIMINAL_INJURIES_URL = "https://www.gov.uk/claim-compensation-criminal-injury"
WITNESS_EXPENSES_URL = "https://www.cps.gov.uk/publication/witness-expenses-and-allowances"

# (a short title, what it means for the victim)
STATUSES = {
    PropertyStatus.HELD_AS_EVIDENCE: (
        _l("Kept as evidence"),
        _l("The police need to keep it for now. We will tell you when you can have it back.")),
    PropertyStatus.READY_TO_COLLECT: (
        _l("Ready to collect"),
        _l("You can have it back. This page says where and when you can get it.")),
    PropertyStatus.RETURNED: (
        _l("Given back"),
        _l("The police have given it back.")),
    PropertyStatus.TO_BE_DESTROYED: (
        _l("Will not be given back"),
        _l("The police plan to destroy it. Ask us if you want to know why.")),
    PropertyStatus.KEPT_BY_COURT: (
        _l("Kept by the court"),
        _l("The court has it for now. The court will decide what happens to it.")),
}

# Why the police have it.
HELD_BECAUSE = {
    HeldBecause.EVIDENCE: _l("As evidence for the case"),
    HeldBecause.SAFEKEEPING: _l("To keep it safe for you"),
    HeldBecause.FOUND: _l("It was found, or handed in to the police"),
}

# Statuses where asking for it back makes sense: the police still have it and have not said
# it can be collected (then the victim collects it) or that the court has it.
MAY_ASK = frozenset({PropertyStatus.HELD_AS_EVIDENCE, PropertyStatus.TO_BE_DESTROYED})
