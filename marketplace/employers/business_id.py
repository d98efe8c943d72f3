"""Finnish business ID (Y-tunnus) validation."""

from __future__ import annotations

import re

_FORMAT = re.compile(r"^(\d{7})-(\d)$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def normalize_business_id(value: str) -> str:
    """Accept "1234567-8", " 1234567-8 " or the older six-digit form "123456-7" (zero-padded)."""
    value = value.strip()
    if re.fullmatch(r"\d{6}-\d", value):
        value = "0" + value
    return value


def check_digit(first_seven: str) -> int | None:
    """The check digit for seven digits, or None when no valid digit exists (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(first_seven, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def is_valid_business_id(value: str) -> bool:
    """True for a well-formed Y-tunnus whose check digit is right."""
    match = _FORMAT.match(normalize_business_id(value))
    if not match:
        return False
    expected = check_digit(match.group(1))
    return expected is not None and expected == int(match.group(2))
