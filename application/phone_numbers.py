"""Phone numbers, read with phonenumbers: the one place that parses, checks and writes them (E.164)."""

from __future__ import annotations

import phonenumbers

__all__ = ["HOME_REGION", "mobile_number", "phone_number"]

#: how a national number (no country code) is read when nothing else says: as Danish
HOME_REGION = "DK"
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _parsed(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_number(raw: str, region: str = HOME_REGION) -> str | None:
    """Any valid phone number, in E.164 (a national one read as `region`'s); None when it is not one."""
    number = _parsed(raw, region)
    return _e164(number) if number is not None and phonenumbers.is_valid_number(number) else None


def mobile_number(raw: str, market: str) -> str | None:
    """A valid mobile number of `market` (a country code), in E.164; None otherwise (PRODUCT §6.2)."""
    number = _parsed(raw, market)
    if number is None or not phonenumbers.is_valid_number_for_region(number, market):
        return None
    return _e164(number) if phonenumbers.number_type(number) in _MOBILE else None
