"""Money is whole pence in the database and Decimal in calculations; never a float.

DESIGN: "Money is exact: Decimal pence, apportionments that sum exactly to the total."
People enter pounds ("1,234.56", "£100,000"); these are read to pence exactly, and pence
are shown as "£1,234.56".
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

PENCE_PER_POUND = 100
# £10 billion: far beyond any council partnership's figures, far within a BigIntegerField.
MAXIMUM_PENCE = 10_000_000_000 * PENCE_PER_POUND

_POUNDS = re.compile(r"^(?P<sign>-)?£?(?P<whole>\d{1,3}(?:,\d{3})+|\d+)?(?:\.(?P<fraction>\d*))?$")


class AmountError(ValueError):
    """An amount that cannot be read as pounds and pence; the message says why."""


def parse_pounds(text: str, *, label: str = "Amount", allow_negative: bool = False) -> int:
    """Read pounds as typed ("1,234.56", "£100,000", "12.5") and return whole pence.

    More than two decimal places is refused, not rounded: £1.005 is not an amount of money.
    """
    cleaned = re.sub(r"\s+", "", str(text or "")).replace("−", "-")
    cleaned = cleaned.replace("-£", "-").replace("£-", "-")
    if not cleaned:
        raise AmountError(f"Enter {label.lower()}")
    match = _POUNDS.match(cleaned)
    if not match or (match.group("whole") is None and not match.group("fraction")):
        raise AmountError(f"{label} must be an amount of money in pounds, like 1,234.56")
    fraction = match.group("fraction") or ""
    if len(fraction) > 2:
        raise AmountError(f"{label} must have no more than 2 decimal places, like 1,234.56")
    whole = int((match.group("whole") or "0").replace(",", ""))
    pence = whole * PENCE_PER_POUND + int(fraction.ljust(2, "0"))
    if match.group("sign"):
        if not allow_negative:
            raise AmountError(f"{label} must be £0 or more")
        pence = -pence
    if abs(pence) > MAXIMUM_PENCE:
        raise AmountError(f"{label} must be no more than £10,000,000,000")
    return pence


def pence_to_pounds(pence: int) -> Decimal:
    """Whole pence as an exact Decimal number of pounds: 123456 -> Decimal("1234.56")."""
    return (Decimal(int(pence)) / PENCE_PER_POUND).quantize(Decimal("0.01"))


def format_pence(pence: int | None, *, blank: str = "") -> str:
    """Whole pence for people: 123456 -> "£1,234.56"; -5 -> "-£0.05"."""
    if pence is None:
        return blank
    pence = int(pence)
    sign = "-" if pence < 0 else ""
    pounds, remainder = divmod(abs(pence), PENCE_PER_POUND)
    return f"{sign}£{pounds:,}.{remainder:02d}"


def format_pounds_input(pence: int | None) -> str:
    """Pence as a form shows them back: 123456 -> "1,234.56"."""
    return "" if pence is None else format_pence(pence).replace("£", "")


def round_to_pence(pence: Decimal) -> int:
    """An exact amount in (fractional) pence, rounded half up to a whole penny."""
    return int(Decimal(pence).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_decimal(value, *, label: str = "Value") -> Decimal:
    """A finite Decimal from an int, Decimal or string; floats are refused as inexact."""
    if isinstance(value, float):
        raise TypeError(f"{label} must be a Decimal or an int, not a float")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise AmountError(f"{label} must be a number") from None
    if not number.is_finite():
        raise AmountError(f"{label} must be a number")
    return number


def multiply(*factors) -> Decimal:
    """An exact product of Decimals, with precision to spare for any figures we hold."""
    with localcontext() as context:
        context.prec = 60
        product = Decimal(1)
        for factor in factors:
            product *= to_decimal(factor)
        return product
