"""The notice board through the API: notices of decisions with the areas they affect, how far
ahead each affected council was told and whether that was late, and full-text search.

Read-only. Scoped as the pages are (`notices/permissions.py`): published and withdrawn notices
for everyone; a council's drafts only for its own people (with their bearer token). Search
and lead times come from the notices app (`notices/search.py`, `notices/lead_time.py`).
"""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from joinedup.notices import lead_time
from joinedup.notices.models import Category, Notice
from joinedup.notices.search import COUNT_CAP, Filters, search
from joinedup.organisations.models import Organisation

from .auth import optional_token_auth
from .schemas import Error, InputSchema

router = Router(tags=["notices"])
PER_PAGE = 20


class AreaOut(Schema):
    organisation_code: str
    organisation_name: str
    told_on: datetime.date | None
    days_of_notice: int | None = Field(description="Days from telling the council to the decision")
    is_late: bool = Field(description="Told later than the partnership's standard")


class NoticeOut(Schema):
    id: int
    title: str
    summary: str
    category: str
    status: str
    publisher_code: str
    publisher_name: str
    partnership_slug: str | None
    decision_date: datetime.date
    decision_maker: str
    papers_url: str
    published_on: datetime.date | None
    standard_days: int = Field(description="The least notice the partnership's standard asks for")
    areas: list[AreaOut]
    url: str


class NoticeHitOut(NoticeOut):
    rank: float | None = Field(description="Higher is a better match; null when not searching")


class NoticePageOut(Schema):
    items: list[NoticeHitOut]
    count: int
    more_than_count: bool = Field(
        description=f"True when more than {COUNT_CAP:,} notices match: narrow the search"
    )
    page: int
    pages: int


class NoticeFilters(InputSchema):
    q: str = Field("", max_length=200, description="Words to search for, as on the search page")
    area: str | None = Field(None, max_length=20, description="Code of an affected council")
    publisher: str | None = Field(None, max_length=20, description="Code of the publisher")
    category: Category | None = None
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    page: int = Field(1, ge=1, le=COUNT_CAP // PER_PAGE)


def _organisation(code: str | None, what: str):
    if code is None:
        return None
    found = Organisation.objects.filter(code=code).first()
    if found is None:
        raise HttpError(422, f"{what}: no council has the code {code!r}")
    return found


def _notice_out(notice: Notice, request, rank=None) -> dict:
    return {
        "id": notice.pk,
        "title": notice.title,
        "summary": notice.summary,
        "category": notice.category,
        "status": notice.status,
        "publisher_code": notice.publisher.code,
        "publisher_name": notice.publisher.name,
        "partnership_slug": notice.partnership.slug if notice.partnership_id else None,
        "decision_date": notice.decision_date,
        "decision_maker": notice.decision_maker,
        "papers_url": notice.papers_url,
        "published_on": notice.published_on,
        "standard_days": lead_time.standard_days(notice),
        "areas": [
            {
                "organisation_code": row.area.organisation.code,
                "organisation_name": row.area.organisation.name,
                "told_on": row.told_on,
                "days_of_notice": row.days,
                "is_late": row.late,
            }
            for row in lead_time.by_area(notice)
        ],
        "url": request.build_absolute_uri(notice.get_absolute_url()),
        "rank": rank,
    }


@router.get(
    "/notices",
    response={200: NoticePageOut, 422: Error},
    auth=optional_token_auth,
    summary="Notices of decisions, newest first, or the best matches of a search",
)
def list_notices(request, filters: Query[NoticeFilters]):
    results = search(
        filters.q,
        Filters(
            area=_organisation(filters.area, "area"),
            publisher=_organisation(filters.publisher, "publisher"),
            category=filters.category or "",
            decided_from=filters.decided_from,
            decided_to=filters.decided_to,
        ),
        request.user,
        page=filters.page,
        per_page=PER_PAGE,
    )
    notices = lead_time.with_lead_times(Notice.objects.visible_to(request.user)).in_bulk(
        [hit.notice.pk for hit in results.hits]
    )
    return {
        "items": [_notice_out(notices[hit.notice.pk], request, hit.rank) for hit in results.hits],
        "count": results.total,
        "more_than_count": results.more_than_total,
        "page": results.page,
        "pages": results.pages,
    }


@router.get(
    "/notices/{notice_id}",
    response={200: NoticeOut, 404: Error},
    auth=optional_token_auth,
    summary="A notice of a decision, with each affected council's days of notice",
)
def get_notice(request, notice_id: int):
    notices = lead_time.with_lead_times(Notice.objects.visible_to(request.user))
    return _notice_out(get_object_or_404(notices, pk=notice_id), request)
