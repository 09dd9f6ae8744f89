"""Full-text search of decisions: a trigger-kept tsvector with a GIN index on PostgreSQL, an
FTS5 table kept by triggers on SQLite, filled from the decisions already recorded. The SQL
lives in joinedup/meetings/fts.py."""

import django.contrib.postgres.search
from django.db import migrations, models


def create(apps, schema_editor):
    from joinedup.meetings import fts

    fts.ensure(schema_editor.connection)


def drop(apps, schema_editor):
    from joinedup.meetings import fts

    fts.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["starts_at", "id"], name="meeting_starts"),
        ),
        migrations.RunPython(create, drop),
    ]
