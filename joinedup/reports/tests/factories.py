"""Report runs for tests, and the records the access matrix points at."""

import datetime

import factory
from django.core.files.base import ContentFile

from joinedup.reports.models import ReportRun, RunStatus


class ReportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun
        skip_postgeneration_save = True

    financial_year = 2013
    quarter = 3

    class Params:
        done = factory.Trait(status=RunStatus.DONE, progress=100, step="Ready to download")

    @factory.post_generation
    def files(self, create, extracted, **kwargs):
        """`files=True` stores small stand-in DOCX and PDF files on a finished run."""
        if create and extracted:
            self.docx.save(self.filename("docx"), ContentFile(b"PK\x03\x04 stand-in docx"))
            self.pdf.save(self.filename("pdf"), ContentFile(b"%PDF-1.7 stand-in pdf"))


def add_reports(world):
    """A finished report run with its files in each partnership, for the access matrix."""
    world.report_run = ReportRunFactory(
        partnership=world.partnership, done=True, files=True, requested_by=world.east_officer
    )
    world.hidden_report_run = ReportRunFactory(
        partnership=world.hidden, done=True, files=True, requested_by=world.mid_officer
    )
    return world


D = datetime.date
