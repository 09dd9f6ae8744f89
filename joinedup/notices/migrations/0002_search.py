"""Full-text search: a trigger-kept tsvector with a GIN index on PostgreSQL, an FTS5 table kept
by triggers on SQLite. The SQL lives in joinedup/notices/fts.py."""

from django.db import migrations


def create(apps, schema_editor):
    from joinedup.notices import fts

    fts.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    from joinedup.notices import fts

    fts.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
