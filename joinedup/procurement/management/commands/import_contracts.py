from django.core.management.base import BaseCommand, CommandError

from joinedup.organisations.models import Organisation
from joinedup.procurement.importing import FileRejected, import_contracts


class Command(BaseCommand):
    help = (
        "Import a council's contract register (Local Government Transparency Code fields) from "
        "a CSV file. Sound rows are imported and the rest reported by row and column; a file "
        "that cannot be read writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the council's GSS code")
        parser.add_argument("file", help="the CSV file")

    def handle(self, *args, **options):
        code = options["organisation"].strip().upper()
        try:
            organisation = Organisation.objects.get(code=code)
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation has the code {code}") from None
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read(10 * 1024 * 1024 + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        try:
            report = import_contracts(organisation, data)
        except FileRejected as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        for problem in report.problems:
            self.stderr.write(str(problem))
        self.stdout.write(f"{organisation}: {report.summary()}")
