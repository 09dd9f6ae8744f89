"""A national-scale dataset: every UK principal authority and thousands of partnerships between them.

`generate(scale)` builds, at scale 1, about 400 organisations, 2,000 partnerships, 20,000
initiatives, 100,000 meetings with agendas and attendance, and (where those apps are installed)
1,000,000 notices and 500,000 contracts. The same seed gives the same data. Rows are written with
bulk inserts in batches, a partnership block at a time, so memory stays flat as the scale grows.

It is for benchmarks and query-count tests, not for the demo: there are no users and no history.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from joinedup.agreements.models import Partnership, Party
from joinedup.governance.models import Body, BodyKind, Cadence, MemberRole, Membership
from joinedup.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMethod,
    Meeting,
    MeetingStatus,
    Purpose,
)
from joinedup.organisations.models import Nation, Organisation, OrganisationKind, Person
from joinedup.programme.models import ArrangementType, Initiative, ServiceArea, Status

# Rows at scale 1 (the design size in DESIGN.md).
DESIGN_SIZE = {
    "organisations": 400,
    "partnerships": 2_000,
    "initiatives": 20_000,
    "meetings": 100_000,
    "notices": 1_000_000,
    "contracts": 500_000,
}
BATCH = 5_000
# Partnerships written per block: their bodies, members, meetings and initiatives go with them.
BLOCK = 100
START = datetime.date(2015, 4, 1)
YEARS = 12
# The share of principal authorities in each nation, roughly as in the UK.
NATIONS = [("E", Nation.ENGLAND, 0.79), ("S", Nation.SCOTLAND, 0.08), ("W", Nation.WALES, 0.055)]
PLACES = [
    "Ashford",
    "Barnfield",
    "Castlebury",
    "Dunmore",
    "Eastwick",
    "Fairhaven",
    "Glenrothes",
    "Hartwell",
    "Ivybridge",
    "Kingsmere",
    "Langford",
    "Marshfield",
    "Northam",
    "Oakley",
    "Penrith",
    "Queensbury",
    "Redhill",
    "Saltash",
    "Thornbury",
    "Upton",
    "Westbury",
    "Yarmouth",
    "Aldgate",
    "Bramley",
    "Coldharbour",
    "Dunstable",
    "Elmstead",
    "Foxton",
    "Greystoke",
]
TOPICS = (
    "shared regulatory services",
    "joint procurement of waste collection",
    "a single internal audit team",
    "reciprocal building control cover",
    "joint ICT infrastructure",
    "a shared contact centre",
    "shared legal services",
    "joint commissioning of leisure services",
    "a shared revenues and benefits service",
    "joint asset management",
)


def counts(scale: float) -> dict[str, int]:
    size = {name: max(1, round(rows * scale)) for name, rows in DESIGN_SIZE.items()}
    # Enough councils for partnerships of up to four, and at least one meeting per partnership.
    size["organisations"] = max(size["organisations"], 8)
    size["meetings"] = max(size["meetings"], size["partnerships"])
    return size


@dataclass
class Progress:
    """Reports rows written so far; the command draws it as a progress bar."""

    report: Callable[[str, int, int], None] = lambda what, done, total: None


def slug(number: int, namespace: int = 0) -> str:
    """The slug of the generated partnership `number` (from 1)."""
    return f"national-{namespace}-{number}"


def generate(
    scale: float = 1.0, seed: int = 2026, progress: Progress | None = None, namespace: int = 0
) -> dict:
    """Write the national dataset. Returns the number of rows of each kind written.

    A second dataset with another `namespace` (0 to 8) can sit beside the first, so that a test
    can compare the same page at two sizes in one database. A part already written is not
    written again, so a dataset can be completed after a new app is added.
    """
    progress = progress or Progress()
    size = counts(scale)
    written = {}
    organisations = list(
        Organisation.objects.filter(code__regex=rf"^[ESWN]{9 - namespace}").order_by("code")
    )
    if not organisations:
        rng = random.Random(f"{seed}-core")  # noqa: S311 - test data, not secrets
        with transaction.atomic():
            organisations = _organisations(rng, size["organisations"], namespace)
            written["organisations"] = len(organisations)
            people = _people(rng, organisations)
            written["people"] = sum(len(p) for p in people.values())
            written.update(_partnerships(rng, size, organisations, people, progress, namespace))
    # The notice board and contract registers are the largest tables: the apps that own them
    # build them (each skips its part if it is already there), in transactions of their own.
    for label, generator in _app_generators():
        rng = random.Random(f"{seed}-{label}")  # noqa: S311
        count = generator(rng, size[label], organisations, progress)
        if count:
            written[label] = count
    return written


def _app_generators():
    """Generators offered by other apps (notices, procurement) as `national.generate_<label>`."""
    for label, app_label in (("notices", "notices"), ("contracts", "procurement")):
        if not apps.is_installed(f"joinedup.{app_label}"):
            continue
        try:
            module = __import__(f"joinedup.{app_label}.national", fromlist=["generate"])
        except ModuleNotFoundError:
            continue
        yield label, module.generate


def _organisations(rng, total, namespace) -> list[Organisation]:
    rows = []
    for index in range(total):
        share = rng.random()
        prefix, nation = "N", Nation.NORTHERN_IRELAND
        cumulative = 0.0
        for code_prefix, candidate, weight in NATIONS:
            cumulative += weight
            if share < cumulative:
                prefix, nation = code_prefix, candidate
                break
        kind = {
            Nation.SCOTLAND: OrganisationKind.SCOTTISH_COUNCIL,
            Nation.WALES: OrganisationKind.WELSH_COUNCIL,
        }.get(nation) or rng.choice(
            [OrganisationKind.DISTRICT] * 5
            + [OrganisationKind.UNITARY] * 2
            + [OrganisationKind.METROPOLITAN, OrganisationKind.LONDON_BOROUGH]
        )
        place = f"{PLACES[index % len(PLACES)]} {index // len(PLACES) + 1}"
        rows.append(
            Organisation(
                code=f"{prefix}{9 - namespace}{index:07d}",
                name=f"{place} {'Council' if nation != Nation.ENGLAND else 'District Council'}",
                kind=kind,
                nation=nation,
                population=rng.randrange(20_000, 1_200_000),
            )
        )
    return Organisation.objects.bulk_create(rows, batch_size=BATCH)


def _people(rng, organisations) -> dict[int, list[Person]]:
    """Four people per organisation: the chief executive, a director, a leader and a member."""
    rows = [
        Person(organisation=organisation, name=f"{role} of {organisation.name}")
        for organisation in organisations
        for role in ("Chief executive", "Director", "Leader", "Portfolio holder")
    ]
    Person.objects.bulk_create(rows, batch_size=BATCH)
    people: dict[int, list[Person]] = {}
    for person in rows:
        people.setdefault(person.organisation_id, []).append(person)
    return people


def _partnerships(rng, size, organisations, people, progress, namespace) -> dict:
    total = size["partnerships"]
    meetings_each = max(1, size["meetings"] // total)
    initiatives_each = max(1, size["initiatives"] // total)
    written = dict.fromkeys(
        ("partnerships", "parties", "bodies", "memberships", "meetings", "items", "attendance"), 0
    )
    written["initiatives"] = 0
    for first in range(0, total, BLOCK):
        block = range(first, min(first + BLOCK, total))
        partnerships = Partnership.objects.bulk_create(
            [
                Partnership(
                    name=f"{PLACES[number % len(PLACES)]} shared services partnership {number + 1}",
                    slug=slug(number + 1, namespace),
                    summary=f"Councils working together on {TOPICS[number % len(TOPICS)]}.",
                    is_published=number % 10 != 9,
                )
                for number in block
            ]
        )
        members = {
            p.pk: rng.sample(organisations, k=min(len(organisations), rng.choice((2, 2, 3, 3, 4))))
            for p in partnerships
        }
        Party.objects.bulk_create(
            [
                Party(partnership=p, organisation=o, joined_on=START)
                for p in partnerships
                for o in members[p.pk]
            ]
        )
        written["partnerships"] += len(partnerships)
        written["parties"] += sum(len(m) for m in members.values())
        written["initiatives"] += _initiatives(rng, partnerships, members, initiatives_each)
        for key, value in _governance(rng, partnerships, members, people, meetings_each).items():
            written[key] += value
        progress.report("partnerships", written["partnerships"], total)
    return written


def _initiatives(rng, partnerships, members, each) -> int:
    statuses = list(Status)
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                partnership=p,
                title=f"{TOPICS[(p.pk + n) % len(TOPICS)].capitalize()} ({n + 1})",
                service_area=rng.choice(list(ServiceArea)),
                arrangement_type=rng.choice(list(ArrangementType)),
                lead=members[p.pk][0],
                status=rng.choice(statuses),
                starts_on=START + datetime.timedelta(days=rng.randrange(0, 365 * YEARS)),
            )
            for p in partnerships
            for n in range(each)
        ],
        batch_size=BATCH,
    )
    through = Initiative.participants.through
    through.objects.bulk_create(
        [
            through(initiative_id=i.pk, organisation_id=o.pk)
            for i in initiatives
            for o in members[i.partnership_id]
        ],
        batch_size=BATCH,
    )
    _savings(rng, initiatives, members)
    return len(initiatives)


def _savings(rng, initiatives, members):
    from joinedup.finance.models import SavingKind, SavingsActual, SavingsTarget

    targets, actuals = [], []
    for initiative in initiatives[::2]:
        for organisation in members[initiative.partnership_id]:
            year = START.year + rng.randrange(YEARS)
            amount = rng.randrange(1_000_000, 20_000_000)
            targets.append(
                SavingsTarget(
                    initiative=initiative,
                    organisation=organisation,
                    financial_year=year,
                    kind=SavingKind.CASHABLE,
                    amount_pence=amount,
                    baseline_pence=amount * 5,
                )
            )
            actuals.append(
                SavingsActual(
                    initiative=initiative,
                    organisation=organisation,
                    financial_year=year,
                    kind=SavingKind.CASHABLE,
                    amount_pence=int(amount * Decimal(rng.randrange(40, 120)) / 100),
                )
            )
    SavingsTarget.objects.bulk_create(targets, batch_size=BATCH)
    SavingsActual.objects.bulk_create(actuals, batch_size=BATCH)


def _governance(rng, partnerships, members, people, meetings_each) -> dict:
    """A board for each partnership (and a members' group for half), meetings with agendas."""
    bodies = []
    for p in partnerships:
        bodies.append(
            Body(
                partnership=p,
                name="Partnership Board",
                short_name="Board",
                kind=BodyKind.BOARD,
                cadence=Cadence.MONTHLY,
                quorum_total=2,
            )
        )
        if p.pk % 2:
            bodies.append(
                Body(
                    partnership=p,
                    name="Joint Liaison Group",
                    short_name="JLG",
                    kind=BodyKind.JOINT_LIAISON_GROUP,
                    cadence=Cadence.QUARTERLY,
                    quorum_total=2,
                )
            )
    Body.objects.bulk_create(bodies)
    memberships = []
    for body in bodies:
        for organisation in members[body.partnership_id]:
            chief, director, leader, portfolio = people[organisation.pk]
            pair = (chief, director) if body.short_name == "Board" else (leader, portfolio)
            role = (
                MemberRole.CHIEF_EXECUTIVE
                if body.short_name == "Board"
                else MemberRole.ELECTED_MEMBER
            )
            memberships.extend(
                Membership(
                    body=body, person=person, organisation=organisation, role=role, started_on=START
                )
                for person in pair
            )
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    by_body: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_body.setdefault(membership.body_id, []).append(membership)

    bodies_of: dict[int, list[Body]] = {}
    for body in bodies:
        bodies_of.setdefault(body.partnership_id, []).append(body)
    meetings = []
    today = timezone.now()
    for p in partnerships:
        own = bodies_of[p.pk]
        for n in range(meetings_each):
            body = own[n % len(own)]
            day = START + datetime.timedelta(days=(n * 365 * YEARS) // meetings_each)
            starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            meetings.append(
                Meeting(
                    body=body,
                    starts_at=starts_at,
                    venue=f"Council Chamber, {members[p.pk][n % len(members[p.pk])].name}",
                    host=members[p.pk][n % len(members[p.pk])],
                    status=MeetingStatus.HELD if starts_at < today else MeetingStatus.SCHEDULED,
                    notice_published_at=starts_at
                    - datetime.timedelta(days=rng.choice((5, 7, 8, 10))),
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    items, attendance = [], []
    for meeting in meetings:
        for number, (title, purpose) in enumerate(
            (
                ("Minutes of the last meeting", Purpose.DECISION),
                (f"Progress on {TOPICS[meeting.pk % len(TOPICS)]}", Purpose.NOTING),
                ("Budget monitoring report", Purpose.DECISION),
            ),
            start=1,
        ):
            items.append(AgendaItem(meeting=meeting, number=number, title=title, purpose=purpose))
        if meeting.status == MeetingStatus.HELD:
            for membership in by_body[meeting.body_id]:
                status = rng.choice([AttendanceStatus.PRESENT] * 6 + [AttendanceStatus.APOLOGIES])
                attendance.append(Attendance(meeting=meeting, membership=membership, status=status))
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    held = {m.pk for m in meetings if m.status == MeetingStatus.HELD}
    Decision.objects.bulk_create(
        [
            Decision(
                item=item,
                outcome="Agreed the recommendations in the report.",
                method=DecisionMethod.CONSENSUS,
            )
            for item in items
            if item.number == 3 and item.meeting_id in held
        ],
        batch_size=BATCH,
    )
    return {
        "bodies": len(bodies),
        "memberships": len(memberships),
        "meetings": len(meetings),
        "items": len(items),
        "attendance": len(attendance),
    }
