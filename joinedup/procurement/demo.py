"""Contract registers for the Working Better Together councils, and a procurement to join.

The seed (000) names procurement as one of the partnership's four work areas; 003 asks each
council to tell its partner of forthcoming procurements "so that the other can join". The
contracts, suppliers and figures here are invented (suppliers are "Demo" companies), but
shaped like real Transparency Code registers: waste, grounds maintenance, IT, insurance and
legal services that end close together in two or three councils, and some that do not
(a different CPV group, a contract with no CPV code, a contract ending years apart).

End dates are counted from the day the demo is loaded, so the opportunities page always has
something to show.
"""

import datetime

from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation

from . import actions
from .models import Contract

ESSEX, BRAINTREE, BRENTWOOD = "E10000012", "E07000067", "E07000068"
WBT = "Working Better Together in Essex"


def _months_on(today: datetime.date, months: int) -> datetime.date:
    """The last day of the month `months` after today's."""
    index = today.year * 12 + today.month - 1 + months + 1
    first_of_next = datetime.date(index // 12, index % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


# (reference, title, department, supplier, company number, CPV, value £, years run,
#  months until it ends, route, SME)
REGISTERS = {
    ESSEX: [
        (
            "ECC-WD-0412",
            "Residual waste treatment and disposal",
            "Waste and Environment",
            "Demo Resource Recovery Ltd",
            "09876541",
            "90513000-6",
            48_600_000,
            10,
            20,
            "Open tender",
            False,
        ),
        (
            "ECC-HW-0150",
            "Highway verge and grounds maintenance",
            "Highways",
            "Demo Landscapes (East) Ltd",
            "04455123",
            "77314000-4",
            2_350_000,
            5,
            14,
            "Open tender",
            True,
        ),
        (
            "ECC-IT-2201",
            "Microsoft enterprise licensing",
            "Technology Services",
            "Demo Software Reseller plc",
            "03111222",
            "48000000-8",
            6_900_000,
            3,
            9,
            "Framework call-off",
            False,
        ),
        (
            "ECC-IT-2230",
            "IT service desk and end-user support",
            "Technology Services",
            "Demo Managed Services Ltd",
            "07766554",
            "72253000-3",
            3_120_000,
            4,
            7,
            "Open tender",
            False,
        ),
        (
            "ECC-INS-0003",
            "Property, liability and motor insurance",
            "Finance",
            "Demo Mutual Insurance Ltd",
            "02999888",
            "66510000-8",
            1_875_000,
            5,
            4,
            "Open tender",
            False,
        ),
        (
            "ECC-LEG-0044",
            "External legal services",
            "Legal and Assurance",
            "Demo Solicitors LLP",
            "OC301234",
            "79100000-5",
            950_000,
            4,
            16,
            "Framework call-off",
            False,
        ),
        (
            "ECC-FM-0090",
            "Office cleaning, County Hall",
            "Property",
            "Demo Cleaning Co Ltd",
            "08123456",
            "90910000-9",
            640_000,
            3,
            30,
            "Quotation",
            True,
        ),
        (
            "ECC-PR-0077",
            "Printing and mailing",
            "Customer Services",
            "Demo Print Ltd",
            "05566778",
            "79810000-5",
            410_000,
            3,
            11,
            "Quotation",
            True,
        ),
    ],
    BRAINTREE: [
        (
            "BDC-0101",
            "Haulage of dry recyclables",
            "Operations",
            "Demo Haulage Ltd",
            "06677889",
            "90512000-9",
            1_450_000,
            5,
            22,
            "Open tender",
            True,
        ),
        (
            "BDC-0134",
            "Grounds maintenance of parks and open spaces",
            "Operations",
            "Demo Landscapes (East) Ltd",
            "04455123",
            "77310000-6",
            1_180_000,
            5,
            12,
            "Open tender",
            True,
        ),
        (
            "BDC-0178",
            "Insurance programme",
            "Finance",
            "Demo Mutual Insurance Ltd",
            "02999888",
            "66510000-8",
            420_000,
            5,
            4,
            "Framework call-off",
            False,
        ),
        (
            "BDC-0190",
            "Legal advisory services",
            "Governance",
            "Demo Solicitors LLP",
            "OC301234",
            "79110000-8",
            180_000,
            3,
            40,
            "Quotation",
            False,
        ),
        (
            "BDC-0205",
            "Desktop and technical support",
            "ICT",
            "Demo Computer Support Ltd",
            "09988776",
            "72611000-6",
            260_000,
            3,
            8,
            "Quotation",
            True,
        ),
        (
            "BDC-0220",
            "Street cleansing equipment hire",
            "Operations",
            "Demo Sweepers Ltd",
            "05544332",
            "90610000-6",
            95_000,
            2,
            6,
            "Quotation",
            True,
        ),
        (
            "BDC-0231",
            "Christmas lights installation",
            "Economic Development",
            "Demo Illuminations Trust",
            "CHY1176543",
            "",
            24_500,
            1,
            3,
            "Quotation",
            True,
        ),
    ],
    BRENTWOOD: [
        (
            "BBC-C-031",
            "Grounds maintenance",
            "Environment",
            "Demo Green Spaces CIC",
            "11223344",
            "77313000-7",
            760_000,
            4,
            10,
            "Open tender",
            True,
        ),
        (
            "BBC-C-045",
            "Corporate insurance",
            "Finance",
            "Demo Mutual Insurance Ltd",
            "02999888",
            "66510000-8",
            310_000,
            5,
            5,
            "Framework call-off",
            False,
        ),
        (
            "BBC-C-052",
            "Waste and recycling collection",
            "Environment",
            "Demo Environmental Services Ltd",
            "02567890",
            "90511000-2",
            9_800_000,
            8,
            18,
            "Open tender",
            False,
        ),
        (
            "BBC-C-060",
            "Legal services",
            "Legal",
            "Demo Solicitors LLP",
            "OC301234",
            "79100000-5",
            220_000,
            3,
            15,
            "Framework call-off",
            False,
        ),
        (
            "BBC-C-071",
            "IT managed service",
            "ICT",
            "Demo Managed Services Ltd",
            "07766554",
            "72253000-3",
            1_340_000,
            5,
            8,
            "Open tender",
            False,
        ),
        (
            "BBC-C-080",
            "Leisure centre management",
            "Community",
            "Demo Leisure Trust",
            "CHY1098765",
            "92610000-0",
            5_600_000,
            10,
            60,
            "Open tender",
            False,
        ),
    ],
}


def load(users) -> list[str]:
    today = timezone.localdate()
    for code, rows in REGISTERS.items():
        organisation = Organisation.objects.get(code=code)
        for (
            reference,
            title,
            department,
            supplier,
            number,
            cpv_code,
            pounds,
            years,
            months,
            route,
            sme,
        ) in rows:
            ends_on = _months_on(today, months)
            charity = number.startswith("CHY")
            Contract.objects.create(
                organisation=organisation,
                reference=reference,
                title=title,
                department=department,
                supplier_name=supplier,
                supplier_company_number="" if charity else number,
                supplier_charity_number=number[3:] if charity else "",
                cpv_code=cpv_code,
                value_pence=pounds * 100,
                starts_on=_months_on(today, months - years * 12) + datetime.timedelta(days=1),
                ends_on=ends_on,
                review_on=_months_on(today, months - 6) if months > 9 else None,
                procurement_route=route,
                supplier_is_sme=sme,
                supplier_is_vcse=charity or supplier.endswith("CIC"),
            )
    wbt = Partnership.objects.get(name=WBT)
    braintree, brentwood, essex = (
        Organisation.objects.get(code=code) for code in (BRAINTREE, BRENTWOOD, ESSEX)
    )
    grounds = actions.record_procurement(
        by=users["braintree.officer"],
        partnership=wbt,
        organisation=braintree,
        title="Grounds maintenance of parks and open spaces 2027–2032",
        description="Re-procurement of Braintree's grounds maintenance contract (BDC-0134), "
        "with lots for each partner council's parks, cemeteries and verges.",
        cpv_code="77310000-6",
        estimated_value_pence=6_200_000_00,
        tender_expected_on=_months_on(today, 3),
        award_expected_on=_months_on(today, 8),
        current_contract_ends_on=_months_on(today, 12),
        status="planned",
    )
    actions.join(
        grounds,
        by=users["brentwood.officer"],
        organisation=brentwood,
        note="Brentwood's grounds maintenance contract (BBC-C-031) ends two months earlier; "
        "we would join as a separate lot and extend ours to align.",
    )
    actions.record_procurement(
        by=users["essex.officer"],
        partnership=wbt,
        organisation=essex,
        title="Corporate insurance programme",
        description="Property, liability and motor insurance from 1 April, through a "
        "framework call-off. Partners' policies renew on the same date.",
        cpv_code="66510000-8",
        estimated_value_pence=2_100_000_00,
        tender_expected_on=_months_on(today, 1),
        award_expected_on=_months_on(today, 3),
        current_contract_ends_on=_months_on(today, 4),
        status="tendering",
    )
    return []
