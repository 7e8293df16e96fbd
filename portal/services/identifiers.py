"""Email addresses and phone numbers, parsed and normalised by their libraries."""
from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email


def normalise_email(value: str) -> str:
    """A valid address, its domain lower-cased; raises ValueError otherwise."""
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None
    local, _, domain = result.normalized.rpartition("@")
    return f"{local.lower()}@{domain.lower()}"


def normalise_phone(value: str, region: str = "GB") -> str:
    """The number in E.164 (UK numbers may be typed as 07...); raises ValueError otherwise."""
    try:
        number = phonenumbers.parse(value.strip(), region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not (phonenumbers.is_valid_number(number) or is_fictional(e164)):
        raise ValueError("not a valid phone number")
    return e164


# Ofcom keeps 07700 900000 to 900999 for drama: never given to anyone, so the demo and the tests
# use them safely. phonenumbers calls them invalid, which is right for real victims.
_FICTIONAL_MOBILES = "+447700900"


def is_fictional(e164: str) -> bool:
    return e164.startswith(_FICTIONAL_MOBILES) and len(e164) == 13


def is_mobile(e164: str) -> bool:
    number = phonenumbers.parse(e164)
    kind = phonenumbers.number_type(number)
    return kind in (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def parse_identifier(value: str) -> tuple[str, str]:
    """Split what a victim typed to sign in into ("email", address) or ("sms", E.164)."""
    value = (value or "").strip()
    if not value:
        raise ValueError("empty")
    if "@" in value:
        return "email", normalise_email(value)
    return "sms", normalise_phone(value)


def display_phone(value: str) -> str:
    """A number as people in the UK write it (national format for UK numbers). A number the
    library cannot format (a team's switchboard written by hand) is shown as written."""
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        return value
    if not (phonenumbers.is_valid_number(number) or is_fictional(value)):
        return value
    fmt = (phonenumbers.PhoneNumberFormat.NATIONAL if number.country_code == 44
           else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, fmt)


def tel_link(value: str) -> str:
    """The number for a tel: link: digits and a leading +, nothing else."""
    return "".join(ch for ch in value if ch.isdigit() or ch == "+")
