"""Councils' own committee systems, read into joinedup so that nothing is typed in twice.

Each council that publishes a ModernGov web service (`…/mgWebService.asmx`) has a
`CommitteeSystem`. Its committees are listed from the service; a partnership chooses the
ones it follows; the meetings and agenda items of those are imported on a schedule as that
council's own meetings (never restricted items), each with a link to the source, and each
item is offered to its council as a draft notice of decision. Every import is one
`ImportRun`, whose outcome is kept, so that a failure is seen, not lost.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation


class CommitteeSystem(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="committee_system"
    )
    base_url = models.URLField(
        "Address of the committee system",
        help_text="The address of the council's ModernGov site, like https://democracy.example.gov.uk",
    )
    is_enabled = models.BooleanField("Import on a schedule", default=True)

    class Meta:
        ordering = ["organisation__name"]

    def __str__(self):
        return f"{self.organisation}'s committee system"

    def get_absolute_url(self):
        return reverse("committees:system", args=[self.organisation.code])

    @property
    def service_url(self) -> str:
        return self.base_url.rstrip("/") + "/mgWebService.asmx"

    @property
    def last_run(self) -> "ImportRun | None":
        return self.runs.order_by("-started_at", "-pk").first()


class Committee(models.Model):
    """One of a council's own committees, as its committee system lists it."""

    system = models.ForeignKey(CommitteeSystem, on_delete=models.CASCADE, related_name="committees")
    external_id = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    followed_by = models.ManyToManyField(
        Partnership, blank=True, related_name="followed_committees"
    )

    class Meta:
        ordering = ["system", "title"]
        constraints = [
            models.UniqueConstraint(fields=["system", "external_id"], name="one_committee_per_id")
        ]

    def __str__(self):
        return f"{self.title} ({self.system.organisation})"


class CouncilMeeting(models.Model):
    """A meeting of a council's own committee, imported from its committee system."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    external_id = models.CharField(max_length=40)
    date = models.DateField()
    time = models.CharField(max_length=20, blank=True)
    location = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=100, blank=True)
    source_url = models.URLField(max_length=500)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["date", "committee__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "external_id"], name="one_council_meeting_per_id"
            )
        ]

    def __str__(self):
        return f"{self.committee.title}, {self.date:%-d %B %Y}"


class CouncilAgendaItem(models.Model):
    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="items")
    external_id = models.CharField(max_length=40)
    number = models.CharField(max_length=20, blank=True)
    title = models.CharField(max_length=500)
    documents = models.JSONField(
        default=list, help_text="The item's linked documents: a list of {title, url}"
    )
    draft_notice = models.OneToOneField(
        "notices.Notice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_from",
    )

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "external_id"], name="one_council_item_per_id"
            )
        ]

    def __str__(self):
        return self.title


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Imported"
    RETRYING = "retrying", "Failed, will try again"
    FAILED = "failed", "Failed"


class ImportRun(models.Model):
    system = models.ForeignKey(CommitteeSystem, on_delete=models.CASCADE, related_name="runs")
    attempt = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    message = models.TextField(blank=True)
    meetings_imported = models.PositiveIntegerField(default=0)
    items_imported = models.PositiveIntegerField(default=0)
    notices_offered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.system.organisation}: {self.get_status_display()} ({self.started_at:%c})"
