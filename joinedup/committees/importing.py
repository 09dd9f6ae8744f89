"""Importing a council's committee system: its committees, and the meetings and agenda items
of the committees partnerships follow, each item offered to the council as a draft notice.

Everything is fetched first and written afterwards in one transaction, so a failure part-way
(a timeout on the fifth meeting, a malformed answer) leaves the last good import as it was.
Restricted items are never stored; an item that becomes restricted is removed, with its
draft notice if nobody has published it.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from joinedup.agreements.models import Party
from joinedup.notices.models import AffectedArea, Category, Notice, NoticeStatus

from .models import Committee, CommitteeSystem, CouncilAgendaItem, CouncilMeeting
from .moderngov import MeetingData, ModernGovClient

# Meetings from this long ago to this far ahead are imported.
DAYS_BACK = 30
DAYS_AHEAD = 180
# Standing items that decide nothing about another council's area: imported, never offered.
PROCEDURAL_TITLES = (
    "apologies",
    "declaration",
    "declarations of interest",
    "minutes",
    "urgent business",
    "any other business",
    "exclusion of the press and public",
    "exclusion of the public",
    "date of next meeting",
    "chair's announcements",
    "chairman's announcements",
)


@dataclass
class ImportResult:
    meetings: int = 0
    items: int = 0
    notices_offered: int = 0
    restricted_skipped: int = 0


def client_for(system: CommitteeSystem) -> ModernGovClient:
    return ModernGovClient(system.base_url)


@transaction.atomic
def refresh_committees(system: CommitteeSystem, *, client: ModernGovClient | None = None) -> int:
    """Bring the list of the council's committees up to date; returns how many it has."""
    listed = (client or client_for(system)).committees()
    for committee in listed:
        Committee.objects.update_or_create(
            system=system, external_id=committee.external_id, defaults={"title": committee.title}
        )
    return len(listed)


def is_procedural(title: str) -> bool:
    lowered = title.strip().lower()
    return any(lowered.startswith(word) for word in PROCEDURAL_TITLES)


def import_system(
    system: CommitteeSystem,
    *,
    client: ModernGovClient | None = None,
    today: datetime.date | None = None,
) -> ImportResult:
    client = client or client_for(system)
    today = today or timezone.localdate()
    start, end = (
        today - datetime.timedelta(days=DAYS_BACK),
        today + datetime.timedelta(days=DAYS_AHEAD),
    )
    followed = list(
        system.committees.filter(followed_by__isnull=False).distinct().order_by("title")
    )
    fetched: list[tuple[Committee, MeetingData]] = []
    for committee in followed:
        for listed in client.meetings(committee.external_id, start, end):
            fetched.append((committee, client.meeting(listed.external_id)))
    return _store(system, client, fetched)


@transaction.atomic
def _store(system, client, fetched) -> ImportResult:
    result = ImportResult()
    now = timezone.now()
    for committee, data in fetched:
        meeting, _ = CouncilMeeting.objects.update_or_create(
            committee=committee,
            external_id=data.external_id,
            defaults={
                "date": data.date,
                "time": data.time[:20],
                "location": data.location[:500],
                "status": data.status[:100],
                "source_url": client.meeting_url(committee.external_id, data.external_id),
                "imported_at": now,
            },
        )
        result.meetings += 1
        for item_data in data.items:
            if item_data.is_restricted:
                result.restricted_skipped += 1
                _remove(meeting, item_data.external_id)
                continue
            item, _ = CouncilAgendaItem.objects.update_or_create(
                meeting=meeting,
                external_id=item_data.external_id,
                defaults={
                    "number": item_data.number[:20],
                    "title": item_data.title[:500] or "Untitled item",
                    "documents": [{"title": d.title, "url": d.url} for d in item_data.documents],
                },
            )
            result.items += 1
            if item.draft_notice_id is None and not is_procedural(item.title):
                item.draft_notice = offer_notice(system, committee, meeting, item)
                item.save(update_fields=["draft_notice"])
                result.notices_offered += 1
    return result


def _remove(meeting: CouncilMeeting, external_id: str) -> None:
    item = meeting.items.filter(external_id=external_id).select_related("draft_notice").first()
    if item is None:
        return
    if item.draft_notice and item.draft_notice.status == NoticeStatus.DRAFT:
        item.draft_notice.delete()
    item.delete()


def offer_notice(
    system: CommitteeSystem, committee: Committee, meeting: CouncilMeeting, item
) -> Notice:
    """A draft notice of the item's decision, for the council's officers to check, confirm
    the areas it affects (proposed: the other councils of the partnerships that follow the
    committee, as they are on the meeting's date) and publish."""
    partnerships = list(committee.followed_by.order_by("name"))
    notice = Notice(
        publisher=system.organisation,
        partnership=partnerships[0] if partnerships else None,
        title=item.title[:250],
        summary=(
            f"Imported from {system.organisation}'s committee system: item "
            f"{item.number or ''} on the agenda of {committee.title}, "
            f"{meeting.date:%-d %B %Y}. Check the wording and the areas it affects before "
            "publishing."
        ).replace("item  on", "item on"),
        category=Category.OTHER,
        decision_date=meeting.date,
        decision_maker=committee.title[:200],
        papers_url=meeting.source_url,
        status=NoticeStatus.DRAFT,
    )
    notice.full_clean(exclude=["search_vector"])
    notice.save()
    councils = (
        Party.objects.current(meeting.date)
        .filter(partnership__in=partnerships)
        .exclude(organisation=system.organisation)
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    AffectedArea.objects.bulk_create(
        AffectedArea(notice=notice, organisation_id=organisation_id)
        for organisation_id in sorted(set(councils))
    )
    return notice
