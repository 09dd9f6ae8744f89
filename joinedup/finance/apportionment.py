"""Sharing a cost between councils so that the shares add up exactly to the total.

DOMAIN §3 and rule 19: the apportionment basis is set per cost line — equal shares, fixed
percentages, population, or a usage measure such as hours or cases [F1, F2]. 004: "Staffing
and other resourcing costs will be allocated fairly and transparently between partners."

Every share is whole pence. Each council first gets its exact proportion rounded down; the
pence left over go one each to the councils with the largest remainders (the largest
remainder method), ties going to the council named first. So the shares always add up to
the total, and no share is a penny or more away from its exact proportion.
"""

from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from .money import to_decimal

HUNDRED = Decimal(100)
K = TypeVar("K", bound=Hashable)


class Basis(models.TextChoices):
    EQUAL = "equal", "Equal shares"
    PERCENTAGE = "percentage", "Fixed percentages"
    POPULATION = "population", "Population"
    USAGE = "usage", "Usage measure (hours, cases or similar)"


class ApportionmentError(ValidationError):
    """A cost cannot be shared on the basis given; the message says why."""


def apportion(total_pence: int, weights: Mapping[K, Decimal | int]) -> dict[K, int]:
    """Share `total_pence` in proportion to `weights`, in whole pence that sum to the total.

    Largest remainder: each key gets floor(total × weight ÷ sum of weights); the pence left
    over go one each to the keys with the largest fractional remainders, earlier keys first
    when remainders tie. The keys come back in the order they were given.
    """
    if isinstance(total_pence, bool) or not isinstance(total_pence, int):
        raise TypeError("The total must be a whole number of pence")
    if total_pence < 0:
        raise ApportionmentError("The total to share must be £0 or more")
    if not weights:
        raise ApportionmentError("There is nobody to share the cost between")
    exact = {}
    for key, weight in weights.items():
        number = to_decimal(weight, label=f"The weight for {key}")
        if number < 0:
            raise ApportionmentError(f"The weight for {key} must not be negative")
        exact[key] = Fraction(number)
    whole = sum(exact.values())
    if whole == 0:
        raise ApportionmentError("The weights are all zero, so there is no basis for sharing")
    shares, remainders = {}, []
    for position, (key, weight) in enumerate(exact.items()):
        proportion = total_pence * weight / whole
        floor = proportion.numerator // proportion.denominator
        shares[key] = floor
        remainders.append((proportion - floor, position, key))
    left_over = total_pence - sum(shares.values())
    remainders.sort(key=lambda item: (-item[0], item[1]))
    for _, _, key in remainders[:left_over]:
        shares[key] += 1
    return shares


def equal_weights(keys: Iterable[K]) -> dict[K, int]:
    return dict.fromkeys(keys, 1)


def percentage_weights(percentages: Mapping[K, Decimal | int | None]) -> dict[K, Decimal]:
    """Fixed percentages must be given for everyone and add up to exactly 100."""
    weights = {}
    for key, percentage in percentages.items():
        if percentage is None:
            raise ApportionmentError(f"Enter the percentage for {key}")
        weights[key] = to_decimal(percentage, label=f"The percentage for {key}")
        if weights[key] < 0:
            raise ApportionmentError(f"The percentage for {key} must not be negative")
    total = sum(weights.values(), Decimal(0))
    if total != HUNDRED:
        raise ApportionmentError(
            f"The percentages add up to {total.normalize():f}%; they must add up to exactly 100%"
        )
    return weights


def population_weights(organisations: Iterable) -> dict:
    """Each council's population, as recorded in the register of organisations."""
    weights = {}
    for organisation in organisations:
        if not organisation.population:
            raise ApportionmentError(
                f"{organisation} has no population recorded, so the cost cannot be shared by "
                "population. Record its population or choose another basis."
            )
        weights[organisation] = organisation.population
    return weights


def usage_weights(
    measures: Mapping[K, Decimal | int | None], *, unit: str = "usage"
) -> dict[K, Decimal]:
    """Hours, cases or another measure of use, one figure per council."""
    weights = {}
    for key, measure in measures.items():
        if measure is None:
            raise ApportionmentError(f"Enter the {unit} for {key}")
        weights[key] = to_decimal(measure, label=f"The {unit} for {key}")
        if weights[key] < 0:
            raise ApportionmentError(f"The {unit} for {key} must not be negative")
    if weights and not any(weights.values()):
        raise ApportionmentError(
            f"The {unit} is zero for everyone, so there is no basis for sharing"
        )
    return weights


def weights_for(basis: str, organisations: list, values: Mapping | None = None, *, unit: str = ""):
    """The weights for a basis: values are the percentages or usage measures per council."""
    values = values or {}
    if basis == Basis.EQUAL:
        return equal_weights(organisations)
    if basis == Basis.PERCENTAGE:
        return percentage_weights({o: values.get(o) for o in organisations})
    if basis == Basis.POPULATION:
        return population_weights(organisations)
    if basis == Basis.USAGE:
        return usage_weights({o: values.get(o) for o in organisations}, unit=unit or "usage")
    raise ApportionmentError(f"Unknown basis {basis!r}")


def apportion_by(
    total_pence: int,
    basis: str,
    organisations: list,
    values: Mapping | None = None,
    *,
    unit: str = "",
) -> dict:
    """Share a total between councils on a basis: equal, percentage, population or usage."""
    return apportion(total_pence, weights_for(basis, organisations, values, unit=unit))
