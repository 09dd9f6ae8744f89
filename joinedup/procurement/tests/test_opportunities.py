"""Joint-procurement opportunities: matched in SQL on CPV category and a window of end dates."""

import datetime

import pytest
from django.db import connection

from joinedup.agreements.tests.factories import PartyFactory
from joinedup.procurement import opportunities
from joinedup.procurement.models import Contract, end_key

from .factories import ContractFactory, ProcurementFactory

D = datetime.date
FROM = D(2026, 1, 1)


def pairs(world, **kwargs):
    kwargs.setdefault("ending_from", FROM)
    found = opportunities.contract_pairs(world.partnership, **kwargs)
    return {(pair.first.reference, pair.second.reference) for pair in found}


@pytest.fixture
def anchor(world):
    return ContractFactory(organisation=world.east, reference="E-1", ends_on=D(2027, 8, 31))


def test_end_keys_make_months_a_subtraction():
    assert end_key(D(2027, 8, 31)) + 600 >= end_key(D(2028, 2, 29))
    assert end_key(D(2027, 8, 31)) + 600 < end_key(D(2028, 3, 1))
    assert end_key(D(2027, 12, 15)) + 100 == end_key(D(2028, 1, 15))


@pytest.mark.parametrize(
    ("ends_on", "window", "matched"),
    [
        (D(2028, 2, 29), 6, True),  # 31 August + 6 months is the end of February
        (D(2028, 3, 1), 6, False),
        # Counted from the earlier date: 1 March + 6 months is 1 September, after 31 August;
        # 28 February + 6 months is 28 August, before it.
        (D(2027, 3, 1), 6, True),
        (D(2027, 2, 28), 6, False),
        (D(2027, 8, 31), 0, True),  # the same day, with no window
        (D(2027, 9, 1), 0, False),
        (D(2028, 8, 31), 12, True),
        (D(2028, 9, 1), 12, False),
    ],
)
def test_the_window_includes_its_boundaries(world, anchor, ends_on, window, matched):
    ContractFactory(organisation=world.mid, reference="M-1", ends_on=ends_on)
    assert pairs(world, window_months=window) == ({("E-1", "M-1")} if matched else set())


def test_contracts_in_different_categories_do_not_match(world, anchor):
    # 905 (refuse and waste) against 909 (cleaning): the same division, another group.
    ContractFactory(organisation=world.mid, reference="M-1", cpv_code="90910000-9")
    ContractFactory(organisation=world.mid, reference="M-2", cpv_code="")
    assert pairs(world) == set()
    assert pairs(world, level=2) == {("E-1", "M-1")}, "the same division does match"


def test_a_narrower_level_needs_more_digits_in_common(world, anchor):
    ContractFactory(organisation=world.mid, reference="M-1", cpv_code="90512000-9")
    assert pairs(world, level=3) == {("E-1", "M-1")}
    assert pairs(world, level=4) == {("E-1", "M-1")}
    assert pairs(world, level=5) == set()
    with pytest.raises(ValueError, match="category must be"):
        pairs(world, level=8)


def test_contracts_of_the_same_council_are_not_an_opportunity(world, anchor):
    ContractFactory(organisation=world.east, reference="E-2")
    assert pairs(world) == set()


def test_councils_outside_the_partnership_are_not_matched(world, anchor):
    ContractFactory(organisation=world.essex, reference="X-1")
    assert pairs(world) == set()


def test_a_council_that_has_left_is_not_matched(world, anchor):
    ContractFactory(organisation=world.essex, reference="X-1")
    PartyFactory(
        partnership=world.partnership,
        organisation=world.essex,
        joined_on=D(2011, 1, 1),
        left_on=D(2020, 1, 1),
    )
    assert pairs(world) == set()


def test_each_pair_is_listed_once_and_contracts_already_ended_are_left_out(world, anchor):
    ContractFactory(organisation=world.mid, reference="M-1", ends_on=D(2027, 9, 30))
    ContractFactory(organisation=world.mid, reference="M-old", ends_on=D(2025, 12, 31))
    found = opportunities.contract_pairs(world.partnership, ending_from=FROM)
    assert len(found) == 1
    assert found[0].months_apart == 0
    assert found[0].category == "905"


def test_forthcoming_procurements_match_partners_contracts(world):
    procurement = ProcurementFactory(
        organisation=world.east,
        partnership=world.partnership,
        cpv_code="90511000-2",
        current_contract_ends_on=D(2027, 9, 30),
    )
    ContractFactory(organisation=world.mid, reference="M-near", ends_on=D(2028, 3, 31))
    ContractFactory(organisation=world.mid, reference="M-far", ends_on=D(2029, 3, 31))
    ContractFactory(organisation=world.mid, reference="M-other", cpv_code="77310000-6")
    ContractFactory(organisation=world.east, reference="E-own", ends_on=D(2027, 9, 30))
    ContractFactory(organisation=world.essex, reference="X-outsider", ends_on=D(2027, 9, 30))
    ProcurementFactory(organisation=world.east, partnership=world.partnership, status="cancelled")
    found = opportunities.procurement_matches(world.partnership, window_months=12)
    assert [(m.procurement, m.contract.reference) for m in found] == [(procurement, "M-near")]
    assert found[0].months_apart == 6
    assert opportunities.procurement_matches(world.partnership, window_months=3) == []


def test_the_matching_is_one_indexed_join_not_a_python_loop(world, django_assert_max_num_queries):
    """Hundreds of contracts, and still a fixed handful of queries."""
    rows = []
    for n in range(600):
        council = (world.east, world.mid, world.essex)[n % 3]
        contract = Contract(
            organisation=council,
            reference=f"B-{n}",
            title="Bulk",
            supplier_name="Demo",
            cpv_code=f"{90511000 + (n % 7) * 100000}",
            ends_on=D(2027, 1, 1) + datetime.timedelta(days=n * 3),
        )
        rows.append(contract.prepare())
    Contract.objects.bulk_create(rows)
    with django_assert_max_num_queries(4):
        found = opportunities.contract_pairs(world.partnership, ending_from=FROM, limit=100)
    assert len(found) == 100
    assert all(p.first.organisation_id != p.second.organisation_id for p in found)
    assert all(p.first.cpv_group == p.second.cpv_group for p in found)
    assert all(p.months_apart <= 12 for p in found)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_sqlite_walks_end_dates_in_order_and_probes_the_category_index(world):
    """Both sides of the join are index searches, never scans: the outer side by end date
    (with statistics on a large table, SQLite walks contract_end in order so that LIMIT stops
    early: 0.07 s for 500,000 contracts; on a small one it takes the council's index), and
    each contract is matched through the (CPV level, end key) index."""
    sql, params = opportunities.pairs_query(
        [world.east.pk, world.mid.pk], 12, 3, D(2026, 1, 1), D(2031, 1, 1), 500
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [str(row[-1]) for row in cursor.fetchall()]
    assert any(
        step.startswith(
            ("SEARCH a USING INDEX contract_end", "SEARCH a USING INDEX contract_council_end")
        )
        for step in plan
    ), plan
    assert any("SEARCH b USING INDEX contract_group_end" in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan
