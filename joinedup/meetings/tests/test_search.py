"""Full-text search of joint bodies' decisions on SQLite (FTS5) and PostgreSQL (tsvector + GIN):
ranking, stemming and highlighting, filters, exempt items and unpublished partnerships kept
from those who may not read them, the index following edits, the count cap, and the search
page. The suite runs on both databases."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.meetings import fts
from joinedup.meetings.models import Decision
from joinedup.meetings.search import Filters, search_decisions

from .factories import AgendaItemFactory, BodyFactory, DecisionFactory, MeetingFactory, at


@pytest.fixture
def found(elm, board_meeting, jlg_meeting):
    """Decisions about a recycling centre: one in its item's title, one in its resolution, one
    in its item's summary; an exempt one at the JLG; one in the unpublished partnership."""
    w = elm.world
    october = MeetingFactory(body=elm.board, starts_at=at(2013, 10, 7), host=w.east, held=True)
    hidden_body = BodyFactory(partnership=w.hidden, name="Hidden board")
    hidden_meeting = MeetingFactory(
        body=hidden_body, starts_at=at(2013, 11, 4), host=w.mid, held=True
    )

    def decide(meeting, number, title, outcome, description="", **item):
        return DecisionFactory(
            item=AgendaItemFactory(
                meeting=meeting, number=number, title=title, description=description, **item
            ),
            outcome=outcome,
        )

    return SimpleNamespace(
        title=decide(
            board_meeting,
            1,
            "Recycling centre contract",
            "Agreed to award the contract to the lowest bidder.",
        ),
        outcome=decide(
            october,
            1,
            "Waste services review",
            "Agreed to close the recycling centre on Wednesdays.",
        ),
        summary=decide(
            october,
            2,
            "Highways programme",
            "Noted the programme.",
            description="Roadworks near the recycling centre entrance.",
        ),
        exempt=decide(
            jlg_meeting,
            1,
            "Recycling centre staffing",
            "Agreed the confidential staffing proposals.",
            exempt=True,
        ),
        hidden=decide(hidden_meeting, 1, "Recycling centre merger", "Agreed the merger."),
        october=october,
    )


def _found(results):
    return [hit.decision for hit in results.hits]


def test_a_title_match_ranks_above_a_resolution_match_above_a_summary_match(found, world):
    results = search_decisions("recycling centre", user=world.public)
    assert _found(results) == [found.title, found.outcome, found.summary]
    assert results.total == 3 and not results.more_than_total
    ranks = [hit.rank for hit in results.hits]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]


def test_words_are_stemmed_and_matches_highlighted(found, world):
    results = search_decisions("recycle centres", user=world.public)
    hits = {hit.decision: hit for hit in results.hits}
    assert set(hits) == {found.title, found.outcome, found.summary}
    title_html = hits[found.title].title_html.lower()
    assert "<mark>recycling</mark>" in title_html and "<mark>centre</mark>" in title_html
    assert "<mark>recycling</mark>" in hits[found.outcome].outcome_html
    assert "<mark>" not in hits[found.summary].outcome_html  # the match is in the summary
    assert hits[found.summary].outcome_html == "Noted the programme."


def test_user_text_is_escaped_in_highlights(found, world):
    DecisionFactory(
        item=AgendaItemFactory(
            meeting=found.october, number=9, title="<script>alert(1)</script> zeppelin"
        ),
        outcome="<b>zeppelin</b> hangar",
    )
    hit = search_decisions("zeppelin", user=world.public).hits[0]
    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    assert "<b>" not in hit.outcome_html and "<mark>zeppelin</mark>" in hit.outcome_html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda w: Filters(area=w.east), ["title", "outcome", "summary"]),
        (lambda w: Filters(area=w.mid), ["title", "outcome", "summary", "hidden"]),
        (lambda w: Filters(area=w.essex), []),
        (lambda w: Filters(publisher=w.east), ["outcome", "summary"]),
        (lambda w: Filters(publisher=w.mid), ["title", "hidden"]),
        (
            lambda w: Filters(
                decided_from=datetime.date(2013, 10, 7), decided_to=datetime.date(2013, 10, 7)
            ),
            ["outcome", "summary"],
        ),
        (lambda w: Filters(decided_to=datetime.date(2013, 9, 2)), ["title"]),
        (
            lambda w: Filters(decided_from=datetime.date(2013, 9, 3)),
            ["outcome", "summary", "hidden"],
        ),
        (lambda w: Filters(area=w.mid, decided_from=datetime.date(2013, 11, 1)), ["hidden"]),
    ],
)
def test_filters_narrow_the_matches(found, world, filters, expected):
    # Midlothian's officer sees the unpublished partnership (Midlothian is a party) but is not
    # a member of the JLG, so never its exempt item.
    results = search_decisions("recycling", filters(world), user=world.mid_officer)
    assert set(_found(results)) == {getattr(found, key) for key in expected}
    assert results.total == len(expected)


def test_filters_without_words_list_newest_first(found, world):
    results = search_decisions("", Filters(area=world.east), user=world.public)
    assert _found(results) == [found.summary, found.outcome, found.title]
    assert results.hits[0].outcome_html == "Noted the programme."


def test_an_exempt_decision_is_found_only_by_the_bodys_members(found, world):
    """Sch 12A: not found, counted or highlighted for anyone but the JLG's members (Cllr Baird
    is `mid_member`); Midlothian's officer is an officer of a party but not a JLG member."""
    for user in (None, world.public, world.mid_officer, world.east_officer, world.essex_officer):
        for query in ("confidential staffing", "recycling", ""):
            results = search_decisions(query, user=user)
            assert found.exempt not in _found(results), (user, query)
        assert search_decisions("confidential staffing", user=user).total == 0
    results = search_decisions("confidential staffing", user=world.mid_member)
    assert _found(results) == [found.exempt]
    assert "<mark>confidential</mark>" in results.hits[0].outcome_html
    assert found.exempt in _found(search_decisions("recycling", user=world.admin))


def test_an_exempt_decision_is_found_by_whom_the_membership_was_extended_to(found, world):
    found.exempt.item.extended_members.add(world.mid_officer.person)
    assert _found(search_decisions("confidential", user=world.mid_officer)) == [found.exempt]


def test_an_unpublished_partnerships_decisions_are_kept_from_outsiders(found, world):
    for user in (None, world.public, world.east_officer, world.essex_officer):
        assert _found(search_decisions("merger", user=user)) == []
        assert search_decisions("recycling", user=user).total == 3
    assert _found(search_decisions("merger", user=world.mid_officer)) == [found.hidden]


def test_the_index_follows_edits_and_deletes(found, world):
    item = found.title.item
    item.title = "Bypass consultation"
    item.save()
    assert found.title not in _found(search_decisions("recycling", user=world.public))
    assert _found(search_decisions("bypass", user=world.public)) == [found.title]

    item.description = "A new road around the village of Pathhead."
    item.save()
    assert _found(search_decisions("Pathhead", user=world.public)) == [found.title]

    decision = Decision.objects.get(pk=found.title.pk)
    decision.outcome = "Agreed to build the zeppelin hangar."
    decision.save()
    assert _found(search_decisions("zeppelin", user=world.public)) == [found.title]
    assert _found(search_decisions("lowest bidder", user=world.public)) == []
    assert _found(search_decisions("bypass", user=world.public)) == [found.title]  # kept

    decision.delete()
    assert _found(search_decisions("zeppelin", user=world.public)) == []
    assert _found(search_decisions("bypass", user=world.public)) == []


def test_a_decision_validates_without_its_search_vector(found):
    Decision.objects.get(pk=found.title.pk).full_clean()  # kept by the database, not the form


def test_deleting_the_meeting_takes_its_decisions_out_of_the_index(found, world):
    found.october.delete()
    assert _found(search_decisions("recycling", user=world.public)) == [found.title]


def test_the_index_is_rebuilt_from_existing_decisions(found, world):
    """What the migration and the post-migrate check do on a database with decisions in it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the test's inserts leave deferred FK checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    fts.drop(connection)
    if connection.vendor == "postgresql":
        Decision.objects.update(search_vector=None)
    fts.ensure(connection)
    assert _found(search_decisions("recycling centre", user=world.public)) == [
        found.title,
        found.outcome,
        found.summary,
    ]
    item = found.outcome.item
    item.title = "Zeppelin review"  # and the triggers are back
    item.save()
    assert _found(search_decisions("zeppelin", user=world.public)) == [found.outcome]


def test_the_migration_indexes_the_decisions_already_recorded(transactional_db, found, world):
    """Migrating back past the search migration and forward again, with decisions recorded:
    they are found afterwards, and the post-migrate check did not trip over the old schema."""
    from django.core.management import call_command

    try:
        call_command("migrate", "meetings", "0001", verbosity=0)
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        assert fts.FTS_TABLE not in tables
    finally:
        call_command("migrate", "meetings", verbosity=0)
    assert _found(search_decisions("recycling centre", user=world.public)) == [
        found.title,
        found.outcome,
        found.summary,
    ]
    item = found.outcome.item
    item.title = "Zeppelin review"
    item.save()
    assert _found(search_decisions("zeppelin", user=world.public)) == [found.outcome]


def test_beyond_the_cap_the_newest_matches_are_ranked_and_the_count_says_more_than(
    found, world, monkeypatch
):
    from joinedup.meetings import search as search_module

    monkeypatch.setattr(search_module, "COUNT_CAP", 2)
    results = search_decisions("recycling centre", user=world.public)
    assert (results.total, results.more_than_total) == (2, True)
    # the two newest (7 October) are ranked; the best match, of 2 September, is not among them
    assert _found(results) == [found.outcome, found.summary]
    results = search_decisions("", user=world.public)
    assert (results.total, results.more_than_total) == (2, True)

    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    results = search_decisions("recycling centre", user=world.public)
    assert (results.total, results.more_than_total) == (3, False)
    assert _found(results)[0] == found.title


def test_the_exempt_decision_does_not_count_towards_the_cap(found, world, monkeypatch):
    from joinedup.meetings import search as search_module

    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    results = search_decisions("recycling", user=world.public)
    assert (results.total, results.more_than_total) == (3, False)


def test_pages_are_sliced_and_the_queries_are_few(found, world):
    for number in range(20, 45):
        DecisionFactory(
            item=AgendaItemFactory(meeting=found.october, number=number, title=f"Zeppelin {number}")
        )
    first = search_decisions("zeppelin", user=world.public, page=1)
    second = search_decisions("zeppelin", user=world.public, page=2)
    assert first.total == 25 and first.pages == 2
    assert len(first.hits) == 20 and len(second.hits) == 5
    assert not set(_found(first)) & set(_found(second))
    with CaptureQueriesContext(connection) as queries:
        search_decisions("zeppelin", user=world.public, page=2)
    assert len(queries) <= 5
    uses_index = fts.FTS_TABLE if connection.vendor == "sqlite" else "search_vector"
    assert any(uses_index in q["sql"] for q in queries.captured_queries)


def test_search_syntax_in_the_query_is_just_words(found, world):
    for query in ('"', "AND", "NEAR(", "recycling -", "'; DROP TABLE meetings_decision; --"):
        search_decisions(query, user=world.public)  # no error
    assert Decision.objects.count() == 5


def test_the_query_plan_uses_the_full_text_index(found):
    from django.contrib.postgres.search import SearchQuery

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            query = Decision.objects.filter(
                search_vector=SearchQuery("recycling", search_type="websearch", config="english")
            ).order_by()
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = query.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "meetings_decision_search_gin" in plan, plan
        else:
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT meetings_decision.id FROM meetings_decision, "
                "meetings_decision_fts WHERE meetings_decision_fts.rowid = meetings_decision.id "
                "AND meetings_decision_fts MATCH %s",
                ['"recycling"'],
            )
            plan = "\n".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan
            assert "SCAN meetings_decision " not in plan + " ", plan


def test_the_search_page_finds_decisions(found, world, client):
    page = client.get(
        reverse("notices:search"), {"q": "recycling centre", "search_in": "decisions"}
    ).content.decode()
    assert "3 results for ‘recycling centre’" in page
    item_url = reverse("meetings:item", args=[found.title.item.meeting_id, 1])
    assert f'href="{item_url}"' in page
    assert "<mark>Recycling</mark> <mark>centre</mark> contract" in page
    assert "Partnership Working Board" in page and "2 September 2013" in page
    assert "In effect" in page
    assert "staffing" not in page and "merger" not in page
    assert 'value="decisions" checked' in page
    assert "Notices only" in page  # the category filter's hint


def test_the_search_page_shows_the_awaiting_ratification_status(found, world, client):
    Decision.objects.filter(pk=found.outcome.pk).update(status="awaiting_ratification")
    page = client.get(reverse("notices:search"), {"q": "Wednesdays", "search_in": "decisions"})
    assert "Awaiting ratification" in page.content.decode()


def test_the_search_page_searches_notices_by_default(found, world, client):
    page = client.get(reverse("notices:search"), {"q": "recycling"}).content.decode()
    assert "0 results for ‘recycling’" in page
    assert "No notices match" in page
    assert 'value="notices" checked' in page


def test_the_search_page_pages_decisions(found, world, client):
    for number in range(20, 45):
        DecisionFactory(
            item=AgendaItemFactory(meeting=found.october, number=number, title=f"Zeppelin {number}")
        )
    page = client.get(
        reverse("notices:search"), {"q": "zeppelin", "search_in": "decisions", "page": 2}
    ).content.decode()
    assert "25 results" in page and "Page 2 of 2" in page
    assert "search_in=decisions" in page  # the previous page link keeps the choice


def test_an_invalid_choice_shows_a_govuk_error_summary(world, client):
    response = client.get(reverse("notices:search"), {"q": "recycling", "search_in": "minutes"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_search_in_0"' in page
    assert "Choose notices of council decisions or decisions of joint bodies" in page
    assert 'id="search_in-error"' in page


def test_the_benchmark_times_decision_search(found):
    from joinedup.meetings import bench

    rows = bench.timings()
    assert [row.label for row in rows] == [
        "search decisions: one common word",
        "search decisions: no match",
    ]
    assert all(row.queries and row.median_ms > 0 for row in rows)
    assert rows[0].note == "over 5 decisions"
