import datetime

import pytest

from joinedup.finance.years import (
    FinancialYear,
    FinancialYearError,
    financial_year_of,
    quarter_of,
    years_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2014, 3, 31), "2013/14"),
        (D(2014, 4, 1), "2014/15"),
        (D(2014, 1, 1), "2013/14"),
        (D(2013, 12, 31), "2013/14"),
        (D(1999, 4, 1), "1999/00"),
        (D(2000, 3, 31), "1999/00"),
        (D(2024, 2, 29), "2023/24"),
    ],
    ids=[
        "31 March is the last day of the year before",
        "1 April starts a new year",
        "New Year's Day is in the year that started the April before",
        "New Year's Eve is in the year that started that April",
        "the label wraps at the century",
        "the last day of 1999/00",
        "29 February in a leap year",
    ],
)
def test_financial_year_of_a_day(day, label):
    assert financial_year_of(day).label == label


def test_a_financial_year_runs_from_1_april_to_31_march():
    year = FinancialYear(2013)
    assert (year.starts_on, year.ends_on) == (D(2013, 4, 1), D(2014, 3, 31))
    assert D(2013, 4, 1) in year and D(2014, 3, 31) in year
    assert D(2013, 3, 31) not in year and D(2014, 4, 1) not in year


@pytest.mark.parametrize("start", [2011, 2015, 2023], ids=["2011/12", "2015/16", "2023/24"])
def test_a_year_ending_in_a_leap_february_has_366_days(start):
    year = FinancialYear(start)
    assert (year.ends_on - year.starts_on).days + 1 == 366


def test_a_year_without_29_february_has_365_days():
    year = FinancialYear(2013)
    assert (year.ends_on - year.starts_on).days + 1 == 365


def test_quarters_run_april_june_to_january_march_and_tile_the_year():
    quarters = FinancialYear(2023).quarters
    assert [(q.starts_on, q.ends_on) for q in quarters] == [
        (D(2023, 4, 1), D(2023, 6, 30)),
        (D(2023, 7, 1), D(2023, 9, 30)),
        (D(2023, 10, 1), D(2023, 12, 31)),
        (D(2024, 1, 1), D(2024, 3, 31)),
    ]
    assert [q.label for q in quarters] == ["Q1 2023/24", "Q2 2023/24", "Q3 2023/24", "Q4 2023/24"]


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2014, 3, 31), "Q4 2013/14"),
        (D(2014, 4, 1), "Q1 2014/15"),
        (D(2014, 6, 30), "Q1 2014/15"),
        (D(2014, 7, 1), "Q2 2014/15"),
        (D(2024, 2, 29), "Q4 2023/24"),
    ],
    ids=["31 March", "1 April", "30 June", "1 July", "29 February"],
)
def test_quarter_of_a_day(day, label):
    assert quarter_of(day).label == label


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2013/14", 2013),
        ("2013-14", 2013),
        ("2013/2014", 2013),
        (" 2013 / 14 ", 2013),
        ("2013", 2013),
        ("1999/00", 1999),
    ],
)
def test_a_financial_year_is_read_from_its_label(text, start):
    assert FinancialYear.parse(text).start_year == start


@pytest.mark.parametrize("text", ["2013/15", "2013/2015", "13/14", "next year", "", "2013/1"])
def test_a_label_that_is_not_a_financial_year_is_refused(text):
    with pytest.raises(FinancialYearError):
        FinancialYear.parse(text)


def test_years_between_includes_both_ends_and_years_order():
    years = years_between(FinancialYear(2013), FinancialYear(2015))
    assert [y.label for y in years] == ["2013/14", "2014/15", "2015/16"]
    assert FinancialYear(2013) < FinancialYear(2014)
    assert FinancialYear(2013).next() == FinancialYear(2014)
    assert FinancialYear(2013).previous() == FinancialYear(2012)
