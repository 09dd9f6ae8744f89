"""The pages, the background generation, the downloads and who may use them."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from docx import Document
from openpyxl import load_workbook

from joinedup.reports.models import ReportRun, RunStatus
from joinedup.reports.tasks import generate

from .factories import ReportRunFactory


def test_the_reports_list_offers_quarters_and_the_generate_button_to_officers(
    report_world, client_for
):
    url = reverse("reports:list", args=["elm"])
    page = client_for(report_world.east_officer).get(url).content.decode()
    assert "Q3 2013/14" in page
    assert reverse("reports:request", args=["elm"]) in page
    public = client_for(None).get(url).content.decode()
    assert reverse("reports:request", args=["elm"]) not in public


def test_the_report_page_shows_the_quarters_figures(report_world, client_for):
    url = reverse("reports:quarter", args=["elm", 2013, 3])
    page = client_for(None).get(url).content.decode()
    assert "Quarterly report, Q3 2013/14" in page
    assert "£90,000.00" in page  # fund balance at 31 December 2013
    assert "Midlothian Council pays East Lothian Council £200.00" in page
    assert "Pilot progress" in page and "Staff restructure" not in page
    assert "<svg" in page and "Savings by financial year: the figures in the chart" in page
    # The savings tables beside the charts carry the data's totals (see test_documents.py).
    assert "£80,000.00" in page and "£75,000.00" in page


@pytest.mark.parametrize("path", [(2013, 5), (1800, 1)])
def test_a_quarter_that_does_not_exist_is_not_found(world, client_for, path):
    assert client_for(None).get(reverse("reports:quarter", args=["elm", *path])).status_code == 404


def test_asking_for_a_report_queues_a_task_that_the_worker_runs(
    transactional_db, report_world, client_for
):
    """The real database worker runs the task; the test is transactional because the worker
    checks its connection as a separate process would (on PostgreSQL, a connection inside a
    test's transaction would be closed)."""
    client = client_for(report_world.east_officer)
    response = client.post(reverse("reports:request", args=["elm"]), {"quarter": "2013-3"})
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert (run.status, run.requested_by, run.financial_year, run.quarter) == (
        RunStatus.QUEUED,
        report_world.east_officer,
        2013,
        3,
    )
    assert DBTaskResult.objects.count() == 1
    waiting = client.get(run.get_absolute_url()).content.decode()
    assert "Refresh this page" in waiting and "data-report-progress" in waiting
    # Asking again while it is queued does not queue a second one.
    client.post(reverse("reports:request", args=["elm"]), {"quarter": "2013-3"})
    assert ReportRun.objects.count() == 1

    call_command("db_worker", batch=True, startup_delay=False, interval=0)

    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == (RunStatus.DONE, 100, "")
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Download the report as DOCX" in page and "data-report-progress" not in page
    docx = client.get(reverse("reports:run_docx", args=["elm", run.pk]))
    assert docx.status_code == 200
    assert docx["Content-Disposition"].startswith("attachment")
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(b"".join(docx.streaming_content))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "£90,000.00" in text
    pdf = client.get(reverse("reports:run_pdf", args=["elm", run.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    # Anyone may read a published partnership's report files.
    assert client_for(None).get(reverse("reports:run_pdf", args=["elm", run.pk])).status_code == 200


def test_a_failed_generation_is_recorded_with_its_reason(world):
    # A financial year the app cannot represent makes the real generation fail.
    run = ReportRunFactory(partnership=world.partnership, financial_year=1800)
    with pytest.raises(ValueError):
        generate(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "1800 is not a financial year" in run.error
    assert not run.docx and not run.pdf


def test_the_request_form_says_what_is_wrong(world, client_for):
    client = client_for(world.east_officer)
    response = client.post(reverse("reports:request", args=["elm"]), {"quarter": "2013-9"})
    assert response.status_code == 200
    assert "Choose a quarter from the list" in response.content.decode()
    response = client.post(reverse("reports:request", args=["elm"]), {})
    assert "Choose the quarter to report on" in response.content.decode()
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize("role", ["mid_member", "public", "essex_officer"])
def test_people_outside_the_councils_cannot_ask_for_a_report(world, client_for, role):
    response = client_for(getattr(world, role)).post(
        reverse("reports:request", args=["elm"]), {"quarter": "2013-3"}
    )
    assert response.status_code == 403
    assert not ReportRun.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_an_unpublished_partnerships_report_files_are_for_insiders_only(world, client_for):
    run = ReportRunFactory(partnership=world.hidden, done=True, files=True)
    for name in ("reports:run_docx", "reports:run_pdf", "reports:run"):
        url = reverse(name, args=["hidden", run.pk])
        for user in (None, world.public, world.east_officer, world.essex_officer):
            assert client_for(user).get(url).status_code == 404, (name, user)
        assert client_for(world.mid_member).get(url).status_code == 200
    # A run cannot be read through another partnership's address either.
    url = reverse("reports:run_pdf", args=["elm", run.pk])
    assert client_for(world.east_officer).get(url).status_code == 404


def test_a_run_not_finished_has_no_files_to_download(world, client_for):
    run = ReportRunFactory(partnership=world.partnership)
    url = reverse("reports:run_docx", args=["elm", run.pk])
    assert client_for(world.east_officer).get(url).status_code == 404


def test_the_programme_exports_as_csv_and_xlsx(report_world, client_for):
    from joinedup.programme.models import Initiative

    Initiative.objects.filter(pk=report_world.idea.pk).update(title='=HYPERLINK("x")')
    client = client_for(None)
    csv = client.get(reverse("reports:programme_csv", args=["elm"])).content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0].startswith("Initiative,Stage,Service area")
    pilot = next(line for line in lines if line.startswith("Environmental health"))
    assert "Pilot" in pilot and "Midlothian Council" in pilot and "140000.00" in pilot
    assert "75000.00" in pilot
    assert "'=HYPERLINK" in csv  # neutralised, not a formula
    response = client.get(reverse("reports:programme_xlsx", args=["elm"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Initiative"
    pilot_row = next(r for r in rows if r[0] == "Environmental health and trading standards")
    assert pilot_row[9] == 140000 and pilot_row[10] == 75000
    for user in (None, world_user := report_world.east_officer):
        assert (
            client_for(user).get(reverse("reports:programme_csv", args=["hidden"])).status_code
            == 404
        )
    del world_user
