"""`python manage.py generate_national --scale 1`: the national-scale dataset for benchmarks."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from joinedup.demo import national


class Command(BaseCommand):
    help = (
        "Build a deterministic national-scale dataset (scale 1: about 400 organisations, "
        "2,000 partnerships, 20,000 initiatives, 100,000 meetings, 1,000,000 notices, "
        "500,000 contracts), adding only the parts not already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 is the design size")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale must be more than 0")
        started = time.monotonic()
        written = national.generate(scale, seed, national.Progress(self._draw))
        if not written:
            self.stdout.write("The national dataset is already here: nothing to add.")
        sys.stderr.write("\n")
        for label, count in written.items():
            self.stdout.write(f"{label:>15}: {count:>10,}")
        if written:
            # Fresh statistics, so that the planner knows how common each word and value now
            # is (a bulk load leaves them stale until autovacuum comes round).
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(f"Done in {time.monotonic() - started:.0f} s.")

    def _draw(self, what, done, total):
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(
            f"\r{what:>15} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
        )
        sys.stderr.flush()
