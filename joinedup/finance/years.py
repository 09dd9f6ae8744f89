"""Financial years: 1 April to 31 March, labelled like "2013/14".

DOMAIN §3 [F4]: "Financial year: 1 April to 31 March." Budgets, savings and shares are kept
per financial year (DOMAIN rule 18). A financial year is named by the calendar year in which
it starts: 2013 is the financial year 2013/14, from 1 April 2013 to 31 March 2014. Quarters
follow it: Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March.
"""

import datetime
import re
from dataclasses import dataclass

FIRST_MONTH = 4  # April

_LABEL = re.compile(r"^\s*(\d{4})\s*(?:[/-]\s*(\d{2}|\d{4}))?\s*$")


class FinancialYearError(ValueError):
    """Enter a financial year like 2013/14."""


@dataclass(frozen=True, order=True)
class Quarter:
    financial_year: "FinancialYear"
    number: int  # 1 to 4

    @property
    def starts_on(self) -> datetime.date:
        month = FIRST_MONTH + 3 * (self.number - 1)
        year = self.financial_year.start_year
        if month > 12:
            month, year = month - 12, year + 1
        return datetime.date(year, month, 1)

    @property
    def ends_on(self) -> datetime.date:
        if self.number == 4:
            return self.financial_year.ends_on
        following = Quarter(self.financial_year, self.number + 1)
        return following.starts_on - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.financial_year.label}"

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year that starts on 1 April of `start_year`."""

    start_year: int

    def __post_init__(self):
        if not 1900 <= self.start_year <= 9998:
            raise FinancialYearError(f"{self.start_year} is not a financial year we can record")

    @classmethod
    def parse(cls, text: str) -> "FinancialYear":
        """Read "2013/14", "2013-14", "2013/2014" or "2013" (the year it starts)."""
        match = _LABEL.match(str(text))
        if not match:
            raise FinancialYearError("Enter a financial year like 2013/14")
        start = int(match.group(1))
        if match.group(2):
            end = match.group(2)
            expected = f"{(start + 1) % 100:02d}" if len(end) == 2 else str(start + 1)
            if end != expected:
                raise FinancialYearError(
                    f"A financial year runs from 1 April to 31 March: {start}/"
                    f"{(start + 1) % 100:02d}, not {start}/{end}"
                )
        return cls(start)

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, FIRST_MONTH, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def quarters(self) -> list[Quarter]:
        return [Quarter(self, number) for number in (1, 2, 3, 4)]

    def quarter_of(self, day: datetime.date) -> Quarter:
        if day not in self:
            raise FinancialYearError(f"{day:%-d %B %Y} is not in the financial year {self.label}")
        return next(quarter for quarter in self.quarters if day in quarter)

    def next(self) -> "FinancialYear":
        return FinancialYear(self.start_year + 1)

    def previous(self) -> "FinancialYear":
        return FinancialYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def financial_year_of(day: datetime.date) -> FinancialYear:
    """The financial year a day falls in: 31 March 2014 is in 2013/14, 1 April 2014 in 2014/15."""
    return FinancialYear(day.year if day.month >= FIRST_MONTH else day.year - 1)


def quarter_of(day: datetime.date) -> Quarter:
    return financial_year_of(day).quarter_of(day)


def years_between(first: FinancialYear, last: FinancialYear) -> list[FinancialYear]:
    """Every financial year from `first` to `last`, both included."""
    return [FinancialYear(year) for year in range(first.start_year, last.start_year + 1)]
