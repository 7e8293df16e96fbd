"""What makes a caseworker's password acceptable (NIST SP 800-63B): at least 12 characters,
no composition rules, and not on a list of common passwords or easy to guess from the account.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt.gz"
# Words anyone would try first against this service.
CONTEXT_WORDS = ("caseupdates", "case updates", "victim", "password")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list (portal/data/README.md says where it came from), lower-cased."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def problem(password: str, email: str | None = None, name: str | None = None):
    """Why this password cannot be used (a translatable message), or None if it can."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return _l("Your password must be at least %(num)d characters", num=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Your password must be %(num)d characters or fewer", num=MAX_LENGTH)
    folded = password.lower()
    squeezed = "".join(folded.split())
    if folded in common_passwords() or squeezed in common_passwords():
        return _l("This is one of the most common passwords. Choose one that would be hard to "
                  "guess, such as three or four random words")
    if len(set(squeezed)) < 4 or any(word in folded for word in CONTEXT_WORDS):
        return _l("This password would be easy to guess. Choose one that would be hard to "
                  "guess, such as three or four random words")
    personal = []
    if email:
        personal.append(email.split("@")[0].lower())
    if name:
        personal.extend(part.lower() for part in name.split())
    if any(len(word) >= 4 and word in folded for word in personal):
        return _l("Your password must not contain your name or email address")
    return None
