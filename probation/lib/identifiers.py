"""Case reference numbers (CRN) and Police National Computer identifiers (PNC ID).

A CRN is one uppercase letter followed by six digits (``X123456``).

A PNC ID is written ``YYYY/NNNNNNNC``: the year the record was created, a serial of up to seven
digits and a check character. The check character is found by reading the two-digit year followed
by the seven-digit (zero-padded) serial as one integer, taking it modulo 23 and indexing into
``ZABCDEFGHJKLMNPQRTUVWXY`` (I, O and S are left out because they read as 1, 0 and 5).
"""

from __future__ import annotations

import re
from datetime import date

__all__ = [
    "PNC_CHECK_CHARACTERS",
    "crn_from_number",
    "is_valid_crn",
    "is_valid_pnc",
    "pnc_check_character",
    "validate_pnc",
]

_CRN = re.compile(r"[A-Z][0-9]{6}")
_CRN_MAX = 999_999

PNC_CHECK_CHARACTERS = "ZABCDEFGHJKLMNPQRTUVWXY"
_PNC = re.compile(r"([0-9]{2}|[0-9]{4})/([0-9]{1,7})([A-Z])")
_SERIAL_DIGITS = 7


def is_valid_crn(value: object) -> bool:
    """True for exactly one uppercase letter followed by six digits, nothing around it."""
    return isinstance(value, str) and _CRN.fullmatch(value) is not None


def crn_from_number(letter: str, n: int) -> str:
    """The CRN for a sequence number within a letter's range (``crn_from_number("X", 42)`` → ``X000042``)."""
    if not (isinstance(letter, str) and len(letter) == 1 and "A" <= letter <= "Z"):
        raise ValueError(f"A CRN starts with one uppercase letter A–Z, not {letter!r}.")
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"A CRN number must be a whole number, not {n!r}.")
    if not 0 <= n <= _CRN_MAX:
        raise ValueError(f"A CRN number must be between 0 and {_CRN_MAX}, not {n}.")
    return f"{letter}{n:06d}"


def pnc_check_character(year: int, serial: int) -> str:
    """The check character for a PNC year (two or four digits; only the last two count) and serial."""
    if isinstance(year, bool) or not isinstance(year, int) or year < 0:
        raise ValueError(f"A PNC year must be a non-negative whole number, not {year!r}.")
    if isinstance(serial, bool) or not isinstance(serial, int) or not 0 <= serial < 10**_SERIAL_DIGITS:
        raise ValueError(f"A PNC serial must be a whole number of at most seven digits, not {serial!r}.")
    # "YY" followed by the seven-digit serial, read as one number: YY * 10^7 + serial.
    return PNC_CHECK_CHARACTERS[((year % 100) * 10**_SERIAL_DIGITS + serial) % 23]


def _expand_year(two_digit: int, reference_year: int) -> int:
    # A short-form year belongs to the latest century that does not put it in the future.
    century = reference_year - reference_year % 100
    year = century + two_digit
    return year - 100 if year > reference_year else year


def validate_pnc(value: object, *, reference_year: int | None = None) -> str:
    """Check a PNC ID and return it in the long form ``YYYY/NNNNNNNC``.

    Surrounding spaces and lowercase letters are forgiven; a serial shorter than seven digits is
    zero-padded. The short form ``YY/NNNNNNNC`` is accepted and given the century that does not put
    it after ``reference_year`` (default: this year). A wrong check character is refused.
    """
    if not isinstance(value, str):
        raise ValueError(f"A PNC ID must be text like 2004/0012345D, not {type(value).__name__}.")
    text = value.strip().upper()
    match = _PNC.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{value.strip()!r} is not a PNC ID: expected a year, a slash, up to seven digits and "
            "a check letter, like 2004/0012345D."
        )
    year_text, serial_text, given = match.groups()
    year = int(year_text)
    if len(year_text) == 2:
        year = _expand_year(year, date.today().year if reference_year is None else reference_year)
    serial = int(serial_text)
    expected = pnc_check_character(year, serial)
    if given != expected:
        raise ValueError(
            f"{value.strip()!r} is not a valid PNC ID: its check character is {given} but should be "
            f"{expected}. Check the number has been copied correctly."
        )
    return f"{year:04d}/{serial:07d}{expected}"


def is_valid_pnc(value: object) -> bool:
    """True when ``validate_pnc`` would accept the value."""
    try:
        validate_pnc(value)
    except ValueError:
        return False
    return True
