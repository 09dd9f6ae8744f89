"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector + GIN): ranking, filters,
highlighting, and drafts kept from the public. The suite runs on both databases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.notices.models import Category, Notice
from joinedup.notices.search import Filters, fts5_query, search

from .factories import AffectedAreaFactory, NoticeFactory


@pytest.fixture
def notices(world):
    title_match = NoticeFactory(
        publisher=world.essex,
        title="Braintree recycling centre opening hours",
        summary="Changes to weekday opening at the site.",
        category=Category.WASTE,
        decision_date=datetime.date(2026, 9, 1),
    )
    summary_match = NoticeFactory(
        publisher=world.essex,
        title="Household waste contract",
        summary="The new contract covers haulage from the recycling centre network.",
        category=Category.WASTE,
        decision_date=datetime.date(2026, 11, 1),
    )
    highways = NoticeFactory(
        publisher=world.east,
        title="A120 junction improvements",
        summary="Roadworks near the recycling centre entrance.",
        category=Category.HIGHWAYS,
        decision_date=datetime.date(2027, 1, 15),
        decision_maker="Cabinet Member for Highways",
    )
    draft = NoticeFactory(
        publisher=world.essex, draft=True, title="Secret recycling centre closure"
    )
    AffectedAreaFactory(notice=title_match, organisation=world.east)
    AffectedAreaFactory(notice=summary_match, organisation=world.mid)
    AffectedAreaFactory(notice=highways, organisation=world.mid)
    return {"title": title_match, "summary": summary_match, "highways": highways, "draft": draft}


def _found(results):
    return [hit.notice for hit in results.hits]


def test_a_title_match_ranks_above_a_summary_only_match(notices, world):
    results = search("recycling centre", user=world.public)
    found = _found(results)
    assert found[0] == notices["title"]
    assert set(found) == {notices["title"], notices["summary"], notices["highways"]}
    assert results.total == 3
    assert results.hits[0].rank > results.hits[-1].rank


def test_words_are_stemmed_and_matches_highlighted(notices, world):
    results = search("recycle centres", user=world.public)
    hit = next(h for h in results.hits if h.notice == notices["title"])
    assert "<mark>recycling</mark>" in hit.title_html.lower()
    assert "<mark>centre</mark>" in hit.title_html.lower()
    summary_hit = next(h for h in results.hits if h.notice == notices["summary"])
    assert "<mark>" in summary_hit.summary_html


def test_decision_maker_is_searched(notices, world):
    assert _found(search("Cabinet Member for Highways", user=world.public)) == [notices["highways"]]


def test_drafts_never_appear_for_the_public_but_do_for_their_publisher(notices, world):
    for user in (None, world.public, world.east_officer):
        found = _found(search("secret recycling", user=user))
        assert notices["draft"] not in found
        assert notices["draft"] not in _found(search("", user=user))
    assert _found(search("secret recycling", user=world.essex_officer)) == [notices["draft"]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda w: Filters(area=w.east), ["title"]),
        (lambda w: Filters(area=w.mid), ["summary", "highways"]),
        (lambda w: Filters(publisher=w.east), ["highways"]),
        (lambda w: Filters(category=Category.WASTE), ["title", "summary"]),
        (
            lambda w: Filters(
                decided_from=datetime.date(2026, 10, 1), decided_to=datetime.date(2026, 12, 31)
            ),
            ["summary"],
        ),
        (lambda w: Filters(area=w.mid, category=Category.HIGHWAYS), ["highways"]),
    ],
)
def test_filters_narrow_the_matches(notices, world, filters, expected):
    found = _found(search("recycling", filters(world), user=world.public))
    assert set(found) == {notices[key] for key in expected}
    assert search("recycling", filters(world), user=world.public).total == len(expected)


def test_filters_without_words_list_newest_first(notices, world):
    found = _found(search("", Filters(category=Category.WASTE), user=world.public))
    assert set(found) == {notices["title"], notices["summary"]}


def test_punctuation_and_search_syntax_in_the_query_are_just_words(notices, world):
    assert fts5_query('recycling" OR -centre*') == '"recycling" "OR" "centre"'
    for query in ('"', "AND", "NEAR(", "recycling -", "'; DROP TABLE notices_notice; --"):
        search(query, user=world.public)  # no error
    assert Notice.objects.count() == 4


def test_user_text_is_escaped_in_highlights(world):
    NoticeFactory(publisher=world.essex, title="<script>alert(1)</script> recycling")
    hit = search("recycling", user=world.public).hits[0]
    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;" in hit.title_html


def test_pages_are_sliced_in_the_database(world):
    for n in range(25):
        NoticeFactory(publisher=world.essex, title=f"Recycling notice {n}")
    first = search("recycling", user=world.public, page=1)
    second = search("recycling", user=world.public, page=2)
    assert first.total == 25 and first.pages == 2
    assert len(first.hits) == 20 and len(second.hits) == 5
    assert not {h.notice for h in first.hits} & {h.notice for h in second.hits}
    with CaptureQueriesContext(connection) as queries:
        search("recycling", user=world.public, page=2)
    assert len(queries) <= 5
    uses_index = "notices_notice_fts" if connection.vendor == "sqlite" else "search_vector"
    assert any(uses_index in q["sql"] for q in queries.captured_queries)


def test_the_index_follows_edits_and_deletes(notices, world):
    notice = notices["highways"]
    notice.title = "Bypass consultation"
    notice.summary = "A new road."
    notice.save()
    assert notice not in _found(search("junction", user=world.public))
    assert _found(search("bypass", user=world.public)) == [notice]
    notice.delete()
    assert _found(search("bypass", user=world.public)) == []


def test_the_query_plan_uses_the_full_text_index(notices, world):
    """At a million notices the words must be found through the index, not by reading rows."""
    from django.contrib.postgres.search import SearchQuery

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = Notice.objects.filter(
                search_vector=SearchQuery("recycling", search_type="websearch", config="english")
            )
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = query.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "notices_notice_search_gin" in plan, plan
        else:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT notices_notice.id FROM notices_notice, "
                "notices_notice_fts WHERE notices_notice_fts.rowid = notices_notice.id "
                "AND notices_notice_fts MATCH %s",
                ['"recycling"'],
            )
            plan = "\n".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN notices_notice " not in plan + " ", plan


def test_beyond_the_cap_the_newest_matches_are_ranked_and_the_count_says_more_than(
    notices, world, monkeypatch
):
    """A common word can match a hundred thousand notices: the search ranks the newest
    COUNT_CAP of them (and says "more than"), rather than scoring every match."""
    from joinedup.notices import search as search_module

    def published(notice, day):
        when = datetime.datetime(2026, 6, day, 9, tzinfo=datetime.UTC)
        Notice.objects.filter(pk=notice.pk).update(published_at=when)

    published(notices["title"], 1)
    published(notices["summary"], 2)
    published(notices["highways"], 3)
    monkeypatch.setattr(search_module, "COUNT_CAP", 2)
    results = search("recycling centre")
    assert (results.total, results.more_than_total) == (2, True)
    assert set(_found(results)) == {notices["summary"], notices["highways"]}

    published(notices["title"], 4)  # now among the newest two, the title match ranks first
    results = search("recycling centre")
    assert (results.total, results.more_than_total) == (2, True)
    assert _found(results)[0] == notices["title"]
    assert set(_found(results)) == {notices["title"], notices["highways"]}

    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    published(notices["title"], 1)  # every match is ranked: the best comes first, however old
    results = search("recycling centre")
    assert (results.total, results.more_than_total) == (3, False)
    assert _found(results)[0] == notices["title"]


@pytest.mark.parametrize("user_name", ["public", "essex_officer"])
def test_the_quick_first_step_and_the_full_search_find_the_same_newest_matches(
    world, monkeypatch, user_name
):
    """PostgreSQL looks first among the newest notices, then, if that finds too few, among all
    of them: either way the answer is the newest COUNT_CAP matches, best first."""
    from joinedup.notices import search as search_module

    for day in range(1, 7):
        NoticeFactory(
            publisher=world.essex,
            title=f"Town parking {day}" if day == 2 else f"Parking charges review {day}",
            summary="Parking in the town centre.",
            published_at=datetime.datetime(2026, 6, day, 9, tzinfo=datetime.UTC),
        )
    NoticeFactory(publisher=world.essex, draft=True, title="Draft parking charges")
    NoticeFactory(publisher=world.essex, title="Library hours", summary="Opening times.")
    user = getattr(world, user_name)
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)

    def found():
        results = search("parking charges", user=user)
        return [hit.notice.title for hit in results.hits], results.more_than_total

    monkeypatch.setattr(search_module, "RECENT_SCAN", 100)
    quick = found()
    monkeypatch.setattr(search_module, "RECENT_SCAN", 1)  # too few: the full search runs
    assert found() == quick
    # "charges" is in every title but day 2's; drafts come after every published notice
    newest = ["Parking charges review 6", "Parking charges review 5", "Parking charges review 4"]
    assert quick == (newest, True)
