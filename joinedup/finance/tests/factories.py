import datetime
from decimal import Decimal

import factory

from joinedup.agreements.tests.factories import PartnershipFactory
from joinedup.finance.apportionment import Basis
from joinedup.finance.models import (
    Commitment,
    Contribution,
    CostPool,
    CostPoolMeasure,
    JointFund,
    Recharge,
    RechargeAgreement,
    SavingKind,
    SavingsActual,
    SavingsTarget,
)
from joinedup.organisations.tests.factories import OrganisationFactory
from joinedup.programme.models import ArrangementType, Initiative, ServiceArea


class InitiativeFactory(factory.django.DjangoModelFactory):
    """An initiative for finance's tests; `participants=[...]` names the councils in it."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Initiative {n}")
    service_area = ServiceArea.TRADING_STANDARDS
    arrangement_type = ArrangementType.SHARED_MANAGEMENT

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class CostPoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostPool
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    financial_year = 2014
    description = "Shared manager's salary"
    total_pence = 10_000_00
    basis = Basis.EQUAL

    @factory.post_generation
    def councils(self, create, extracted, **kwargs):
        """`councils={organisation: value or None}` adds the councils sharing the pool."""
        if create and extracted:
            for organisation, value in extracted.items():
                CostPoolMeasure.objects.create(pool=self, organisation=organisation, value=value)


class RechargeAgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RechargeAgreement

    partnership = factory.SubFactory(PartnershipFactory)
    provider = factory.SubFactory(OrganisationFactory)
    recipient = factory.SubFactory(OrganisationFactory)
    description = "Health and safety cover"
    hourly_rate_pence = 21_50
    on_cost_percent = Decimal("38.2")
    starts_on = datetime.date(2004, 10, 1)


class RechargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recharge

    agreement = factory.SubFactory(RechargeAgreementFactory)
    period_start = datetime.date(2004, 10, 1)
    period_end = datetime.date(2004, 12, 31)
    hours = Decimal("10")
    hourly_rate_pence = factory.LazyAttribute(lambda o: o.agreement.hourly_rate_pence)
    on_cost_percent = factory.LazyAttribute(lambda o: o.agreement.on_cost_percent)
    fixed_charge_pence = None

    class Params:
        fixed = factory.Trait(
            hours=None, hourly_rate_pence=None, on_cost_percent=None, fixed_charge_pence=500_00
        )


class JointFundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointFund

    partnership = factory.SubFactory(PartnershipFactory)
    name = "Co-operation fund"


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    fund = factory.SubFactory(JointFundFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    amount_pence = 100_000_00
    contributed_on = datetime.date(2014, 6, 11)
    financial_year = 2014


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    fund = factory.SubFactory(JointFundFactory)
    description = "Programme management"
    amount_pence = 10_000_00
    committed_on = datetime.date(2014, 7, 1)


class SavingsTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavingsTarget

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    financial_year = 2014
    kind = SavingKind.CASHABLE
    amount_pence = 50_000_00
    baseline_pence = 400_000_00
    baseline_year = 2013


class SavingsActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavingsActual

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    financial_year = 2014
    kind = SavingKind.CASHABLE
    amount_pence = 40_000_00


def money_records(world) -> dict:
    """One of each audited finance record in `world`'s unpublished partnership, made once.

    For the project's access tests: `HIDDEN_RECORDS.update(HIDDEN_MONEY_RECORDS)`.
    """
    if not hasattr(world, "hidden_money_records"):
        initiative = InitiativeFactory(
            partnership=world.hidden, title="Hidden initiative", participants=[world.mid]
        )
        pool = CostPoolFactory(initiative=initiative, councils={world.mid: None})
        agreement = RechargeAgreementFactory(
            partnership=world.hidden, provider=world.mid, recipient=world.east
        )
        fund = JointFundFactory(partnership=world.hidden, name="Hidden fund")
        world.hidden_money_records = {
            "finance.costpool": pool,
            "finance.costpoolmeasure": pool.measures.get(),
            "finance.rechargeagreement": agreement,
            "finance.recharge": RechargeFactory(agreement=agreement),
            "finance.jointfund": fund,
            "finance.contribution": ContributionFactory(fund=fund, organisation=world.mid),
            "finance.commitment": CommitmentFactory(fund=fund),
            "finance.savingstarget": SavingsTargetFactory(
                initiative=initiative, organisation=world.mid
            ),
            "finance.savingsactual": SavingsActualFactory(
                initiative=initiative, organisation=world.mid
            ),
        }
    return world.hidden_money_records


HIDDEN_MONEY_RECORDS = {
    label: (lambda w, label=label: money_records(w)[label])
    for label in (
        "finance.costpool",
        "finance.costpoolmeasure",
        "finance.rechargeagreement",
        "finance.recharge",
        "finance.jointfund",
        "finance.contribution",
        "finance.commitment",
        "finance.savingstarget",
        "finance.savingsactual",
    )
}
