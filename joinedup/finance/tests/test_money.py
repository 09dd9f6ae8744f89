from decimal import Decimal

import pytest

from joinedup.finance.money import (
    AmountError,
    format_pence,
    parse_pounds,
    pence_to_pounds,
    round_to_pence,
)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("1,234.56", 123456),
        ("£100,000", 10_000_000),
        ("£ 100,000.00", 10_000_000),
        ("100000", 10_000_000),
        ("12.5", 1250),
        ("0.01", 1),
        (".5", 50),
        ("7.", 700),
        ("0", 0),
        ("1,000,000.99", 100_000_099),
    ],
)
def test_pounds_are_read_to_exact_pence(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.005", "Total cost must have no more than 2 decimal places"),
        ("£12.345", "Total cost must have no more than 2 decimal places"),
        ("1,23.00", "Total cost must be an amount of money in pounds"),
        ("ten pounds", "Total cost must be an amount of money in pounds"),
        ("1e3", "Total cost must be an amount of money in pounds"),
        ("NaN", "Total cost must be an amount of money in pounds"),
        ("-5", "Total cost must be £0 or more"),
        ("", "Enter total cost"),
        ("99999999999", "Total cost must be no more than £10,000,000,000"),
    ],
)
def test_amounts_that_are_not_pounds_and_pence_are_refused_naming_the_field(text, message):
    with pytest.raises(AmountError, match=message):
        parse_pounds(text, label="Total cost")


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (123456, "£1,234.56"),
        (0, "£0.00"),
        (1, "£0.01"),
        (10_000_000, "£100,000.00"),
        (-5, "-£0.05"),
    ],
)
def test_pence_are_shown_as_pounds(pence, text):
    assert format_pence(pence) == text


def test_pence_become_exact_decimal_pounds():
    assert pence_to_pounds(123456) == Decimal("1234.56")
    assert pence_to_pounds(1) == Decimal("0.01")


@pytest.mark.parametrize(
    ("exact", "pence"),
    [("0.5", 1), ("1.5", 2), ("2.5", 3), ("2.4999", 2), ("24305.925", 24306)],
    ids=["half rounds up", "1.5 up", "2.5 up, not to even", "below half down", "a recharge"],
)
def test_rounding_to_the_penny_is_half_up(exact, pence):
    assert round_to_pence(Decimal(exact)) == pence
