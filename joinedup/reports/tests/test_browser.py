"""axe-core over the quarterly report pages in a real browser, and the progress page updating
itself while a report is generated (progressive enhancement; without JavaScript it has a link
to refresh it).

The browser and page fixtures come from tests/browser; skipped where chromium or axe-core is
missing (and failing in CI).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from joinedup.reports.models import ReportRun, RunStatus
from tests.browser.helpers import axe_violations, describe_violations, sign_in, url

from .factories import ReportRunFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def live_report(transactional_db, live_server, report_world):
    report_world.done_run = ReportRunFactory(
        partnership=report_world.partnership,
        done=True,
        files=True,
        requested_by=report_world.east_officer,
    )
    report_world.queued_run = ReportRunFactory(
        partnership=report_world.partnership, quarter=4, requested_by=report_world.jpm
    )
    return report_world


def _assert_accessible(page, what):
    violations = axe_violations(page)
    assert not violations, f"{what}: {describe_violations(page, violations)}"


def test_the_reports_list_report_and_run_pages_pass_axe(page, live_server, live_report):
    world = live_report
    page.set_default_timeout(30_000)  # the shared test machine can be slow to serve
    sign_in(page, live_server, "east.officer")
    for path in (
        reverse("reports:list", args=["elm"]),
        reverse("reports:quarter", args=["elm", 2013, 3]),
        reverse("reports:run", args=["elm", world.done_run.pk]),
        reverse("reports:run", args=["elm", world.queued_run.pk]),
        reverse("reports:request", args=["elm"]),
    ):
        page.goto(url(live_server, path))
        _assert_accessible(page, path)
    # The report page: its charts are images with a title and a table of their figures.
    page.goto(url(live_server, reverse("reports:quarter", args=["elm", 2013, 3])))
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarterly report, Q3 2013/14")
    expect(
        page.get_by_role("img", name="Savings by financial year, East Lothian and Midlothian")
    ).to_be_visible()
    expect(
        page.get_by_role("table", name="Savings by council: the figures in the chart")
    ).to_be_visible()
    # The request form's error state.
    page.goto(url(live_server, reverse("reports:request", args=["elm"])))
    page.get_by_role("button", name="Generate the report").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    _assert_accessible(page, "the request form with an error")


def test_the_progress_page_updates_itself_when_the_files_are_ready(page, live_server, live_report):
    world = live_report
    page.set_default_timeout(30_000)  # the shared test machine can be slow to serve
    sign_in(page, live_server, "east.officer")
    page.goto(url(live_server, reverse("reports:run", args=["elm", world.queued_run.pk])))
    expect(page.get_by_text("0%: Waiting to start")).to_be_visible()
    ReportRun.objects.filter(pk=world.queued_run.pk).update(
        progress=40, step="Writing the DOCX", status=RunStatus.RUNNING
    )
    expect(page.get_by_text("40%: Writing the DOCX")).to_be_visible(timeout=10_000)
    run = ReportRun.objects.get(pk=world.queued_run.pk)
    run.status, run.progress, run.step = RunStatus.DONE, 100, "Ready to download"
    run.save()
    from django.core.files.base import ContentFile

    run.pdf.save(run.filename("pdf"), ContentFile(b"%PDF-1.7"))
    expect(page.get_by_role("link", name="Download the report as PDF")).to_be_visible(
        timeout=10_000
    )
