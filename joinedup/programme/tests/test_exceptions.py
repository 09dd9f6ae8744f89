"""DOMAIN §4: exception reports for amber and red; overdue reviews; no update this quarter."""

import datetime

import pytest

from joinedup.programme.exceptions import Kind, exceptions, quarter_containing
from joinedup.programme.models import ReviewKind
from joinedup.programme.tests.factories import InitiativeFactory, StatusReportFactory

D = datetime.date


def kinds(partnership, today):
    return [(e.initiative.title, e.kind) for e in exceptions(partnership, today)]


@pytest.mark.parametrize(
    ("day", "starts_on", "ends_on", "label"),
    [
        (D(2014, 3, 31), D(2014, 1, 1), D(2014, 3, 31), "Q4 2013/14"),
        (D(2014, 4, 1), D(2014, 4, 1), D(2014, 6, 30), "Q1 2014/15"),
        (D(2014, 6, 30), D(2014, 4, 1), D(2014, 6, 30), "Q1 2014/15"),
        (D(2014, 7, 1), D(2014, 7, 1), D(2014, 9, 30), "Q2 2014/15"),
        (D(2014, 12, 31), D(2014, 10, 1), D(2014, 12, 31), "Q3 2014/15"),
        (D(2015, 1, 1), D(2015, 1, 1), D(2015, 3, 31), "Q4 2014/15"),
        (D(2016, 2, 29), D(2016, 1, 1), D(2016, 3, 31), "Q4 2015/16"),
        (D(1999, 12, 31), D(1999, 10, 1), D(1999, 12, 31), "Q3 1999/00"),
    ],
    ids=[
        "31-march-ends-the-year",
        "1-april-starts-q1",
        "30-june-ends-q1",
        "1-july-starts-q2",
        "31-december-ends-q3",
        "1-january-starts-q4-of-the-year-before",
        "29-february",
        "a-century-turns-in-q3",
    ],
)
def test_quarters_of_the_financial_year(day, starts_on, ends_on, label):
    quarter = quarter_containing(day)
    assert (quarter.starts_on, quarter.ends_on, quarter.label) == (starts_on, ends_on, label)


def test_red_and_amber_latest_reports_are_exceptions_and_green_is_not(world):
    today = D(2014, 5, 15)
    for title, rag in (("Red one", "red"), ("Amber one", "amber"), ("Green one", "green")):
        initiative = InitiativeFactory(partnership=world.partnership, title=title, live=True)
        StatusReportFactory(initiative=initiative, period_end=D(2014, 4, 30), rag=rag)
    assert kinds(world.partnership, today) == [("Red one", Kind.RED), ("Amber one", Kind.AMBER)]


def test_only_the_latest_report_counts(world):
    recovered = InitiativeFactory(partnership=world.partnership, title="Recovered", live=True)
    StatusReportFactory(initiative=recovered, period_end=D(2014, 3, 31), red=True)
    StatusReportFactory(initiative=recovered, period_end=D(2014, 4, 30), rag="green")
    slipped = InitiativeFactory(partnership=world.partnership, title="Slipped", live=True)
    StatusReportFactory(initiative=slipped, period_end=D(2014, 3, 31), rag="green")
    StatusReportFactory(initiative=slipped, period_end=D(2014, 4, 30), amber=True)
    assert kinds(world.partnership, D(2014, 5, 15)) == [("Slipped", Kind.AMBER)]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2014, 4, 30), []),
        (D(2014, 5, 1), ["Interim review was due on 30 April 2014"]),
        (
            D(2014, 11, 1),
            [
                "End-of-pilot decision was due on 31 October 2014",
                "Interim review was due on 30 April 2014",
            ],
        ),
    ],
    ids=["due-today-is-not-overdue", "the-day-after-it-is", "both-overdue"],
)
def test_overdue_pilot_reviews_are_exceptions(world, today, expected):
    pilot = InitiativeFactory(partnership=world.partnership, title="EH pilot", pilot=True)
    StatusReportFactory(initiative=pilot, period_end=quarter_containing(today).starts_on)
    found = [
        e.detail for e in exceptions(world.partnership, today) if e.kind == Kind.OVERDUE_REVIEW
    ]
    assert found == expected


def test_a_review_held_is_not_overdue(world):
    pilot = InitiativeFactory(partnership=world.partnership, pilot=True)
    pilot.pilot.reviews.filter(kind=ReviewKind.INTERIM).update(held_on=D(2014, 5, 12))
    today = D(2014, 6, 1)
    StatusReportFactory(initiative=pilot, period_end=D(2014, 5, 31))
    assert kinds(world.partnership, today) == []


def earlier(initiative, years: int = 3):
    """Move the initiative's lifecycle back: exceptions take its stage as at the day asked
    about (issue 13.5), and the factory's dates (live from 1 November 2014) are later than
    the days these tests ask about."""
    for change in initiative.status_changes.all():
        change.changed_on = change.changed_on.replace(year=change.changed_on.year - years)
        change.save()
    return initiative


@pytest.mark.parametrize(
    ("period_end", "today", "missing"),
    [
        (D(2014, 3, 31), D(2014, 3, 31), False),
        (D(2014, 3, 31), D(2014, 4, 1), True),
        (D(2014, 4, 1), D(2014, 6, 30), False),
        (D(2014, 6, 30), D(2014, 7, 1), True),
        (D(2014, 12, 31), D(2015, 1, 15), True),
        (D(2015, 1, 1), D(2015, 3, 31), False),
    ],
    ids=[
        "report-to-31-march-counts-for-q4",
        "it-does-not-count-once-q1-starts",
        "report-early-in-q1-counts-all-quarter",
        "q2-needs-its-own",
        "q3-report-does-not-cover-q4",
        "report-on-1-january-covers-q4",
    ],
)
def test_live_initiatives_need_a_report_this_quarter(world, period_end, today, missing):
    live = earlier(
        InitiativeFactory(partnership=world.partnership, title="Contact centre", live=True)
    )
    StatusReportFactory(initiative=live, period_end=period_end)
    assert (kinds(world.partnership, today) == [("Contact centre", Kind.NO_REPORT)]) is missing


@pytest.mark.parametrize(
    ("trait", "listed"),
    [
        ("idea", False),
        ("business_case", False),
        ("approved", False),
        ("pilot", True),
        ("live", True),
        ("review", False),
        ("closed", False),
        ("dropped", False),
    ],
    ids=lambda v: str(v),
)
def test_only_pilots_and_live_initiatives_need_a_report(world, trait, listed):
    earlier(
        InitiativeFactory(
            partnership=world.partnership, **({} if trait == "idea" else {trait: True})
        ),
        years=2,
    )
    today = D(2014, 4, 15)  # before any pilot review falls due
    found = [e.kind for e in exceptions(world.partnership, today)]
    assert (Kind.NO_REPORT in found) is listed


def test_finished_initiatives_are_never_exceptions(world):
    for trait in ("closed", "dropped"):
        initiative = InitiativeFactory(partnership=world.partnership, **{trait: True})
        StatusReportFactory(initiative=initiative, period_end=D(2015, 12, 31), red=True)
    assert exceptions(world.partnership, D(2016, 6, 1)) == []


def test_exceptions_are_listed_most_serious_first(world):
    quiet = earlier(
        InitiativeFactory(partnership=world.partnership, title="A quiet one", live=True)
    )
    StatusReportFactory(initiative=quiet, period_end=D(2014, 3, 31))
    red = earlier(InitiativeFactory(partnership=world.partnership, title="Z red one", live=True))
    StatusReportFactory(initiative=red, period_end=D(2014, 4, 30), red=True)
    found = kinds(world.partnership, D(2014, 5, 1))
    assert found == [("Z red one", Kind.RED), ("A quiet one", Kind.NO_REPORT)]


def test_a_past_day_takes_the_stage_the_initiative_had_then(world):
    """Live from 1 November 2014: before that it was approved and needed no report."""
    InitiativeFactory(partnership=world.partnership, title="Contact centre", live=True)
    assert kinds(world.partnership, D(2014, 10, 15)) == []
    assert kinds(world.partnership, D(2014, 11, 15)) == [("Contact centre", Kind.NO_REPORT)]


def test_a_report_for_a_later_period_does_not_count_for_an_earlier_day(world):
    live = earlier(
        InitiativeFactory(partnership=world.partnership, title="Contact centre", live=True)
    )
    StatusReportFactory(initiative=live, period_end=D(2014, 3, 31), amber=True)
    StatusReportFactory(initiative=live, period_end=D(2014, 6, 30), red=True)
    assert kinds(world.partnership, D(2014, 4, 10)) == [
        ("Contact centre", Kind.AMBER),
        ("Contact centre", Kind.NO_REPORT),
    ]


def test_another_partnerships_initiatives_are_not_listed(world):
    InitiativeFactory(partnership=world.hidden, live=True, participants=[world.mid])
    assert exceptions(world.partnership, D(2014, 5, 1)) == []
