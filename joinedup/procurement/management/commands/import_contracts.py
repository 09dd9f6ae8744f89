from django.core.management.base import BaseCommand, CommandError

from joinedup.organisations.models import Organisation
from joinedup.procurement.importing import MAX_FILE_BYTES, FileRejected, import_contracts


class Command(BaseCommand):
    help = (
        "Import a council's contract register (Transparency Code or LGA contracts schema) from "
        "a CSV or XLSX file. Sound rows are imported and the rest reported by row and column; a "
        "file that cannot be read writes nothing. --dry-run says what would happen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the council's GSS code")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("file", help="the CSV or XLSX file")

    def handle(self, *args, **options):
        code = options["organisation"].strip().upper()
        try:
            organisation = Organisation.objects.get(code=code)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation has the code {code}") from None
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        try:
            report = import_contracts(organisation, data, dry_run=options["dry_run"])
        except FileRejected as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        for label, header in report.columns.items():
            self.stdout.write(f"Column '{header}' taken as {label}")
        if report.ignored_columns:
            self.stdout.write(f"Columns kept as published: {', '.join(report.ignored_columns)}")
        for note in report.notes:
            self.stdout.write(f"Note: {note}")
        for problem in report.problems:
            self.stderr.write(str(problem))
        self.stdout.write(report.accounting())
        self.stdout.write(f"{organisation}: {report.summary()}")
