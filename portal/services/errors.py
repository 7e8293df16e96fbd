"""Typed domain errors. Views turn each into a plain-language message and a status code."""
from __future__ import annotations


class DomainError(Exception):
    """Base for errors a person can act on. ``status`` is the HTTP status a view should use."""

    status = 400


class NotFound(DomainError):
    """The thing does not exist, or this person may not see it (the two look the same)."""

    status = 404


class InvalidInput(DomainError):
    """A value failed a rule; ``field`` names the form field, ``message`` says what to do."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class LimitReached(InvalidInput):
    """A person has done something as many times as an hour allows (a victim's messages or
    uploads): said on the field, with 429, and nothing is kept."""

    status = 429


class NotConfirmed(DomainError):
    """A change of how someone gets in (password, phone number, email address) asked for
    without proving who they are recently in this session (services/sign_in/reauth.py)."""

    status = 403


class InvitationInvalid(DomainError):
    status = 404


class CodeExpired(DomainError):
    status = 400


class WrongCode(DomainError):
    status = 400

    def __init__(self, tries_left: int):
        super().__init__(tries_left)
        self.tries_left = tries_left


class TooManyTries(DomainError):
    status = 429

    def __init__(self, wait_seconds: int = 0):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds

    @property
    def wait_minutes(self) -> int:
        return max(1, -(-self.wait_seconds // 60))


class WrongPassword(DomainError):
    status = 400


class InvalidInputs(InvalidInput):
    """Several values failed their rules: ``problems`` maps each field to what to do.
    ``field`` and ``message`` are the first of them."""

    def __init__(self, problems: dict[str, str]):
        field, message = next(iter(problems.items()))
        super().__init__(field, message)
        self.problems = problems
