"""Demo notices: Essex County Council decisions affecting Braintree and Brentwood (Kinghan
Rec 1 and 3), most notified in time and one late, and a consultation (Rec 4) that Brentwood
has yet to answer. The late one (school places) was revised since to a later decision date:
it shows as moved and is still late. Braintree was told of the A120 scheme by letter before
it was published, which the partnership's manager recorded as a correction with the reason. Dates are relative to the day the demo is loaded, so that there is
always something coming up. The decisions are invented but typical of the county's business."""

import datetime

from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation

from . import actions, revisions
from .models import (
    AffectedArea,
    Category,
    Consultation,
    Consultee,
    CorrectedDate,
    Frequency,
    Notice,
    NoticeStandard,
    NoticeStatus,
    Position,
    Response,
    Subscription,
)

ESSEX, BRAINTREE, BRENTWOOD = "E10000012", "E07000067", "E07000068"

# (publisher, title, summary, category, decision maker, decision in days, published days ago,
#  affected areas, told days ago (None: when published), status)
NOTICES = [
    (
        ESSEX,
        "Winter opening hours at Braintree and Brentwood recycling centres",
        "Essex County Council proposes to close the household waste recycling centres at "
        "Springwood Drive, Braintree and Coxtie Green Road, Brentwood on Wednesdays from "
        "November to February, and to open them an hour later at weekends. District collection "
        "rounds and fly-tipping enforcement may be affected.",
        Category.WASTE,
        "Cabinet Member for Waste Reduction and Recycling",
        49,
        6,
        (BRAINTREE, BRENTWOOD),
        None,
        NoticeStatus.PUBLISHED,
    ),
    (
        ESSEX,
        "A120 Millennium Way slip roads, Braintree: junction improvement scheme",
        "Approval of the detailed design and construction contract for new slip roads at the "
        "A120 Millennium Way junction, with overnight closures for twelve weeks. Diversions "
        "will run through Braintree town centre.",
        Category.HIGHWAYS,
        "Cabinet",
        38,
        4,
        (BRAINTREE,),
        40,
        NoticeStatus.PUBLISHED,
    ),
    (
        ESSEX,
        "Primary school places in Brentwood: expansion from September 2027",
        "Expansion of a Brentwood primary school by one form of entry (30 places a year) to "
        "meet the forecast rise in reception numbers from the new housing at Dunton Hills, "
        "with a temporary classroom from September 2026.",
        Category.EDUCATION,
        "Cabinet Member for Education Excellence, Lifelong Learning and Employability",
        12,
        3,
        (BRENTWOOD,),
        None,
        NoticeStatus.PUBLISHED,
    ),
    (
        ESSEX,
        "Passenger transport: review of supported bus routes in mid Essex",
        "A review of the bus routes the county council supports between Braintree, Witham and "
        "Chelmsford, with possible changes to evening and Sunday journeys.",
        Category.SERVICE_CHANGE,
        "Cabinet Member for Highways Maintenance and Sustainable Transport",
        90,
        0,
        (BRAINTREE,),
        None,
        NoticeStatus.DRAFT,
    ),
    (
        BRAINTREE,
        "Braintree local plan review: housing sites north of the town",
        "Braintree District Council's cabinet is to agree the sites for consultation in the "
        "local plan review, including land that needs new county roads and school places.",
        Category.PLANNING,
        "Cabinet",
        60,
        8,
        (ESSEX,),
        None,
        NoticeStatus.PUBLISHED,
    ),
]


def load(users) -> None:
    today = timezone.localdate()
    now = timezone.now()
    organisations = {
        o.code: o for o in Organisation.objects.filter(code__in=[ESSEX, BRAINTREE, BRENTWOOD])
    }
    wbt = Partnership.objects.filter(name="Working Better Together in Essex").first()
    if wbt is not None:
        NoticeStandard.objects.get_or_create(partnership=wbt, defaults={"lead_days": 28})
    creators = {ESSEX: users["essex.officer"], BRAINTREE: users["braintree.officer"]}
    notices = []
    for (
        publisher,
        title,
        summary,
        category,
        maker,
        decision_in,
        published_ago,
        areas,
        told_ago,
        status,
    ) in NOTICES:
        published_at = None
        if status != NoticeStatus.DRAFT:
            published_at = now - datetime.timedelta(days=published_ago)
        notice = Notice.objects.create(
            publisher=organisations[publisher],
            partnership=wbt,
            title=title,
            summary=summary,
            category=category,
            decision_maker=maker,
            decision_date=today + datetime.timedelta(days=decision_in),
            papers_url="https://cmis.essex.gov.uk/essexcmis5/CalendarofMeetings.aspx"
            if publisher == ESSEX
            else "",
            status=status,
            published_at=published_at,
            created_by=creators[publisher],
        )
        for code in areas:
            area = AffectedArea.objects.create(
                notice=notice,
                organisation=organisations[code],
                notified_at=published_at,
                decision_date_as_told=notice.decision_date if published_at else None,
            )
            if told_ago is not None and published_at is not None and wbt is not None:
                actions.correct_date(
                    users["essex.officer"],
                    notice,
                    corrected=CorrectedDate.TOLD_ON,
                    now=today - datetime.timedelta(days=told_ago),
                    reason="Braintree's Director of Place was told by letter, before the "
                    "notice went on the board",
                    area=area,
                )
        if published_at is not None:
            revisions.record(notice, by=creators[publisher], at=published_at)
        notices.append(notice)

    # The school places decision was put back two months after it was published late: the
    # notice shows the move, and Brentwood's notice is still the 15 days it was given.
    schools = notices[2]
    schools.decision_date += datetime.timedelta(days=60)
    schools.save(update_fields=["decision_date"])
    revisions.record(schools, by=users["essex.officer"], at=now - datetime.timedelta(days=1))

    # Consultation on the recycling centres: Braintree has answered, Brentwood has not.
    recycling = notices[0]
    consultation = Consultation.objects.create(
        notice=recycling,
        deadline=today + datetime.timedelta(days=14),
        opened_by=users["essex.officer"],
        opened_at=recycling.published_at,
    )
    braintree = Consultee.objects.create(
        consultation=consultation, organisation=organisations[BRAINTREE]
    )
    Consultee.objects.create(consultation=consultation, organisation=organisations[BRENTWOOD])
    Response.objects.create(
        consultee=braintree,
        position=Position.OBJECT,
        text="Braintree objects to Wednesday closures: our fly-tipping reports rise whenever "
        "Springwood Drive is shut. We would support later weekend opening instead.",
        responded_by=users["braintree.officer"],
        responded_at=now - datetime.timedelta(days=2),
    )
    # Officers hear straight away of notices affecting their own area.
    for username, code in (("braintree.officer", BRAINTREE), ("brentwood.officer", BRENTWOOD)):
        Subscription.objects.create(
            user=users[username], area=organisations[code], frequency=Frequency.IMMEDIATE
        )
    Subscription.objects.create(
        user=users["public"], category=Category.HIGHWAYS, frequency=Frequency.WEEKLY
    )
