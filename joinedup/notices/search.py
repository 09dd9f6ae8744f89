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

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .fts import FTS_TABLE
from .models import AffectedArea, Notice

START, STOP = "\x02", "\x03"
PER_PAGE = 20
# Counting every match of a common word among a million notices costs more than finding the
# page of them shown: beyond this many, the page says "more than" and asks for a narrower search.
COUNT_CAP = 1_000
SUMMARY_WORDS = 40
# The first step of a PostgreSQL search looks for matches among this many newest notices.
RECENT_SCAN = 20_000
NEWEST_FIRST = (F("published_at").desc(nulls_last=True), F("pk").desc())


@dataclass
class Filters:
    area: object | None = None  # Organisation
    publisher: object | None = None  # Organisation
    category: str = ""
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None


@dataclass
class Hit:
    notice: Notice
    rank: float | None
    title_html: SafeString
    summary_html: SafeString


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    more_than_total: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _marked(text: str) -> SafeString:
    """Escape the text, then turn the match markers into <mark>."""
    return mark_safe(  # noqa: S308 - escaped first; only our own markers become tags
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


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


def count_matches(results: Results, matching) -> None:
    """Count up to COUNT_CAP matches (the database stops there), noting if there are more."""
    found = matching.order_by()[: COUNT_CAP + 1].count()
    results.total = min(found, COUNT_CAP)
    results.more_than_total = found > COUNT_CAP


def fts5_query(query: str) -> str:
    """The words of what was typed, each quoted, all required: never an FTS5 syntax error."""
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", query))


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
        count_matches(results, ordered)
        for notice in ordered.select_related("publisher")[offset : offset + per_page]:
            results.hits.append(
                Hit(notice, None, _marked(notice.title), _marked(_truncate(notice.summary)))
            )
        return results
    if connection.vendor == "postgresql":
        # An area or a publisher narrows the notices to a few thousand, which the GIN index
        # searches at once; without one, the newest notices are scanned first.
        scan_recent = filters.area is None and filters.publisher is None
        return _postgresql(notices, query, results, offset, scan_recent)
    return _sqlite(notices, query, results, offset)


def _newest_ranked(newest, results, offset):
    """(pk, rank) of the page's matches, from `newest`, the newest COUNT_CAP + 1 matches as
    (pk, rank) newest first: the newest COUNT_CAP, best first, ties newest first. Sets the
    results' total from the same rows."""
    results.total = min(len(newest), COUNT_CAP)
    results.more_than_total = len(newest) > COUNT_CAP
    ranked = sorted(newest[:COUNT_CAP], key=lambda row: -row[1])  # stable: ties stay newest first
    return ranked[offset : offset + results.per_page]


def _newest_matches(notices, query: str, scan_recent=True) -> list[tuple[int, float]]:
    """PostgreSQL: (pk, rank) of the newest COUNT_CAP + 1 notices (of `notices`, already
    filtered) that match, newest first, in two steps (see the module's docstring) and one
    query: the full search runs only when the quick step found too few."""
    wanted = COUNT_CAP + 1
    tsquery = SearchQuery(query, search_type="websearch", config="english")
    matches = "websearch_to_tsquery('english', %s)"
    full_sql, full_params = (
        notices.filter(search_vector=tsquery)
        .order_by(*NEWEST_FIRST)
        .values("id", "published_at", "search_vector")[:wanted]
        .query.sql_with_params()
    )
    newest = "ORDER BY published_at DESC NULLS LAST, id DESC"
    if not scan_recent:
        sql = f"SELECT id, ts_rank(search_vector, {matches}) FROM ({full_sql}) AS found {newest}"  # noqa: S608
        params = [query, *full_params]
    else:
        recent_sql, recent_params = (
            notices.order_by(*NEWEST_FIRST)
            .values("id", "published_at", "search_vector")[:RECENT_SCAN]
            .query.sql_with_params()
        )
        # The one-time filters make PostgreSQL run the full search only if it is needed.
        sql = f"""
            WITH quick AS MATERIALIZED (
                SELECT id, published_at, search_vector FROM ({recent_sql}) AS recent
                WHERE search_vector @@ {matches} {newest} LIMIT %s
            ), chosen AS (
                SELECT * FROM quick WHERE (SELECT count(*) FROM quick) = %s
                UNION ALL
                SELECT * FROM ({full_sql}) AS everything WHERE (SELECT count(*) FROM quick) < %s
            )
            SELECT id, ts_rank(search_vector, {matches}) FROM chosen {newest}
        """  # noqa: S608 - the SQL is Django's own; the user's words are parameters
        params = [*recent_params, query, wanted, wanted, *full_params, wanted, query]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _truncate(text: str, words: int = SUMMARY_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _postgresql(notices, query, results, offset, scan_recent):
    tsquery = SearchQuery(query, search_type="websearch", config="english")
    newest = _newest_matches(notices, query, scan_recent)
    page = _newest_ranked(newest, results, offset)
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
            Hit(by_pk[pk], rank, _marked(row["title_headline"]), _marked(row["summary_headline"]))
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
    page = _newest_ranked(list(newest), results, offset)
    if not page:
        return results
    ranks = dict(page)
    placeholders = ", ".join("%s" for _ in ranks)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({FTS_TABLE}, 0, %s, %s), "  # noqa: S608 - fixed names
            f"snippet({FTS_TABLE}, 1, %s, %s, '…', {SUMMARY_WORDS}) "
            f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({placeholders})",
            [START, STOP, START, STOP, match, *ranks],
        )
        headlines = {row[0]: row[1:] for row in cursor.fetchall()}
    by_pk = Notice.objects.select_related("publisher").in_bulk(list(ranks))
    for pk, rank in page:
        title, summary = headlines.get(pk, (by_pk[pk].title, by_pk[pk].summary))
        if START not in summary:
            summary = _truncate(by_pk[pk].summary)
        results.hits.append(Hit(by_pk[pk], rank, _marked(title), _marked(summary)))
    return results
