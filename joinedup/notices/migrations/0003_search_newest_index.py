"""PostgreSQL: an index that walks notices newest first with drafts (no publication date)
last, for the first step of a search (joinedup/notices/search.py `_newest_matches`)."""

from django.db import migrations

INDEX = "notice_search_newest"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON notices_notice "
            "(published_at DESC NULLS LAST, id DESC)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_search")]

    operations = [migrations.RunPython(create, drop)]
