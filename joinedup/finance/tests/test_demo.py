import datetime

import pytest

from joinedup.agreements import demo as agreements_demo
from joinedup.agreements.models import Partnership
from joinedup.finance import demo, savings
from joinedup.finance.models import CostPool, JointFund, SavingsActual, SavingsTarget
from joinedup.finance.recharges import statement
from joinedup.organisations import demo as organisations_demo
from joinedup.organisations.models import Organisation
from joinedup.programme.models import ServiceArea

from .factories import InitiativeFactory

D = datetime.date


@pytest.fixture
def demo_users(db):
    users = organisations_demo.load()
    agreements_demo.load(users)
    return users


def test_the_demo_loads_the_joint_fund_and_the_reciprocal_cover(demo_users):
    demo.load(demo_users)
    fund = JointFund.objects.get(partnership__slug=demo.BN)
    assert fund.contributed_pence == 200_000_00, "002: £100k earmarked by each council"
    assert 0 < fund.balance_pence < fund.contributed_pence
    gedling = Organisation.objects.get(code="E07000173")
    rushcliffe = Organisation.objects.get(code="E07000176")
    partnership = Partnership.objects.get(slug=demo.GR)
    year = statement(partnership, gedling, rushcliffe, D(2004, 4, 1), D(2005, 3, 31))
    assert year.a_provided and year.b_provided, "004: cover both ways"
    assert year.net_pence == abs(year.a_provided_pence - year.b_provided_pence) > 0


def test_without_the_programme_demo_the_savings_are_left_out_and_said_so(demo_users):
    notes = demo.load(demo_users)
    assert not SavingsTarget.objects.exists()
    assert "no savings" in notes[0]


def test_with_the_programme_demo_three_years_of_savings_targets_are_loaded(demo_users):
    elm = Partnership.objects.get(slug=demo.ELM)
    east = Organisation.objects.get(code="S12000010")
    mid = Organisation.objects.get(code="S12000019")
    for area, lead in (
        (ServiceArea.TRADING_STANDARDS, east),
        (ServiceArea.ENVIRONMENTAL_HEALTH, mid),
    ):
        InitiativeFactory(partnership=elm, service_area=area, lead=lead, participants=[east, mid])
    assert demo.load(demo_users) == []
    targets = SavingsTarget.objects.all()
    assert savings.target_years_missing(targets, {t.initiative for t in targets}) == {}
    summary = savings.summarise(targets, SavingsActual.objects.all())
    assert [y.label for y in summary.years] == ["2014/15", "2015/16", "2016/17"]
    assert set(summary.by_council) == {east, mid}
    for pool in CostPool.objects.all():
        result = pool.apportionment()
        assert not result.error and result.total_pence == pool.total_pence
