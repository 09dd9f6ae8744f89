"""Benchmarks of the notice board for `manage.py bench` (see joinedup/demo/bench.py)."""

from joinedup.demo.bench import Timing, time_searches
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
    return time_searches(search, queries, f"over {notices:,} notices")
