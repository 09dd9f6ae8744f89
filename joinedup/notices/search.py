"""Full-text search of notices: `search(query, filters, user)`.

PostgreSQL: the trigger-maintained, GIN-indexed `search_vector` with websearch_to_tsquery,
ts_rank (title A, decision maker B, summary C) and ts_headline. SQLite: the FTS5 table kept
by triggers, with MATCH, bm25() (title 10, summary 2, decision maker 5) and highlight().
Both return the same shape, a higher rank is better, and matches are marked with <mark>.

The filters and the scoring are done in the database. A common word can match a tenth of a
million notices, and scoring every match to rank them is what made such a search slow; so a
search ranks the newest COUNT_CAP matches (newest published first, drafts last), counting them
in the same query. Up to COUNT_CAP matches, that is every match; beyond it the page says
"more than 1,000 results" and that the best of the newest come first.

On PostgreSQL the newest matches are found in two steps (`_newest_matches`): first among the
newest RECENT_SCAN notices that pass the filters, walking the newest-first index, which finds
a common word's newest matches in a few milliseconds; only if that does not find enough, among
all of them through the GIN index, which is fast for the rarer words that need it. Both steps
give the same answer: the newest COUNT_CAP + 1 matches.

Only the page's matches are highlighted, in a second query over at most `per_page` rows.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.utils.safestring import SafeString

from joinedup.fulltext import (
    COUNT_CAP,
    PER_PAGE,
    START,
    STOP,
    SUMMARY_WORDS,
    Filters,
    Results,
    count_matches,
    fts5_query,
    marked,
    newest_matches,
    rank_newest,
    sqlite_highlights,
    truncate,
)

from .fts import FTS_TABLE
from .models import AffectedArea, Notice

__all__ = ["COUNT_CAP", "Filters", "Hit", "Results", "fts5_query", "search"]

# The first step of a PostgreSQL search looks for matches among this many newest notices.
RECENT_SCAN = 20_000
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("pk").desc())  # drafts last


@dataclass
class Hit:
    notice: Notice
    rank: float | None
    title_html: SafeString
    summary_html: SafeString


def _filtered(filters: Filters, user):
    notices = Notice.objects.visible_to(user)
    if filters.area is not None:
        notices = notices.filter(
            Exists(AffectedArea.objects.filter(notice=OuterRef("pk"), organisation=filters.area))
        )
    if filters.publisher is not None:
        notices = notices.filter(publisher=filters.publisher)
    if filters.category:
        notices = notices.filter(category=filters.category)
    if filters.decided_from:
        notices = notices.filter(decision_date__gte=filters.decided_from)
    if filters.decided_to:
        notices = notices.filter(decision_date__lte=filters.decided_to)
    return notices


def search(query: str, filters: Filters | None = None, user=None, page: int = 1, per_page=PER_PAGE):
    from django.contrib.auth.models import AnonymousUser

    user = user or AnonymousUser()
    filters = filters or Filters()
    query = (query or "").strip()
    page = max(1, page)
    notices = _filtered(filters, user)
    results = Results(query=query, page=page, per_page=per_page)
    offset = (page - 1) * per_page
    if not query:
        ordered = notices.order_by(F("published_at").desc(nulls_first=True), "-pk")
        count_matches(results, ordered, COUNT_CAP)
        for notice in ordered.select_related("publisher")[offset : offset + per_page]:
            results.hits.append(
                Hit(notice, None, marked(notice.title), marked(truncate(notice.summary)))
            )
        return results
    if connection.vendor == "postgresql":
        # An area or a publisher narrows the notices to a few thousand, which the GIN index
        # searches at once; without one, the newest notices are scanned first.
        scan_recent = filters.area is None and filters.publisher is None
        return _postgresql(notices, query, results, offset, scan_recent)
    return _sqlite(notices, query, results, offset)


def _postgresql(notices, query, results, offset, scan_recent):
    tsquery = SearchQuery(query, search_type="websearch", config="english")
    newest = newest_matches(
        notices, query, "published_at", cap=COUNT_CAP, recent=RECENT_SCAN if scan_recent else 0
    )
    page = rank_newest(newest, results, offset, COUNT_CAP)
    ranks = dict(page)
    headlines = {
        row["pk"]: row
        for row in Notice.objects.filter(pk__in=ranks)
        .annotate(
            title_headline=SearchHeadline(
                "title",
                tsquery,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            ),
            summary_headline=SearchHeadline(
                "summary",
                tsquery,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=SUMMARY_WORDS,
                min_words=15,
            ),
        )
        .values("pk", "title_headline", "summary_headline")
    }
    by_pk = Notice.objects.select_related("publisher").in_bulk(list(ranks))
    for pk, rank in page:
        row = headlines[pk]
        results.hits.append(
            Hit(by_pk[pk], rank, marked(row["title_headline"]), marked(row["summary_headline"]))
        )
    return results


def _sqlite(notices, query, results, offset):
    match = fts5_query(query)
    if not match:
        return results
    matching = notices.extra(  # noqa: S610 - fixed SQL; the user's words are a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = notices_notice.id", f"{FTS_TABLE} MATCH %s"],
        params=[match],
    )
    newest = (
        matching.extra(select={"rank": f"-bm25({FTS_TABLE}, 10.0, 2.0, 5.0)"})  # noqa: S610
        .order_by(*NEWEST_FIRST)
        .values_list("pk", "rank")[: COUNT_CAP + 1]
    )
    page = rank_newest(list(newest), results, offset, COUNT_CAP)
    if not page:
        return results
    ranks = dict(page)
    headlines = sqlite_highlights(FTS_TABLE, match, ranks)
    by_pk = Notice.objects.select_related("publisher").in_bulk(list(ranks))
    for pk, rank in page:
        title, summary = headlines.get(pk, (by_pk[pk].title, by_pk[pk].summary))
        if START not in summary:
            summary = truncate(by_pk[pk].summary)
        results.hits.append(Hit(by_pk[pk], rank, marked(title), marked(summary)))
    return results
