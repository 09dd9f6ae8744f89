"""The joint programmes of the seed documents, walked through their lifecycles by the actions.

- East Lothian and Midlothian (003 §3): the seven activities of the partnership update report,
  early talks on internal audit, and the Environmental Health (Midlothian leads) and Trading
  Standards (East Lothian leads) partnering approach: a 12-month pilot from 1 November 2013
  with an interim review after six months.
- Working Better Together in Essex (000): the four work areas, each with a business case that
  some of the three councils have approved through their own governance and some have not.
- Gedling and Rushcliffe (004 appendix 1): reciprocal cover for health and safety.

Where a seed gives no date, body or reference, the demo invents one and says so ("demo").
"""

import datetime
from decimal import Decimal

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation

from . import actions
from .models import ArrangementType as A
from .models import Duration, Initiative, ReviewKind
from .models import ServiceArea as S

D = datetime.date
EAST, MID = "S12000010", "S12000019"
ESSEX, BRAINTREE, BRENTWOOD = "E10000012", "E07000067", "E07000068"
GEDLING, RUSHCLIFFE = "E07000173", "E07000176"
DEMO = "demo: the seed gives no reference"

EH_TS_BENEFITS = """Continuity of service delivery.
Long term and future service resilience.
Service efficiencies.
Improved service flexibility and quality through sharing specialist expertise."""


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def _propose(partnership, by, *, participants, outcomes, lead=None, **fields) -> Initiative:
    return actions.create_initiative(
        partnership,
        by=by,
        participants=[_org(code) for code in participants],
        lead=_org(lead) if lead else None,
        outcomes=outcomes,
        **fields,
    )


def _business_case(initiative, by, *, submitted_on, approvals, published=True, **case):
    """Submit the case, then record each council's decision: (code, body, date, reference, by)."""
    business_case = actions.submit_business_case(
        initiative, by=by, submitted_on=submitted_on, is_published=published, **case
    )
    for code, body_name, decided_on, reference, recorder in approvals:
        actions.record_approval(
            business_case,
            by=recorder,
            organisation=_org(code),
            body_name=body_name,
            decided_on=decided_on,
            decision_reference=reference,
        )
    initiative.refresh_from_db()
    return business_case


def _targets(kpi, targets: dict[str, tuple[str, str, object]]) -> None:
    """Each council's target, set by that council's own officer (issue 13.6)."""
    for code, (figure, unit, officer) in targets.items():
        actions.set_kpi_target(
            kpi, by=officer, organisation=_org(code), target=Decimal(figure), unit=unit
        )


def _east_lothian_and_midlothian(users) -> None:
    elm = Partnership.objects.get(slug="east-lothian-and-midlothian-partnership-working")
    jpm, east, mid = users["jpm"], users["eastlothian.officer"], users["midlothian.officer"]
    both = [EAST, MID]

    def approved_by_cabinets(initiative, submitted_on, decided_on, **case):
        return _business_case(
            initiative,
            jpm,
            submitted_on=submitted_on,
            approvals=[
                (EAST, "Cabinet", decided_on, DEMO, east),
                (MID, "Cabinet", decided_on, DEMO, mid),
            ],
            **case,
        )

    # Contact centre: live since 2010.
    contact = _propose(
        elm,
        east,
        title="Contact centre: Midlothian's out of hours service",
        summary="East Lothian's Contact Centre continues to host Midlothian's Out of Hours "
        "service, following an arrangement with its Contact Centre in 2010.",
        service_area=S.CONTACT_CENTRE,
        arrangement_type=A.PROCUREMENT_FROM_ANOTHER,
        lead=EAST,
        participants=both,
        outcomes=[
            "Midlothian residents reach the council out of hours through one contact centre",
            "Neither council pays for a second out of hours service",
        ],
        starts_on=D(2010, 4, 1),
        proposed_on=D(2010, 1, 11),
    )
    approved_by_cabinets(
        contact,
        D(2010, 2, 1),
        D(2010, 3, 9),
        summary="East Lothian's Contact Centre answers Midlothian's out of hours calls.",
        costs="Recharged by East Lothian to Midlothian. (Demo: the seed gives no figures.)",
        benefits="One out of hours service for both councils; resilience of cover.",
    )
    actions.change_status(
        contact, by=jpm, to="live", on=D(2010, 4, 1), reason="Arrangement in place since 2010"
    )
    actions.add_status_report(
        contact,
        by=east,
        period_end=D(2013, 9, 30),
        rag="green",
        commentary="East Lothian continues to host Midlothian's Out of Hours service.",
    )

    # Archaeology: a service level agreement, now being reviewed.
    archaeology = _propose(
        elm,
        east,
        title="Archaeology service level agreement",
        summary="A Service Level Agreement between East Lothian and Midlothian for "
        "archaeology services support. (Demo: the seed does not say which council provides "
        "the service.)",
        service_area=S.ARCHAEOLOGY,
        arrangement_type=A.PROCUREMENT_FROM_ANOTHER,
        lead=EAST,
        participants=both,
        outcomes=["Both councils have archaeology advice for planning and development"],
        proposed_on=D(2011, 1, 10),
    )
    approved_by_cabinets(
        archaeology,
        D(2011, 2, 1),
        D(2011, 3, 8),
        summary="Archaeology services support under a service level agreement.",
        costs="Charged under the service level agreement. (Demo.)",
        benefits="Specialist archaeology expertise available to both councils.",
    )
    actions.change_status(archaeology, by=jpm, to="live", on=D(2011, 4, 1))
    actions.change_status(
        archaeology,
        by=jpm,
        to="review",
        on=D(2013, 10, 21),
        reason="003 §3.1: the existing Service Level Agreement is currently being reviewed",
    )

    # Health and safety: a joint managerial arrangement that is live.
    safety = _propose(
        elm,
        mid,
        title="Health and safety: joint managerial arrangement",
        summary="A joint managerial arrangement for the Health and Safety function. Enhancing "
        "it to include Emergency Planning and Risk is being considered, with the focus on "
        "resilience for both Councils.",
        service_area=S.HEALTH_AND_SAFETY,
        arrangement_type=A.SHARED_MANAGEMENT,
        participants=both,
        outcomes=[
            "One manager leads health and safety for both councils",
            "Joint training and systems training for both teams",
        ],
        proposed_on=D(2012, 1, 16),
    )
    approved_by_cabinets(
        safety,
        D(2012, 2, 6),
        D(2012, 3, 13),
        summary="One manager for the health and safety function of both councils.",
        costs="The manager's cost is shared. (Demo: the seed gives no figures.)",
        benefits="Resilience, joint training and shared systems.",
    )
    actions.change_status(safety, by=jpm, to="live", on=D(2012, 4, 2))
    actions.add_status_report(
        safety,
        by=mid,
        period_end=D(2013, 9, 30),
        rag="green",
        commentary="Continues to progress well and has resulted in benefitting from joint "
        "training and systems training. Including Emergency Planning and Risk is being "
        "considered.",
    )

    # Additional support needs: a review under way, so still an idea.
    _propose(
        elm,
        mid,
        title="Additional support needs: severe and complex provision",
        summary="A review of ASN Severe and Complex provision across both authorities, "
        "projecting the needs for places over the next 10 years with a view to informing how "
        "these might be addressed. Future opportunities are expected in joint commissioning.",
        service_area=S.EDUCATION,
        arrangement_type=A.JOINT_COMMISSIONING,
        participants=both,
        outcomes=[
            "The need for places over the next 10 years is projected across both councils",
            "East Lothian's plans for secondary communication provision are better informed",
        ],
        proposed_on=D(2013, 6, 3),
    )

    # Self improving schools: a programme for the academic year, reviewed in September 2014.
    schools = _propose(
        elm,
        east,
        title="Self improving schools",
        summary="Learning trios of three secondary schools, each supported by a set adviser, "
        "across the 12 secondary schools of both councils. Head Teachers create learning "
        "contracts and share learning across the sets.",
        service_area=S.EDUCATION,
        arrangement_type=A.SHARING_INFORMATION,
        participants=both,
        outcomes=[
            "Every secondary school takes part in a learning set",
            "Learning is shared across the sets and both councils",
        ],
        proposed_on=D(2013, 5, 13),
    )
    approved_by_cabinets(
        schools,
        D(2013, 6, 10),
        D(2013, 8, 27),
        summary="Both Heads of Education agreed the concept of Self Improving Schools.",
        costs="Staff time of head teachers and set advisers.",
        benefits="Sharing of best practice between schools in both councils.",
    )
    actions.start_pilot(
        schools,
        by=jpm,
        starts_on=D(2013, 10, 1),
        length_months=12,
        interim_review_months=6,
    )

    # Public protection: approved by the Critical Services Oversight Group, for April 2014.
    protection = _propose(
        elm,
        mid,
        title="Public Protection Unit",
        summary="A joint approach to public protection across East Lothian and Midlothian, "
        "building on the Joint Children and Adult Protection Committees and co-locating the "
        "Public Protection Office. Joint Lead Officers for Adult Protection and Child "
        "Protection. Intended to be in place for April 2014.",
        service_area=S.PUBLIC_PROTECTION,
        arrangement_type=A.SHARED_MANAGEMENT,
        participants=both,
        starts_on=D(2014, 4, 1),
        outcomes=[
            "A co-located Public Protection Office serving both councils",
            "Joint Lead Officers for Adult Protection and Child Protection",
        ],
        proposed_on=D(2013, 4, 15),
    )
    _business_case(
        protection,
        jpm,
        submitted_on=D(2013, 5, 20),
        summary="A joint approach to public protection across both councils.",
        costs="Shared between the councils and their partner agencies. (Demo.)",
        benefits="Better partnership working across all agencies.",
        approvals=[
            (EAST, "Critical Services Oversight Group", D(2013, 9, 24), DEMO, east),
            (MID, "Critical Services Oversight Group", D(2013, 9, 24), DEMO, mid),
        ],
    )

    # Travelling persons site: a joint arrangement on the boundary.
    site = _propose(
        elm,
        mid,
        title="Travelling Persons Site",
        summary="A joint arrangement for the management of the Travelling Persons Site, "
        "which is on the joint boundary of both Councils.",
        service_area=S.HOUSING,
        arrangement_type=A.SHARED_MANAGEMENT,
        participants=both,
        outcomes=["The site is managed once, for both councils"],
        proposed_on=D(2011, 5, 9),
    )
    approved_by_cabinets(
        site,
        D(2011, 6, 6),
        D(2011, 6, 28),
        summary="Joint management of the site on the councils' boundary.",
        costs="Shared equally. (Demo.)",
        benefits="One management arrangement for one site.",
    )
    actions.change_status(site, by=jpm, to="live", on=D(2011, 8, 1))

    # Environmental health and trading standards: the 12-month pilot from 1 November 2013.
    pilots = []
    for title, area, lead, officer, manager in (
        (
            "Environmental health: Midlothian leads for both councils",
            S.ENVIRONMENTAL_HEALTH,
            MID,
            mid,
            "Midlothian provides overall Environmental Health management through its existing "
            "Environmental Health management team, for both Food and Safety and Public Health, "
            "and strategically leads the staff teams across both Councils.",
        ),
        (
            "Trading standards: East Lothian leads for both councils",
            S.TRADING_STANDARDS,
            EAST,
            east,
            "East Lothian provides overall Trading Standards management, led by a Trading "
            "Standards Partnership Manager who leads both councils' teams at a strategic "
            "level.",
        ),
    ):
        initiative = _propose(
            elm,
            officer,
            title=title,
            summary=manager,
            service_area=area,
            arrangement_type=A.SHARED_MANAGEMENT,
            lead=lead,
            participants=both,
            duration=Duration.TEMPORARY,
            starts_on=D(2013, 11, 1),
            ends_on=D(2014, 10, 31),
            outcomes=EH_TS_BENEFITS.splitlines(),
            proposed_on=D(2013, 7, 31),
        )
        _business_case(
            initiative,
            jpm,
            submitted_on=D(2013, 9, 9),
            summary="003 §3.2: a partnering approach to delivering Environmental Health and "
            "Trading Standards, Midlothian leading on Environmental Health and East Lothian "
            "on Trading Standards, initially on a 12 month pilot with an interim review after "
            "6 months. Approved to proceed by the Joint Liaison Group on 9 September 2013.",
            costs="Met from the existing management teams; no change to either council's "
            "budget or policy (003 §2.2).",
            benefits=EH_TS_BENEFITS,
            approvals=[
                (EAST, "Council", D(2013, 10, 22), DEMO, east),
                (
                    MID,
                    "Council",
                    D(2013, 10, 29),
                    "Partnership Working Update Report, 21 October 2013",
                    mid,
                ),
            ],
        )
        actions.start_pilot(initiative, by=jpm, starts_on=D(2013, 11, 1))
        pilots.append(initiative)
    eh, ts = pilots
    kpi = actions.add_kpi(
        eh,
        by=mid,
        name="Food hygiene inspections completed on time",
        description="Demo figures: the seed sets no targets.",
    )
    _targets(kpi, {EAST: ("90", "%", east), MID: ("95", "%", mid)})
    kpi = actions.add_kpi(
        ts,
        by=east,
        name="Consumer complaints answered within 5 working days",
        description="Demo figures: the seed sets no targets.",
    )
    _targets(kpi, {EAST: ("95", "%", east), MID: ("85", "%", mid)})
    actions.add_status_report(
        eh,
        by=mid,
        period_end=D(2013, 12, 31),
        rag="green",
        commentary="New management arrangements in place across both councils from "
        "1 November 2013. Partnership managers have met staff individually in both councils.",
    )
    actions.add_status_report(
        eh,
        by=mid,
        period_end=D(2014, 3, 31),
        rag="amber",
        commentary="Demo: aligning food safety inspection plans across the two councils is "
        "taking longer than planned.",
    )
    actions.add_status_report(
        ts,
        by=east,
        period_end=D(2014, 3, 31),
        rag="green",
        commentary="Demo: the Trading Standards Partnership Manager leads both teams.",
    )
    actions.record_review(
        ts.pilot.reviews.get(kind=ReviewKind.INTERIM),
        by=east,
        held_on=D(2014, 5, 12),
        conclusion="Demo: continue the pilot to its end.",
    )

    # Internal audit: early discussions only.
    _propose(
        elm,
        jpm,
        title="Internal audit opportunities",
        summary="Early discussions between the respective Directors and their teams.",
        service_area=S.AUDIT,
        arrangement_type=A.SHARING_INFORMATION,
        participants=both,
        outcomes=["Opportunities for joint internal audit are identified"],
        proposed_on=D(2013, 10, 21),
    )


def _working_better_together(users) -> None:
    wbt = Partnership.objects.get(slug="working-better-together-in-essex")
    manager = users["essex.officer"]
    officers = {
        ESSEX: users["essex.officer"],
        BRAINTREE: users["braintree.officer"],
        BRENTWOOD: users["brentwood.officer"],
    }
    three = [ESSEX, BRAINTREE, BRENTWOOD]
    work_areas = [
        (
            "Regulatory services",
            S.REGULATORY,
            A.SHARED_MANAGEMENT,
            "Integrated professional management of regulatory services across the county "
            "and the two districts.",
            [(ESSEX, "Cabinet", D(2011, 7, 19)), (BRAINTREE, "Cabinet", D(2011, 7, 25))],
            True,
        ),
        (
            "Procurement",
            S.PROCUREMENT,
            A.JOINT_PROCUREMENT,
            "Joint procurement across the three councils.",
            [(ESSEX, "Cabinet", D(2011, 7, 19))],
            True,
        ),
        (
            "Asset management",
            S.ASSET_MANAGEMENT,
            A.SHARING_INFORMATION,
            "Sharing information on the councils' land and buildings to find joint uses.",
            [(BRENTWOOD, "Policy, Projects and Resources Committee", D(2011, 8, 3))],
            True,
        ),
        (
            "Back office services: finance, HR and IT",
            S.BACK_OFFICE,
            A.SHARED_MANAGEMENT,
            "Shared management of finance, human resources and information technology.",
            [
                (BRENTWOOD, "Policy, Projects and Resources Committee", D(2011, 8, 3)),
                (BRAINTREE, "Cabinet", D(2011, 7, 25)),
            ],
            False,
        ),
    ]
    for title, area, arrangement, summary, approvals, published in work_areas:
        initiative = _propose(
            wbt,
            manager,
            title=title,
            summary=summary + " 000: one of the four areas the Joint Leaders' Board agreed "
            "to explore.",
            service_area=area,
            arrangement_type=arrangement,
            participants=three,
            outcomes=[
                "Improved efficiency and effectiveness in the use of resources and the "
                "delivery of services across two-tier local government",
                "A better customer experience at a lower cost to the tax payer",
            ],
            proposed_on=D(2011, 2, 8),
        )
        _business_case(
            initiative,
            manager,
            submitted_on=D(2011, 6, 20),
            published=published,
            summary=f"The business case for {title.lower()}. (Demo: the seed describes the "
            "work areas but not their business cases.)",
            costs="Demo: officer time in each council; implementation costs to be shared.",
            benefits="Mutually beneficial savings and improved outcomes for residents.",
            approvals=[
                (code, body, day, f"{body[:3].upper()}/{day:%y%m%d} (demo)", officers[code])
                for code, body, day in approvals
            ],
        )


def _gedling_and_rushcliffe(users) -> None:
    gr = Partnership.objects.get(slug="gedling-and-rushcliffe-partnership-working")
    gedling, rushcliffe = users["gedling.officer"], users["rushcliffe.officer"]
    cover = _propose(
        gr,
        gedling,
        title="Health and safety: reciprocal cover",
        summary="004 appendix 1: Gedling's health and safety function has just one key "
        "individual. Each council provides basic cover for the other, so that key priorities "
        "are not missed while a post is vacant, without engaging expensive agency staff. "
        "Costs are recharged so that neither authority subsidises the other.",
        service_area=S.HEALTH_AND_SAFETY,
        arrangement_type=A.RECIPROCAL_COVER,
        participants=[GEDLING, RUSHCLIFFE],
        outcomes=[
            "Key health and safety priorities are still addressed when either council's "
            "officer is absent or the post is vacant",
            "Neither council engages agency staff for cover",
            "Cover is recharged so that neither council subsidises the other",
            "Staff learn new ways of working from the other authority",
        ],
        proposed_on=D(2004, 9, 16),
    )
    _business_case(
        cover,
        gedling,
        submitted_on=D(2004, 10, 1),
        summary="Basic health and safety cover from the other council when needed.",
        costs="Hours of cover recharged at cost; the recharges are kept in the partnership's "
        "finances.",
        benefits="Flexibility and security for both councils; a learning opportunity for staff.",
        approvals=[
            (GEDLING, "Cabinet", D(2004, 11, 4), DEMO, gedling),
            (RUSHCLIFFE, "Cabinet", D(2004, 11, 9), DEMO, rushcliffe),
        ],
    )
    actions.change_status(cover, by=gedling, to="live", on=D(2005, 1, 4))
    kpi = actions.add_kpi(
        cover,
        by=gedling,
        name="Working days to provide cover after a request",
        description="004: standards may vary between partners. Demo figures.",
        higher_is_better=False,
    )
    _targets(
        kpi,
        {
            GEDLING: ("2", "working days", gedling),
            RUSHCLIFFE: ("5", "working days", rushcliffe),
        },
    )
    actions.add_status_report(
        cover,
        by=rushcliffe,
        period_end=D(2005, 3, 31),
        rag="green",
        commentary="Demo: cover provided twice this quarter, both within target.",
    )


def load(users) -> None:
    _east_lothian_and_midlothian(users)
    _working_better_together(users)
    _gedling_and_rushcliffe(users)
