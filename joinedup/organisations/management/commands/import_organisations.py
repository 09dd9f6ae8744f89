from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.organisations.importing import ImportRejected, import_organisations


class Command(BaseCommand):
    help = "Load public bodies from an ONS-style CSV (code, name, type, parent code[, population])."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            report = import_organisations(data)
        except ImportRejected as rejected:
            raise CommandError(rejected.report.summary()) from rejected
        self.stdout.write(report.summary())
