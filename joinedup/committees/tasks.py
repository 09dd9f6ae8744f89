"""Importing committee systems on the task queue, with retries.

`import_committee_system` is enqueued for every enabled system by
`manage.py import_committee_systems` (run by cron, e.g. nightly) and by "Import now". A
failure is recorded on its `ImportRun` and tried again later, up to MAX_ATTEMPTS; the last
failure stays on the council's page until an import succeeds.
"""

import datetime

from django.utils import timezone
from django_tasks import task

from .importing import import_system
from .models import CommitteeSystem, ImportRun, RunStatus
from .moderngov import CommitteeSystemError

MAX_ATTEMPTS = 3
RETRY_AFTER = datetime.timedelta(minutes=15)


@task()
def import_committee_system(system_id: int, attempt: int = 1) -> str:
    system = CommitteeSystem.objects.select_related("organisation").get(pk=system_id)
    run = ImportRun.objects.create(system=system, attempt=attempt)
    try:
        result = import_system(system)
    except CommitteeSystemError as error:
        run.message = str(error)
        run.finished_at = timezone.now()
        if attempt < MAX_ATTEMPTS:
            run.status = RunStatus.RETRYING
            run.save()
            import_committee_system.using(run_after=timezone.now() + RETRY_AFTER * attempt).enqueue(
                system_id, attempt + 1
            )
        else:
            run.status = RunStatus.FAILED
            run.message += f" (after {attempt} attempts)"
            run.save()
        return run.get_status_display()
    except Exception:
        run.status, run.finished_at = RunStatus.FAILED, timezone.now()
        run.message = "The import stopped with an unexpected error; the administrators can see it"
        run.save()
        raise
    run.status, run.finished_at = RunStatus.SUCCEEDED, timezone.now()
    run.meetings_imported, run.items_imported = result.meetings, result.items
    run.notices_offered = result.notices_offered
    run.message = (
        f"{result.meetings} meetings, {result.items} agenda items, "
        f"{result.notices_offered} draft notices offered"
        + (
            f"; {result.restricted_skipped} restricted items left out"
            if result.restricted_skipped
            else ""
        )
    )
    run.save()
    return run.get_status_display()


def enqueue_all() -> int:
    systems = list(CommitteeSystem.objects.filter(is_enabled=True).values_list("pk", flat=True))
    for pk in systems:
        import_committee_system.enqueue(pk)
    return len(systems)
