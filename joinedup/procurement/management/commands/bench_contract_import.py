"""Time a contract register's import beside a plain COPY of the same file (issue 19)."""

import csv
import io
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from joinedup.organisations.models import Nation, Organisation, OrganisationKind
from joinedup.procurement.importing import import_contracts

NORFOLK = Path("/work/shared/realdata/norfolk-cc-contract-register-2015-03-28.csv")


class _RolledBack(Exception):
    pass


def copy_seconds(data: bytes) -> float | None:
    """A plain COPY of the file into a temporary table of text columns (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return None
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    columns = ", ".join(f'"c{n}" text' for n in range(len(header)))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE bench_register ({columns}) ON COMMIT DROP")
            started = time.perf_counter()
            with cursor.copy(
                "COPY bench_register FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                copy.write(data.decode("utf-8-sig").encode())
            elapsed = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        return elapsed


def import_seconds(organisation, data: bytes, runs: int) -> tuple[float, object]:
    """The fastest of `runs` imports into an empty register, each rolled back."""
    best, report = None, None
    for _ in range(runs):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                report = import_contracts(organisation, data)
                elapsed = time.perf_counter() - started
                raise _RolledBack
        except _RolledBack:
            best = elapsed if best is None else min(best, elapsed)
    return best, report


class Command(BaseCommand):
    help = (
        "Import a contract register (by default Norfolk County Council's, 5,729 rows) into an "
        "empty register, rolled back afterwards, and print the time beside a plain COPY of "
        "the same file on PostgreSQL. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(NORFOLK))
        parser.add_argument("--organisation", default="E10000020", help="GSS code (Norfolk)")
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, file, organisation, runs, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            with transaction.atomic():
                council, _ = Organisation.objects.get_or_create(
                    code=organisation,
                    defaults={
                        "name": "Norfolk County Council",
                        "kind": OrganisationKind.COUNTY,
                        "nation": Nation.ENGLAND,
                    },
                )
                council.contracts.all().delete()
                seconds, report = import_seconds(council, data, runs)
                copy = copy_seconds(data)
                raise _RolledBack
        except _RolledBack:
            pass
        self.stdout.write(f"{Path(file).name} on {connection.vendor}: {report.accounting()}")
        self.stdout.write(f"import (best of {runs}): {seconds:.2f} s")
        if copy is None:
            self.stdout.write("plain COPY: not available on this database (PostgreSQL only)")
        else:
            ratio = seconds / copy if copy else float("inf")
            self.stdout.write(f"plain COPY of the same file: {copy:.3f} s ({ratio:.0f}× COPY)")
