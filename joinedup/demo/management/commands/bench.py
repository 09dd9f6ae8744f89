"""`python manage.py bench`: time the main pages at national scale (see joinedup/demo/bench.py)."""

import os
import platform

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from joinedup.agreements.models import Partnership
from joinedup.demo import bench, national


class Command(BaseCommand):
    help = "Print server time, queries and the SQL floor for the main pages of a national dataset."

    def add_arguments(self, parser):
        parser.add_argument("--http-seconds", type=int, default=10)

    def handle(self, *args, http_seconds, **options):
        if not Partnership.objects.filter(slug=national.slug(1)).exists():
            raise CommandError("No national dataset here: run `manage.py generate_national` first.")
        self.stdout.write(
            f"joinedup benchmark on {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}"
            f", Python {platform.python_version()}, {os.cpu_count()} cores, "
            f"{Partnership.objects.count():,} partnerships\n"
        )
        self.stdout.write(bench.run(http_seconds))
