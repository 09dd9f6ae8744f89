"""The coverage rules: visited, planned only, not planned, and overdue planned visits."""

import datetime

import pytest

from joinedup.agreements.tests.factories import PartnershipFactory, PartyFactory
from joinedup.engagement.coverage import NOT_A_PARTY, NOT_PLANNED, PLANNED, VISITED, coverage
from joinedup.organisations.tests.factories import OrganisationFactory

from .factories import ContactProgrammeFactory, VisitFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def essex():
    county = OrganisationFactory(code="E10000012", name="Essex County Council", kind="county")
    braintree = OrganisationFactory(code="E07000067", name="Braintree District Council")
    brentwood = OrganisationFactory(code="E07000068", name="Brentwood Borough Council")
    partnership = PartnershipFactory(name="Working Better Together", slug="wbt")
    for council in (county, braintree, brentwood):
        PartyFactory(partnership=partnership, organisation=council)
    programme = ContactProgrammeFactory(partnership=partnership, covered=[braintree, brentwood])
    return programme, county, braintree, brentwood


def _status(result, council):
    return next(row for row in result.councils if row.council == council).status


def test_a_held_visit_in_the_year_counts_and_the_rest_are_planned_or_not(essex):
    programme, county, braintree, brentwood = essex
    VisitFactory(programme=programme, visiting=county, visited=braintree, held=True)
    result = coverage(programme, D(2026, 12, 1))
    assert _status(result, braintree) == VISITED
    assert _status(result, brentwood) == NOT_PLANNED
    assert result.summary == "1 of 2 councils not yet visited"
    assert [row.council for row in result.not_visited] == [brentwood]


@pytest.mark.parametrize(
    "held_on, counts",
    [
        (D(2026, 3, 31), False),  # the last day of 2025/26
        (D(2026, 4, 1), True),  # the first day of 2026/27
        (D(2027, 3, 31), True),  # its last day
        (D(2027, 4, 1), False),  # the first day of 2027/28
    ],
)
def test_only_a_visit_held_inside_the_year_counts(essex, held_on, counts):
    programme, county, braintree, _ = essex
    VisitFactory(
        programme=programme, visiting=county, visited=braintree, held=True, held_on=held_on
    )
    status = _status(coverage(programme, D(2027, 4, 2)), braintree)
    assert status == (VISITED if counts else NOT_PLANNED)


def test_a_cancelled_visit_does_not_count_even_as_planned(essex):
    programme, county, braintree, _ = essex
    VisitFactory(programme=programme, visiting=county, visited=braintree, cancelled=True)
    result = coverage(programme, D(2026, 5, 1))
    assert _status(result, braintree) == NOT_PLANNED
    assert result.overdue == []


def test_a_planned_visit_is_overdue_once_its_date_has_passed_without_being_held(essex):
    programme, county, braintree, brentwood = essex
    visit = VisitFactory(
        programme=programme, visiting=county, visited=brentwood, planned_on=D(2026, 10, 20)
    )
    assert _status(coverage(programme, D(2026, 10, 20)), brentwood) == PLANNED
    assert coverage(programme, D(2026, 10, 20)).overdue == []
    later = coverage(programme, D(2026, 10, 21))
    assert _status(later, brentwood) == PLANNED
    assert later.overdue == [visit]
    # Once recorded as held it is no longer overdue, and the council is visited.
    visit.status, visit.held_on = "held", D(2026, 10, 20)
    visit.save()
    done = coverage(programme, D(2026, 10, 21))
    assert done.overdue == [] and _status(done, brentwood) == VISITED


def test_a_visit_to_the_visiting_council_or_an_uncovered_one_does_not_count(essex):
    programme, county, braintree, brentwood = essex
    # Braintree visits the county: the county is not covered, and Braintree is not visited.
    VisitFactory(programme=programme, visiting=braintree, visited=county, held=True)
    result = coverage(programme, D(2026, 12, 1))
    assert {row.council for row in result.councils} == {braintree, brentwood}
    assert result.summary == "2 of 2 councils not yet visited"


def test_one_council_visited_of_one(essex):
    programme, county, braintree, _ = essex
    programme.covered.set([braintree])
    VisitFactory(programme=programme, visiting=county, visited=braintree, held=True)
    assert coverage(programme, D(2026, 12, 1)).summary == "0 of 1 council not yet visited"


def test_a_council_that_has_left_is_not_counted_as_still_to_visit(essex):
    """Issue 13 §1: coverage is as at the day it concerns. Brentwood leaves on 1 January
    2027: before that it is still to visit; from then it is not a party, not a gap."""
    programme, county, braintree, brentwood = essex
    VisitFactory(programme=programme, visiting=county, visited=braintree, held=True)
    party = programme.partnership.parties.get(organisation=brentwood)
    party.left_on = D(2027, 1, 1)
    party.save()

    december = coverage(programme, D(2026, 12, 31))
    assert _status(december, brentwood) == NOT_PLANNED
    assert december.summary == "1 of 2 councils not yet visited"
    january = coverage(programme, D(2027, 1, 2))
    assert _status(january, brentwood) == NOT_A_PARTY
    assert january.not_visited == []
    assert january.summary == "0 of 1 council not yet visited"


def test_leaving_later_does_not_change_the_coverage_of_an_earlier_year(essex):
    programme, county, braintree, brentwood = essex
    before = coverage(programme, D(2027, 6, 1))
    party = programme.partnership.parties.get(organisation=brentwood)
    party.left_on = D(2027, 5, 1)  # after the programme's year ended on 31 March 2027
    party.save()
    programme.partnership.refresh_from_db()
    after = coverage(type(programme).objects.get(pk=programme.pk), D(2027, 6, 1))
    assert [(r.council, r.status) for r in after.councils] == [
        (r.council, r.status) for r in before.councils
    ]
    assert after.summary == before.summary == "2 of 2 councils not yet visited"


def test_a_visit_is_planned_only_between_councils_that_are_parties_on_its_day(essex):
    from django.core.exceptions import ValidationError

    from joinedup.engagement import actions
    from joinedup.organisations.tests.factories import PersonFactory, UserFactory

    programme, county, braintree, brentwood = essex
    manager = UserFactory(username="wbt.manager", organisation=county)
    programme.partnership.managers.add(manager)
    party = programme.partnership.parties.get(organisation=brentwood)
    party.left_on = D(2026, 11, 1)
    party.save()
    visit = {
        "by": manager,
        "visiting": county,
        "visited": brentwood,
        "visitors": [PersonFactory(organisation=county)],
        "purpose": "Annual visit",
    }
    with pytest.raises(ValidationError) as error:
        actions.plan_visit(programme, planned_on=D(2026, 11, 2), **visit)
    assert error.value.message_dict["visited"] == [
        "Brentwood Borough Council is not a party to Working Better Together on 2 November 2026"
    ]
    assert actions.plan_visit(programme, planned_on=D(2026, 10, 30), **visit).pk
