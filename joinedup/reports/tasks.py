"""The background task that makes a quarterly report's DOCX and PDF, step by step."""

import traceback

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import documents, quarterly
from .models import ReportRun, RunStatus

STEPS = [
    (10, "Gathering the programme, decisions, money and savings"),
    (40, "Writing the DOCX"),
    (70, "Writing the PDF"),
    (95, "Saving the files"),
]


def _progress(run_id: int, percent: int, step: str, **fields) -> None:
    """Written at once (outside any transaction) so that the page can show it."""
    ReportRun.objects.filter(pk=run_id).update(progress=percent, step=step, **fields)


def generate(run_id: int) -> None:
    """Make the run's files; on failure, record why and leave no half-saved files."""
    run = ReportRun.objects.select_related("partnership").get(pk=run_id)
    if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        return
    _progress(run_id, 1, "Starting", status=RunStatus.RUNNING)
    try:
        _progress(run_id, *STEPS[0])
        report = quarterly.gather(run.partnership, run.period)
        _progress(run_id, *STEPS[1])
        docx = documents.docx_bytes(report)
        _progress(run_id, *STEPS[2])
        pdf = documents.pdf_bytes(report)
        _progress(run_id, *STEPS[3])
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().get(pk=run_id)
            run.docx.save(run.filename("docx"), ContentFile(docx), save=False)
            run.pdf.save(run.filename("pdf"), ContentFile(pdf), save=False)
            run.status, run.progress, run.step = RunStatus.DONE, 100, "Ready to download"
            run.finished_at = timezone.now()
            run.save()
    except Exception as error:  # recorded for the person who asked, then raised for the worker
        ReportRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            step="Failed",
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        traceback.print_exc()
        raise


@task()
def generate_report(run_id: int) -> None:
    generate(run_id)
