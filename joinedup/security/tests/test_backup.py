"""`manage.py backup` and `restore` round-trip every record and every upload (SQLite and PG)."""

import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.meetings.models import Paper
from joinedup.organisations.models import Organisation
from joinedup.security.backup import records_present, row_counts
from tests.access import extend_world


@pytest.fixture
def full_world(transactional_db, world):
    """The access-matrix world: partnerships, agreements, bodies, meetings with a paper, money."""
    world = extend_world(world)
    world.east.name = "East Lothian Council (renamed)"
    world.east.save()  # a second history row
    return world


def test_backup_then_restore_into_an_emptied_database_brings_back_every_record_and_file(
    full_world, tmp_path
):
    paper = Paper.objects.get(pk=full_world.paper.pk)
    paper_path = Path(paper.file.path)
    paper_bytes = paper_path.read_bytes()
    before = row_counts()
    assert before["meetings.paper"] >= 2
    assert before["organisations.historicalorganisation"] >= 1
    archive = tmp_path / "joinedup.zip"

    call_command("backup", str(archive), verbosity=0)

    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
    assert "data.json" in names and "manifest.json" in names
    relative = paper_path.relative_to(settings.MEDIA_ROOT).as_posix()
    assert f"media/{relative}" in names

    call_command("flush", interactive=False, verbosity=0)
    paper_path.unlink()
    assert records_present() == {}

    call_command("restore", str(archive), verbosity=0)

    assert row_counts() == before
    assert paper_path.read_bytes() == paper_bytes
    restored = Organisation.objects.get(pk=full_world.east.pk)
    assert restored.name == "East Lothian Council (renamed)"
    assert restored.history.count() == full_world.east.history.count()


def test_restore_refuses_a_database_that_holds_records_and_changes_nothing(full_world, tmp_path):
    archive = tmp_path / "joinedup.zip"
    call_command("backup", str(archive), verbosity=0)
    Organisation.objects.filter(pk=full_world.essex.pk).update(name="Changed after the backup")
    before = row_counts()

    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(archive), verbosity=0)

    assert row_counts() == before
    assert Organisation.objects.get(pk=full_world.essex.pk).name == "Changed after the backup"


def test_restore_with_force_replaces_what_the_database_holds(full_world, tmp_path):
    archive = tmp_path / "joinedup.zip"
    call_command("backup", str(archive), verbosity=0)
    before = row_counts()
    Organisation.objects.create(code="E07000070", name="Made after the backup", kind="district")

    call_command("restore", str(archive), force=True, verbosity=0)

    assert row_counts() == before
    assert not Organisation.objects.filter(code="E07000070").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(transactional_db, tmp_path):
    bogus = tmp_path / "notes.zip"
    bogus.write_bytes(b"not a zip at all")
    with pytest.raises(CommandError, match="not a joinedup backup"):
        call_command("restore", str(bogus), verbosity=0)


def test_restore_refuses_an_archive_that_writes_outside_the_media_folder(
    transactional_db, tmp_path
):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("manifest.json", '{"format": "joinedup-backup/1", "counts": {}, "files": []}')
        out.writestr("data.json", "[]")
        out.writestr("media/../../escaped.txt", "x")
    with pytest.raises(CommandError, match="outside the media folder"):
        call_command("restore", str(archive), verbosity=0)
    assert not (Path(settings.MEDIA_ROOT).parent / "escaped.txt").exists()
