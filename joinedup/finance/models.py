"""The money of a partnership: cost pools, recharges, joint funds, savings.

Money is whole pence (BigIntegerField, named *_pence); calculations use Decimal; a financial
year is stored as the calendar year in which it starts (2013 for 2013/14, see years.py).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import F, Q, Sum

from joinedup.agreements.models import Partnership
from joinedup.audit.models import audited
from joinedup.organisations.models import Organisation
from joinedup.programme.ownership import GivenOnBehalf

from . import apportionment
from .apportionment import ApportionmentError, Basis
from .money import format_pence, multiply, round_to_pence
from .years import FinancialYear, financial_year_of

HUNDRED = Decimal(100)

FINANCIAL_YEAR_HELP = "The year in which the financial year starts: 2013 for 2013/14"


class PartnershipMoneyQuerySet(models.QuerySet):
    """Money is read by whoever may read its partnership: the public, if it is published."""

    partnership_path = "partnership"

    def visible_to(self, user):
        partnerships = Partnership.objects.visible_to(user)
        return self.filter(**{f"{self.partnership_path}__in": partnerships.values("pk")})


class InitiativeMoneyQuerySet(PartnershipMoneyQuerySet):
    partnership_path = "initiative__partnership"


class CostPoolMeasureQuerySet(PartnershipMoneyQuerySet):
    partnership_path = "pool__initiative__partnership"


class FundMoneyQuerySet(PartnershipMoneyQuerySet):
    partnership_path = "fund__partnership"


class RechargeQuerySet(PartnershipMoneyQuerySet):
    partnership_path = "agreement__partnership"

    def between(self, organisation_a, organisation_b):
        """Recharges either way between two councils."""
        return self.filter(
            Q(agreement__provider=organisation_a, agreement__recipient=organisation_b)
            | Q(agreement__provider=organisation_b, agreement__recipient=organisation_a)
        )

    def ending_within(self, starts_on, ends_on):
        """A recharge belongs to the statement period in which its own period ends."""
        return self.filter(period_end__gte=starts_on, period_end__lte=ends_on)


# Cost pools ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Apportionment:
    """A cost pool's shares, or why it cannot be shared."""

    shares: dict  # Organisation -> pence, in the pool's order of councils
    error: str = ""

    @property
    def total_pence(self) -> int:
        return sum(self.shares.values())


class CostPool(models.Model):
    """A cost of an initiative in one financial year, shared between councils on a basis.

    DOMAIN rule 19: the apportionment basis is set per cost line.
    """

    initiative = models.ForeignKey(
        "programme.Initiative", on_delete=models.CASCADE, related_name="cost_pools"
    )
    financial_year = models.PositiveSmallIntegerField(help_text=FINANCIAL_YEAR_HELP)
    description = models.CharField(max_length=200)
    total_pence = models.BigIntegerField("total cost")
    basis = models.CharField("basis of apportionment", max_length=20, choices=Basis.choices)
    usage_unit = models.CharField(
        "unit of usage",
        max_length=40,
        blank=True,
        help_text="What the usage measure counts, like hours or cases",
    )

    history = audited()
    objects = InitiativeMoneyQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "description"]
        constraints = [
            models.CheckConstraint(condition=Q(total_pence__gte=0), name="cost_pool_not_negative")
        ]

    def __str__(self):
        return f"{self.description} ({self.financial_year_label})"

    @property
    def financial_year_label(self) -> str:
        return FinancialYear(self.financial_year).label

    @property
    def total(self) -> str:
        return format_pence(self.total_pence)

    def apportionment(self) -> Apportionment:
        """The councils' shares: whole pence that add up exactly to the total."""
        measures = list(self.measures.all())
        organisations = [m.organisation for m in measures]
        values = {m.organisation: m.value for m in measures}
        try:
            shares = apportionment.apportion_by(
                self.total_pence, self.basis, organisations, values, unit=self.usage_unit
            )
        except ApportionmentError as error:
            return Apportionment(shares={}, error=" ".join(error.messages))
        return Apportionment(shares=shares)


class CostPoolMeasure(models.Model):
    """A council sharing a cost pool, with its percentage or usage where the basis needs one."""

    pool = models.ForeignKey(CostPool, on_delete=models.CASCADE, related_name="measures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(
        "percentage or usage",
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Used when the basis is fixed percentages or a usage measure",
    )

    history = audited()
    objects = CostPoolMeasureQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "organisation"], name="one_measure_per_council_per_pool"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="measure_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} in {self.pool}"


# Recharges ----------------------------------------------------------------------------------


def time_charge_pence(*, hours: Decimal, hourly_rate_pence: int, on_cost_percent: Decimal) -> int:
    """DOMAIN rule 22: recharge = hours × (pay + on-costs) rate, to the penny, half up.

    hours × hourly rate × (1 + on-costs ÷ 100), calculated exactly and rounded once.
    """
    exact = multiply(hours, hourly_rate_pence, HUNDRED + Decimal(on_cost_percent)) / HUNDRED
    return round_to_pence(exact)


class RechargeAgreement(models.Model):
    """One council provides a service to another and recharges it.

    004: costs "can be recharged so that neither authority subsidises the other".
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="recharge_agreements"
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="council providing the service",
    )
    recipient = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="council receiving the service",
    )
    description = models.CharField(
        "service", max_length=200, help_text="For example, health and safety cover"
    )
    hourly_rate_pence = models.BigIntegerField(
        "hourly rate",
        null=True,
        blank=True,
        help_text="Annual employment cost divided by working hours; leave blank for fixed charges",
    )
    on_cost_percent = models.DecimalField(
        "on-costs (%)",
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        help_text="Employer National Insurance and pension on top of pay, like 38.2",
    )
    starts_on = models.DateField("start date")
    ends_on = models.DateField(
        "end date",
        null=True,
        blank=True,
        help_text="For a temporary arrangement, the end agreed at the outset",
    )

    history = audited()
    objects = PartnershipMoneyQuerySet.as_manager()

    class Meta:
        ordering = ["provider__name", "recipient__name", "description"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(provider=F("recipient")), name="recharge_between_two_councils"
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate_pence__isnull=True) | Q(hourly_rate_pence__gte=0),
                name="recharge_agreement_rate_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(on_cost_percent__gte=0), name="recharge_agreement_on_costs_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="recharge_agreement_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.description}: {self.provider} for {self.recipient}"


class Recharge(models.Model):
    """One charge under a recharge agreement for a period: time at a rate, or a fixed sum."""

    agreement = models.ForeignKey(
        RechargeAgreement, on_delete=models.CASCADE, related_name="recharges"
    )
    period_start = models.DateField("start of the period charged")
    period_end = models.DateField("end of the period charged")
    description = models.CharField(max_length=200, blank=True)
    hours = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    hourly_rate_pence = models.BigIntegerField("hourly rate", null=True, blank=True)
    on_cost_percent = models.DecimalField(
        "on-costs (%)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    fixed_charge_pence = models.BigIntegerField("fixed charge", null=True, blank=True)

    history = audited()
    objects = RechargeQuerySet.as_manager()

    class Meta:
        ordering = ["period_end", "period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="recharge_period_in_order"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        hours__isnull=False,
                        hourly_rate_pence__isnull=False,
                        on_cost_percent__isnull=False,
                        fixed_charge_pence__isnull=True,
                    )
                    | Q(
                        hours__isnull=True,
                        hourly_rate_pence__isnull=True,
                        on_cost_percent__isnull=True,
                        fixed_charge_pence__isnull=False,
                    )
                ),
                name="recharge_is_for_time_or_a_fixed_charge",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(hours__isnull=True) | Q(hours__gte=0))
                    & (Q(hourly_rate_pence__isnull=True) | Q(hourly_rate_pence__gte=0))
                    & (Q(on_cost_percent__isnull=True) | Q(on_cost_percent__gte=0))
                    & (Q(fixed_charge_pence__isnull=True) | Q(fixed_charge_pence__gte=0))
                ),
                name="recharge_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.agreement.description}, {self.period_start:%-d %b %Y} to {self.period_end:%-d %b %Y}"

    @property
    def is_for_time(self) -> bool:
        return self.fixed_charge_pence is None

    @property
    def amount_pence(self) -> int:
        if not self.is_for_time:
            return self.fixed_charge_pence
        return time_charge_pence(
            hours=self.hours,
            hourly_rate_pence=self.hourly_rate_pence,
            on_cost_percent=self.on_cost_percent,
        )

    @property
    def calculation(self) -> str:
        """How the amount was reached, in words."""
        if not self.is_for_time:
            return "Fixed charge"
        text = f"{self.hours.normalize():f} hours at {format_pence(self.hourly_rate_pence)} an hour"
        if self.on_cost_percent:
            text += f" plus {self.on_cost_percent.normalize():f}% on-costs"
        return text

    @property
    def financial_year_label(self) -> str:
        return financial_year_of(self.period_end).label


# Joint funds --------------------------------------------------------------------------------


class JointFund(models.Model):
    """Money the councils put in together, and what is committed against it.

    002 §3.1: "the two Councils have proposed earmarking £100k each from their respective
    reserves". 001 Recommendation 28: a jointly funded partnership fund.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="joint_funds"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    history = audited()
    objects = PartnershipMoneyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def contributed_pence(self) -> int:
        return sum(c.amount_pence for c in self.contributions.all())

    @property
    def committed_pence(self) -> int:
        return sum(c.amount_pence for c in self.commitments.all())

    @property
    def balance_pence(self) -> int:
        """What is contributed and not yet committed."""
        return self.contributed_pence - self.committed_pence

    def uncommitted_pence_now(self) -> int:
        """The balance read from the database, not from anything prefetched."""
        contributed = self.contributions.aggregate(total=Sum("amount_pence"))["total"] or 0
        committed = self.commitments.aggregate(total=Sum("amount_pence"))["total"] or 0
        return contributed - committed


class Contribution(GivenOnBehalf):
    fund = models.ForeignKey(JointFund, on_delete=models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="council"
    )
    amount_pence = models.BigIntegerField("amount")
    contributed_on = models.DateField("date")
    financial_year = models.PositiveSmallIntegerField(help_text=FINANCIAL_YEAR_HELP)

    history = audited()
    objects = FundMoneyQuerySet.as_manager()

    class Meta:
        ordering = ["contributed_on", "organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="contribution_more_than_nothing"
            )
        ]

    def __str__(self):
        return f"{format_pence(self.amount_pence)} from {self.organisation} to {self.fund}"

    @property
    def financial_year_label(self) -> str:
        return FinancialYear(self.financial_year).label


class Commitment(models.Model):
    """Spending committed against a joint fund."""

    fund = models.ForeignKey(JointFund, on_delete=models.CASCADE, related_name="commitments")
    description = models.CharField(max_length=200)
    amount_pence = models.BigIntegerField("amount")
    committed_on = models.DateField("date committed")
    initiative = models.ForeignKey(
        "programme.Initiative",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_commitments",
    )

    history = audited()
    objects = FundMoneyQuerySet.as_manager()

    class Meta:
        ordering = ["committed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="commitment_more_than_nothing"
            )
        ]

    def __str__(self):
        return f"{format_pence(self.amount_pence)} for {self.description}"

    @property
    def financial_year_label(self) -> str:
        return financial_year_of(self.committed_on).label


# Savings ------------------------------------------------------------------------------------


class SavingKind(models.TextChoices):
    """DOMAIN §3 [F3]: cashable savings release money; non-cashable ones do more for it."""

    CASHABLE = "cashable", "Cashable"
    NON_CASHABLE = "non_cashable", "Non-cashable"


class SavingsTarget(GivenOnBehalf):
    """001 Recommendation 31: firm savings targets for three financial years.

    DOMAIN rule 21: savings are recorded against a baseline and classed as cashable or not.
    """

    initiative = models.ForeignKey(
        "programme.Initiative", on_delete=models.CASCADE, related_name="savings_targets"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="council"
    )
    financial_year = models.PositiveSmallIntegerField(help_text=FINANCIAL_YEAR_HELP)
    kind = models.CharField(max_length=20, choices=SavingKind.choices)
    amount_pence = models.BigIntegerField("target saving")
    baseline_pence = models.BigIntegerField(
        "baseline cost", help_text="The cost before sharing, which the saving is measured against"
    )
    baseline_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The financial year of the baseline"
    )
    note = models.TextField(blank=True)

    history = audited()
    objects = InitiativeMoneyQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "organisation__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation", "financial_year", "kind"],
                name="one_savings_target_per_council_year_and_kind",
            ),
            models.CheckConstraint(
                condition=Q(amount_pence__gte=0) & Q(baseline_pence__gte=0),
                name="savings_target_not_negative",
            ),
        ]

    def __str__(self):
        return (
            f"{self.organisation}: {format_pence(self.amount_pence)} in {self.financial_year_label}"
        )

    @property
    def financial_year_label(self) -> str:
        return FinancialYear(self.financial_year).label

    @property
    def baseline_year_label(self) -> str:
        return FinancialYear(self.baseline_year).label if self.baseline_year else ""


class SavingsActual(GivenOnBehalf):
    """A saving delivered; several may be recorded for one year (by quarter, say)."""

    initiative = models.ForeignKey(
        "programme.Initiative", on_delete=models.CASCADE, related_name="savings_actuals"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="council"
    )
    financial_year = models.PositiveSmallIntegerField(help_text=FINANCIAL_YEAR_HELP)
    kind = models.CharField(max_length=20, choices=SavingKind.choices)
    amount_pence = models.BigIntegerField("saving delivered")
    note = models.TextField(blank=True)

    history = audited()
    objects = InitiativeMoneyQuerySet.as_manager()

    class Meta:
        ordering = ["financial_year", "organisation__name", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gte=0), name="savings_actual_not_negative"
            )
        ]

    def __str__(self):
        return (
            f"{self.organisation}: {format_pence(self.amount_pence)} in {self.financial_year_label}"
        )

    @property
    def financial_year_label(self) -> str:
        return FinancialYear(self.financial_year).label
