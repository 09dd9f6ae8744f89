"""The joint programme: initiatives on the continuum, their lifecycle, business cases with an
approval from each participating council, pilots and their reviews, KPIs and status reports.

Money is not kept here: costs, recharges and the savings profile per financial year belong to
`joinedup.finance`, whose models point at `Initiative` (`initiative.savings_targets`,
`initiative.cost_pools`). Programme never imports finance.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.agreements.models import Partnership, Party
from joinedup.audit.models import audited
from joinedup.organisations import consent
from joinedup.organisations.models import ConsentRequest, Organisation

from .ownership import GivenOnBehalf


def _insider_partnerships(user):
    """Partnerships whose unpublished material the user may read: a current party's people
    (officers and members) and the partnership's managers."""
    inside = Q(managers=user)
    if user.organisation_id:
        parties = Party.objects.current().filter(organisation_id=user.organisation_id)
        inside |= Q(pk__in=parties.values("partnership_id"))
    return Partnership.objects.filter(inside)


def is_insider(user, partnership: Partnership) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return _insider_partnerships(user).filter(pk=partnership.pk).exists()


class ServiceArea(models.TextChoices):
    REGULATORY = "regulatory", "Regulatory services"
    ENVIRONMENTAL_HEALTH = "environmental_health", "Environmental health"
    TRADING_STANDARDS = "trading_standards", "Trading standards"
    HEALTH_AND_SAFETY = "health_and_safety", "Health and safety"
    PUBLIC_PROTECTION = "public_protection", "Public protection"
    PROCUREMENT = "procurement", "Procurement"
    ASSET_MANAGEMENT = "asset_management", "Asset management"
    BACK_OFFICE = "back_office", "Back office (finance, HR, IT)"
    FINANCE = "finance", "Finance"
    HR = "hr", "Human resources"
    IT = "it", "Information technology"
    AUDIT = "audit", "Internal audit"
    LEGAL = "legal", "Legal and land charges"
    CONTACT_CENTRE = "contact_centre", "Contact centre"
    EDUCATION = "education", "Education and children's services"
    HOUSING = "housing", "Housing"
    ARCHAEOLOGY = "archaeology", "Archaeology"
    OTHER = "other", "Other"


class ArrangementType(models.TextChoices):
    """004 §3 and appendix 1: "a continuum from minimal engagement through to a complex
    partnership approach to service delivery", in that order."""

    SHARING_INFORMATION = "sharing_information", "Sharing information and learning"
    RECIPROCAL_COVER = "reciprocal_cover", "Reciprocal cover"
    PROCUREMENT_FROM_ANOTHER = (
        "procurement_from_another",
        "Procurement from another authority (service level agreement)",
    )
    JOINT_PROCUREMENT = "joint_procurement", "Joint procurement"
    SHARED_MANAGEMENT = "shared_management", "Shared management"
    JOINT_SERVICE = "joint_service", "Joint service hosted by a lead council"
    JOINT_COMMISSIONING = "joint_commissioning", "Joint commissioning"


# 004 appendix 2: "A jointly procured service should be managed by either but not both, with
# responsibility and accountability for that service resting with the host Council."
NEEDS_A_LEAD = {ArrangementType.PROCUREMENT_FROM_ANOTHER, ArrangementType.JOINT_SERVICE}


class Duration(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    TEMPORARY = "temporary", "Temporary or interim, with an end date agreed at the outset"


class Status(models.TextChoices):
    IDEA = "idea", "Idea"
    BUSINESS_CASE = "business_case", "Business case"
    APPROVED = "approved", "Approved"
    PILOT = "pilot", "Pilot"
    LIVE = "live", "Live"
    REVIEW = "review", "Under review"
    CLOSED = "closed", "Closed"
    DROPPED = "dropped", "Dropped"


FINISHED = (Status.CLOSED, Status.DROPPED)
UNDER_WAY = (Status.APPROVED, Status.PILOT, Status.LIVE, Status.REVIEW)

# The lifecycle: idea → business case → approved → pilot → live → review → closed or dropped.
# A pilot is optional (an approved initiative may go straight live); a review ends by going
# live again, closing, or dropping the arrangement (001 Rec 31: "deliver or drop").
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.IDEA: (Status.BUSINESS_CASE, Status.DROPPED),
    Status.BUSINESS_CASE: (Status.APPROVED, Status.DROPPED),
    Status.APPROVED: (Status.PILOT, Status.LIVE, Status.DROPPED),
    Status.PILOT: (Status.LIVE, Status.REVIEW, Status.DROPPED),
    Status.LIVE: (Status.REVIEW, Status.CLOSED),
    Status.REVIEW: (Status.LIVE, Status.CLOSED, Status.DROPPED),
    Status.CLOSED: (),
    Status.DROPPED: (),
}
# Moves that need more than a date: each has its own form and action.
MOVED_BY_THEIR_OWN_ACTION = (Status.BUSINESS_CASE, Status.APPROVED, Status.PILOT)
# DOMAIN rule 6: no partnership becomes operational without a signed agreement. An initiative
# moves past its business-case stage only while the partnership has an agreement in force.
NEEDS_AN_AGREEMENT_IN_FORCE = (Status.APPROVED, Status.PILOT, Status.LIVE)


def _stage(status: str) -> str:
    return {
        Status.IDEA: "an idea",
        Status.BUSINESS_CASE: "at the business case stage",
        Status.APPROVED: "approved",
        Status.PILOT: "a pilot",
        Status.LIVE: "live",
        Status.REVIEW: "under review",
        Status.CLOSED: "closed",
        Status.DROPPED: "dropped",
    }[status]


def _options(statuses) -> str:
    labels = [f"“{Status(s).label}”" for s in statuses]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" or {labels[-1]}"


def _why_not(current: str, to: str) -> str:
    """Why `to` cannot follow `current` in the lifecycle, for a move the table does not allow."""
    if to == current:
        return f"The initiative is already {_stage(current)}."
    if current in FINISHED:
        return (
            f"The initiative has been {_stage(current)}, so its lifecycle is over; "
            "propose a new initiative instead."
        )
    if to == Status.IDEA:
        return "An initiative is an idea only when it is proposed; it cannot go back to being one."
    if to == Status.BUSINESS_CASE:
        return "The business case has already been submitted."
    if to == Status.APPROVED:
        if current == Status.IDEA:
            return (
                "An idea cannot be approved until a business case has been submitted and "
                "approved by every participating council."
            )
        return "The business case has already been approved."
    if to in (Status.PILOT, Status.LIVE) and current in (Status.IDEA, Status.BUSINESS_CASE):
        return (
            f"An initiative cannot become {_stage(to)} before its business case is approved "
            "by every participating council (000: business cases are approved through the "
            "respective governance processes at each council)."
        )
    if to == Status.PILOT:
        return f"A pilot comes before going live; this initiative is already {_stage(current)}."
    if to == Status.REVIEW:
        return "Only a pilot or a live arrangement can be reviewed."
    if to == Status.CLOSED:
        return (
            "Only a live arrangement, or one under review, can be closed; "
            "an initiative that never went live is dropped instead."
        )
    if to == Status.DROPPED:
        return "A live arrangement is not dropped: review it, then close or drop it."
    return f"{Status(to).label} cannot follow {Status(current).label}."  # pragma: no cover


class InitiativeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Initiatives are read with their partnership: the public reads published ones."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))

    def in_progress(self):
        return self.exclude(status__in=FINISHED)

    def led_by(self, organisation: Organisation):
        return self.filter(lead=organisation)

    def involving(self, organisation: Organisation):
        return self.filter(participants=organisation)


class Initiative(models.Model):
    """A piece of joint work: one activity on the partnership's work programme."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="initiatives"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    service_area = models.CharField(max_length=30, choices=ServiceArea.choices)
    arrangement_type = models.CharField(
        "type of arrangement", max_length=30, choices=ArrangementType.choices
    )
    lead = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives_led",
        verbose_name="lead or host council",
        help_text="The council that manages the arrangement day to day, if one does",
    )
    participants = models.ManyToManyField(
        Organisation,
        related_name="initiatives",
        verbose_name="participating councils",
    )
    duration = models.CharField(max_length=20, choices=Duration.choices, default=Duration.PERMANENT)
    starts_on = models.DateField("Start date", null=True, blank=True)
    ends_on = models.DateField(
        "End date",
        null=True,
        blank=True,
        help_text="A temporary arrangement's end date, agreed at the outset",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IDEA)

    history = audited(m2m_fields=[participants])
    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duration="temporary") | Q(ends_on__isnull=False),
                name="temporary_initiative_has_an_end_date",
                violation_error_message="A temporary arrangement needs the end date agreed at the outset",
            ),
            models.CheckConstraint(
                condition=Q(duration="temporary") | Q(ends_on__isnull=True),
                name="permanent_initiative_has_no_end_date",
                violation_error_message="A permanent arrangement has no end date",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="initiative_ends_after_it_starts",
                violation_error_message="The end date must be on or after the start date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:initiative", args=[self.partnership.slug, self.pk])

    def clean(self):
        errors = {}
        if self.duration == Duration.TEMPORARY and not self.ends_on:
            errors["ends_on"] = (
                "Enter the date the arrangement ends: 004 says the duration of a temporary "
                "arrangement is agreed from the outset"
            )
        if self.duration == Duration.PERMANENT and self.ends_on:
            errors["ends_on"] = "A permanent arrangement has no end date: choose temporary"
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date"
        if self.arrangement_type in NEEDS_A_LEAD and not self.lead_id:
            errors["lead"] = (
                f"Choose the lead or host council: in {ArrangementType(self.arrangement_type).label.lower()} "
                "one council provides the service and is accountable for it (004)"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def continuum_position(self) -> int:
        return list(ArrangementType.values).index(self.arrangement_type) + 1

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def lifecycle(self) -> list["StatusChange"]:
        return list(self.status_changes.all())

    @property
    def status_since(self) -> datetime.date | None:
        changes = self.lifecycle
        return changes[-1].changed_on if changes else None

    def status_on(self, day: datetime.date) -> str | None:
        """The stage the initiative had reached on `day`, from its recorded lifecycle (read
        through `status_changes`, so prefetch them in date order); None if it had not been
        proposed yet. An initiative with no recorded lifecycle is taken at its stage now."""
        changes = list(self.status_changes.all())
        if not changes:
            return self.status
        reached = [change for change in changes if change.changed_on <= day]
        return reached[-1].status if reached else None

    # The lifecycle's rules -------------------------------------------------------------

    def no_agreement_in_force(self, on: datetime.date | None = None) -> str | None:
        """Why the initiative cannot move past its business-case stage on `on`, or None."""
        on = on or timezone.localdate()
        if self.partnership.has_agreement_in_force(on):
            return None
        return (
            f"{self.partnership} had no signed agreement in force on {on:%-d %B %Y}, so the "
            "initiative cannot move past its business case stage: no partnership becomes "
            "operational without a signed agreement."
        )

    def transition_refusal(self, to: str, on: datetime.date | None = None) -> str | None:
        """Why the initiative cannot move to `to` on `on` (today), or None if it can."""
        if to not in Status.values:
            return f"“{to}” is not a stage of the lifecycle."
        if to not in NEXT_STATUSES[self.status]:
            return _why_not(self.status, to)
        if to in NEEDS_AN_AGREEMENT_IN_FORCE and (refusal := self.no_agreement_in_force(on)):
            return refusal
        if to == Status.BUSINESS_CASE:
            if not self.outcomes.exists():
                return (
                    "Add the outcomes first: 004 says joint working is outcome oriented, "
                    "with outcomes defined and agreed in advance."
                )
            if not BusinessCase.objects.filter(initiative=self).exists():
                return "Submit the business case to move the initiative to that stage."
        if to == Status.APPROVED:
            business_case = BusinessCase.objects.filter(initiative=self).first()
            if business_case is None:
                return "There is no business case to approve."
            awaiting = business_case.awaiting()
            if awaiting or not business_case.is_approved_by_every_participant():
                names = ", ".join(o.name for o in awaiting) or "every council asked"
                return (
                    "A business case is approved only when every participating council has "
                    f"approved it through its own governance (000); still awaiting {names}."
                )
        if to == Status.PILOT and not Pilot.objects.filter(initiative=self).exists():
            return "Start the pilot with its start date and length to make it a pilot."
        return None

    def check_transition(self, to: str, on: datetime.date | None = None) -> None:
        """Raise a ValidationError saying why, if the initiative cannot move to `to`."""
        if refusal := self.transition_refusal(to, on):
            raise ValidationError(refusal, code="refused_transition")

    def move_to(self, to: str, on: datetime.date | None = None) -> None:
        """The transition itself: checked, then the state set. The caller saves and records it
        (programme.actions does both)."""
        self.check_transition(to, on)
        self.status = to

    def statuses_settable_by_hand(self) -> list[str]:
        """The next stages a person may choose directly, with only a date and a reason."""
        return [
            s
            for s in NEXT_STATUSES[self.status]
            if s not in MOVED_BY_THEIR_OWN_ACTION and self.transition_refusal(s) is None
        ]


class ChildQuerySet(models.QuerySet):
    """Rows that belong to an initiative are read with it."""

    initiative_path = "initiative"

    def visible_to(self, user):
        return self.filter(**{f"{self.initiative_path}__in": Initiative.objects.visible_to(user)})


class ReviewQuerySet(ChildQuerySet):
    initiative_path = "pilot__initiative"


class TargetQuerySet(ChildQuerySet):
    initiative_path = "kpi__initiative"


class Outcome(models.Model):
    """004 appendix 2: "outcome oriented, with outcomes defined and agreed in advance"."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outcomes")
    description = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    history = audited()
    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "position", "pk"]

    def __str__(self):
        return self.description


class StatusChange(models.Model):
    """One step in an initiative's lifecycle: the stage it reached, on which date, and why."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    changed_on = models.DateField("date")
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audited()
    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "changed_on", "pk"]

    def __str__(self):
        return f"{self.initiative}: {self.get_status_display()} on {self.changed_on:%-d %B %Y}"


class BusinessCaseQuerySet(ChildQuerySet):
    def visible_to(self, user):
        """An unpublished business case is read only inside the partnership."""
        visible = super().visible_to(user)
        if user.is_authenticated and user.is_superuser:
            return visible
        if not user.is_authenticated:
            return visible.filter(is_published=True)
        return visible.filter(
            Q(is_published=True) | Q(initiative__partnership__in=_insider_partnerships(user))
        )


class BusinessCase(models.Model):
    """000: "Business cases will be produced on a case-by-case basis and will be approved through
    the respective governance processes at each council."

    Seam for finance: the savings profile per financial year is not kept here. It lives in
    `finance.SavingsTarget` (initiative, council, financial year, cashable or not), read as
    `initiative.savings_targets`; the business case section of the initiative page shows it
    through `programme/includes/_savings_profile.html`. `costs` and `benefits` are the case's
    narrative, not ledger figures.
    """

    initiative = models.OneToOneField(
        Initiative, on_delete=models.CASCADE, related_name="business_case"
    )
    summary = models.TextField()
    costs = models.TextField(help_text="What the initiative will cost, and who bears it")
    benefits = models.TextField(help_text="What the councils and their residents gain")
    submitted_on = models.DateField("Date submitted")
    # The question put to the participating councils when the case was submitted: the councils
    # whose approval it needs are fixed then (organisations.consent).
    approval_request = models.OneToOneField(
        ConsentRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="business_case",
    )
    is_published = models.BooleanField(
        "Published",
        default=False,
        help_text="Anyone can read a published business case; until then only the "
        "partnership's councils and managers can",
    )

    history = audited()
    objects = BusinessCaseQuerySet.as_manager()

    def __str__(self):
        return f"Business case for {self.initiative}"

    def get_absolute_url(self):
        return self.initiative.get_absolute_url() + "#business-case"

    def approval(self, on: datetime.date | None = None) -> "consent.ConsentProgress | None":
        """Each council asked with its approval, awaited or left, as at `on` (today): the one
        read the initiative page, the API and reports share."""
        if self.approval_request is None:
            return None
        partnership = self.initiative.partnership
        _, left_on = consent.standing(partnership.parties.all(), on or timezone.localdate())
        return consent.progress(self.approval_request, left_on=left_on)

    def awaiting(self) -> list[Organisation]:
        progress = self.approval()
        return [a.organisation for a in progress.awaited] if progress else []

    def is_approved_by_every_participant(self) -> bool:
        progress = self.approval()
        return progress is not None and progress.is_complete


def end_of_months(starts_on: datetime.date, months: int) -> datetime.date:
    """The last day of a period of whole months that begins on `starts_on`.

    003 §3.2: "a 12 month pilot with an interim review after 6 months", from 1 November 2013:
    its sixth month ends on 30 April 2014 and its twelfth on 31 October 2014. A period ends the
    day before the same date N months later; when that month has no such date (31 August + 6
    months), it ends on that month's last day (28 or 29 February).
    """
    same_date = starts_on + relativedelta(months=months)
    if same_date.day != starts_on.day:
        return same_date  # clipped to the month's last day: the period ends on it
    return same_date - datetime.timedelta(days=1)


class Pilot(models.Model):
    """A trial of an approved initiative for a fixed number of months (003 §3.2)."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="pilot")
    starts_on = models.DateField("Start date")
    length_months = models.PositiveSmallIntegerField(
        "Length in months", default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    interim_review_months = models.PositiveSmallIntegerField(
        "Interim review after (months)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(59)],
    )

    history = audited()
    objects = ChildQuerySet.as_manager()

    def __str__(self):
        return f"Pilot of {self.initiative}"

    def clean(self):
        if (
            self.length_months
            and self.interim_review_months
            and self.interim_review_months >= self.length_months
        ):
            raise ValidationError(
                {
                    "interim_review_months": "The interim review must come before the pilot "
                    f"ends: within its {self.length_months} months"
                }
            )

    @property
    def ends_on(self) -> datetime.date:
        return end_of_months(self.starts_on, self.length_months)

    @property
    def interim_review_on(self) -> datetime.date:
        return end_of_months(self.starts_on, self.interim_review_months)


class ReviewKind(models.TextChoices):
    INTERIM = "interim", "Interim review"
    END_OF_PILOT = "end_of_pilot", "End-of-pilot decision"


class PilotReview(models.Model):
    """A review the pilot was given when it started: its interim review and its final decision."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=20, choices=ReviewKind.choices)
    due_on = models.DateField("Due")
    held_on = models.DateField("Date held", null=True, blank=True)
    conclusion = models.TextField(blank=True)

    history = audited()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "kind"],
                name="one_review_of_each_kind",
                violation_error_message="The pilot already has that review",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.pilot.initiative}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.held_on is None and self.due_on < today


class KpiPeriod(models.TextChoices):
    """How often a KPI is measured; periods end on month, quarter (financial) or year ends."""

    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"
    YEAR = "year", "Yearly (financial year)"


class ToleranceBasis(models.TextChoices):
    RELATIVE = "relative", "a percentage of each council's target"
    ABSOLUTE = "absolute", "an amount in the KPI's unit"


class Kpi(models.Model):
    """A key performance indicator of an initiative, linked to its outcomes (004)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    higher_is_better = models.BooleanField(
        "Higher is better",
        default=True,
        help_text="Untick if a lower figure is better, such as days taken",
    )
    unit = models.CharField(
        max_length=60, blank=True, help_text="What the figure counts, like % or working days"
    )
    period = models.CharField(
        "how often it is measured",
        max_length=10,
        choices=KpiPeriod.choices,
        default=KpiPeriod.QUARTER,
    )
    tolerance_basis = models.CharField(
        "amber tolerance is",
        max_length=10,
        choices=ToleranceBasis.choices,
        default=ToleranceBasis.RELATIVE,
    )
    amber_tolerance = models.DecimalField(
        "amber tolerance",
        max_digits=12,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(0))],
        help_text="How far short of a council's target a figure may be and still be amber: a "
        "percentage of the target, or an amount in the KPI's unit",
    )

    history = audited()
    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "name"]
        verbose_name = "KPI"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name"],
                name="kpi_names_unique",
                violation_error_message="This initiative already has a KPI with that name",
            )
        ]

    def __str__(self):
        return self.name

    def targets_by_participant(self) -> list[tuple[Organisation, "KpiTarget | None"]]:
        targets = {t.organisation_id: t for t in self.targets.all()}
        return [(o, targets.get(o.pk)) for o in self.initiative.participants.all()]


class KpiTarget(GivenOnBehalf):
    """004 appendix 2: performance standards "may vary between partners, depending on the level
    of service required by each partner"."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="council"
    )
    target = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=60, help_text="For example, % or working days")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="owner at the council",
        help_text="The officer of the council who gives its figure each period",
    )

    history = audited()
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["kpi", "organisation__name"]
        verbose_name = "KPI target"
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "organisation"],
                name="one_target_per_council",
                violation_error_message="That council already has a target for this KPI",
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.display_target}"

    @property
    def display_target(self) -> str:
        figure = f"{self.target.normalize():f}"
        return f"{figure}{self.unit}" if self.unit == "%" else f"{figure} {self.unit}"


class KpiActual(GivenOnBehalf):
    """What a council achieved on a KPI in a period, given by that council (issue 18.1).

    One figure per council per period; a correction keeps the earlier figure in the history
    with its reason, and a withdrawn figure is kept but no longer counts.
    """

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="actuals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="council"
    )
    period_end = models.DateField("end of the period")
    value = models.DecimalField("figure", max_digits=12, decimal_places=2)
    note = models.TextField(blank=True)
    recorded_on = models.DateField("date recorded", default=timezone.localdate)
    correction_reason = models.TextField(
        "reason for the last correction",
        blank=True,
        help_text="Why the figure was corrected or withdrawn",
    )
    withdrawn = models.BooleanField(default=False)

    history = audited()
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["kpi", "organisation__name", "period_end"]
        verbose_name = "KPI figure"
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "organisation", "period_end"],
                name="one_kpi_figure_per_council_and_period",
                violation_error_message="That council already has a figure for this period",
            )
        ]

    def __str__(self):
        return f"{self.organisation}: {self.display_value} to {self.period_end:%-d %B %Y}"

    @property
    def display_value(self) -> str:
        figure = f"{self.value.normalize():f}"
        unit = self.kpi.unit
        if not unit:
            return figure
        return f"{figure}{unit}" if unit == "%" else f"{figure} {unit}"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class StatusReport(models.Model):
    """A periodic report on an initiative, RAG rated (DOMAIN §4: exception reports for amber and
    red)."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_reports"
    )
    period_end = models.DateField("End of the period reported on")
    rag = models.CharField("RAG rating", max_length=10, choices=Rag.choices)
    commentary = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audited()
    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "period_end"],
                name="one_status_report_per_period",
                violation_error_message="There is already a status report for that period",
            )
        ]

    def __str__(self):
        return f"{self.initiative}: {self.get_rag_display()} to {self.period_end:%-d %B %Y}"
