"""What notice search and decision search share (joinedup/notices/search.py and
joinedup/meetings/search.py): the results a page shows, highlighting, the newest-matches
ranking, and full-text indexes that the database keeps by itself on PostgreSQL (a
trigger-kept tsvector with a GIN index) and SQLite (an FTS5 table kept by triggers).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

START, STOP = "\x02", "\x03"  # match markers in the database's highlighted text
PER_PAGE = 20
# Counting every match of a common word among a million records costs more than finding the
# page of them shown: beyond this many, a page says "more than" and asks for a narrower search.
COUNT_CAP = 1_000
SUMMARY_WORDS = 40


@dataclass
class Filters:
    area: object | None = None  # Organisation
    publisher: object | None = None  # Organisation
    category: str = ""
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None


@dataclass
class Results:
    query: str
    hits: list = field(default_factory=list)
    total: int = 0
    more_than_total: bool = False
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def marked(text: str) -> SafeString:
    """Escape the text, then turn the match markers into <mark>."""
    return mark_safe(  # noqa: S308 - escaped first; only our own markers become tags
        escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    )


def truncate(text: str, words: int = SUMMARY_WORDS) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def fts5_query(query: str) -> str:
    """The words of what was typed, each quoted, all required: never an FTS5 syntax error."""
    return " ".join(f'"{word}"' for word in re.findall(r"\w+", query))


def count_matches(results: Results, matching, cap: int = COUNT_CAP) -> None:
    """Count up to `cap` matches (the database stops there), noting if there are more."""
    found = matching.order_by()[: cap + 1].count()
    results.total = min(found, cap)
    results.more_than_total = found > cap


def rank_newest(newest: list, results: Results, offset: int, cap: int = COUNT_CAP) -> list:
    """(pk, rank) of the page's matches, from `newest`, the newest cap + 1 matches as
    (pk, rank) newest first: the newest `cap`, best first, ties newest first. Sets the
    results' total from the same rows."""
    results.total = min(len(newest), cap)
    results.more_than_total = len(newest) > cap
    ranked = sorted(newest[:cap], key=lambda row: -row[1])  # stable: ties stay newest first
    return ranked[offset : offset + results.per_page]


def newest_matches(
    records, query: str, newest: str, cap: int, recent: int, nulls_last: bool = True
) -> list:
    """PostgreSQL: (pk, rank) of the newest cap + 1 of `records` (a filtered queryset of a
    model with a `search_vector`) that match the words, newest first by the field `newest`
    (a path such as "published_at" or "item__meeting__starts_at"; records without one last,
    or first if `nulls_last` is False, to match the newest-first index of a field never null).

    Ranking every match of a common word (a tenth of a million notices) is what makes a
    search slow, so this ranks only the newest matches, in two steps and one query: first
    among the `recent` newest records (walking a newest-first index, which finds a common
    word's newest matches in milliseconds), and only if that finds too few, among all of
    them through the GIN index (fast for the rarer words that need it). Both steps give the
    same answer. `recent=0` skips the first step (for filters that leave few records).
    """
    wanted = cap + 1
    order = (F("newest").desc(nulls_last=nulls_last or None), F("pk").desc())

    def sql_of(queryset, limit):
        columns = queryset.annotate(newest=F(newest)).order_by(*order)
        return columns.values("id", "newest", "search_vector")[:limit].query.sql_with_params()

    tsquery = SearchQuery(query, search_type="websearch", config="english")
    matches = "websearch_to_tsquery('english', %s)"
    newest_first = f"ORDER BY newest DESC NULLS {'LAST' if nulls_last else 'FIRST'}, id DESC"
    full_sql, full_params = sql_of(records.filter(search_vector=tsquery), wanted)
    if not recent:
        sql = f"SELECT id, ts_rank(search_vector, {matches}) FROM ({full_sql}) AS found {newest_first}"  # noqa: S608
        params = [query, *full_params]
    else:
        recent_sql, recent_params = sql_of(records, recent)
        # The one-time filters make PostgreSQL run the full search only if it is needed.
        sql = f"""
            WITH quick AS MATERIALIZED (
                SELECT id, newest, search_vector FROM ({recent_sql}) AS recent
                WHERE search_vector @@ {matches} {newest_first} LIMIT %s
            ), chosen AS (
                SELECT * FROM quick WHERE (SELECT count(*) FROM quick) = %s
                UNION ALL
                SELECT * FROM ({full_sql}) AS everything WHERE (SELECT count(*) FROM quick) < %s
            )
            SELECT id, ts_rank(search_vector, {matches}) FROM chosen {newest_first}
        """  # noqa: S608 - the SQL is Django's own; the user's words are parameters
        params = [*recent_params, query, wanted, wanted, *full_params, wanted, query]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sqlite_highlights(fts_table: str, match: str, rowids) -> dict:
    """SQLite: rowid -> (title with every match marked, a snippet of the second column)."""
    placeholders = ", ".join("%s" for _ in rowids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({fts_table}, 0, %s, %s), "  # noqa: S608 - fixed names
            f"snippet({fts_table}, 1, %s, %s, '…', {SUMMARY_WORDS}) "
            f"FROM {fts_table} WHERE {fts_table} MATCH %s AND rowid IN ({placeholders})",
            [START, STOP, START, STOP, match, *rowids],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


@dataclass(frozen=True)
class Index:
    """A full-text index kept by the database: the SQL that makes it on each database.

    Django's SQLite schema editor rebuilds a table to alter it, which drops its triggers, so
    `ensure()` runs after every migrate (each app's post_migrate handler) and puts back what
    is missing, rebuilding the index if any trigger had gone."""

    fts_table: str
    sqlite_table: str
    sqlite_triggers: dict
    sqlite_rebuild: tuple
    postgres: tuple
    postgres_triggers: tuple
    postgres_reverse: tuple

    def ensure(self, connection) -> None:
        """Create the search index and its triggers where they are missing."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT count(*) FROM pg_trigger WHERE tgname = ANY(%s)",
                    [list(self.postgres_triggers)],
                )
                if cursor.fetchone()[0] < len(self.postgres_triggers):
                    for statement in self.postgres:
                        cursor.execute(statement)
                return
            if connection.vendor != "sqlite":
                return
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {row[0] for row in cursor.fetchall()}
            cursor.execute(self.sqlite_table)
            missing = [name for name in self.sqlite_triggers if name not in present]
            for name in missing:
                cursor.execute(self.sqlite_triggers[name])
            if missing:
                for statement in self.sqlite_rebuild:
                    cursor.execute(statement)

    def drop(self, connection) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for statement in self.postgres_reverse:
                    cursor.execute(statement)
            elif connection.vendor == "sqlite":
                for name in self.sqlite_triggers:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                cursor.execute(f"DROP TABLE IF EXISTS {self.fts_table}")
