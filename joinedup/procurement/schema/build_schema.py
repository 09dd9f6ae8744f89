"""Writes release-schema.json and release-package-schema.json (run once; kept for review).

No copy of the official OCDS 1.1 schema was installed on the build machine and there is no
internet, so these are written from the standard (OCDS 1.1.5, JSON Schema draft 4): the
release's required fields (ocid, id, date, tag, initiationType), the closed codelists
(releaseTag, initiationType, tenderStatus, awardStatus, contractStatus, method, procurement
category) and the types of the building blocks joinedup publishes (parties, buyer, planning,
tender, awards, contracts, values, periods, items). Replace with the official files when
they can be fetched: https://standard.open-contracting.org/schema/1__1__5/
"""

import json
import pathlib

BASE = "https://standard.open-contracting.org/schema/1__1__5/"
HERE = pathlib.Path(__file__).parent

S = {"type": ["string", "null"]}
DT = {"type": ["string", "null"], "format": "date-time"}
URI = {"type": ["string", "null"], "format": "uri"}
ID = {"type": ["string", "integer"], "minLength": 1}
CURRENCIES = sorted(
    [
        "AED",
        "AUD",
        "BGN",
        "BRL",
        "CAD",
        "CHF",
        "CNY",
        "CZK",
        "DKK",
        "EUR",
        "GBP",
        "HKD",
        "HUF",
        "INR",
        "ISK",
        "JPY",
        "KRW",
        "MXN",
        "NOK",
        "NZD",
        "PLN",
        "RON",
        "SEK",
        "SGD",
        "TRY",
        "USD",
        "ZAR",
    ]
)


def ref(name):
    return {"$ref": f"#/definitions/{name}"}


def array_of(name, unique=True):
    schema = {"type": "array", "items": ref(name)}
    if unique:
        schema["uniqueItems"] = True
    return schema


def closed(values):
    return {"type": ["string", "null"], "enum": [*values, None]}


definitions = {
    "Identifier": {
        "type": "object",
        "properties": {
            "scheme": S,
            "id": {"type": ["string", "integer", "null"]},
            "legalName": S,
            "uri": URI,
        },
    },
    "Address": {
        "type": "object",
        "properties": dict.fromkeys(
            ("streetAddress", "locality", "region", "postalCode", "countryName"), S
        ),
    },
    "ContactPoint": {
        "type": "object",
        "properties": {"name": S, "email": S, "telephone": S, "faxNumber": S, "url": URI},
    },
    "Organization": {
        "type": "object",
        "properties": {
            "name": S,
            "id": {"type": "string"},
            "identifier": ref("Identifier"),
            "additionalIdentifiers": array_of("Identifier"),
            "address": ref("Address"),
            "contactPoint": ref("ContactPoint"),
            "roles": {"type": ["array", "null"], "items": {"type": "string"}, "uniqueItems": True},
            "details": {"type": ["object", "null"]},
        },
    },
    "OrganizationReference": {
        "type": "object",
        "properties": {
            "name": {"type": ["string", "null"], "minLength": 1},
            "id": {"type": ["string", "integer"]},
            "identifier": ref("Identifier"),
            "address": ref("Address"),
            "additionalIdentifiers": array_of("Identifier"),
            "contactPoint": ref("ContactPoint"),
        },
    },
    "Value": {
        "type": "object",
        "properties": {
            "amount": {"type": ["number", "null"]},
            "currency": {"type": ["string", "null"], "enum": [*CURRENCIES, None]},
        },
    },
    "Period": {
        "type": "object",
        "properties": {
            "startDate": DT,
            "endDate": DT,
            "maxExtentDate": DT,
            "durationInDays": {"type": ["integer", "null"]},
        },
    },
    "Classification": {
        "type": "object",
        "properties": {
            "scheme": S,
            "id": {"type": ["string", "integer"]},
            "description": S,
            "uri": URI,
        },
    },
    "Unit": {
        "type": "object",
        "properties": {"scheme": S, "id": S, "name": S, "value": ref("Value"), "uri": URI},
    },
    "Item": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": ID,
            "description": S,
            "classification": ref("Classification"),
            "additionalClassifications": array_of("Classification"),
            "quantity": {"type": ["number", "null"]},
            "unit": ref("Unit"),
        },
    },
    "Document": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": ID,
            "documentType": S,
            "title": S,
            "description": S,
            "url": URI,
            "datePublished": DT,
            "dateModified": DT,
            "format": S,
            "language": S,
        },
    },
    "Milestone": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": ID,
            "title": S,
            "type": S,
            "description": S,
            "code": S,
            "dueDate": DT,
            "dateMet": DT,
            "dateModified": DT,
            "status": closed(["scheduled", "met", "notMet", "partiallyMet"]),
        },
    },
    "Budget": {
        "type": "object",
        "properties": {
            "id": {"type": ["string", "integer", "null"]},
            "description": S,
            "amount": ref("Value"),
            "project": S,
            "projectID": {"type": ["string", "integer", "null"]},
            "uri": URI,
        },
    },
    "Planning": {
        "type": "object",
        "properties": {
            "rationale": S,
            "budget": ref("Budget"),
            "documents": array_of("Document"),
            "milestones": array_of("Milestone"),
        },
    },
    "Tender": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": ID,
            "title": S,
            "description": S,
            "status": closed(
                [
                    "planning",
                    "planned",
                    "active",
                    "cancelled",
                    "unsuccessful",
                    "complete",
                    "withdrawn",
                ]
            ),
            "procuringEntity": ref("OrganizationReference"),
            "items": array_of("Item"),
            "value": ref("Value"),
            "minValue": ref("Value"),
            "procurementMethod": closed(["open", "selective", "limited", "direct"]),
            "procurementMethodDetails": S,
            "procurementMethodRationale": S,
            "mainProcurementCategory": closed(["goods", "works", "services"]),
            "additionalProcurementCategories": {
                "type": ["array", "null"],
                "items": {"type": "string"},
            },
            "awardCriteria": S,
            "awardCriteriaDetails": S,
            "submissionMethod": {"type": ["array", "null"], "items": {"type": "string"}},
            "submissionMethodDetails": S,
            "tenderPeriod": ref("Period"),
            "enquiryPeriod": ref("Period"),
            "hasEnquiries": {"type": ["boolean", "null"]},
            "eligibilityCriteria": S,
            "awardPeriod": ref("Period"),
            "contractPeriod": ref("Period"),
            "numberOfTenderers": {"type": ["integer", "null"]},
            "tenderers": array_of("OrganizationReference"),
            "documents": array_of("Document"),
            "milestones": array_of("Milestone"),
        },
    },
    "Award": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": ID,
            "title": S,
            "description": S,
            "status": closed(["pending", "active", "cancelled", "unsuccessful"]),
            "date": DT,
            "value": ref("Value"),
            "suppliers": array_of("OrganizationReference"),
            "items": array_of("Item"),
            "contractPeriod": ref("Period"),
            "documents": array_of("Document"),
        },
    },
    "Contract": {
        "type": "object",
        "required": ["id", "awardID"],
        "properties": {
            "id": ID,
            "awardID": ID,
            "title": S,
            "description": S,
            "status": closed(["pending", "active", "cancelled", "terminated"]),
            "period": ref("Period"),
            "value": ref("Value"),
            "items": array_of("Item"),
            "dateSigned": DT,
            "documents": array_of("Document"),
            "milestones": array_of("Milestone"),
        },
    },
}

release = {
    "id": f"{BASE}release-schema.json",
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "Schema for an Open Contracting Release",
    "description": "OCDS 1.1 release (written from the standard; see build_schema.py)",
    "type": "object",
    "required": ["ocid", "id", "date", "tag", "initiationType"],
    "properties": {
        "ocid": {"type": "string", "minLength": 1},
        "id": {"type": "string", "minLength": 1},
        "date": {"type": "string", "format": "date-time"},
        "tag": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "string",
                "enum": [
                    "planning",
                    "planningUpdate",
                    "tender",
                    "tenderAmendment",
                    "tenderUpdate",
                    "tenderCancellation",
                    "award",
                    "awardUpdate",
                    "awardCancellation",
                    "contract",
                    "contractUpdate",
                    "contractAmendment",
                    "implementation",
                    "implementationUpdate",
                    "contractTermination",
                    "compiled",
                ],
            },
        },
        "initiationType": {"type": "string", "enum": ["tender"]},
        "parties": array_of("Organization"),
        "buyer": ref("OrganizationReference"),
        "planning": ref("Planning"),
        "tender": ref("Tender"),
        "awards": array_of("Award"),
        "contracts": array_of("Contract"),
        "language": S,
    },
    "definitions": definitions,
}

package = {
    "id": f"{BASE}release-package-schema.json",
    "$schema": "http://json-schema.org/draft-04/schema#",
    "title": "Schema for an Open Contracting Release Package",
    "type": "object",
    "required": ["uri", "publisher", "publishedDate", "releases", "version"],
    "properties": {
        "uri": {"type": "string", "format": "uri"},
        "version": {"type": "string", "pattern": "^(\\d+\\.)(\\d+)$"},
        "extensions": {"type": "array", "items": {"type": "string", "format": "uri"}},
        "publishedDate": {"type": "string", "format": "date-time"},
        "releases": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": f"{BASE}release-schema.json"},
            "uniqueItems": True,
        },
        "publisher": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}, "scheme": S, "uid": S, "uri": URI},
        },
        "license": URI,
        "publicationPolicy": URI,
    },
}

if __name__ == "__main__":
    (HERE / "release-schema.json").write_text(json.dumps(release, indent=2) + "\n")
    (HERE / "release-package-schema.json").write_text(json.dumps(package, indent=2) + "\n")
