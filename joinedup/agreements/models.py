import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import audited
from joinedup.organisations.models import Organisation


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published partnerships are public; a party's people and its managers see the rest."""
        if user.is_authenticated and user.is_superuser:
            return self
        published = Q(is_published=True)
        if not user.is_authenticated:
            return self.filter(published)
        return self.filter(
            published | Q(parties__organisation_id=user.organisation_id) | Q(managers=user)
        ).distinct()


class Partnership(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True)
    is_published = models.BooleanField(
        "Published", default=True, help_text="Published partnerships can be read by anyone"
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_partnerships",
        verbose_name="joint partnership managers",
    )

    history = audited(m2m_fields=[managers])
    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agreements:partnership", args=[self.slug])

    def current_parties(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return [party for party in self.parties.all() if party.is_current(on)]

    def has_agreement_in_force(self, on: datetime.date | None = None) -> bool:
        """No partnership becomes operational without a signed agreement (DOMAIN rule 6).

        True when, on the date, one of the partnership's agreements has a version in force that
        took effect on or before it and the agreement had not been terminated by then.
        """
        on = on or timezone.localdate()
        return (
            self.agreements.filter(
                versions__status=VersionStatus.IN_FORCE,
                versions__effective_on__lte=on,
            )
            .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=on))
            .exists()
        )


class PartyQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class LeavingRoute(models.TextChoices):
    WITHDRAWAL = "withdrawal", "Notice of withdrawal"
    BY_AGREEMENT = "by_agreement", "Terminated by agreement"


class Party(models.Model):
    """An organisation's participation in a partnership, from the day it joined to the day it ends."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnership_parties"
    )
    joined_on = models.DateField()
    left_on = models.DateField(
        "participation ends on",
        null=True,
        blank=True,
        help_text="The first day on which the organisation is no longer a party",
    )
    leaving_route = models.CharField(max_length=20, choices=LeavingRoute.choices, blank=True)
    notice_served_on = models.DateField(null=True, blank=True)
    notice_under = models.ForeignKey(
        "Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="withdrawal_notices",
        help_text="The agreement whose notice period the withdrawal follows",
    )

    history = audited()
    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_party_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="party_leaves_after_it_joins",
            ),
        ]
        verbose_name_plural = "parties"

    def __str__(self):
        return f"{self.organisation} in {self.partnership}"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.joined_on <= on and (self.left_on is None or on < self.left_on)

    @property
    def is_withdrawing(self) -> bool:
        return self.left_on is not None and self.left_on > timezone.localdate()


class AgreementKind(models.TextChoices):
    MOU = "mou", "Memorandum of understanding"
    COOPERATION = "cooperation", "Co-operation agreement"
    PROTOCOL = "protocol", "Protocol"
    SLA = "sla", "Service level agreement"
    LEGAL = "legal", "Legal agreement"
    JOINT_COMMITTEE = "joint_committee", "Joint committee arrangement"


class LegalForm(models.TextChoices):
    STATEMENT_OF_INTENT = "statement_of_intent", "Statement of intent, not legally binding"
    INTER_AUTHORITY_AGREEMENT = "inter_authority_agreement", "Inter-authority agreement"
    DELEGATION = "delegation", "Delegation to a lead authority (s.101 LGA 1972)"
    JOINT_COMMITTEE = "joint_committee", "Joint committee (s.101(5) and s.102 LGA 1972)"
    STAFF_SHARING = "staff_sharing", "Staff sharing (s.113 LGA 1972)"
    CONTRACT = "contract", "Contract or service level agreement"
    COMPANY = "company", "Company owned by the councils"
    OTHER = "other", "Other"


class WithdrawalTiming(models.TextChoices):
    AFTER_NOTICE = "after_notice", "At the end of the notice period"
    END_OF_FINANCIAL_YEAR = (
        "end_of_financial_year",
        "On the 31 March after the notice period ends",
    )


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class Agreement(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AgreementKind.choices)
    terminated_on = models.DateField(null=True, blank=True)

    history = audited()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agreements:agreement", args=[self.pk])

    @property
    def current_version(self) -> "AgreementVersion | None":
        versions = [v for v in self.versions.all() if v.status == VersionStatus.IN_FORCE]
        return versions[-1] if versions else None

    @property
    def latest_version(self) -> "AgreementVersion | None":
        versions = list(self.versions.all())
        return versions[-1] if versions else None

    def withdrawal_effective_on(self, served_on: datetime.date) -> datetime.date:
        """003 §8: terminated "by one party on provision of reasonable notice (two months)".

        The notice runs from the day it is served. A month's notice served on the 31st ends on
        the last day of a shorter month (31 December + 2 months is 28 or 29 February).
        """
        version = self.current_version
        if version is None:
            raise ValueError("The agreement has no version in force, so it has no notice period")
        return version.withdrawal_effective_on(served_on)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_FORCE = "in_force", "In force"
    SUPERSEDED = "superseded", "Superseded"


class AgreementVersion(models.Model):
    """One version of an agreement's terms. A revision supersedes the version before it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=VersionStatus.choices)
    legal_form = models.CharField(max_length=40, choices=LegalForm.choices)
    is_legally_binding = models.BooleanField("Legally binding", default=False)
    effective_on = models.DateField("Effective date", null=True, blank=True)
    objectives = models.TextField(blank=True)
    principles = models.TextField("Principles and values", blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    notice_period_months = models.PositiveSmallIntegerField(
        "Notice period for withdrawal (months)", default=0
    )
    withdrawal_timing = models.CharField(
        max_length=30, choices=WithdrawalTiming.choices, default=WithdrawalTiming.AFTER_NOTICE
    )
    change_summary = models.TextField("What changed in this version", blank=True)
    superseded_on = models.DateField(null=True, blank=True)

    history = audited()

    class Meta:
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_version_number"),
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="in_force"),
                name="one_version_in_force",
            ),
        ]

    def __str__(self):
        return f"{self.agreement} (version {self.number})"

    def get_absolute_url(self):
        return reverse("agreements:version", args=[self.agreement_id, self.number])

    def withdrawal_effective_on(self, served_on: datetime.date) -> datetime.date:
        ends = served_on + relativedelta(months=self.notice_period_months)
        if self.withdrawal_timing == WithdrawalTiming.END_OF_FINANCIAL_YEAR:
            march_31 = datetime.date(ends.year, 3, 31)
            ends = march_31 if ends <= march_31 else datetime.date(ends.year + 1, 3, 31)
        return ends

    @property
    def notice_period_text(self) -> str:
        months = self.notice_period_months
        if months == 0:
            return "No notice period"
        text = "1 month" if months == 1 else f"{months} months"
        if self.withdrawal_timing == WithdrawalTiming.END_OF_FINANCIAL_YEAR:
            text += ", ending on the next 31 March"
        return text


class Signature(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    signatory_name = models.CharField("Name", max_length=200)
    position = models.CharField(max_length=200)
    signed_on = models.DateField("Date signed")
    is_accession = models.BooleanField(
        default=False, help_text="Signed by an organisation acceding to the agreement"
    )

    history = audited()

    class Meta:
        ordering = ["signed_on", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="one_signature_per_party_per_version"
            )
        ]

    def __str__(self):
        return f"{self.signatory_name}, {self.position}, {self.organisation}"
