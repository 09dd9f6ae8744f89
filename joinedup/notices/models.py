"""The cross-authority notice board (Kinghan Rec 1, 3, 4): notices of decisions that affect
other councils' areas, when each affected council was told, subscriptions and consultations.

The rules live in `lead_time.py` (days of notice and lateness), `permissions.py` (who sees
and changes what), `search.py`, `actions.py` (publishing, withdrawing, consulting) and
`tasks.py` (email).
"""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.audit.models import audited
from joinedup.organisations.models import Organisation, Person

DEFAULT_LEAD_DAYS = 28


class Category(models.TextChoices):
    PLANNING = "planning", "Planning"
    HIGHWAYS = "highways", "Highways"
    WASTE = "waste", "Waste"
    HOUSING = "housing", "Housing"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATION = "education", "Education"
    ECONOMIC_DEVELOPMENT = "economic_development", "Economic development"
    FINANCE = "finance", "Finance and budget"
    SERVICE_CHANGE = "service_change", "Service change"
    PROCUREMENT = "procurement", "Procurement"
    OTHER = "other", "Other"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class NoticeStandard(models.Model):
    """A partnership's standard advance notice of decisions (Kinghan Rec 1), in days."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="notice_standard"
    )
    lead_days = models.PositiveIntegerField(
        "Days of notice", default=DEFAULT_LEAD_DAYS, help_text="Days before the decision"
    )

    def __str__(self):
        return f"{self.partnership}: {self.lead_days} days"


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import visible_notices_q

        return self.filter(visible_notices_q(user))

    def public(self):
        # Every published or withdrawn notice has published_at; saying so lets the newest-first
        # index skip the drafts (whose null dates sort first) instead of reading past them.
        return self.filter(
            status__in=[NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN], published_at__isnull=False
        )

    def published(self):
        return self.filter(status=NoticeStatus.PUBLISHED)

    def affecting(self, organisation):
        return self.filter(areas__organisation=organisation)

    def coming_up_for(self, organisation, today: datetime.date | None = None):
        """Published notices affecting the organisation whose decision is still ahead."""
        today = today or timezone.localdate()
        return (
            self.published()
            .filter(areas__organisation=organisation, decision_date__gte=today)
            .order_by("decision_date", "pk")
        )


class Notice(models.Model):
    publisher = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="notices_published",
        verbose_name="publishing council",
    )
    partnership = models.ForeignKey(
        Partnership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        help_text="The partnership whose standard notice period applies, if any",
    )
    title = models.CharField(max_length=250)
    summary = models.TextField(help_text="What is being decided and what it means for other areas")
    category = models.CharField(max_length=30, choices=Category.choices)
    decision_date = models.DateField("Decision date")
    decision_maker = models.CharField(
        "Decision maker",
        max_length=200,
        help_text="For example, Cabinet or Cabinet Member for Highways",
    )
    papers_url = models.URLField("Link to the papers", blank=True)
    status = models.CharField(
        max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)
    affected = models.ManyToManyField(
        Organisation, through="AffectedArea", related_name="notices_affecting", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # PostgreSQL: kept up to date by a trigger and indexed with GIN (migration 0002).
    # SQLite: always empty; an FTS5 table kept by triggers does the work there.
    search_vector = SearchVectorField(null=True, editable=False)

    history = audited(excluded_fields=["search_vector"])
    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="notice_newest_first"),
            models.Index(fields=["status", "-published_at"], name="notice_status_published"),
            models.Index(fields=["status", "decision_date"], name="notice_status_decision"),
            models.Index(fields=["publisher", "status"], name="notice_publisher_status"),
            models.Index(fields=["category", "status"], name="notice_category_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_notice_has_published_at",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == NoticeStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED

    @property
    def published_on(self) -> datetime.date | None:
        return timezone.localdate(self.published_at) if self.published_at else None


class ThroughNoticeQuerySet(models.QuerySet):
    """Records that are as visible as the notice they belong to."""

    notice_path = "notice__"

    def visible_to(self, user):
        from .permissions import visible_notices_q

        return self.filter(visible_notices_q(user, self.notice_path))


class ConsulteeQuerySet(ThroughNoticeQuerySet):
    notice_path = "consultation__notice__"


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .permissions import readable_responses_q

        return self.filter(readable_responses_q(user))


class AffectedArea(models.Model):
    """An organisation whose area a notice affects, when it was first told and of which
    decision date. joinedup records both itself: at publication, or at the revision that
    added the area; only a manager's correction (`NoticeCorrection`) changes them."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="areas")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="affected_by"
    )
    notified_at = models.DateTimeField(
        "Told on", null=True, blank=True, help_text="When the affected council was first told"
    )
    decision_date_as_told = models.DateField(
        "Decision date when first told",
        null=True,
        blank=True,
        help_text="The decision date the notice gave when the council was first told",
    )

    history = audited()
    objects = ThroughNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "organisation"], name="one_area_per_notice")
        ]
        indexes = [models.Index(fields=["organisation", "notice"], name="area_org_notice")]

    def __str__(self):
        return f"{self.organisation} ({self.notice})"


class NoticeRevision(models.Model):
    """The notice as it stood from `made_at`: number 1 is the notice as published; each
    change to a published notice's decision date, areas or wording makes the next. Kept as
    written: what the notice said is never rewritten (issue 13.4)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    made_at = models.DateTimeField(help_text="When joinedup recorded the revision")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=250)
    summary = models.TextField()
    category = models.CharField(max_length=30, choices=Category.choices)
    decision_date = models.DateField("Decision date")
    decision_maker = models.CharField("Decision maker", max_length=200)
    papers_url = models.URLField("Link to the papers", blank=True)
    areas = models.ManyToManyField(Organisation, related_name="+", verbose_name="affected areas")

    history = audited()
    objects = ThroughNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "number"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="one_revision_number")
        ]

    def __str__(self):
        return f"{self.notice}, revision {self.number}"


class CorrectedDate(models.TextChoices):
    PUBLISHED_ON = "published_on", "Date published"
    TOLD_ON = "told_on", "Date the council was told"
    DECISION_DATE_AS_TOLD = "decision_date_as_told", "Decision date the council was told of"


class NoticeCorrection(models.Model):
    """A partnership manager's correction of a date joinedup recorded wrongly, with the
    reason: kept and shown on the notice beside what it replaced."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="corrections")
    area = models.ForeignKey(
        AffectedArea,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="corrections",
        help_text="The affected council whose date is corrected (blank: the notice's own)",
    )
    corrected = models.CharField("Date corrected", max_length=30, choices=CorrectedDate.choices)
    was = models.DateField("Recorded as", null=True, blank=True)
    now = models.DateField("Corrected to")
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    history = audited()
    objects = ThroughNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="notice_correction_has_a_reason"),
            models.CheckConstraint(
                condition=Q(corrected="published_on", area__isnull=True)
                | (~Q(corrected="published_on") & Q(area__isnull=False)),
                name="notice_correction_names_its_area",
            ),
        ]

    def __str__(self):
        return f"{self.get_corrected_display()} of {self.notice} corrected to {self.now}"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "Straight away"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"


class Subscription(models.Model):
    """A user's wish to hear of notices affecting an area, in a category (blank: any)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_subscriptions"
    )
    area = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="affected area",
    )
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["frequency", "area"], name="subscription_freq_area")]

    def __str__(self):
        area = self.area.name if self.area else "any area"
        category = self.get_category_display() if self.category else "any category"
        return f"{area}, {category.lower()}, {self.get_frequency_display().lower()}"


class Digest(models.Model):
    """A daily or weekly digest sent to a user, and the period of publication it covers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_digests"
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    covers_from = models.DateTimeField()
    covers_to = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-covers_to", "-pk"]
        indexes = [models.Index(fields=["user", "frequency", "-covers_to"], name="digest_latest")]

    def __str__(self):
        return f"{self.get_frequency_display()} to {self.user} up to {self.covers_to}"


class Delivery(models.Model):
    """A notice sent to a user, straight away or in a digest: never sent to them twice,
    whatever combination of subscriptions they have."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_deliveries"
    )
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        help_text="The subscription it was sent for",
    )
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "notice"], name="one_delivery_per_user")
        ]

    def __str__(self):
        return f"{self.notice} to {self.user}"


class Consultation(models.Model):
    """A notice's consultation of named councils and people, with a deadline (Kinghan Rec 4)."""

    notice = models.OneToOneField(Notice, on_delete=models.CASCADE, related_name="consultation")
    deadline = models.DateField("Deadline for responses")
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audited()
    objects = ThroughNoticeQuerySet.as_manager()

    def __str__(self):
        return f"Consultation on {self.notice}"

    def get_absolute_url(self):
        return reverse("notices:consultation", args=[self.notice_id])

    def is_closed(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.deadline


class Consultee(models.Model):
    """A council, or a named person (each leader and chief executive personally) with the
    council they were at when consulted. The list is fixed when the consultation opens."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="consultees"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council consulted, or the named person's council when consulted",
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = audited()
    objects = ConsulteeQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        if self.person_id:
            return f"{self.person.name}, {self.organisation.name}"
        return self.organisation.name

    @property
    def council(self) -> Organisation:
        return self.organisation


class Position(models.TextChoices):
    SUPPORT = "support", "Support"
    OBJECT = "object", "Object"
    COMMENT = "comment", "Comment"


class Response(models.Model):
    consultee = models.OneToOneField(Consultee, on_delete=models.CASCADE, related_name="response")
    position = models.CharField(max_length=20, choices=Position.choices)
    text = models.TextField("Response")
    responded_at = models.DateTimeField(default=timezone.now)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who recorded the response in joinedup",
    )
    given_by = models.CharField(
        "Given by",
        max_length=200,
        blank=True,
        help_text="Recorded on the council's behalf: the person who gave the response",
    )
    given_on = models.DateField(
        "Given on", null=True, blank=True, help_text="Recorded on the council's behalf: when"
    )

    history = audited()
    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(given_by="", given_on__isnull=True)
                | (~Q(given_by="") & Q(given_on__isnull=False)),
                name="response_on_behalf_names_who_and_when",
            )
        ]

    def __str__(self):
        return f"Response of {self.consultee}"

    @property
    def recorded_on_behalf(self) -> bool:
        return bool(self.given_by)

    @property
    def received_on(self) -> datetime.date:
        return self.given_on or timezone.localdate(self.responded_at)

    @property
    def is_late(self) -> bool:
        return self.received_on > self.consultee.consultation.deadline


class ConsultationEmailKind(models.TextChoices):
    OPENED = "opened", "Consultation opened"
    REMINDER = "reminder", "Reminder before the deadline"


class ConsultationEmail(models.Model):
    """An email to a person named in a consultation: once when it opens, once as a reminder."""

    consultee = models.ForeignKey(Consultee, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=ConsultationEmailKind.choices)
    to = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultee", "kind"], name="one_consultation_email")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"
