"""Asking for a quarterly report's files."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.agreements.models import Partnership
from joinedup.finance.years import Quarter

from . import permissions
from .models import ReportRun
from .tasks import generate_report


@transaction.atomic
def request_report(partnership: Partnership, quarter: Quarter, *, by) -> ReportRun:
    """A queued run and its task, together or not at all (the task queue is in the database)."""
    if not permissions.can_request(by, partnership):
        raise PermissionDenied(permissions.ONLY_THE_PARTNERSHIP)
    if quarter.number not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "Choose a quarter from the list"})
    existing = (
        ReportRun.objects.filter(
            partnership=partnership,
            financial_year=quarter.financial_year.start_year,
            quarter=quarter.number,
        )
        .filter(status__in=("queued", "running"))
        .first()
    )
    if existing:
        return existing
    run = ReportRun.objects.create(
        partnership=partnership,
        financial_year=quarter.financial_year.start_year,
        quarter=quarter.number,
        requested_by=by,
    )
    generate_report.enqueue(run.pk)
    return run
