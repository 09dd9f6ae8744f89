import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.agreements import actions
from joinedup.agreements.models import WithdrawalTiming
from joinedup.agreements.tests.factories import AgreementVersionFactory

D = datetime.date


@pytest.mark.parametrize(
    ("months", "served_on", "ends_on"),
    [
        (2, D(2026, 3, 15), D(2026, 5, 15)),
        (2, D(2025, 12, 31), D(2026, 2, 28)),
        (2, D(2027, 12, 31), D(2028, 2, 29)),
        (1, D(2026, 1, 31), D(2026, 2, 28)),
        (2, D(2026, 8, 31), D(2026, 10, 31)),
        (6, D(2026, 8, 31), D(2027, 2, 28)),
        (12, D(2028, 2, 29), D(2029, 2, 28)),
        (0, D(2026, 6, 1), D(2026, 6, 1)),
    ],
    ids=[
        "two-months-mid-month",
        "31-december-to-end-of-february",
        "31-december-to-29-february-in-a-leap-year",
        "31-january-one-month",
        "31-august-to-31-october",
        "six-months-from-31-august",
        "a-year-from-29-february",
        "no-notice-period",
    ],
)
def test_participation_ends_when_the_notice_period_has_run(db, months, served_on, ends_on):
    version = AgreementVersionFactory(notice_period_months=months)
    assert version.withdrawal_effective_on(served_on) == ends_on


@pytest.mark.parametrize(
    ("served_on", "ends_on"),
    [
        (D(2026, 11, 22), D(2027, 3, 31)),
        (D(2026, 1, 31), D(2026, 3, 31)),
        (D(2026, 2, 1), D(2027, 3, 31)),
    ],
    ids=["notice-ends-in-the-year", "notice-ends-on-31-march-itself", "notice-runs-past-31-march"],
)
def test_withdrawal_at_the_end_of_the_financial_year(db, served_on, ends_on):
    version = AgreementVersionFactory(
        notice_period_months=2, withdrawal_timing=WithdrawalTiming.END_OF_FINANCIAL_YEAR
    )
    assert version.withdrawal_effective_on(served_on) == ends_on


def test_serving_notice_records_the_end_of_participation(world):
    """003 §8: terminated by one party on two months' notice."""
    party = world.partnership.parties.get(organisation=world.mid)

    actions.serve_withdrawal_notice(
        party, by=world.mid_officer, agreement=world.agreement, served_on=D(2025, 12, 31)
    )

    party.refresh_from_db()
    assert party.notice_served_on == D(2025, 12, 31)
    assert party.left_on == D(2026, 2, 28)
    assert party.leaving_route == "withdrawal"
    assert party.is_current(D(2026, 2, 27))
    assert not party.is_current(D(2026, 2, 28))


def test_another_council_cannot_serve_notice_for_a_party(world):
    party = world.partnership.parties.get(organisation=world.mid)
    for user in (world.east_officer, world.essex_officer, world.mid_member, world.public):
        with pytest.raises(PermissionDenied):
            actions.serve_withdrawal_notice(
                party, by=user, agreement=world.agreement, served_on=D(2026, 1, 1)
            )
    party.refresh_from_db()
    assert party.left_on is None


def test_the_partnership_manager_can_record_a_partys_notice(world):
    party = world.partnership.parties.get(organisation=world.east)
    actions.serve_withdrawal_notice(
        party, by=world.jpm, agreement=world.agreement, served_on=D(2026, 3, 1)
    )
    party.refresh_from_db()
    assert party.left_on == D(2026, 5, 1)


def test_notice_cannot_be_served_twice(world):
    party = world.partnership.parties.get(organisation=world.mid)
    actions.serve_withdrawal_notice(
        party, by=world.mid_officer, agreement=world.agreement, served_on=D(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="already leaves on 1 March 2026"):
        actions.serve_withdrawal_notice(
            party, by=world.mid_officer, agreement=world.agreement, served_on=D(2026, 1, 5)
        )


def test_notice_cannot_be_served_before_the_party_joined(world):
    party = world.partnership.parties.get(organisation=world.mid)
    with pytest.raises(ValidationError) as error:
        actions.serve_withdrawal_notice(
            party, by=world.mid_officer, agreement=world.agreement, served_on=D(2010, 1, 1)
        )
    assert "served_on" in error.value.message_dict


def test_termination_of_the_governing_agreement_ends_every_partys_participation(world):
    """Changed: only the governing agreement's termination ends the partnership."""
    world.agreement.is_governing = True
    world.agreement.save()
    party = world.partnership.parties.get(organisation=world.mid)
    actions.serve_withdrawal_notice(
        party, by=world.mid_officer, agreement=world.agreement, served_on=D(2026, 1, 1)
    )

    actions.terminate_by_agreement(world.agreement, by=world.east_officer, on=D(2026, 4, 1))

    ends = dict(world.partnership.parties.values_list("organisation__code", "left_on"))
    assert ends == {"S12000010": D(2026, 4, 1), "S12000019": D(2026, 3, 1)}
    world.agreement.refresh_from_db()
    assert world.agreement.terminated_on == D(2026, 4, 1)
