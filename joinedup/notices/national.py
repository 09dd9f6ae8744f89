"""The notice board at national scale, for joinedup.demo.national (benchmarks and query counts).

Notices of decisions by every council, each affecting one to three others' areas, published over
twelve years, with a few drafts and withdrawals. The search index is kept by the database's own
triggers (see fts.py), so bulk inserts are searchable as soon as they are written.
"""

import datetime

from django.db import transaction

from .models import AffectedArea, Category, Notice, NoticeStatus

BATCH = 10_000
START = datetime.datetime(2015, 4, 1, 9, tzinfo=datetime.UTC)
SUBJECTS = (
    ("Household waste recycling centre opening hours", Category.WASTE),
    ("Closure of a household waste recycling centre", Category.WASTE),
    ("Changes to the garden waste collection charge", Category.WASTE),
    ("A120 junction improvement scheme", Category.HIGHWAYS),
    ("Twenty miles per hour limits near schools", Category.HIGHWAYS),
    ("Local plan: preferred options for housing sites", Category.PLANNING),
    ("Strategic housing site allocation on the district boundary", Category.PLANNING),
    ("School place planning: new primary school", Category.EDUCATION),
    ("Home to school transport policy", Category.EDUCATION),
    ("Adult social care day services review", Category.SOCIAL_CARE),
    ("Budget and council tax setting", Category.FINANCE),
    ("Medium term financial strategy", Category.FINANCE),
    ("Library service redesign", Category.SERVICE_CHANGE),
    ("Homelessness prevention grant allocation", Category.HOUSING),
    ("Town centre regeneration fund bids", Category.ECONOMIC_DEVELOPMENT),
    ("Bus service support grants", Category.SERVICE_CHANGE),
    ("Joint procurement of the highways maintenance contract", Category.PROCUREMENT),
)
MAKERS = ("Cabinet", "Full Council", "Cabinet Member for Highways", "Planning Committee")


def generate(rng, total, organisations, progress) -> int:
    """Write `total` notices published by `organisations`, unless they have notices already."""
    if Notice.objects.filter(publisher__in=organisations[:1]).exists():
        return 0
    written = 0
    span = 12 * 365 * 24 * 3600
    while written < total:
        size = min(BATCH, total - written)
        notices = []
        for number in range(written, written + size):
            title, category = SUBJECTS[number % len(SUBJECTS)]
            publisher = organisations[number % len(organisations)]
            published = START + datetime.timedelta(seconds=span * number // total)
            status = rng.choices(
                (NoticeStatus.PUBLISHED, NoticeStatus.DRAFT, NoticeStatus.WITHDRAWN), (95, 3, 2)
            )[0]
            notices.append(
                Notice(
                    publisher=publisher,
                    title=f"{title} ({publisher.name})",
                    summary=(
                        f"{publisher.name} will decide on {title.lower()}. The decision affects "
                        "residents and services in neighbouring council areas, who are asked "
                        "for their views before it is taken."
                    ),
                    category=category,
                    decision_date=(
                        published + datetime.timedelta(days=rng.randrange(7, 60))
                    ).date(),
                    decision_maker=MAKERS[number % len(MAKERS)],
                    status=status,
                    published_at=None if status == NoticeStatus.DRAFT else published,
                    created_at=published,
                )
            )
        with transaction.atomic():
            Notice.objects.bulk_create(notices, batch_size=BATCH)
            AffectedArea.objects.bulk_create(
                [
                    AffectedArea(
                        notice=notice,
                        organisation=area,
                        notified_at=notice.published_at,
                        decision_date_as_told=notice.decision_date if notice.published_at else None,
                    )
                    for notice in notices
                    for area in rng.sample(organisations, k=rng.randint(1, 3))
                    if area.pk != notice.publisher_id
                ],
                batch_size=BATCH,
            )
        written += size
        progress.report("notices", written, total)
    return written
