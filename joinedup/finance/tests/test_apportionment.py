from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.finance.apportionment import (
    ApportionmentError,
    Basis,
    apportion,
    apportion_by,
)

# Keep Hypothesis's example database out of the working tree.
properties = settings(database=None, max_examples=300, deadline=None)

totals = st.integers(min_value=0, max_value=10**13)  # up to £100 billion
weights = st.one_of(
    st.integers(min_value=0, max_value=10**7),
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
)
weight_maps = (
    st.lists(weights, min_size=1, max_size=40)
    .filter(any)
    .map(lambda values: {f"council {i}": value for i, value in enumerate(values)})
)


@properties
@given(total=totals, weights=weight_maps)
def test_shares_always_add_up_exactly_to_the_total(total, weights):
    assert sum(apportion(total, weights).values()) == total


@properties
@given(total=totals, weights=weight_maps)
def test_each_share_is_within_a_penny_of_its_exact_proportion(total, weights):
    whole = sum(Fraction(Decimal(w)) for w in weights.values())
    for key, share in apportion(total, weights).items():
        exact = total * Fraction(Decimal(weights[key])) / whole
        assert abs(share - exact) < 1


@properties
@given(total=totals, weights=weight_maps)
def test_shares_are_whole_pence_never_negative_and_nobody_with_no_weight_pays(total, weights):
    shares = apportion(total, weights)
    assert list(shares) == list(weights), "keys come back in the order given"
    for key, share in shares.items():
        assert isinstance(share, int) and share >= 0
        if weights[key] == 0:
            assert share == 0


@properties
@given(total=totals, count=st.integers(min_value=1, max_value=50))
def test_equal_shares_differ_by_at_most_a_penny_and_the_first_named_get_the_spare_pence(
    total, count
):
    shares = list(apportion(total, dict.fromkeys(range(count), 1)).values())
    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (100_00, {"a": 1, "b": 1, "c": 1}, {"a": 3334, "b": 3333, "c": 3333}),
        (1, dict.fromkeys("abcdefg", 1), {"a": 1, "b": 0, "c": 0, "d": 0, "e": 0, "f": 0, "g": 0}),
        (
            100_00,
            dict.fromkeys("abcdefghijk", 1),
            {k: 910 if k < "b" else 909 for k in "abcdefghijk"},
        ),
        (10_000_000_00, {"a": 63, "b": 37}, {"a": 6_300_000_00, "b": 3_700_000_00}),
        (
            10,
            {"a": Decimal("33.3"), "b": Decimal("33.3"), "c": Decimal("33.4")},
            {"a": 3, "b": 3, "c": 4},
        ),
        (0, {"a": 1, "b": 2}, {"a": 0, "b": 0}),
        (5, {"a": 0, "b": 1}, {"a": 0, "b": 5}),
    ],
    ids=[
        "£100 among 3: the first named gets the spare penny",
        "£0.01 among 7: one penny to the first named",
        "£100 among 11 partners",
        "£10m at 63/37",
        "unequal percentages round to the largest remainder",
        "nothing to share",
        "a council with no weight pays nothing",
    ],
)
def test_awkward_examples(total, weights, expected):
    shares = apportion(total, weights)
    assert shares == expected
    assert sum(shares.values()) == total


def test_ties_are_broken_by_the_order_the_councils_are_given():
    assert apportion(1, {"b": 1, "a": 1}) == {"b": 1, "a": 0}
    assert apportion(1, {"a": 1, "b": 1}) == {"a": 1, "b": 0}


def test_the_largest_remainder_gets_the_spare_penny_whatever_the_order():
    # 10p shared 1:2 is 3.33p and 6.67p: the 0.67 remainder wins the spare penny.
    assert apportion(10, {"small": 1, "large": 2}) == {"small": 3, "large": 7}


@pytest.mark.parametrize(
    ("total", "weights", "message"),
    [
        (100, {}, "nobody to share"),
        (100, {"a": 0, "b": 0}, "all zero"),
        (100, {"a": -1, "b": 2}, "must not be negative"),
        (-100, {"a": 1}, "£0 or more"),
    ],
    ids=["nobody", "all zero", "negative weight", "negative total"],
)
def test_impossible_apportionments_are_refused(total, weights, message):
    with pytest.raises(ApportionmentError, match=message):
        apportion(total, weights)


def test_floats_are_refused_as_inexact():
    with pytest.raises(TypeError):
        apportion(100, {"a": 0.1, "b": 0.9})
    with pytest.raises(TypeError):
        apportion(100.0, {"a": 1})


class Council:
    def __init__(self, name, population=None):
        self.name, self.population = name, population

    def __str__(self):
        return self.name


EAST = Council("East Lothian Council", 112_000)
MID = Council("Midlothian Council", 92_000)


def test_equal_shares_basis():
    assert apportion_by(100_00, Basis.EQUAL, [EAST, MID]) == {EAST: 50_00, MID: 50_00}


def test_fixed_percentages_basis():
    shares = apportion_by(
        1_000_00, Basis.PERCENTAGE, [EAST, MID], {EAST: Decimal("70"), MID: Decimal("30")}
    )
    assert shares == {EAST: 700_00, MID: 300_00}


@pytest.mark.parametrize(
    ("percentages", "message"),
    [
        (
            {"east": Decimal("70"), "mid": Decimal("29.5")},
            "add up to 99.5%; they must add up to exactly 100%",
        ),
        ({"east": Decimal("70"), "mid": Decimal("40")}, "add up to 110%"),
        ({"east": Decimal("100"), "mid": None}, "Enter the percentage for Midlothian Council"),
    ],
    ids=["short of 100", "over 100", "one missing"],
)
def test_fixed_percentages_must_add_up_to_100(percentages, message):
    values = {EAST: percentages["east"], MID: percentages["mid"]}
    with pytest.raises(ApportionmentError, match=message):
        apportion_by(1_000_00, Basis.PERCENTAGE, [EAST, MID], values)


def test_population_basis_shares_by_the_registers_population():
    shares = apportion_by(204_000_00, Basis.POPULATION, [EAST, MID])
    assert shares == {EAST: 112_000_00, MID: 92_000_00}


def test_population_basis_names_the_council_with_no_population():
    nowhere = Council("Nowhere District Council", None)
    with pytest.raises(ApportionmentError, match="Nowhere District Council has no population"):
        apportion_by(100_00, Basis.POPULATION, [EAST, nowhere])


def test_usage_basis_shares_by_hours_or_cases():
    shares = apportion_by(
        1_000_00,
        Basis.USAGE,
        [EAST, MID],
        {EAST: Decimal("12.5"), MID: Decimal("37.5")},
        unit="hours",
    )
    assert shares == {EAST: 250_00, MID: 750_00}
    with pytest.raises(ApportionmentError, match="Enter the cases for Midlothian Council"):
        apportion_by(100, Basis.USAGE, [EAST, MID], {EAST: 3, MID: None}, unit="cases")
    with pytest.raises(ApportionmentError, match="cases is zero for everyone"):
        apportion_by(100, Basis.USAGE, [EAST, MID], {EAST: 0, MID: 0}, unit="cases")
