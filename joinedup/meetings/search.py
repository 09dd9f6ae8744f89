"""Full-text search of the decisions of joint bodies: `search_decisions(query, filters, user)`.

The same shape and the same approach as notices (joinedup/notices/search.py): the agenda item's
title weighs A, the resolution B and the item's summary C. PostgreSQL: the trigger-maintained,
GIN-indexed `Decision.search_vector` with websearch_to_tsquery, ts_rank and ts_headline.
SQLite: the FTS5 table kept by triggers (joinedup/meetings/fts.py), with MATCH, bm25() (title
10, resolution 5, summary 2), highlight() and snippet(). A higher rank is better, and matches
are marked with <mark> after the text is escaped.

Only decisions the user may read are searched (`Decision.objects.visible_to`): meetings of
partnerships the user may see, and exempt items only for the body's members and the people
the item's membership was extended to. That filter is part of the one query that finds,
counts and ranks, so an exempt decision is never found, counted or highlighted for anyone else.

Like notices, a search ranks the newest COUNT_CAP matches (by the meeting's start, then the
decision, newest first; the database walks the meetings' start index and stops there) and
counts them in the same query; beyond it the page says "more than". Only the page's matches
are highlighted, in a second query.

Filters: `area` is an organisation that is (or was) a party to the body's partnership;
`publisher` is the council hosting the meeting (its secretariat records the decisions, 003
§6.1); `decided_from`/`decided_to` are the meeting's date. `category` is for notices only and
is ignored here.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.safestring import SafeString

from joinedup.agreements.models import Party
from joinedup.fulltext import (
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
from .models import Decision

COUNT_CAP = 1_000
NEWEST_FIRST = (F("item__meeting__starts_at").desc(), F("pk").desc())
RELATED = ("item__meeting__body__partnership", "item__meeting__host")

__all__ = ["COUNT_CAP", "DecisionHit", "Filters", "Results", "search_decisions"]


@dataclass
class DecisionHit:
    decision: Decision
    rank: float | None
    title_html: SafeString
    outcome_html: SafeString


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of the day where the meetings are (their `date` is local)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered(filters: Filters, user):
    decisions = Decision.objects.visible_to(user)
    if filters.area is not None:
        decisions = decisions.filter(
            Exists(
                Party.objects.filter(
                    partnership=OuterRef("item__meeting__body__partnership"),
                    organisation=filters.area,
                )
            )
        )
    if filters.publisher is not None:
        decisions = decisions.filter(item__meeting__host=filters.publisher)
    if filters.decided_from:
        decisions = decisions.filter(item__meeting__starts_at__gte=_start_of(filters.decided_from))
    if filters.decided_to:
        next_day = filters.decided_to + datetime.timedelta(days=1)
        decisions = decisions.filter(item__meeting__starts_at__lt=_start_of(next_day))
    return decisions


def search_decisions(
    query: str, filters: Filters | None = None, user=None, page: int = 1, per_page=PER_PAGE
) -> Results:
    user = user or AnonymousUser()
    filters = filters or Filters()
    query = (query or "").strip()
    page = max(1, page)
    decisions = _filtered(filters, user)
    results = Results(query=query, page=page, per_page=per_page)
    offset = (page - 1) * per_page
    if not query:
        count_matches(results, decisions, COUNT_CAP)
        # the page's ids first (narrow rows to sort), then the decisions with what they show
        pks = list(
            decisions.order_by(*NEWEST_FIRST).values_list("pk", flat=True)[
                offset : offset + per_page
            ]
        )
        by_pk = Decision.objects.select_related(*RELATED).in_bulk(pks)
        for decision in (by_pk[pk] for pk in pks):
            results.hits.append(
                DecisionHit(
                    decision,
                    None,
                    marked(decision.item.title),
                    marked(truncate(decision.outcome)),
                )
            )
        return results
    if connection.vendor == "postgresql":
        return _postgresql(decisions, query, results, offset)
    return _sqlite(decisions, query, results, offset)


def _newest_ranked(matching, results, offset):
    newest = list(matching.order_by(*NEWEST_FIRST).values_list("pk", "rank")[: COUNT_CAP + 1])
    return rank_newest(newest, results, offset, COUNT_CAP)


def _postgresql(decisions, query, results, offset):
    tsquery = SearchQuery(query, search_type="websearch", config="english")
    # Straight to the GIN index: walking the newest decisions first (as notices do) means
    # joining each to its item, meeting and body, which at 20,000 decisions costs more than
    # it saves (measured: a word that matches nothing took 620 ms instead of 5).
    newest = newest_matches(
        decisions, query, "item__meeting__starts_at", COUNT_CAP, recent=0, nulls_last=False
    )
    page = rank_newest(newest, results, offset, COUNT_CAP)
    if not page:
        return results
    ranks = dict(page)
    headlines = {
        row["pk"]: row
        for row in Decision.objects.filter(pk__in=ranks)
        .order_by()
        .annotate(
            title_headline=SearchHeadline(
                "item__title",
                tsquery,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                highlight_all=True,
            ),
            outcome_headline=SearchHeadline(
                "outcome",
                tsquery,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=SUMMARY_WORDS,
                min_words=15,
            ),
        )
        .values("pk", "title_headline", "outcome_headline")
    }
    by_pk = Decision.objects.select_related(*RELATED).in_bulk(list(ranks))
    for pk, rank in page:
        row = headlines[pk]
        outcome = row["outcome_headline"]
        if START not in outcome:
            outcome = truncate(by_pk[pk].outcome)
        results.hits.append(
            DecisionHit(by_pk[pk], rank, marked(row["title_headline"]), marked(outcome))
        )
    return results


def _sqlite(decisions, query, results, offset):
    match = fts5_query(query)
    if not match:
        return results
    matching = decisions.extra(  # noqa: S610 - fixed SQL; the user's words are a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = meetings_decision.id", f"{FTS_TABLE} MATCH %s"],
        params=[match],
    )
    page = _newest_ranked(
        matching.extra(select={"rank": f"-bm25({FTS_TABLE}, 10.0, 5.0, 2.0)"}),  # noqa: S610
        results,
        offset,
    )
    if not page:
        return results
    ranks = dict(page)
    headlines = sqlite_highlights(FTS_TABLE, match, ranks)
    by_pk = Decision.objects.select_related(*RELATED).in_bulk(list(ranks))
    for pk, rank in page:
        decision = by_pk[pk]
        title, outcome = headlines.get(pk, (decision.item.title, decision.outcome))
        if START not in outcome:
            outcome = truncate(decision.outcome)
        results.hits.append(DecisionHit(decision, rank, marked(title), marked(outcome)))
    return results
