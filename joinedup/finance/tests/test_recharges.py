import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from joinedup.finance import actions
from joinedup.finance.recharges import statement, statements_for, time_charge_pence

from .factories import RechargeAgreementFactory, RechargeFactory

D = datetime.date


@pytest.mark.parametrize(
    ("hours", "rate", "on_costs", "pence"),
    [
        ("7.5", 2345, "38.2", 24306),  # 7.5 × 2345 × 1.382 = 24305.925
        ("1", 1000, "0", 1000),
        ("0.5", 1, "0", 1),  # half a penny rounds up
        ("0.5", 3, "0", 2),  # 1.5p rounds up, not to even
        ("2.5", 1, "0", 3),  # 2.5p rounds up, not to even
        ("10", 2150, "38.2", 29713),  # 10 × 2150 × 1.382 = 29713 exactly
        ("37", 1999, "24.4", 92010),  # 37 × 1999 × 1.244 = 92010.028
        ("0.25", 1234, "13.8", 351),  # 0.25 × 1234 × 1.138 = 351.073
        ("0", 2150, "38.2", 0),
    ],
)
def test_a_charge_for_time_is_exact_to_the_penny_rounded_half_up(hours, rate, on_costs, pence):
    assert (
        time_charge_pence(
            hours=Decimal(hours), hourly_rate_pence=rate, on_cost_percent=Decimal(on_costs)
        )
        == pence
    )


def test_a_recharge_for_time_shows_its_amount_and_how_it_was_reached(db):
    recharge = RechargeFactory(
        hours=Decimal("7.50"), hourly_rate_pence=2345, on_cost_percent=Decimal("38.20")
    )
    assert recharge.amount_pence == 24306
    assert recharge.calculation == "7.5 hours at £23.45 an hour plus 38.2% on-costs"


def test_a_fixed_charge_is_charged_as_it_is(db):
    recharge = RechargeFactory(fixed=True)
    assert recharge.amount_pence == 500_00
    assert recharge.calculation == "Fixed charge"


def test_the_database_refuses_a_recharge_for_both_time_and_a_fixed_sum(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        RechargeFactory(fixed_charge_pence=100)


def test_the_database_refuses_a_council_recharging_itself(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        RechargeAgreementFactory(
            partnership=world.partnership, provider=world.east, recipient=world.east
        )


@pytest.fixture
def cover(world):
    """004: reciprocal health and safety cover, each way, at each council's own rate."""
    east_covers_mid = RechargeAgreementFactory(
        partnership=world.partnership,
        provider=world.east,
        recipient=world.mid,
        hourly_rate_pence=2150,
        on_cost_percent=Decimal("38.2"),
    )
    mid_covers_east = RechargeAgreementFactory(
        partnership=world.partnership,
        provider=world.mid,
        recipient=world.east,
        hourly_rate_pence=2075,
        on_cost_percent=Decimal("36.5"),
    )
    return east_covers_mid, mid_covers_east


def _line(agreement, hours, start, end):
    return RechargeFactory(
        agreement=agreement,
        hours=Decimal(hours),
        hourly_rate_pence=agreement.hourly_rate_pence,
        on_cost_percent=agreement.on_cost_percent,
        period_start=start,
        period_end=end,
    )


def test_a_statement_nets_the_recharges_each_way(world, cover):
    east_covers_mid, mid_covers_east = cover
    _line(east_covers_mid, "10", D(2004, 10, 1), D(2004, 12, 31))  # 29713
    _line(
        east_covers_mid, "7.5", D(2005, 1, 1), D(2005, 3, 31)
    )  # 7.5×2150×1.382 = 22284.75 → 22285
    _line(mid_covers_east, "12", D(2004, 10, 1), D(2004, 12, 31))  # 12×2075×1.365 = 33988.5 → 33989
    result = statement(world.partnership, world.east, world.mid, D(2004, 4, 1), D(2005, 3, 31))
    assert result.a_provided_pence == 29713 + 22285
    assert result.b_provided_pence == 33989
    assert result.net_pence == 29713 + 22285 - 33989 == 18009
    assert (result.payer, result.payee) == (world.mid, world.east)
    assert result.summary == "Midlothian Council pays East Lothian Council £180.09"
    turned = statement(world.partnership, world.mid, world.east, D(2004, 4, 1), D(2005, 3, 31))
    assert (turned.payer, turned.net_pence) == (world.mid, 18009), "the order of the pair is moot"


def test_equal_recharges_each_way_cancel_out(world, cover):
    east_covers_mid, mid_covers_east = cover
    RechargeFactory(agreement=east_covers_mid, fixed=True, fixed_charge_pence=123_45)
    RechargeFactory(agreement=mid_covers_east, fixed=True, fixed_charge_pence=123_45)
    result = statement(world.partnership, world.east, world.mid, D(2004, 4, 1), D(2005, 3, 31))
    assert result.net_pence == 0 and result.payer is None
    assert result.summary == "Nothing to pay: the recharges each way are equal"


def test_a_recharge_falls_in_the_statement_for_the_period_in_which_it_ends(world, cover):
    east_covers_mid, _ = cover
    _line(east_covers_mid, "1", D(2005, 3, 1), D(2005, 3, 31))
    _line(east_covers_mid, "2", D(2005, 3, 15), D(2005, 4, 1))
    first = statement(world.partnership, world.east, world.mid, D(2004, 4, 1), D(2005, 3, 31))
    second = statement(world.partnership, world.east, world.mid, D(2005, 4, 1), D(2006, 3, 31))
    assert [r.hours for r in first.a_provided] == [Decimal("1")]
    assert [r.hours for r in second.a_provided] == [Decimal("2")]


def test_a_statement_leaves_out_other_councils_and_partnerships(world, cover):
    east_covers_mid, _ = cover
    _line(east_covers_mid, "1", D(2004, 10, 1), D(2004, 10, 31))
    elsewhere = RechargeAgreementFactory(provider=world.east, recipient=world.mid)
    _line(elsewhere, "100", D(2004, 10, 1), D(2004, 10, 31))
    essex = RechargeAgreementFactory(
        partnership=world.partnership, provider=world.essex, recipient=world.mid
    )
    _line(essex, "100", D(2004, 10, 1), D(2004, 10, 31))
    result = statement(world.partnership, world.east, world.mid, D(2004, 4, 1), D(2005, 3, 31))
    assert len(result.a_provided) == 1 and not result.b_provided


def test_statements_for_a_partnership_cover_each_pair_once(world, cover):
    east_covers_mid, mid_covers_east = cover
    _line(east_covers_mid, "1", D(2004, 10, 1), D(2004, 10, 31))
    _line(mid_covers_east, "1", D(2004, 10, 1), D(2004, 10, 31))
    statements = statements_for(world.partnership, D(2004, 4, 1), D(2005, 3, 31))
    assert len(statements) == 1
    assert {statements[0].organisation_a, statements[0].organisation_b} == {world.east, world.mid}


def test_recording_a_recharge_takes_the_agreements_rate_and_on_costs(world, cover):
    east_covers_mid, _ = cover
    recharge = actions.record_recharge(
        east_covers_mid,
        by=world.east_officer,
        period_start=D(2004, 10, 1),
        period_end=D(2004, 12, 31),
        hours=Decimal("10"),
    )
    assert (recharge.hourly_rate_pence, recharge.on_cost_percent) == (2150, Decimal("38.2"))
    assert recharge.amount_pence == 29713
    east_covers_mid.hourly_rate_pence = 9999
    east_covers_mid.save()
    recharge.refresh_from_db()
    assert recharge.amount_pence == 29713, "a later change of rate leaves past charges alone"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("east_officer", True),
        ("mid_officer", True),
        ("jpm", True),
        ("essex_officer", False),
        ("mid_member", False),
        ("public", False),
    ],
)
def test_officers_record_recharges_their_own_council_provides_or_receives(
    world, cover, who, allowed
):
    east_covers_mid, _ = cover
    record = lambda: actions.record_recharge(  # noqa: E731
        east_covers_mid,
        by=getattr(world, who),
        period_start=D(2004, 10, 1),
        period_end=D(2004, 12, 31),
        fixed_charge_pence=100_00,
    )
    if allowed:
        assert record().amount_pence == 100_00
    else:
        with pytest.raises(PermissionDenied):
            record()


def test_an_officer_cannot_record_a_recharge_between_two_other_councils(world):
    from joinedup.agreements.tests.factories import PartyFactory
    from joinedup.organisations.tests.factories import OrganisationFactory

    third = OrganisationFactory(name="Third Council")
    PartyFactory(partnership=world.partnership, organisation=third)
    PartyFactory(partnership=world.partnership, organisation=world.essex)
    with pytest.raises(PermissionDenied):
        actions.create_recharge_agreement(
            world.partnership,
            by=world.east_officer,
            provider=third,
            recipient=world.mid,
            description="Cover",
            starts_on=D(2004, 10, 1),
            hourly_rate_pence=1000,
        )
    agreement = RechargeAgreementFactory(
        partnership=world.partnership, provider=third, recipient=world.mid
    )
    with pytest.raises(PermissionDenied):
        actions.record_recharge(
            agreement,
            by=world.east_officer,
            period_start=D(2004, 10, 1),
            period_end=D(2004, 10, 2),
            fixed_charge_pence=1,
        )


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (
            {"period_start": D(2004, 9, 1), "period_end": D(2004, 9, 30), "hours": Decimal(1)},
            "period_start",
        ),
        (
            {"period_start": D(2004, 11, 1), "period_end": D(2004, 10, 31), "hours": Decimal(1)},
            "period_end",
        ),
        ({"period_start": D(2004, 10, 1), "period_end": D(2004, 10, 31)}, "hours"),
    ],
    ids=[
        "before the agreement started",
        "ends before it starts",
        "neither hours nor a fixed charge",
    ],
)
def test_a_recharge_that_cannot_be_right_is_refused_naming_the_field(
    world, cover, arguments, field
):
    east_covers_mid, _ = cover
    with pytest.raises(ValidationError) as error:
        actions.record_recharge(east_covers_mid, by=world.jpm, **arguments)
    assert field in error.value.message_dict


def test_a_recharge_needs_a_rate_when_the_agreement_sets_none(world):
    agreement = RechargeAgreementFactory(
        partnership=world.partnership,
        provider=world.east,
        recipient=world.mid,
        hourly_rate_pence=None,
    )
    with pytest.raises(ValidationError) as error:
        actions.record_recharge(
            agreement,
            by=world.jpm,
            period_start=D(2004, 10, 1),
            period_end=D(2004, 10, 31),
            hours=Decimal(3),
        )
    assert "hourly_rate_pence" in error.value.message_dict
