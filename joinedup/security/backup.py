"""Backup and restore: one zip archive holding every record and every uploaded file.

The archive holds `manifest.json` (when, which Django, how many rows per model),
`data.json` (Django's dumpdata of every installed app, history included, with natural keys
for content types and permissions, which the target database makes for itself when it is
migrated) and `media/...` (every file under MEDIA_ROOT).

Restore goes into a migrated database that holds no records (content types, permissions
and the migration table do not count); `force` empties a database that does. The records
are loaded in one transaction, so a failed restore leaves the database as it was; the files
are written only after the records have loaded. Works on SQLite and PostgreSQL.
"""

import datetime
import json
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

FORMAT = "joinedup-backup/1"
# Made by `migrate` in every database, so not carried from one to another; sessions are
# sign-ins, which a restored service does not keep.
NOT_BACKED_UP = ("contenttypes", "auth.permission", "sessions")


def _models():
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.proxy or not model._meta.managed or model._meta.db_table not in tables:
            continue
        if label.split(".")[0] in NOT_BACKED_UP or label in NOT_BACKED_UP:
            continue
        yield model


def row_counts() -> dict[str, int]:
    """How many rows each backed-up model's table holds."""
    return {m._meta.label_lower: m._base_manager.count() for m in _models()}


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path, path.relative_to(root).as_posix()


def make_backup(destination) -> dict:
    """Write the archive to `destination` (a path); its manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "data.json"
        labels = [m._meta.label for m in _models() if not m._meta.auto_created]
        call_command(
            "dumpdata",
            *labels,
            natural_foreign=True,
            output=str(data),
            verbosity=0,
        )
        files = list(_media_files(media_root))
        manifest = {
            "format": FORMAT,
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
            "django": django.get_version(),
            "database": connection.vendor,
            "counts": row_counts(),
            "files": [name for _, name in files],
        }
        with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", json.dumps(manifest, indent=2))
            archive.write(data, "data.json")
            for path, name in files:
                archive.write(path, f"media/{name}")
    return manifest


def _safe_media_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValidationError(f"The archive holds a file outside the media folder: {name!r}")
    return str(path)


def _read_archive(source) -> tuple[zipfile.ZipFile, dict]:
    try:
        archive = zipfile.ZipFile(source)
        manifest = json.loads(archive.read("manifest.json"))
        archive.getinfo("data.json")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ValidationError(f"This is not a joinedup backup: {error}") from error
    if manifest.get("format") != FORMAT:
        raise ValidationError(f"This backup's format is {manifest.get('format')!r}, not {FORMAT}")
    for name in archive.namelist():
        if name.startswith("media/"):
            _safe_media_name(name.removeprefix("media/"))
    return archive, manifest


def records_present() -> dict[str, int]:
    """The models that hold rows now (what makes a database not empty)."""
    return {label: count for label, count in row_counts().items() if count}


def restore_backup(source, force: bool = False) -> dict:
    """Load an archive made by make_backup; its manifest. Raises ValidationError if refused."""
    archive, manifest = _read_archive(source)
    with archive, tempfile.TemporaryDirectory() as work:
        present = records_present()
        if present and not force:
            listed = ", ".join(f"{label} ({count})" for label, count in sorted(present.items()))
            raise ValidationError(
                "The database is not empty, so nothing was restored. It holds "
                f"{listed}. Restore into an empty database, or use --force to replace "
                "everything in it."
            )
        data = Path(work) / "data.json"
        data.write_bytes(archive.read("data.json"))
        # the history is restored from the archive, so loading must not write history of its own
        with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            if present:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(data), verbosity=0)
        media_root = Path(settings.MEDIA_ROOT)
        for name in archive.namelist():
            if not name.startswith("media/") or name.endswith("/"):
                continue
            target = media_root / _safe_media_name(name.removeprefix("media/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(name) as stream, open(target, "wb") as out:
                out.write(stream.read())
    return manifest


def manifest_of(source) -> dict:
    archive, manifest = _read_archive(source)
    archive.close()
    return manifest
