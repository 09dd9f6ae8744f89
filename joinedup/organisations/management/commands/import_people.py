from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from joinedup.organisations.models import Organisation, User
from joinedup.organisations.people_import import (
    MAX_FILE_BYTES,
    NotAllowed,
    PeopleRejected,
    import_people,
)


class Command(BaseCommand):
    help = (
        "Import a council's people and posts from a CSV or XLSX file, as one of its officers "
        "(--user): all or nothing, every bad row named; --dry-run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", required=True, help="the council's GSS code")
        parser.add_argument("--user", required=True, help="the username of one of its officers")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("file", type=Path)

    def handle(self, *args, organisation, user, dry_run, file, **options):
        try:
            council = Organisation.objects.get(code=organisation.strip().upper())
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation has the code {organisation}") from None
        try:
            importer = User.objects.get(username=user)
        except User.DoesNotExist:
            raise CommandError(f"No user is called {user}") from None
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            report = import_people(importer, council, data, dry_run=dry_run)
        except NotAllowed as error:
            raise CommandError(str(error)) from None
        except PeopleRejected as rejected:
            raise CommandError(rejected.report.summary()) from None
        self.stdout.write(report.summary())
