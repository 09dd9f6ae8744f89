from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.organisations.importing import MAX_FILE_BYTES, ImportRejected, import_organisations


def run_import(command, data: bytes, *, dry_run: bool, current_principal_only: bool):
    try:
        report = import_organisations(
            data, dry_run=dry_run, current_principal_only=current_principal_only
        )
    except ImportRejected as rejected:
        raise CommandError(rejected.report.summary()) from rejected
    for line in report.details():
        command.stdout.write(line)
    command.stdout.write(report.summary())


class Command(BaseCommand):
    help = (
        "Load public bodies from a CSV or XLSX list: ONS names-and-codes files and lookups "
        "(LADyyCD, LADyyNM, LADyyNMW, CTYyyCD), mySociety's list of UK local authorities, or "
        "code,name,type,parent code[,population]. A column the file does not have changes "
        "nothing; a bad row rejects the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change; write nothing"
        )
        parser.add_argument(
            "--current-only",
            action="store_true",
            help="skip former councils and bodies that are not principal councils",
        )

    def handle(self, *args, file: Path, dry_run: bool, current_only: bool, **options):
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        run_import(self, data, dry_run=dry_run, current_principal_only=current_only)
