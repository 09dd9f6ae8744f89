"""A request to generate a partnership's quarterly report as DOCX and PDF, and its progress.

The report's figures are gathered by `quarterly.gather`; the files are made in the background
by `tasks.generate_report`, which updates the run's progress step by step. The files are never
served from a public media URL: `views.download` checks the reader may read the partnership.

A run is not audited: it is a record of generated output, not a decision; who asked for it
and when are kept on the run itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.finance.years import FinancialYear, Quarter


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Being generated"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


IN_PROGRESS = (RunStatus.QUEUED, RunStatus.RUNNING)


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Runs are read with their partnership: unpublished ones only from inside it."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


def _upload_to(run, filename):
    return f"reports/{run.partnership_id}/{filename}"


class ReportRun(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="report_runs"
    )
    financial_year = models.PositiveSmallIntegerField(
        help_text="The year in which the financial year starts: 2013 for 2013/14"
    )
    quarter = models.PositiveSmallIntegerField(
        help_text="1 (April to June) to 4 (January to March)"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("progress (%)", default=0)
    step = models.CharField(max_length=200, default="Waiting to start")
    docx = models.FileField("DOCX", upload_to=_upload_to, blank=True)
    pdf = models.FileField("PDF", upload_to=_upload_to, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="report_run_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="report_run_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return f"Quarterly report {self.quarter_label}, {self.partnership}"

    def get_absolute_url(self):
        return reverse("reports:run", args=[self.partnership.slug, self.pk])

    @property
    def period(self) -> Quarter:
        return Quarter(FinancialYear(self.financial_year), self.quarter)

    @property
    def quarter_label(self) -> str:
        return self.period.label

    @property
    def is_in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def is_done(self) -> bool:
        return self.status == RunStatus.DONE

    def filename(self, extension: str) -> str:
        return (
            f"{self.partnership.slug}-quarterly-report-{self.financial_year}-q{self.quarter}"
            f".{extension}"
        )
