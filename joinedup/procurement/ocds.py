"""Procurements and contracts as Open Contracting Data Standard 1.1 release packages.

- A forthcoming procurement is one contracting process (ocid "<prefix>-procurement-<id>"):
  tag "planning" while planned, "tender" once out to tender or awarded, "tenderCancellation"
  if cancelled; the council running it is the buyer and procuring entity, and each partner council
  that has opted in is listed among the parties as a buyer too.
- A contract in a register is one contracting process (ocid "<prefix>-contract-<id>") with
  tag "contract": an award to the supplier and the contract with its value and period.

Amounts are pounds as JSON numbers with currency GBP; dates are RFC 3339 date-times at
midnight UTC. The ocid prefix is settings.OCDS_OCID_PREFIX (registered with the Open
Contracting Partnership in production; "ocds-jnedup" here).
"""

import datetime
import json
import pathlib

from django.conf import settings
from django.utils import timezone

from .models import Contract, ForthcomingProcurement, ProcurementStatus

VERSION = "1.1"
DEFAULT_PREFIX = "ocds-jnedup"
PUBLISHER = {"name": "joinedup", "uri": "https://joinedup.example/"}
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
TENDER_STATUS = {
    ProcurementStatus.PLANNED: "planning",
    ProcurementStatus.TENDERING: "active",
    ProcurementStatus.AWARDED: "complete",
    ProcurementStatus.CANCELLED: "cancelled",
}
TAGS = {
    ProcurementStatus.PLANNED: ["planning"],
    ProcurementStatus.TENDERING: ["tender"],
    ProcurementStatus.AWARDED: ["tender"],
    ProcurementStatus.CANCELLED: ["tenderCancellation"],
}


def prefix() -> str:
    return getattr(settings, "OCDS_OCID_PREFIX", DEFAULT_PREFIX)


def _amount(pence):
    """Pence as a JSON number of pounds: 123450 -> 1234.5; 100000 -> 1000."""
    if pence is None:
        return None
    pounds, remainder = divmod(int(pence), 100)
    return pounds if remainder == 0 else pence / 100


def _value(pence):
    return None if pence is None else {"amount": _amount(pence), "currency": "GBP"}


def _datetime(day):
    if day is None:
        return None
    if isinstance(day, datetime.datetime):
        return day.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{day.isoformat()}T00:00:00Z"


def _council(organisation, roles):
    return {
        "id": f"GB-GSS-{organisation.code}",
        "name": organisation.name,
        "identifier": {"scheme": "GB-GSS", "id": organisation.code, "legalName": organisation.name},
        "roles": roles,
    }


def _reference(party):
    return {"id": party["id"], "name": party["name"]}


def _classification(cpv_code):
    return {"scheme": "CPV", "id": cpv_code[:8]}


def _clean(value):
    """Drop empty fields: OCDS omits what is not known rather than writing null."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def procurement_release(procurement: ForthcomingProcurement) -> dict:
    ocid = f"{prefix()}-procurement-{procurement.pk}"
    buyer = _council(procurement.organisation, ["buyer", "procuringEntity"])
    partners = [
        _council(interest.organisation, ["buyer"])
        for interest in procurement.interests.select_related("organisation")
    ]
    value = _value(procurement.estimated_value_pence)
    items = (
        [
            {
                "id": "1",
                "description": procurement.title,
                "classification": _classification(procurement.cpv_code),
            }
        ]
        if procurement.cpv_code
        else []
    )
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{procurement.updated_at:%Y%m%dT%H%M%S%f}",
        "date": _datetime(procurement.updated_at),
        "tag": TAGS[procurement.status],
        "initiationType": "tender",
        "language": "en",
        "parties": [buyer, *partners],
        "buyer": _reference(buyer),
        "planning": {
            "rationale": procurement.description,
            "budget": {"description": "Estimated value", "amount": value},
        },
        "tender": {
            "id": f"{ocid}-tender",
            "title": procurement.title,
            "description": procurement.description,
            "status": TENDER_STATUS[procurement.status],
            "procuringEntity": _reference(buyer),
            "value": value,
            "items": items,
            "tenderPeriod": {"startDate": _datetime(procurement.tender_expected_on)},
            "awardPeriod": {"startDate": _datetime(procurement.award_expected_on)},
            "contractPeriod": {"startDate": _datetime(procurement.current_contract_ends_on)},
        },
    }
    return _clean(release)


def _supplier(contract: Contract):
    identifier, additional = None, []
    if contract.supplier_company_number:
        identifier = {"scheme": "GB-COH", "id": contract.supplier_company_number}
    if contract.supplier_charity_number:
        charity = {"scheme": "GB-CHC", "id": contract.supplier_charity_number}
        if identifier:
            additional.append(charity)
        else:
            identifier = charity
    number = contract.supplier_company_number or contract.supplier_charity_number
    party_id = f"{identifier['scheme']}-{number}" if identifier else f"supplier-{contract.pk}"
    details = {}
    if contract.supplier_is_sme is not None or contract.supplier_is_vcse is not None:
        details = {
            "scale": "sme"
            if contract.supplier_is_sme
            else ("large" if contract.supplier_is_sme is False else None),
            "vcse": contract.supplier_is_vcse,
        }
    return {
        "id": party_id,
        "name": contract.supplier_name,
        "identifier": identifier,
        "additionalIdentifiers": additional,
        "roles": ["supplier"],
        "details": {k: v for k, v in details.items() if v is not None},
    }


def _contract_status(contract: Contract, today) -> str:
    if contract.starts_on and contract.starts_on > today:
        return "pending"
    if contract.ends_on and contract.ends_on < today:
        return "terminated"
    return "active"


def contract_release(contract: Contract, today=None) -> dict:
    today = today or timezone.localdate()
    ocid = f"{prefix()}-contract-{contract.pk}"
    buyer = _council(contract.organisation, ["buyer"])
    supplier = _supplier(contract)
    value = _value(contract.value_pence)
    period = {
        "startDate": _datetime(contract.starts_on),
        "endDate": _datetime(contract.ends_on),
    }
    items = (
        [
            {
                "id": "1",
                "description": contract.title,
                "classification": _classification(contract.cpv_code),
            }
        ]
        if contract.cpv_code
        else []
    )
    release = {
        "ocid": ocid,
        "id": f"{ocid}-{contract.updated_at:%Y%m%dT%H%M%S%f}",
        "date": _datetime(contract.updated_at),
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": [buyer, supplier],
        "buyer": _reference(buyer),
        "tender": {
            "id": f"{ocid}-tender",
            "title": contract.title,
            "procurementMethodDetails": contract.procurement_route,
        },
        "awards": [
            {
                "id": f"{ocid}-award",
                "title": contract.title,
                "status": "active",
                "value": value,
                "suppliers": [_reference(supplier)],
                "contractPeriod": period,
            }
        ],
        "contracts": [
            {
                "id": contract.reference or contract.register_key,
                "awardID": f"{ocid}-award",
                "title": contract.title,
                "description": contract.description,
                "status": _contract_status(contract, today),
                "period": period,
                "value": value,
                "items": items,
            }
        ],
    }
    return _clean(release)


def release_package(releases: list[dict], *, uri: str) -> dict:
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": _datetime(timezone.now()),
        "publisher": PUBLISHER,
        "license": LICENSE,
        "publicationPolicy": "https://joinedup.example/publication-policy",
        "releases": releases,
    }


def procurements_package(procurements, *, uri: str) -> dict:
    return release_package([procurement_release(p) for p in procurements], uri=uri)


def contracts_package(contracts, *, uri: str) -> dict:
    today = timezone.localdate()
    return release_package([contract_release(c, today) for c in contracts], uri=uri)


def dumps(package: dict) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False)


# The official OCDS 1.1.5 schema files, put here by `make install` (see
# joinedup/procurement/schema/official-ocds.txt for where they come from).
OFFICIAL_SCHEMA_DIR = pathlib.Path(__file__).resolve().parents[2] / ".cache" / "ocds-1.1.5"


def validator():
    """A Draft 4 validator for release packages against the official OCDS 1.1.5 schema, offline."""
    from jsonschema import Draft4Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    try:
        package, release = (
            json.loads((OFFICIAL_SCHEMA_DIR / name).read_text())
            for name in ("release-package-schema.json", "release-schema.json")
        )
    except FileNotFoundError as missing:
        raise RuntimeError(
            f"The official OCDS schema is not in {OFFICIAL_SCHEMA_DIR}: run `make install`."
        ) from missing
    registry = Registry().with_resources(
        [
            (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
            for schema in (package, release)
        ]
    )
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())
