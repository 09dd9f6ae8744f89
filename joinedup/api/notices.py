"""The notice board through the API: notices of decisions with the areas they affect, how far
ahead each affected council was first told and whether that was late, their revisions and
corrections, consultations and responses, and full-text search.

Scoped as the pages are (`notices/permissions.py`): published and withdrawn notices for
everyone; a council's drafts only for its own people (with their bearer token). Search, lead
times, revisions and the changes come from the notices app (`notices/search.py`,
`notices/lead_time.py`, `notices/revisions.py`, `notices/actions.py`).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from joinedup.notices import actions, lead_time, permissions, revisions
from joinedup.notices.models import (
    Category,
    Consultation,
    CorrectedDate,
    Notice,
    NoticeCorrection,
    Position,
)
from joinedup.notices.search import COUNT_CAP, Filters, search
from joinedup.organisations.models import Organisation

from .auth import optional_token_auth, token_auth
from .schemas import Error, InputSchema

router = Router(tags=["notices"])
PER_PAGE = 20
WRITE_ERRORS = {403: Error, 404: Error, 422: Error}


class AreaOut(Schema):
    organisation_code: str
    organisation_name: str
    told_on: datetime.date | None = Field(description="When the council was first told")
    decision_date_as_told: datetime.date | None = Field(
        description="The decision date the council was first told of"
    )
    decision_moved_to: datetime.date | None = Field(
        description="Where a revision has since moved the decision, if it has"
    )
    days_of_notice: int | None = Field(
        description="Days from first telling the council to the decision date it was then "
        "given (or the present one, if earlier): moving the decision later is not more notice"
    )
    is_late: bool = Field(description="Told later than the partnership's standard")


class RevisionOut(Schema):
    number: int = Field(description="1 is the notice as published")
    made_on: datetime.date
    title: str
    summary: str
    category: str
    decision_date: datetime.date
    decision_maker: str
    papers_url: str
    area_codes: list[str]
    decision_moved_from: datetime.date | None
    areas_added: list[str] = Field(description="Codes of the councils this revision told")
    wording_changed: list[str]


class CorrectionOut(Schema):
    corrected: str = Field(description="published_on, told_on or decision_date_as_told")
    organisation_code: str | None = Field(description="The affected council, if not the notice")
    was: datetime.date | None
    now: datetime.date
    reason: str
    corrected_on: datetime.date


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


class NoticeDetailOut(NoticeOut):
    revisions: list[RevisionOut]
    corrections: list[CorrectionOut]


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
                "decision_date_as_told": row.decision_date_as_told,
                "decision_moved_to": row.decision_moved_to,
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


def _revision_out(change: revisions.Change) -> dict:
    revision = change.revision
    return {
        "number": revision.number,
        "made_on": revision.made_at.date(),
        "title": revision.title,
        "summary": revision.summary,
        "category": revision.category,
        "decision_date": revision.decision_date,
        "decision_maker": revision.decision_maker,
        "papers_url": revision.papers_url,
        "area_codes": [organisation.code for organisation in revision.areas.all()],
        "decision_moved_from": change.decision_moved_from,
        "areas_added": [organisation.code for organisation in change.areas_added],
        "wording_changed": change.wording,
    }


def _notice_detail_out(request, notice: Notice) -> dict:
    corrections = NoticeCorrection.objects.filter(notice=notice).select_related(
        "area__organisation"
    )
    return {
        **_notice_out(notice, request),
        "revisions": [_revision_out(change) for change in revisions.history(notice)],
        "corrections": [
            {
                "corrected": c.corrected,
                "organisation_code": c.area.organisation.code if c.area_id else None,
                "was": c.was,
                "now": c.now,
                "reason": c.reason,
                "corrected_on": c.corrected_at.date(),
            }
            for c in corrections
        ],
    }


def _visible_notice(request, notice_id: int) -> Notice:
    notices = lead_time.with_lead_times(Notice.objects.visible_to(request.user))
    return get_object_or_404(notices, pk=notice_id)


@router.get(
    "/notices/{notice_id}",
    response={200: NoticeDetailOut, 404: Error},
    auth=optional_token_auth,
    summary="A notice of a decision, with each affected council's days of notice, its "
    "revisions and any corrections of recorded dates",
)
def get_notice(request, notice_id: int):
    return _notice_detail_out(request, _visible_notice(request, notice_id))


class CorrectionIn(InputSchema):
    corrected: str = Field(max_length=200, description="One of: " + ", ".join(CorrectedDate.values))
    organisation_code: str | None = Field(
        None,
        max_length=20,
        description="The affected council, for told_on and decision_date_as_told",
    )
    now: datetime.date = Field(description="The correct date")
    reason: str = Field(max_length=2000)


@router.post(
    "/notices/{notice_id}/corrections",
    response={201: NoticeDetailOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="A partnership manager corrects a date joinedup recorded wrongly, with a reason",
)
def correct_date(request, notice_id: int, payload: CorrectionIn):
    notice = _visible_notice(request, notice_id)
    if not permissions.can_correct(request.user, notice):
        raise PermissionDenied(permissions.ONLY_A_MANAGER)  # before saying what is wrong
    area = None
    if payload.organisation_code:
        area = notice.areas.filter(organisation__code=payload.organisation_code).first()
        if area is None:
            raise ValidationError(
                {"organisation_code": f"{payload.organisation_code} is not an affected area"}
            )
    actions.correct_date(
        request.user,
        notice,
        corrected=payload.corrected,
        now=payload.now,
        reason=payload.reason,
        area=area,
    )
    return 201, _notice_detail_out(request, _visible_notice(request, notice_id))


class ConsulteeOut(Schema):
    id: int
    organisation_code: str
    organisation_name: str
    person_name: str | None
    responded_on: datetime.date | None
    is_late: bool
    is_missing: bool = Field(description="No response and the deadline has passed")
    given_by: str | None = Field(
        description="Recorded on the council's behalf: the person who gave the response"
    )
    position: str | None = Field(description="Only for those who may read the response")
    text: str | None = Field(description="Only for those who may read the response")


class ConsultationOut(Schema):
    notice_id: int
    deadline: datetime.date
    opened_on: datetime.date | None
    is_closed: bool
    consultees: list[ConsulteeOut]


def _consultation_out(request, notice: Notice) -> dict:
    consultation = get_object_or_404(Consultation, notice=notice)
    rows = []
    for row in actions.consultation_status(consultation):
        consultee, response = row["consultee"], row["response"]
        readable = bool(response and permissions.can_read_response(request.user, response))
        rows.append(
            {
                "id": consultee.pk,
                "organisation_code": consultee.organisation.code,
                "organisation_name": consultee.organisation.name,
                "person_name": consultee.person.name if consultee.person_id else None,
                "responded_on": response.received_on if response else None,
                "is_late": row["late"],
                "is_missing": row["missing"],
                "given_by": response.given_by or None if response else None,
                "position": response.position if readable else None,
                "text": response.text if readable else None,
            }
        )
    return {
        "notice_id": notice.pk,
        "deadline": consultation.deadline,
        "opened_on": None if notice.is_draft else consultation.opened_at.date(),
        "is_closed": consultation.is_closed(),
        "consultees": rows,
    }


@router.get(
    "/notices/{notice_id}/consultation",
    response={200: ConsultationOut, 404: Error},
    auth=optional_token_auth,
    summary="A notice's consultation: who was consulted and who has responded",
)
def get_consultation(request, notice_id: int):
    return _consultation_out(request, _visible_notice(request, notice_id))


class ResponseIn(InputSchema):
    consultee_id: int
    position: str = Field(max_length=200, description="One of: " + ", ".join(Position.values))
    text: str = Field(max_length=20000)
    given_by: str = Field(
        "",
        max_length=200,
        description="On a council's behalf (partnership manager): who gave the response",
    )
    given_on: datetime.date | None = Field(
        None, description="On a council's behalf: the date it was given"
    )


@router.post(
    "/notices/{notice_id}/consultation/responses",
    response={201: ConsultationOut, **WRITE_ERRORS},
    auth=token_auth,
    summary="Record a consultee's response: the consulted council or person, or a "
    "partnership manager on the council's behalf naming who gave it and when",
)
def record_response(request, notice_id: int, payload: ResponseIn):
    notice = _visible_notice(request, notice_id)
    consultation = get_object_or_404(Consultation, notice=notice)
    consultee = consultation.consultees.filter(pk=payload.consultee_id).first()
    if consultee is None:
        raise ValidationError({"consultee_id": "No one consulted here has that id"})
    actions.respond(
        request.user,
        consultee,
        payload.position,
        payload.text,
        given_by=payload.given_by,
        given_on=payload.given_on,
    )
    return 201, _consultation_out(request, notice)
