import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import audited
from joinedup.organisations.models import Organisation


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published partnerships are public; the people of a current party and its managers
        see the rest.

        A council that has left a partnership no longer reads its unpublished pages, and a
        signed-in user acting for no organisation reads only what is published. Both tests are
        subqueries rather than joins: a join to no party row would match a user with no
        organisation, and a join to many rows would repeat the partnership.
        """
        if user.is_authenticated and user.is_superuser:
            return self
        published = Q(is_published=True)
        if not user.is_authenticated:
            return self.filter(published)
        managed = Partnership.managers.through.objects.filter(user_id=user.pk)
        visible = published | Q(pk__in=managed.values("partnership_id"))
        if user.acts_for_an_organisation:
            current = Party.objects.current().filter(organisation_id=user.organisation_id)
            visible |= Q(pk__in=current.values("partnership_id"))
        return self.filter(visible)


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

    def parties_on(self, on: datetime.date | None = None) -> "PartyQuerySet":
        """The partnership's parties on a date (today if none is given), as a queryset."""
        return self.parties.current(on)

    def current_parties(self, on: datetime.date | None = None) -> "list[Party]":
        """The same parties as `parties_on`, read from the parties already fetched with the
        partnership (`prefetch_related("parties")`), for pages that list many partnerships."""
        on = on or timezone.localdate()
        return [party for party in self.parties.all() if party.is_current(on)]

    @property
    def governing_agreement(self) -> "Agreement | None":
        """The agreement that constitutes the partnership: when it is terminated, the
        partnership ends."""
        return next((a for a in self.agreements.all() if a.is_governing), None)

    @property
    def ended_on(self) -> datetime.date | None:
        """The day the partnership ends (or ended): the day its governing agreement was
        terminated, or else the day its last parties' participation ended."""
        governing = self.governing_agreement
        if governing is not None and governing.terminated_on is not None:
            return governing.terminated_on
        ends = [party.left_on for party in self.parties.all()]
        if ends and None not in ends:
            return max(ends)
        return None

    @property
    def has_ended(self) -> bool:
        ended_on = self.ended_on
        return ended_on is not None and ended_on <= timezone.localdate()

    def has_agreement_in_force(self, on: datetime.date | None = None) -> bool:
        """No partnership becomes operational without a signed agreement (DOMAIN rule 6).

        True when, on the date, one of the partnership's agreements, not terminated by then, had
        a version in force that took effect on or before it, and the partnership had not ended
        by its governing agreement's termination. A version is in force only once every party
        on its effective date has signed it; a version since superseded counts for the days
        before it was superseded.
        """
        on = on or timezone.localdate()
        in_force_on = Q(versions__effective_on__lte=on) & (
            Q(versions__status=VersionStatus.IN_FORCE)
            | Q(versions__status=VersionStatus.SUPERSEDED, versions__superseded_on__gt=on)
        )
        partnership_ended = Agreement.objects.filter(
            partnership=self, is_governing=True, terminated_on__lte=on
        )
        return (
            self.agreements.filter(in_force_on)
            .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=on))
            .filter(~Exists(partnership_ended))
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
    is_governing = models.BooleanField(
        "Governing agreement",
        default=False,
        help_text="The agreement that constitutes the partnership. If it is terminated, the "
        "partnership ends and every party leaves it. A partnership has at most one.",
    )
    terminated_on = models.DateField(null=True, blank=True)

    history = audited()
    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "-is_governing", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=Q(is_governing=True),
                name="one_governing_agreement_per_partnership",
            )
        ]

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

    def parties_to_sign(self) -> "list[Party]":
        """Every organisation that is a party on the version's effective date signs it before
        it comes into force (DOMAIN rule 6). Read from the partnership's parties as fetched."""
        on = self.effective_on or timezone.localdate()
        return [p for p in self.agreement.partnership.parties.all() if p.is_current(on)]

    def still_to_sign(self) -> "list[Organisation]":
        """The parties on the effective date whose signature is not yet recorded."""
        signed = {signature.organisation_id for signature in self.signatures.all()}
        return [p.organisation for p in self.parties_to_sign() if p.organisation_id not in signed]

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
