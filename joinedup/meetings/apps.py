from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "joinedup.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from django.db.models.signals import post_migrate

        from joinedup.organisations import consent

        from . import popolo  # noqa: F401  registers meetings as Popolo events

        consent.register_reader(_readable_ratification_requests)

        post_migrate.connect(_ensure_search, sender=self, dispatch_uid="meetings_ensure_search")


def _readable_ratification_requests(user):
    from .models import Decision

    return (
        Decision.objects.visible_to(user)
        .filter(ratification_request__isnull=False)
        .values("ratification_request")
    )


def _ensure_search(sender, using="default", **kwargs):
    """Put back the decision search triggers if a migration rebuilt a table (SQLite)."""
    from django.db import connections

    from . import fts

    connection = connections[using]
    if "meetings_decision" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "meetings_decision")
    if any(column.name == "search_vector" for column in columns):  # not before 0002 (or after
        fts.ensure(connection)  # migrating back past it)
