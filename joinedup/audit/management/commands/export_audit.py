"""python manage.py export_audit --organisation CODE FILE: an organisation's history as CSV."""

from django.core.management.base import BaseCommand, CommandError

from joinedup.audit.export import write_csv
from joinedup.organisations.models import Organisation


class Command(BaseCommand):
    help = "Export the history of the records an organisation is controller of, as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the organisation's GSS code")
        parser.add_argument("file", help="the CSV file to write ('-' for standard output)")

    def handle(self, *args, organisation, file, **options):
        found = Organisation.objects.filter(code=organisation.strip().upper()).first()
        if found is None:
            raise CommandError(f"No organisation has the code {organisation!r}")
        if file == "-":
            count = write_csv(found, self.stdout)
        else:
            with open(file, "w", newline="", encoding="utf-8") as stream:
                count = write_csv(found, stream)
            self.stdout.write(f"Wrote {count} history entries for {found.name} to {file}")
