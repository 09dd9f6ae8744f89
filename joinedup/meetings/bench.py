"""Benchmarks of decision search for `manage.py bench` (see joinedup/demo/bench.py)."""

import statistics

from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.demo.bench import Timing, percentile, time_calls

from .models import Decision
from .search import Filters, search_decisions

QUERIES = (
    # every decision the national generator records is on a budget monitoring report
    ("search decisions: one common word", "budget", Filters()),
    ("search decisions: no match", "zeppelin", Filters()),
)


def timings() -> list[Timing]:
    decisions = Decision.objects.count()
    found = []
    for label, text, filters in QUERIES:
        with CaptureQueriesContext(connection) as captured:
            search_decisions(text, filters)
        samples = time_calls(lambda text=text, filters=filters: search_decisions(text, filters))
        found.append(
            Timing(
                label,
                statistics.median(samples),
                percentile(samples, 0.95),
                queries=len(captured),
                note=f"over {decisions:,} decisions",
            )
        )
    return found
