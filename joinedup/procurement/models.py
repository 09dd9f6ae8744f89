"""Forthcoming procurements that partners may join, and councils' contract registers.

- A council tells its partners of a procurement it is planning (003: "each Council will
  inform the Board of forthcoming procurement exercises so that the other can join"); an
  officer of another party council opts in to join it, once, for their own council.
- A contract register holds the Local Government Transparency Code 2015 fields (DOMAIN §5
  [P4]); it is public, as the Code requires councils to publish it.

Money is whole pence; CPV codes keep their 8 digits beside the code as written so that
contracts can be matched by division, group, class or category in SQL.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.audit.models import audited
from joinedup.finance.money import format_pence
from joinedup.organisations.models import Organisation

from .cpv import digits, validate_cpv


def end_key(day: datetime.date | None) -> int | None:
    """A date as one integer that makes "within N months" a subtraction.

    (months since year 0) * 100 + day of month: two dates are within N months of each other
    exactly when their keys differ by no more than N * 100, with month ends clamped the way
    people count (31 August + 6 months is 28 or 29 February, and 1 March is outside).
    """
    if day is None:
        return None
    return (day.year * 12 + day.month - 1) * 100 + day.day


class CpvFields(models.Model):
    """The CPV code as written and its levels, kept in step on save."""

    cpv_code = models.CharField(
        "CPV code",
        max_length=10,
        blank=True,
        validators=[validate_cpv],
        help_text="8 digits and an optional check digit, like 90511000-2",
    )
    cpv_digits = models.CharField("CPV digits", max_length=8, blank=True, editable=False)
    cpv_division = models.CharField(max_length=2, blank=True, editable=False)
    cpv_group = models.CharField(max_length=3, blank=True, editable=False)
    cpv_class = models.CharField(max_length=4, blank=True, editable=False)
    cpv_category = models.CharField(max_length=5, blank=True, editable=False)

    class Meta:
        abstract = True

    def set_cpv_levels(self):
        self.cpv_digits = digits(self.cpv_code)
        self.cpv_division = self.cpv_digits[:2]
        self.cpv_group = self.cpv_digits[:3]
        self.cpv_class = self.cpv_digits[:4]
        self.cpv_category = self.cpv_digits[:5]


class ProcurementStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    TENDERING = "tendering", "Out to tender"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


class ProcurementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A council's own procurements are public; a partnership's are read as it is read."""
        return self.filter(
            Q(partnership__isnull=True)
            | Q(partnership__in=Partnership.objects.visible_to(user).values("pk"))
        )


class ForthcomingProcurement(CpvFields):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="procurements",
        verbose_name="council running the procurement",
    )
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procurements",
        help_text="The partnership whose councils are told of it and may join it",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    estimated_value_pence = models.BigIntegerField("estimated value", null=True, blank=True)
    tender_expected_on = models.DateField("expected tender date", null=True, blank=True)
    award_expected_on = models.DateField("expected award date", null=True, blank=True)
    current_contract_ends_on = models.DateField("current contract end date", null=True, blank=True)
    # When the procurement matters to partners: its current contract's end, else the
    # expected award, else the expected tender (see end_key).
    timing_key = models.IntegerField(null=True, editable=False)
    status = models.CharField(
        max_length=20, choices=ProcurementStatus.choices, default=ProcurementStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()
    objects = ProcurementQuerySet.as_manager()

    class Meta:
        ordering = ["tender_expected_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_value_pence__isnull=True) | Q(estimated_value_pence__gte=0),
                name="procurement_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(award_expected_on__isnull=True)
                | Q(tender_expected_on__isnull=True)
                | Q(award_expected_on__gte=models.F("tender_expected_on")),
                name="procurement_award_after_tender",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status"], name="procurement_partnership")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.set_cpv_levels()
        self.timing_key = end_key(
            self.current_contract_ends_on or self.award_expected_on or self.tender_expected_on
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("procurement:procurement", args=[self.pk])

    @property
    def estimated_value(self) -> str:
        return format_pence(self.estimated_value_pence, blank="Not given")


class JoinInterestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(procurement__in=ForthcomingProcurement.objects.visible_to(user))


class JoinInterest(models.Model):
    """A partner council's decision to join a forthcoming procurement."""

    procurement = models.ForeignKey(
        ForthcomingProcurement, on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="procurement_interests"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    history = audited()
    objects = JoinInterestQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "organisation"], name="one_interest_per_council"
            )
        ]

    def __str__(self):
        return f"{self.organisation} joins {self.procurement}"


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contract registers are public (Local Government Transparency Code 2015)."""
        return self


class Contract(CpvFields):
    """One line of a council's contract register, with the Transparency Code's fields."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contracts"
    )
    reference = models.CharField(max_length=100, blank=True)
    # What the register is keyed on: the reference, or, for a row with no reference (or a
    # reference the council uses for several agreements), a key made from the contract's
    # other fields, so that importing the same register again finds the same contract.
    register_key = models.CharField(max_length=140, editable=False, default="")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    supplier_name = models.CharField("supplier", max_length=300)
    supplier_company_number = models.CharField("company number", max_length=20, blank=True)
    supplier_charity_number = models.CharField("charity number", max_length=20, blank=True)
    department = models.CharField(max_length=200, blank=True)
    value_pence = models.BigIntegerField("value", null=True, blank=True)
    irrecoverable_vat_pence = models.BigIntegerField("irrecoverable VAT", null=True, blank=True)
    starts_on = models.DateField("start date", null=True, blank=True)
    ends_on = models.DateField("end date", null=True, blank=True)
    ends_key = models.IntegerField(null=True, editable=False)
    review_on = models.DateField("review or extension date", null=True, blank=True)
    procurement_route = models.CharField(max_length=200, blank=True)
    supplier_is_sme = models.BooleanField("SME", null=True, blank=True)
    supplier_is_vcse = models.BooleanField("VCSE", null=True, blank=True)
    contract_type = models.CharField(max_length=100, blank=True)
    value_basis = models.CharField(
        "fixed or estimated", max_length=40, blank=True, help_text="Fixed cost or estimated cost"
    )
    procurement_category = models.CharField(max_length=200, blank=True)
    extended_on = models.DateField("last extension date", null=True, blank=True)
    # The register's other columns as published (URLs, contact point, classifications...),
    # and any placeholder ("TBC") that stood in a date or an amount: header -> text.
    published = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()
    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "reference"]
        constraints = [
            # A register may list a negative amount (a credit, in brackets): it is kept.
            models.UniqueConstraint(
                fields=["organisation", "register_key"], name="one_contract_per_register_key"
            ),
        ]
        # The joint-procurement matching joins contracts to contracts on a CPV level and a
        # window of end dates: one index per level it can match on.
        indexes = [
            models.Index(fields=["cpv_division", "ends_key"], name="contract_division_end"),
            models.Index(fields=["cpv_group", "ends_key"], name="contract_group_end"),
            models.Index(fields=["cpv_class", "ends_key"], name="contract_class_end"),
            models.Index(fields=["cpv_category", "ends_key"], name="contract_category_end"),
            models.Index(fields=["organisation", "ends_key"], name="contract_council_end"),
            # The outer side of the join walks contracts in end-date order, so that the
            # first page of pairs comes without pairing every contract first.
            models.Index(fields=["ends_key", "id"], name="contract_end"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self):
        """Derived columns, also for bulk_create."""
        self.set_cpv_levels()
        self.ends_key = end_key(self.ends_on)
        if not self.register_key:
            self.register_key = self.reference
        return self

    @property
    def value(self) -> str:
        return format_pence(self.value_pence, blank="Not given")

    def supplier_names(self) -> list[str]:
        """Every supplier, the lead first (a register lists one row per supplier)."""
        names = [supplier.name for supplier in self.suppliers.all()]
        return names or [self.supplier_name]


class ContractSupplier(models.Model):
    """One supplier of a contract: a register lists one row per supplier of the same contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="suppliers")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=300)
    company_number = models.CharField(max_length=20, blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    other_id = models.CharField("other supplier ID", max_length=100, blank=True)
    is_sme = models.BooleanField("SME", null=True, blank=True)
    is_vcse = models.BooleanField("VCSE", null=True, blank=True)
    vcse_type = models.CharField("VCSE type", max_length=100, blank=True)

    history = audited()

    class Meta:
        ordering = ["contract", "position"]

    def __str__(self):
        return self.name
