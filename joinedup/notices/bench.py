"""Benchmarks of the notice board for `manage.py bench` (see joinedup/demo/bench.py)."""

import statistics

from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.demo.bench import Timing, percentile, time_calls
from joinedup.organisations.models import Organisation

from .models import Category, Notice
from .search import Filters, search

QUERIES = (
    ("search: one common word", "recycling", Filters()),
    ("search: two words", "school transport", Filters()),
    ("search: rare phrase", "twenty miles hour schools", Filters()),
    ("search: word + category filter", "budget", Filters(category=Category.FINANCE)),
    ("search: no match", "zeppelin", Filters()),
)


def timings() -> list[Timing]:
    notices = Notice.objects.count()
    area = Organisation.objects.filter(affected_by__isnull=False).order_by("pk").first()
    # A council's name is in a few thousand notices: too few among the newest for the first
    # step of a search, so it takes the second (see search.py).
    publisher = Organisation.objects.filter(notices_published__isnull=False).order_by("pk").first()
    queries = [
        *QUERIES,
        ("search: a council's name", publisher.name.split()[0], Filters()),
        ("search: word + affected area", "housing", Filters(area=area)),
    ]
    found = []
    for label, text, filters in queries:
        with CaptureQueriesContext(connection) as captured:
            search(text, filters)
        samples = time_calls(lambda text=text, filters=filters: search(text, filters))
        found.append(
            Timing(
                label,
                statistics.median(samples),
                percentile(samples, 0.95),
                queries=len(captured),
                note=f"over {notices:,} notices",
            )
        )
    return found
