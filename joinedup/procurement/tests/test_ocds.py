"""OCDS 1.1 release packages, validated against the official OCDS 1.1.5 release package schema."""

import json

import pytest
from django.urls import reverse

from joinedup.procurement import ocds

from .factories import ContractFactory, JoinInterestFactory, ProcurementFactory


@pytest.fixture
def validator():
    return ocds.validator()


def _errors(validator, package):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(package)]


def test_a_procurement_package_is_valid_ocds(world, client, validator):
    procurement = ProcurementFactory(
        organisation=world.mid,
        partnership=world.partnership,
        title="Grounds maintenance",
        estimated_value_pence=1_234_550,
    )
    JoinInterestFactory(procurement=procurement, organisation=world.east)
    ProcurementFactory(
        organisation=world.east,
        partnership=world.partnership,
        cpv_code="",
        status="tendering",
        estimated_value_pence=None,
    )
    response = client.get(reverse("procurement:partnership_ocds", args=["elm"]))
    package = json.loads(response.content)
    assert _errors(validator, package) == []
    assert package["version"] == "1.1"
    release = next(r for r in package["releases"] if r["tender"]["title"] == "Grounds maintenance")
    assert release["ocid"] == f"ocds-jnedup-procurement-{procurement.pk}"
    assert release["tag"] == ["planning"]
    assert release["initiationType"] == "tender"
    assert release["buyer"] == {"id": "GB-GSS-S12000019", "name": "Midlothian Council"}
    assert release["tender"]["value"] == {"amount": 12345.5, "currency": "GBP"}
    assert release["planning"]["budget"]["amount"]["amount"] == 12345.5
    assert release["tender"]["items"][0]["classification"] == {"scheme": "CPV", "id": "90511000"}
    assert release["tender"]["tenderPeriod"]["startDate"] == "2027-01-15T00:00:00Z"
    roles = {party["name"]: party["roles"] for party in release["parties"]}
    assert roles == {
        "Midlothian Council": ["buyer", "procuringEntity"],
        "East Lothian Council": ["buyer"],
    }
    tendering = next(r for r in package["releases"] if r is not release)
    assert tendering["tag"] == ["tender"] and "value" not in tendering["tender"]


def test_a_contract_register_package_is_valid_ocds(world, client, validator):
    ContractFactory(organisation=world.east, reference="EL-1", value_pence=500_000_00)
    ContractFactory(
        organisation=world.east,
        reference="EL-2",
        cpv_code="",
        value_pence=None,
        starts_on=None,
        supplier_company_number="",
        supplier_charity_number="1098765",
        supplier_is_sme=False,
        supplier_is_vcse=True,
    )
    response = client.get(reverse("procurement:register_ocds", args=[world.east.code]))
    package = json.loads(response.content)
    assert _errors(validator, package) == []
    first = next(r for r in package["releases"] if r["contracts"][0]["id"] == "EL-1")
    assert first["tag"] == ["contract"]
    contract = first["contracts"][0]
    assert contract["value"] == {"amount": 500000, "currency": "GBP"}
    assert contract["period"] == {
        "startDate": "2020-04-01T00:00:00Z",
        "endDate": "2028-03-31T00:00:00Z",
    }
    assert contract["awardID"] == first["awards"][0]["id"]
    supplier = next(p for p in first["parties"] if p["roles"] == ["supplier"])
    assert supplier["identifier"] == {"scheme": "GB-COH", "id": "02215767"}
    charity = next(r for r in package["releases"] if r["contracts"][0]["id"] == "EL-2")
    supplier = next(p for p in charity["parties"] if p["roles"] == ["supplier"])
    assert supplier["identifier"] == {"scheme": "GB-CHC", "id": "1098765"}
    assert supplier["details"] == {"scale": "large", "vcse": True}


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda r: r.pop("ocid"), "'ocid' is a required property"),
        (lambda r: r.update(tag=["bidding"]), "is not one of"),
        (lambda r: r.update(initiationType="auction"), "is not one of"),
        (lambda r: r["contracts"][0].pop("awardID"), "'awardID' is a required property"),
        (lambda r: r["contracts"][0]["value"].update(amount="500000"), "is not of type"),
        (lambda r: r["contracts"][0]["value"].update(currency="GBX"), "is not one of"),
        (lambda r: r["contracts"][0].update(status="live"), "is not one of"),
        (lambda r: r.update(date="31/03/2027"), "is not a 'date-time'"),
        (
            lambda r: r["contracts"][0]["period"].update(endDate="2027-03-31"),
            "is not a 'date-time'",
        ),
    ],
)
def test_the_schema_catches_what_ocds_forbids(world, validator, change, complaint):
    release = ocds.contract_release(ContractFactory(organisation=world.east))
    package = ocds.release_package([release], uri="https://joinedup.example/x.json")
    assert _errors(validator, package) == []
    change(release)
    assert any(complaint in error for error in _errors(validator, package))


def test_the_validator_is_the_official_ocds_schema(validator):
    """The schema comes from the Open Contracting Partnership's files, not one written here."""
    release = json.loads((ocds.OFFICIAL_SCHEMA_DIR / "release-schema.json").read_text())
    official = "https://standard.open-contracting.org/schema/1__1__5/"
    assert validator.schema["id"] == official + "release-package-schema.json"
    assert validator.schema["properties"]["releases"]["items"]["$ref"] == release["id"]
    assert release["id"] == official + "release-schema.json"
    assert release["title"] == "Schema for an Open Contracting Release"
    assert release["required"] == ["ocid", "id", "date", "tag", "initiationType"]
    # the whole currency codelist, not just the currencies joinedup uses
    currencies = release["definitions"]["Value"]["properties"]["currency"]["enum"]
    assert {"GBP", "EUR", "XOF", "ZWL"} <= set(currencies) and len(currencies) > 150
