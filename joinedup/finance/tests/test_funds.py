import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.finance import actions
from joinedup.finance.models import Commitment

from .factories import CommitmentFactory, ContributionFactory, JointFundFactory

D = datetime.date


@pytest.fixture
def fund(world):
    """002 §3.1: £100k earmarked by each council."""
    fund = JointFundFactory(partnership=world.partnership)
    for council, officer in ((world.east, world.east_officer), (world.mid, world.mid_officer)):
        actions.record_contribution(
            fund,
            by=officer,
            organisation=council,
            amount_pence=100_000_00,
            contributed_on=D(2014, 6, 11),
        )
    return fund


def test_the_balance_is_contributions_less_commitments(world, fund):
    assert fund.contributed_pence == 200_000_00
    CommitmentFactory(fund=fund, amount_pence=40_000_00)
    CommitmentFactory(fund=fund, amount_pence=25_000_01)
    assert fund.committed_pence == 65_000_01
    assert fund.balance_pence == 134_999_99
    assert fund.uncommitted_pence_now() == 134_999_99


def test_a_contribution_takes_its_financial_year_from_its_date_unless_told(world, fund):
    contributions = list(fund.contributions.all())
    assert [c.financial_year_label for c in contributions] == ["2014/15", "2014/15"]
    earmarked = actions.record_contribution(
        fund,
        by=world.east_officer,
        organisation=world.east,
        amount_pence=1,
        contributed_on=D(2015, 3, 31),
        financial_year=2015,
    )
    assert earmarked.financial_year_label == "2015/16"
    march = actions.record_contribution(
        fund,
        by=world.east_officer,
        organisation=world.east,
        amount_pence=1,
        contributed_on=D(2015, 3, 31),
    )
    assert march.financial_year_label == "2014/15"


def test_spending_up_to_the_last_penny_is_allowed(world, fund):
    actions.commit(
        fund,
        by=world.east_officer,
        description="Everything",
        amount_pence=200_000_00,
        committed_on=D(2014, 7, 1),
    )
    assert fund.uncommitted_pence_now() == 0


def test_a_commitment_over_the_uncommitted_balance_is_refused_naming_the_amount(world, fund):
    actions.commit(
        fund,
        by=world.jpm,
        description="Programme management",
        amount_pence=150_000_00,
        committed_on=D(2014, 7, 1),
    )
    with pytest.raises(ValidationError) as error:
        actions.commit(
            fund,
            by=world.jpm,
            description="Advice",
            amount_pence=50_000_01,
            committed_on=D(2014, 8, 1),
        )
    assert error.value.message_dict == {
        "amount_pence": [
            "£50,000.01 is more than the £50,000.00 left uncommitted in Co-operation fund"
        ]
    }
    assert Commitment.objects.filter(fund=fund).count() == 1


@pytest.mark.parametrize("amount", [0, -100], ids=["nothing", "negative"])
def test_a_commitment_or_contribution_of_nothing_is_refused(world, fund, amount):
    with pytest.raises(ValidationError) as error:
        actions.commit(
            fund, by=world.jpm, description="x", amount_pence=amount, committed_on=D(2014, 7, 1)
        )
    assert "amount_pence" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.record_contribution(
            fund,
            by=world.east_officer,
            organisation=world.east,
            amount_pence=amount,
            contributed_on=D(2014, 7, 1),
        )
    assert "amount_pence" in error.value.message_dict


def test_only_a_party_contributes(world, fund):
    with pytest.raises(ValidationError) as error:
        actions.record_contribution(
            fund,
            by=world.jpm,
            organisation=world.essex,
            amount_pence=1,
            contributed_on=D(2014, 7, 1),
        )
    assert error.value.message_dict["organisation"] == [
        "Essex County Council is not a party to East Lothian and Midlothian"
    ]


@pytest.mark.parametrize("who", ["essex_officer", "mid_member", "public"])
def test_outsiders_change_no_fund(world, fund, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        actions.commit(fund, by=user, description="x", amount_pence=1, committed_on=D(2014, 7, 1))
    with pytest.raises(PermissionDenied):
        actions.create_fund(world.partnership, by=user, name="Another fund")
    with pytest.raises(PermissionDenied):
        actions.record_contribution(
            fund, by=user, organisation=world.east, amount_pence=1, contributed_on=D(2014, 7, 1)
        )


def test_a_commitment_for_another_partnerships_initiative_is_refused(money, fund):
    with pytest.raises(ValidationError) as error:
        actions.commit(
            fund,
            by=money.jpm,
            description="x",
            amount_pence=1,
            committed_on=D(2014, 7, 1),
            initiative=money.hidden_initiative,
        )
    assert "initiative" in error.value.message_dict


def test_contributions_and_commitments_are_read_with_their_partnership(world, fund):
    from joinedup.finance.models import Contribution

    CommitmentFactory(fund=fund)
    hidden = JointFundFactory(partnership=world.hidden, name="Hidden fund")
    ContributionFactory(fund=hidden, organisation=world.mid)
    assert not Contribution.objects.visible_to(world.public).filter(fund=hidden).exists()
    assert Contribution.objects.visible_to(world.public).filter(fund=fund).count() == 2
    assert Contribution.objects.visible_to(world.mid_officer).filter(fund=hidden).exists()
