"""Common Procurement Vocabulary codes: 8 digits and an optional check digit ("90511000-2").

The 8 digits are a hierarchy (DOMAIN §5 [P6]): the first 2 are the division, 3 the group,
4 the class and 5 the category; the rest refine it further, and trailing zeros mean the code
stops at a broader level (90500000 is the group "refuse and waste related services").

We check the format, not the check digit's value: councils' registers often omit it, and the
8 digits alone say which category a contract is in.
"""

import re

from django.core.exceptions import ValidationError

CPV_CODE = re.compile(r"^(?P<digits>\d{8})(?:-(?P<check>\d))?$")
# A cell may hold the code followed by its description, or several codes.
LEADING_CPV = re.compile(r"^\s*(?P<digits>\d{8})(?:\s*-\s*(?P<check>\d))?(?!\d)")

# How many leading digits make a category for matching, and what CPV calls that level.
LEVELS = {2: "division", 3: "group", 4: "class", 5: "category"}
DEFAULT_LEVEL = 3


class CpvError(ValueError):
    pass


def normalise(text: str, *, label: str = "CPV code") -> str:
    """A CPV code as typed, checked and tidied: "90511000 - 2" -> "90511000-2"; "" stays ""."""
    text = re.sub(r"\s+", "", str(text or ""))
    if not text:
        return ""
    match = CPV_CODE.match(text)
    if not match:
        raise CpvError(f"{label} must be 8 digits and an optional check digit, like 90511000-2")
    if match.group("check"):
        return f"{match.group('digits')}-{match.group('check')}"
    return match.group("digits")


def from_cell(text: str) -> str:
    """The first CPV code in a spreadsheet cell ("90511000-2 Refuse collection; 90512000-9")."""
    text = str(text or "").strip()
    if not text:
        return ""
    match = LEADING_CPV.match(text)
    if not match:
        raise CpvError("is not a CPV code: it must start with 8 digits, like 90511000-2")
    if match.group("check"):
        return f"{match.group('digits')}-{match.group('check')}"
    return match.group("digits")


def digits(code: str) -> str:
    """The 8-digit part of a code: "90511000-2" -> "90511000"."""
    return (code or "")[:8]


def validate_cpv(value: str) -> None:
    try:
        normalise(value)
    except CpvError as error:
        raise ValidationError(str(error)) from None
