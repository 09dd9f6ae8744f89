"""Imports on the task queue (retried, then recorded as failed) and the pages around them."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from joinedup.committees.models import Committee, CommitteeSystem, ImportRun, RunStatus
from joinedup.committees.tasks import MAX_ATTEMPTS, import_committee_system
from joinedup.notices.models import Notice

from .moderngov_server import Answer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker closes "old" connections between tasks; in a test that is the test's own."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


WEB_PAGE = Answer(b"<html><body>Access denied</body></html>", content_type="text/html")


@pytest.fixture
def followed(councils):
    from joinedup.committees.importing import refresh_committees

    refresh_committees(councils.system)
    cabinet = Committee.objects.get(system=councils.system, title="Cabinet")
    cabinet.followed_by.add(councils.partnership)
    return cabinet


def test_a_scheduled_import_runs_on_the_queue_and_records_what_it_did(councils, followed):
    call_command("import_committee_systems", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    run = ImportRun.objects.get()
    assert run.status == RunStatus.SUCCEEDED
    assert (run.meetings_imported, run.items_imported, run.notices_offered) == (2, 2, 1)
    assert "1 restricted items left out" in run.message


def test_a_failed_import_is_tried_again_and_then_recorded_as_failed(councils, followed, moderngov):
    moderngov.answers["GetMeetings-130"] = WEB_PAGE
    import_committee_system.call(councils.system.pk)
    first = ImportRun.objects.get()
    assert first.status == RunStatus.RETRYING
    assert "web page" in first.message
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"] == [councils.system.pk, 2]
    assert retry.run_after is not None and retry.run_after > first.started_at
    import_committee_system.call(councils.system.pk, MAX_ATTEMPTS)
    last = ImportRun.objects.order_by("-pk").first()
    assert last.status == RunStatus.FAILED
    assert last.message.endswith(f"(after {MAX_ATTEMPTS} attempts)")
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # no fourth attempt queued
    assert not Notice.objects.exists()


def test_the_council_sees_its_imports_and_their_failures(councils, followed, moderngov, client_for):
    moderngov.answers["GetMeetings-130"] = WEB_PAGE
    import_committee_system.call(councils.system.pk, MAX_ATTEMPTS)
    page = client_for(councils.gedling_officer).get(
        f"/organisations/{councils.gedling.code}/committee-system/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Failed" in html and "with a web page, not the web service" in html
    assert "Cabinet" in html and "Gedling and Rushcliffe" in html


def test_a_councils_officer_sets_up_its_committee_system(councils, moderngov, client_for):
    councils.system.delete()
    url = f"/organisations/{councils.gedling.code}/committee-system/"
    client = client_for(councils.gedling_officer)
    response = client.post(url, {"action": "save", "base_url": "", "is_enabled": "on"})
    assert response.status_code == 200
    assert "Enter the address of the committee system" in response.content.decode()
    response = client.post(
        url,
        {"action": "save", "base_url": f"{moderngov.url}/mgWebService.asmx", "is_enabled": "on"},
    )
    assert response.status_code == 302
    system = CommitteeSystem.objects.get(organisation=councils.gedling)
    assert system.base_url == moderngov.url  # the service's own path is taken off
    assert system.committees.count() == 3


@pytest.mark.parametrize("who", ["rushcliffe_officer", "outsider_officer", "public"])
def test_no_one_else_sets_up_a_councils_committee_system(councils, client_for, who):
    url = f"/organisations/{councils.gedling.code}/committee-system/"
    client = client_for(getattr(councils, who))
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"action": "save", "base_url": "https://evil.example"}).status_code == 403
    )
    councils.system.refresh_from_db()
    assert councils.system.base_url != "https://evil.example"


def test_anonymous_visitors_are_sent_to_sign_in(councils, client):
    response = client.get(f"/organisations/{councils.gedling.code}/committee-system/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_a_partnership_council_chooses_the_committees_it_follows(councils, client_for):
    from joinedup.committees.importing import refresh_committees

    refresh_committees(councils.system)
    planning = Committee.objects.get(title="Planning Committee")
    url = f"/partnerships/{councils.partnership.slug}/council-meetings/committees/"
    response = client_for(councils.rushcliffe_officer).post(url, {"committees": [str(planning.pk)]})
    assert response.status_code == 302
    assert list(councils.partnership.followed_committees.all()) == [planning]
    outsider = client_for(councils.outsider_officer)
    assert outsider.get(url).status_code == 403
    assert outsider.post(url, {"committees": []}).status_code == 403
    assert list(councils.partnership.followed_committees.all()) == [planning]


def test_the_public_reads_the_imported_meetings_and_the_council_finds_its_draft_notices(
    councils, followed, client_for
):
    import_committee_system.call(councils.system.pk)
    page = client_for(councils.public).get(
        f"/partnerships/{councils.partnership.slug}/council-meetings/"
    )
    html = page.content.decode()
    assert "Joint Waste Collection Contract with Rushcliffe" in html
    assert "Report of the Director of Environment" in html
    assert "Colwick" not in html and "Exempt report" not in html
    # the notice board: the draft is Gedling's to confirm, seen only by Gedling
    board = client_for(councils.gedling_officer).get("/notices/").content.decode()
    assert "Joint Waste Collection Contract with Rushcliffe" in board
    for other in (councils.rushcliffe_officer, councils.public):
        assert "Joint Waste Collection" not in client_for(other).get("/notices/").content.decode()
