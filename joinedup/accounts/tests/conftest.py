import pytest


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker closes "old" database connections between tasks; inside a test's
    transaction that would close the test's own connection (PostgreSQL), so not here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


@pytest.fixture
def site(settings):
    settings.JOINEDUP_SITE_URL = "https://joinedup.example"
    return "https://joinedup.example/"
