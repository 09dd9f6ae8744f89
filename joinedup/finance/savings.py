"""Savings targets against savings delivered, per financial year and per council.

001 Recommendation 31: firm savings targets for three financial years — delivered or dropped.
DOMAIN §7: "Savings not realised … Track baseline against outturn per partner and per
financial year." DOMAIN rule 21: savings are classed as cashable or non-cashable.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import SavingKind, SavingsActual, SavingsTarget
from .money import format_pence
from .years import FinancialYear

TARGET_YEARS = 3  # 001 Rec 31: "firm savings targets for three financial years"


@dataclass
class Figures:
    """Targets and savings delivered, in pence, cashable and non-cashable."""

    target_cashable_pence: int = 0
    target_non_cashable_pence: int = 0
    actual_cashable_pence: int = 0
    actual_non_cashable_pence: int = 0

    @property
    def target_pence(self) -> int:
        return self.target_cashable_pence + self.target_non_cashable_pence

    @property
    def actual_pence(self) -> int:
        return self.actual_cashable_pence + self.actual_non_cashable_pence

    @property
    def variance_pence(self) -> int:
        """Delivered less target: negative when the target is not met."""
        return self.actual_pence - self.target_pence

    @property
    def variance_text(self) -> str:
        """The difference in words: "£1,000.00 short", "£50.00 over" or "On target"."""
        if self.variance_pence < 0:
            return f"{format_pence(-self.variance_pence)} short"
        if self.variance_pence > 0:
            return f"{format_pence(self.variance_pence)} over"
        return "On target"

    @property
    def delivered_percent(self) -> Decimal | None:
        """Savings delivered as a percentage of the target, to one decimal place."""
        if not self.target_pence:
            return None
        return (Decimal(self.actual_pence) * 100 / Decimal(self.target_pence)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def add_target(self, target: SavingsTarget) -> None:
        if target.kind == SavingKind.CASHABLE:
            self.target_cashable_pence += target.amount_pence
        else:
            self.target_non_cashable_pence += target.amount_pence

    def add_actual(self, actual: SavingsActual) -> None:
        if actual.kind == SavingKind.CASHABLE:
            self.actual_cashable_pence += actual.amount_pence
        else:
            self.actual_non_cashable_pence += actual.amount_pence


@dataclass
class SavingsSummary:
    by_year: dict[FinancialYear, Figures] = field(default_factory=dict)
    by_council: dict = field(default_factory=dict)  # Organisation -> Figures
    by_year_and_council: dict = field(default_factory=dict)  # (FinancialYear, Organisation)
    total: Figures = field(default_factory=Figures)

    @property
    def years(self) -> list[FinancialYear]:
        return sorted(self.by_year)

    @property
    def councils(self) -> list:
        return sorted(self.by_council, key=lambda o: o.name)


def summarise(targets: Iterable[SavingsTarget], actuals: Iterable[SavingsActual]) -> SavingsSummary:
    """Add targets and actuals up by financial year, by council, and by both."""
    summary = SavingsSummary()

    def buckets(record):
        year = FinancialYear(record.financial_year)
        organisation = record.organisation
        return (
            summary.by_year.setdefault(year, Figures()),
            summary.by_council.setdefault(organisation, Figures()),
            summary.by_year_and_council.setdefault((year, organisation), Figures()),
            summary.total,
        )

    for target in targets:
        for figures in buckets(target):
            figures.add_target(target)
    for actual in actuals:
        for figures in buckets(actual):
            figures.add_actual(actual)
    summary.by_year = dict(sorted(summary.by_year.items()))
    summary.by_council = dict(sorted(summary.by_council.items(), key=lambda i: i[0].name))
    return summary


def target_years_missing(targets: Iterable[SavingsTarget], initiatives: Iterable) -> dict:
    """001 Rec 31: each initiative with savings should have targets for three financial years.

    Returns {initiative: number of financial years with a target} for the initiatives that
    have fewer than three.
    """
    years = {}
    for target in targets:
        years.setdefault(target.initiative_id, set()).add(target.financial_year)
    return {
        initiative: len(years.get(initiative.pk, ()))
        for initiative in initiatives
        if len(years.get(initiative.pk, ())) < TARGET_YEARS
    }
