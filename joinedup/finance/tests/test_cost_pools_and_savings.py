from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.finance import actions, savings
from joinedup.finance.apportionment import Basis
from joinedup.finance.models import CostPool, SavingKind
from joinedup.organisations.models import Organisation

from .factories import CostPoolFactory, SavingsActualFactory, SavingsTargetFactory


def _pool(money, **arguments):
    defaults = {
        "financial_year": 2014,
        "description": "Shared Trading Standards manager",
        "total_pence": 100_00,
        "basis": Basis.EQUAL,
        "organisations": [money.east, money.mid],
    }
    return actions.create_cost_pool(money.initiative, by=money.jpm, **(defaults | arguments))


@pytest.mark.parametrize(
    ("arguments", "east", "mid"),
    [
        ({"total_pence": 100_01}, 50_01, 50_00),
        ({"basis": Basis.PERCENTAGE, "values": "70/30", "total_pence": 333_33}, 233_33, 100_00),
        ({"basis": Basis.USAGE, "values": "1/2", "usage_unit": "cases", "total_pence": 10}, 3, 7),
        ({"basis": Basis.POPULATION, "total_pence": 1_000_00}, 500_00, 500_00),
    ],
    ids=["equal", "percentages", "usage", "population"],
)
def test_a_cost_pools_shares_sum_exactly_to_its_total(money, arguments, east, mid):
    if "values" in arguments:
        first, second = arguments.pop("values").split("/")
        arguments["values"] = {money.east: Decimal(first), money.mid: Decimal(second)}
    pool = _pool(money, **arguments)
    result = pool.apportionment()
    assert result.shares == {money.east: east, money.mid: mid}
    assert result.total_pence == pool.total_pence


def test_a_population_basis_needs_every_councils_population(money):
    Organisation.objects.filter(pk=money.mid.pk).update(population=None)
    money.mid.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _pool(money, basis=Basis.POPULATION)
    assert "Midlothian Council has no population" in error.value.message_dict["basis"][0]
    assert not CostPool.objects.exists()


def test_a_pool_whose_council_later_loses_its_population_says_so_rather_than_failing(money):
    pool = _pool(money, basis=Basis.POPULATION)
    Organisation.objects.filter(pk=money.mid.pk).update(population=None)
    pool = CostPool.objects.get(pk=pool.pk)
    result = pool.apportionment()
    assert result.shares == {} and "Midlothian Council has no population" in result.error


def test_percentages_that_do_not_make_100_are_refused(money):
    with pytest.raises(ValidationError, match="add up to 90%"):
        _pool(
            money, basis=Basis.PERCENTAGE, values={money.east: Decimal(60), money.mid: Decimal(30)}
        )
    assert not CostPool.objects.exists()


def test_a_council_outside_the_initiative_does_not_share_its_cost(money):
    from joinedup.agreements.tests.factories import PartyFactory

    PartyFactory(partnership=money.partnership, organisation=money.essex)
    with pytest.raises(ValidationError) as error:
        _pool(money, organisations=[money.east, money.essex])
    assert "does not take part" in error.value.message_dict["organisations"][0]


def test_another_councils_officer_cannot_add_a_cost_pool(money):
    with pytest.raises(PermissionDenied):
        actions.create_cost_pool(
            money.initiative,
            by=money.essex_officer,
            financial_year=2014,
            description="x",
            total_pence=1,
            basis=Basis.EQUAL,
            organisations=[money.east],
        )


def test_cost_pools_are_read_with_their_partnership(money):
    CostPoolFactory(initiative=money.hidden_initiative, councils={money.mid: None})
    CostPoolFactory(initiative=money.initiative, councils={money.east: None, money.mid: None})
    assert CostPool.objects.visible_to(money.public).count() == 1
    assert CostPool.objects.visible_to(money.mid_officer).count() == 2


# Savings


def test_savings_add_up_by_year_and_by_council(money):
    for year, east, mid in (
        (2014, 10_000_00, 20_000_00),
        (2015, 15_000_00, 25_000_00),
        (2016, 20_000_00, 30_000_00),
    ):
        SavingsTargetFactory(
            initiative=money.initiative,
            organisation=money.east,
            financial_year=year,
            amount_pence=east,
        )
        SavingsTargetFactory(
            initiative=money.initiative,
            organisation=money.mid,
            financial_year=year,
            amount_pence=mid,
        )
    SavingsActualFactory(
        initiative=money.initiative,
        organisation=money.east,
        financial_year=2014,
        amount_pence=9_000_00,
    )
    SavingsActualFactory(
        initiative=money.initiative,
        organisation=money.east,
        financial_year=2014,
        amount_pence=1_500_50,
    )
    SavingsActualFactory(
        initiative=money.initiative,
        organisation=money.mid,
        financial_year=2014,
        amount_pence=5_000_00,
        kind=SavingKind.NON_CASHABLE,
    )
    summary = savings.summarise(
        money.initiative.savings_targets.all(), money.initiative.savings_actuals.all()
    )
    assert [y.label for y in summary.years] == ["2014/15", "2015/16", "2016/17"]
    first = summary.by_year[summary.years[0]]
    assert (first.target_pence, first.actual_pence) == (30_000_00, 15_500_50)
    assert (first.actual_cashable_pence, first.actual_non_cashable_pence) == (10_500_50, 5_000_00)
    assert first.variance_pence == -14_499_50
    assert first.delivered_percent == Decimal("51.7")
    east = summary.by_council[money.east]
    assert (east.target_pence, east.actual_pence) == (45_000_00, 10_500_50)
    assert summary.total.target_pence == 120_000_00
    assert summary.total.actual_pence == 15_500_50
    assert (
        savings.target_years_missing(money.initiative.savings_targets.all(), [money.initiative])
        == {}
    )


def test_an_initiative_with_targets_for_fewer_than_three_years_is_named(money):
    SavingsTargetFactory(initiative=money.initiative, organisation=money.east, financial_year=2014)
    targets = money.initiative.savings_targets.all()
    assert savings.target_years_missing(targets, [money.initiative]) == {money.initiative: 1}


def test_a_second_target_for_the_same_council_year_and_kind_is_refused(money):
    arguments = {
        "organisation": money.east,
        "financial_year": 2014,
        "kind": SavingKind.CASHABLE,
        "amount_pence": 1_000_00,
        "baseline_pence": 10_000_00,
        "baseline_year": 2013,
    }
    actions.set_savings_target(money.initiative, by=money.east_officer, **arguments)
    with pytest.raises(ValidationError) as error:
        actions.set_savings_target(money.initiative, by=money.east_officer, **arguments)
    assert error.value.message_dict["financial_year"] == [
        "East Lothian Council already has a cashable target for Shared Trading Standards in 2014/15"
    ]
    non_cashable = arguments | {"kind": SavingKind.NON_CASHABLE}
    assert actions.set_savings_target(money.initiative, by=money.east_officer, **non_cashable)


def test_a_baseline_after_the_target_year_is_refused(money):
    with pytest.raises(ValidationError) as error:
        actions.set_savings_target(
            money.initiative,
            by=money.east_officer,
            organisation=money.east,
            financial_year=2014,
            kind=SavingKind.CASHABLE,
            amount_pence=1,
            baseline_pence=1,
            baseline_year=2015,
        )
    assert "baseline_year" in error.value.message_dict


@pytest.mark.parametrize("who", ["essex_officer", "mid_member", "public"])
def test_outsiders_record_no_savings(money, who):
    with pytest.raises(PermissionDenied):
        actions.record_savings_actual(
            money.initiative,
            by=getattr(money, who),
            organisation=money.east,
            financial_year=2014,
            kind=SavingKind.CASHABLE,
            amount_pence=1,
        )


def test_a_saving_delivered_is_kept_for_its_financial_year(money):
    actual = actions.record_savings_actual(
        money.initiative,
        by=money.mid_officer,
        organisation=money.mid,
        financial_year=2013,
        kind=SavingKind.NON_CASHABLE,
        amount_pence=12_345_67,
        note="Shared manager from 1 November 2013",
    )
    assert actual.financial_year_label == "2013/14"
    assert actual.amount_pence == 12_345_67
