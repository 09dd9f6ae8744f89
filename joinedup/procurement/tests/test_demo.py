import pytest

from joinedup.agreements import demo as agreements_demo
from joinedup.agreements.models import Partnership
from joinedup.organisations import demo as organisations_demo
from joinedup.procurement import demo, ocds, opportunities
from joinedup.procurement.models import Contract, ForthcomingProcurement


@pytest.fixture
def loaded(db):
    users = organisations_demo.load()
    agreements_demo.load(users)
    demo.load(users)
    return Partnership.objects.get(name=demo.WBT)


def test_the_demo_registers_overlap_where_a_partnership_would_look(loaded):
    assert Contract.objects.count() == sum(len(rows) for rows in demo.REGISTERS.values())
    pairs = opportunities.contract_pairs(loaded, window_months=12)
    by_group = {}
    for pair in pairs:
        by_group.setdefault(pair.category, set()).update(
            {pair.first.organisation.code, pair.second.organisation.code}
        )
    assert by_group["665"] == {demo.ESSEX, demo.BRAINTREE, demo.BRENTWOOD}, "insurance"
    assert by_group["773"] == {demo.ESSEX, demo.BRAINTREE, demo.BRENTWOOD}, "grounds"
    assert {"905", "722", "791"} <= set(by_group), "waste, IT and legal services"
    assert "726" not in by_group, "Braintree's desktop support is another CPV group"
    assert Contract.objects.filter(cpv_code="").exists(), "a contract with no CPV code"


def test_the_demo_has_a_procurement_a_partner_has_joined(loaded):
    grounds = ForthcomingProcurement.objects.get(title__startswith="Grounds maintenance")
    assert [i.organisation.code for i in grounds.interests.all()] == [demo.BRENTWOOD]
    matches = opportunities.procurement_matches(loaded)
    assert {m.procurement.title for m in matches} == {
        grounds.title,
        "Corporate insurance programme",
    }


def test_the_demo_exports_as_valid_ocds(loaded):
    validator = ocds.validator()
    contracts = ocds.contracts_package(Contract.objects.all(), uri="https://joinedup.example/c")
    procurements = ocds.procurements_package(
        ForthcomingProcurement.objects.all(), uri="https://joinedup.example/p"
    )
    assert list(validator.iter_errors(contracts)) == []
    assert list(validator.iter_errors(procurements)) == []
