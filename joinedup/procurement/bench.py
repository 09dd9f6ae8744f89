"""Benchmarks of contract registers for `manage.py bench` (see joinedup/demo/bench.py)."""

import csv
import io
import statistics
import time

from django.db import connection, transaction
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.demo.bench import Timing
from joinedup.organisations.models import Organisation

from .cpv import DEFAULT_LEVEL
from .importing import import_contracts
from .opportunities import (
    DEFAULT_HORIZON_YEARS,
    DEFAULT_WINDOW_MONTHS,
    MAX_RESULTS,
    _years_later,
    pairs_query,
)

IMPORT_ROWS = 100_000
HEADER = ["Reference", "Title", "Supplier", "Value", "Start date", "End date", "CPV code"]


class _RolledBack(Exception):
    pass


def register_csv(rows: int = IMPORT_ROWS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n in range(rows):
        writer.writerow(
            [
                f"B-{n}",
                "Grounds maintenance",
                "Idverde",
                f"£{n % 90_000 + 1000:,}.50",
                f"{n % 28 + 1:02d}/04/2024",
                f"{n % 28 + 1:02d}/03/2028",
                "77310000-6",
            ]
        )
    return out.getvalue().encode()


def _import_seconds(organisation, data) -> float:
    started = time.perf_counter()
    try:
        with transaction.atomic():
            import_contracts(organisation, data)
            elapsed = time.perf_counter() - started
            raise _RolledBack
    except _RolledBack:
        return elapsed


def _copy_seconds(data) -> float:
    """A plain COPY of the same file into a table of text columns: the floor for an import."""
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ", ".join(f"c{n} text" for n in range(len(HEADER)))
        cursor.execute(f"CREATE TEMP TABLE bench_register ({columns}) ON COMMIT DROP")  # noqa: S608
        started = time.perf_counter()
        with cursor.copy("COPY bench_register FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            copy.write(data)
        return time.perf_counter() - started


def timings() -> list[Timing]:
    found = []
    data = register_csv()
    organisation = Organisation.objects.order_by("pk").first()
    imports = [_import_seconds(organisation, data) * 1000 for _ in range(3)]
    note = f"{IMPORT_ROWS:,} rows, {len(data) / 1e6:.1f} MB"
    if connection.vendor == "postgresql":
        copies = [_copy_seconds(data) * 1000 for _ in range(3)]
        floor = statistics.median(copies)
        note += f"; a plain COPY is {statistics.median(imports) / floor:.0f}× faster"
    else:
        floor = None
    found.append(
        Timing(
            "import a contract register",
            statistics.median(imports),
            max(imports),
            floor_ms=floor,
            note=note,
        )
    )
    # Matching is the self-join (opportunities.pairs_query) for every partnership's councils;
    # turning the pairs into objects for a page is the opportunities page's own cost.
    today = timezone.localdate()
    queries = []
    for partnership in Partnership.objects.prefetch_related("parties"):
        councils = sorted({party.organisation_id for party in partnership.parties.all()})
        queries.append(
            pairs_query(
                councils,
                DEFAULT_WINDOW_MONTHS,
                DEFAULT_LEVEL,
                today,
                _years_later(today, DEFAULT_HORIZON_YEARS),
                MAX_RESULTS,
            )
        )
    started = time.perf_counter()
    pairs = 0
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            pairs += len(cursor.fetchall())
    elapsed = (time.perf_counter() - started) * 1000
    found.append(
        Timing(
            "joint-procurement matching, every partnership",
            elapsed,
            elapsed,
            note=f"{len(queries):,} partnerships, {pairs:,} pairs (up to {MAX_RESULTS} each)",
        )
    )
    return found
