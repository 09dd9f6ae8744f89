"""python manage.py restore FILE [--force]: load a backup into an empty database."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from joinedup.security.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty, migrated database. "
        "Refuses a database that holds records unless --force, which replaces them."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive made by `manage.py backup`")
        parser.add_argument(
            "--force", action="store_true", help="empty a database that holds records first"
        )

    def handle(self, *args, file, force, **options):
        try:
            manifest = restore_backup(file, force=force)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except FileNotFoundError as error:
            raise CommandError(f"There is no file {file}") from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows} records and {len(manifest['files'])} files from {file} "
            f"(backed up {manifest['created']})"
        )
