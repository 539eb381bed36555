"""NHS number validation: ten digits, the last a modulus 11 check digit (NHS Data Dictionary)."""

import re

_NON_DIGITS = re.compile(r"[\s-]")


def normalise(value: str | None) -> str:
    return _NON_DIGITS.sub("", value or "")


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None where no valid check digit exists (remainder gives 10)."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def is_valid(value: str | None) -> bool:
    digits = normalise(value)
    if len(digits) != 10 or not digits.isdigit():
        return False
    return check_digit(digits[:9]) == int(digits[9])


def formatted(value: str | None) -> str:
    digits = normalise(value)
    if len(digits) != 10:
        return value or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
