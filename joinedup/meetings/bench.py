"""Benchmarks of decision search for `manage.py bench` (see joinedup/demo/bench.py)."""

from joinedup.demo.bench import Timing, time_searches

from .models import Decision
from .search import Filters, search_decisions

QUERIES = (
    # every decision the national generator records is on a budget monitoring report
    ("search decisions: one common word", "budget", Filters()),
    ("search decisions: no match", "zeppelin", Filters()),
)


def timings() -> list[Timing]:
    note = f"over {Decision.objects.count():,} decisions"
    return time_searches(search_decisions, QUERIES, note)
