from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "joinedup.notices"
    verbose_name = "Notices"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_search, sender=self, dispatch_uid="notices_ensure_search")


def _ensure_search(sender, using="default", **kwargs):
    """Put back the search triggers if a migration rebuilt the notices table (SQLite)."""
    from django.db import connections

    from . import fts

    connection = connections[using]
    if "notices_notice" in connection.introspection.table_names():
        fts.ensure(connection)
