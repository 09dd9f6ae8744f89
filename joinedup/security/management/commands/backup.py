"""python manage.py backup FILE: every record and every upload in one zip archive."""

from django.core.management.base import BaseCommand

from joinedup.security.backup import make_backup


class Command(BaseCommand):
    help = "Back up every record (history included) and every uploaded file to one zip archive."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. joinedup-2026-04-01.zip")

    def handle(self, *args, file, **options):
        manifest = make_backup(file)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {rows} records in {len(manifest['counts'])} tables and "
            f"{len(manifest['files'])} files to {file}"
        )
