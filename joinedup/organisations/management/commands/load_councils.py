from django.core.management.base import BaseCommand

from joinedup.organisations.importing import UK_COUNCILS_FILE

from .import_organisations import run_import


class Command(BaseCommand):
    help = (
        "Load every current UK principal council with its kind, nation and parent county, "
        "from the copy of mySociety's list of UK local authorities that joinedup ships "
        "(joinedup/organisations/data/README.md). Existing organisations are updated, never "
        "blanked; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change; write nothing"
        )

    def handle(self, *args, dry_run: bool, **options):
        run_import(
            self, UK_COUNCILS_FILE.read_bytes(), dry_run=dry_run, current_principal_only=True
        )
