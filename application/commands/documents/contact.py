"""Checks of contact details with the well-kept libraries for them (email-validator, phonenumbers)."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from application.phone_numbers import phone_number


def checked_email(value: str | None, pointer: str, problems: list[tuple[str, str]]) -> str | None:
    """The address as given (trimmed) when its syntax is valid; records a problem otherwise."""
    if value is None or not value.strip():
        return None
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        problems.append((pointer, f"not a valid email address: {exc}"))
        return None
    return value.strip()


def checked_phone(value: str | None, pointer: str, problems: list[tuple[str, str]]) -> str | None:
    """The number in E.164 when valid (national numbers read as Danish); records a problem otherwise."""
    if value is None or not value.strip():
        return None
    number = phone_number(value)
    if number is None:
        problems.append((pointer, "not a valid phone number"))
    return number
