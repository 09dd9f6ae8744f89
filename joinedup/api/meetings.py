"""Meetings through the API: notice, agenda, attendance, quorum, decisions and actions.

The same rules as the pages, from the same code: reads are scoped by the querysets'
`visible_to` and `meetings/permissions.py`; an exempt item (Schedule 12A) shows its number,
purpose and exemption ground to everyone, and its title, summary, papers, declarations and
decision only to the body's members (and people the membership was extended to for that
item). Writes call `meetings/attendance.py`, `decisions.py` and `actions_arising.py`.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from joinedup.agreements.models import Partnership
from joinedup.governance.models import Body
from joinedup.meetings import actions_arising, attendance, decisions, permissions
from joinedup.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CastingVote,
    Decision,
    DecisionMethod,
    Meeting,
)
from joinedup.meetings.quorum import QuorumResult
from joinedup.organisations.models import Consent, Organisation

from .auth import optional_token_auth, token_auth
from .schemas import Error, InputSchema

router = Router(tags=["meetings"])
WRITE_ERRORS = {403: Error, 404: Error, 422: Error}
SECRETARIAT_ONLY = (
    "Only the host council's officers and the partnership's joint partnership managers can do this"
)
EXEMPT = "This item is exempt information under Schedule 12A: only members of the body can read it"


# Schemas


class NoticeOut(Schema):
    due_on: datetime.date | None
    published_on: datetime.date | None
    published_at: datetime.datetime | None = Field(
        description="The moment joinedup recorded the notice as published (or as corrected)"
    )
    is_late: bool
    statement: str


class NoticeCorrectionOut(Schema):
    was_published_at: datetime.datetime | None
    published_at: datetime.datetime
    reason: str
    corrected_at: datetime.datetime


class QuorumOut(Schema):
    is_quorate: bool
    summary: str
    reasons: list[str] = Field(description="Why it is or is not quorate")
    notes: list[str] = Field(description="Who was not counted, and why")


class PaperOut(Schema):
    id: int
    title: str
    url: str
    content_type: str
    size: int


class DeclarationOut(Schema):
    membership_id: int
    person_name: str
    kind: str
    description: str


class ItemOut(Schema):
    number: int
    purpose: str
    is_exempt: bool
    exemption_ground: str
    exemption_statement: str
    readable: bool = Field(
        description="False for an exempt item the reader may not read: its title, summary, "
        "papers and decision are then left out"
    )
    title: str | None
    description: str | None
    presenter: str | None
    papers: list[PaperOut]
    declarations: list[DeclarationOut] = Field(
        description="Declarations of interest: a member with a disclosable pecuniary interest "
        "is not counted in the item's quorum and may not vote"
    )
    decision_id: int | None
    quorum: QuorumOut | None = Field(description="Once the meeting is held")
    url: str


class AttendanceOut(Schema):
    membership_id: int
    person_name: str
    organisation_code: str
    role: str
    status: str
    substitute_for_membership_id: int | None
    substitute_for_name: str | None
    substitute_notice_in_time: bool | None
    arrived_at_item: int | None
    left_before_item: int | None


class ActionOut(Schema):
    id: int
    meeting_id: int
    decision_id: int | None
    owner_name: str
    owner_organisation_code: str
    description: str
    due_on: datetime.date
    done_on: datetime.date | None
    is_overdue: bool


class MeetingSummaryOut(Schema):
    id: int
    body_id: int
    body_name: str
    partnership_slug: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    venue: str
    host_code: str | None
    status: str
    notice: NoticeOut
    url: str


class MeetingOut(MeetingSummaryOut):
    chair: str | None
    minutes_status: str
    minutes_approved_at_meeting_id: int | None
    quorum: QuorumOut | None = Field(description="When the meeting opened, once it is held")
    notice_corrections: list[NoticeCorrectionOut] = Field(
        description="Corrections of when notice was published, each with its reason"
    )
    items: list[ItemOut]
    attendance: list[AttendanceOut]
    actions: list[ActionOut]


class ReferralOut(Schema):
    to_body_id: int
    to_body_name: str
    meeting_id: int
    item_number: int
    referred_on: datetime.date


class RatificationOut(Schema):
    organisation_code: str
    organisation_name: str
    ratified_on: datetime.date
    ratified_by: str = Field(description="The council's body that ratified it, like Cabinet")
    reference: str
    given_by_name: str = Field(description="The person who gave the council's ratification")
    recorded_on_behalf: bool = Field(
        description="Recorded by the partnership's manager on the council's behalf"
    )


class DepartedOut(Schema):
    organisation_code: str
    left_on: datetime.date


class RatificationProgressOut(Schema):
    sent_on: datetime.date | None = Field(
        description="When it was sent to the councils; the councils asked are the parties then"
    )
    ratified: int
    required: int = Field(description="Councils asked that are still parties")
    ratifications: list[RatificationOut]
    awaiting: list[str] = Field(description="GSS codes of the councils yet to ratify")
    departed: list[DepartedOut] = Field(
        description="Councils asked that left before ratifying: no longer needed"
    )
    rule: str


class DecisionOut(Schema):
    id: int
    meeting_id: int
    body_id: int
    item_number: int
    item_title: str
    outcome: str
    method: str
    how_reached: str
    votes_for: int
    votes_against: int
    abstentions: int
    casting_vote: str
    is_carried: bool
    status: str
    took_effect_on: datetime.date | None
    recorded_at: datetime.datetime
    quorum: QuorumOut | None = Field(description="The item's quorum as recorded with the decision")
    moves: list[str] = Field(
        description="What the caller may do to the decision now (refer, send_for_ratification,"
        " ratify); read one decision for them, lists leave them empty"
    )
    referral: ReferralOut | None
    ratification: RatificationProgressOut
    url: str


# Plain strings, checked by the handler after the permission check, so that a refusal is a
# refusal whatever was sent; the rule modules name the field when a value is wrong.
class AttendanceIn(InputSchema):
    membership_id: int
    status: str = Field(description="present, apologies, absent or substitute")
    substitute_for_membership_id: int | None = None
    substitute_notice_given_at: str | None = Field(
        None, description="ISO 8601 date and time the chair was told of the substitution"
    )
    arrived_at_item: int | None = Field(None, description="The item number they arrived at")
    left_before_item: int | None = Field(None, description="The item number they left before")


class DecisionIn(InputSchema):
    outcome: str = Field(max_length=20000)
    method: str = Field(description="consensus or vote")
    votes_for: int = Field(0, ge=0)
    votes_against: int = Field(0, ge=0)
    abstentions: int = Field(0, ge=0)
    casting_vote: str | None = Field(None, description="for or against, when the votes tie")


class RatificationIn(InputSchema):
    organisation_code: str = Field(min_length=9, max_length=9)
    ratified_on: datetime.date
    ratified_by: str = Field("", max_length=200)
    reference: str = Field("", max_length=300)
    given_by_name: str = Field(
        "",
        max_length=200,
        description="The person who gave it: needed when a manager records it on the council's "
        "behalf",
    )


class ActionDoneIn(InputSchema):
    done_on: datetime.date | None = None


# Reading


def _meetings(user):
    return Meeting.objects.visible_to(user).select_related("body__partnership", "host")


def _meeting(request, meeting_id: int) -> Meeting:
    return get_object_or_404(_meetings(request.user).select_related("chair__person"), pk=meeting_id)


def notice_out(meeting: Meeting) -> dict:
    return {
        "due_on": meeting.notice_due_on,
        "published_on": meeting.notice_published_on,
        "published_at": meeting.notice_published_at,
        "is_late": meeting.notice_is_late,
        "statement": meeting.notice_statement,
    }


def meeting_summary(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "body_id": meeting.body_id,
        "body_name": meeting.body.name,
        "partnership_slug": meeting.body.partnership.slug,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "venue": meeting.venue,
        "host_code": meeting.host.code if meeting.host_id else None,
        "status": meeting.status,
        "notice": notice_out(meeting),
        "url": meeting.get_absolute_url(),
    }


def quorum_out(result: QuorumResult, *, with_notes: bool = True) -> dict:
    return {
        "is_quorate": result.is_quorate,
        "summary": result.summary,
        "reasons": result.reasons,
        # Notes name who declared an interest in an item: not for an item the reader cannot read.
        "notes": list(result.notes) if with_notes else [],
    }


def item_out(item: AgendaItem, *, readable: bool, quorum: QuorumResult | None) -> dict:
    decision = getattr(item, "decision", None) if readable else None
    return {
        "number": item.number,
        "purpose": item.purpose,
        "is_exempt": item.is_exempt,
        "exemption_ground": item.exemption_ground,
        "exemption_statement": item.exemption_statement,
        "readable": readable,
        "title": item.title if readable else None,
        "description": item.description if readable else None,
        "presenter": item.presenter.name if readable and item.presenter_id else None,
        "papers": [
            {
                "id": paper.pk,
                "title": paper.title,
                "url": paper.get_absolute_url(),
                "content_type": paper.content_type,
                "size": paper.size,
            }
            for paper in (item.papers.all() if readable else [])
        ],
        "declarations": [
            {
                "membership_id": declaration.membership_id,
                "person_name": declaration.membership.person.name,
                "kind": declaration.kind,
                "description": declaration.description,
            }
            for declaration in (item.declarations.all() if readable else [])
        ],
        "decision_id": decision.pk if decision else None,
        "quorum": quorum_out(quorum, with_notes=readable) if quorum is not None else None,
        "url": item.get_absolute_url(),
    }


def attendance_out(row: Attendance) -> dict:
    substitute = row.substitute_for
    return {
        "membership_id": row.membership_id,
        "person_name": row.membership.person.name,
        "organisation_code": row.membership.organisation.code,
        "role": row.membership.role,
        "status": row.status,
        "substitute_for_membership_id": row.substitute_for_id,
        "substitute_for_name": substitute.person.name if substitute else None,
        "substitute_notice_in_time": row.substitute_notice_in_time if substitute else None,
        "arrived_at_item": row.arrived_at_item.number if row.arrived_at_item_id else None,
        "left_before_item": row.left_before_item.number if row.left_before_item_id else None,
    }


def action_out(action: Action, today: datetime.date) -> dict:
    return {
        "id": action.pk,
        "meeting_id": action.meeting_id,
        "decision_id": action.decision_id,
        "owner_name": action.owner.name,
        "owner_organisation_code": action.owner.organisation.code,
        "description": action.description,
        "due_on": action.due_on,
        "done_on": action.done_on,
        "is_overdue": action.is_overdue(today),
    }


def _visible_actions(user):
    return Action.objects.visible_to(user).select_related("owner__organisation")


def meeting_out(request, meeting: Meeting) -> dict:
    user = request.user
    items = list(
        meeting.items.select_related("presenter", "decision").prefetch_related(
            "papers", "declarations__membership__person"
        )
    )
    for item in items:
        item.meeting = meeting
    readable = set(
        AgendaItem.objects.visible_to(user).filter(meeting=meeting).values_list("pk", flat=True)
    )
    held = meeting.status == "held"
    quorum, item_quorum = decisions.quorum_as_recorded(meeting, items) if held else (None, {})
    rows = list(
        meeting.attendances.select_related(
            "membership__person",
            "membership__organisation",
            "substitute_for__person",
            "arrived_at_item",
            "left_before_item",
        )
    )
    for row in rows:
        row.meeting = meeting
    today = timezone.localdate()
    chair = meeting.chair
    return {
        **meeting_summary(meeting),
        "chair": chair.person.name if chair else None,
        "minutes_status": meeting.minutes_status,
        "minutes_approved_at_meeting_id": meeting.minutes_approved_at_meeting_id,
        "quorum": quorum_out(quorum) if quorum is not None else None,
        "notice_corrections": [
            {
                "was_published_at": correction.was_published_at,
                "published_at": correction.published_at,
                "reason": correction.reason,
                "corrected_at": correction.corrected_at,
            }
            for correction in meeting.notice_corrections.all()
        ],
        "items": [
            item_out(item, readable=item.pk in readable, quorum=item_quorum.get(item.pk))
            for item in items
        ],
        "attendance": [attendance_out(row) for row in rows],
        "actions": [
            action_out(action, today) for action in _visible_actions(user).filter(meeting=meeting)
        ],
    }


def _decisions(user):
    return (
        Decision.objects.visible_to(user)
        .select_related(
            "item__meeting__body__partnership",
            "referral__to_body",
            "referral__item__meeting",
            "ratification_request",
        )
        .prefetch_related(
            "item__meeting__body__partnership__parties",
            Prefetch(
                "ratification_request__consents",
                queryset=Consent.objects.select_related("organisation"),
            ),
        )
    )


def _ratification_out(decision: Decision) -> dict:
    progress = decisions.ratification(decision)
    if progress is None:
        return {
            "sent_on": None,
            "ratified": 0,
            "required": 0,
            "ratifications": [],
            "awaiting": [],
            "departed": [],
            "rule": decisions.RATIFICATION_RULE,
        }
    return {
        "sent_on": progress.request.put_on,
        "ratified": len(progress.given),
        "required": progress.needed,
        "ratifications": [
            {
                "organisation_code": a.organisation.code,
                "organisation_name": a.organisation.name,
                "ratified_on": a.consent.given_on,
                "ratified_by": a.consent.given_through,
                "reference": a.consent.reference,
                "given_by_name": a.consent.given_by_name,
                "recorded_on_behalf": a.consent.recorded_on_behalf,
            }
            for a in progress.given
        ],
        "awaiting": [a.organisation.code for a in progress.awaited],
        "departed": [
            {"organisation_code": a.organisation.code, "left_on": a.left_on}
            for a in progress.departed
        ],
        "rule": decisions.RATIFICATION_RULE,
    }


def decision_out(decision: Decision, user=None) -> dict:
    meeting = decision.item.meeting
    referral = getattr(decision, "referral", None)
    quorum = decision.quorum
    return {
        "id": decision.pk,
        "meeting_id": meeting.pk,
        "body_id": meeting.body_id,
        "item_number": decision.item.number,
        "item_title": decision.item.title,
        "outcome": decision.outcome,
        "method": decision.method,
        "how_reached": decision.how_reached,
        "votes_for": decision.votes_for,
        "votes_against": decision.votes_against,
        "abstentions": decision.abstentions,
        "casting_vote": decision.casting_vote,
        "is_carried": decision.is_carried,
        "status": decision.status,
        "took_effect_on": decision.took_effect_on,
        "recorded_at": decision.recorded_at,
        "quorum": quorum_out(quorum) if quorum is not None else None,
        "moves": decision.available_moves(user) if user is not None else [],
        "referral": {
            "to_body_id": referral.to_body_id,
            "to_body_name": referral.to_body.name,
            "meeting_id": referral.item.meeting_id,
            "item_number": referral.item.number,
            "referred_on": referral.referred_on,
        }
        if referral
        else None,
        "ratification": _ratification_out(decision),
        "url": decision.get_absolute_url(),
    }


def _decision(request, decision_id: int) -> Decision:
    return get_object_or_404(_decisions(request.user), pk=decision_id)


def _partnership(request, slug: str) -> Partnership:
    return get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)


@router.get(
    "/bodies/{body_id}/meetings", response=list[MeetingSummaryOut], auth=optional_token_auth
)
@paginate
def list_body_meetings(request, body_id: int):
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=body_id)
    return [meeting_summary(m) for m in _meetings(request.user).filter(body=body)]


@router.get(
    "/partnerships/{slug}/meetings", response=list[MeetingSummaryOut], auth=optional_token_auth
)
@paginate
def list_partnership_meetings(request, slug: str, upcoming: bool = False):
    partnership = _partnership(request, slug)
    meetings = _meetings(request.user).filter(body__partnership=partnership)
    if upcoming:
        meetings = meetings.upcoming()
    return [meeting_summary(m) for m in meetings]


@router.get("/meetings/{meeting_id}", response=MeetingOut, auth=optional_token_auth)
def get_meeting(request, meeting_id: int):
    return meeting_out(request, _meeting(request, meeting_id))


def _item(request, meeting: Meeting, number: int) -> AgendaItem:
    item = get_object_or_404(
        meeting.items.select_related("presenter", "decision").prefetch_related(
            "papers", "declarations__membership__person"
        ),
        number=number,
    )
    item.meeting = meeting
    if not permissions.can_read_item(request.user, item):
        raise PermissionDenied(EXEMPT)
    return item


@router.get(
    "/meetings/{meeting_id}/items/{number}",
    response={200: ItemOut, 403: Error, 404: Error},
    auth=optional_token_auth,
)
def get_item(request, meeting_id: int, number: int):
    """An exempt item is refused (403) to all but the body's members, as its page is."""
    meeting = _meeting(request, meeting_id)
    item = _item(request, meeting, number)
    quorum = decisions.item_quorum_as_recorded(meeting, item) if meeting.status == "held" else None
    return item_out(item, readable=True, quorum=quorum)


@router.get("/partnerships/{slug}/decisions", response=list[DecisionOut], auth=optional_token_auth)
@paginate
def list_decisions(request, slug: str, status: str | None = None):
    partnership = _partnership(request, slug)
    found = _decisions(request.user).filter(item__meeting__body__partnership=partnership)
    if status:
        found = found.filter(status=status)
    return [decision_out(d) for d in found]


@router.get(
    "/decisions/{decision_id}", response={200: DecisionOut, 404: Error}, auth=optional_token_auth
)
def get_decision(request, decision_id: int):
    """A decision on an exempt item is not found (404) by those who may not read the item."""
    return decision_out(_decision(request, decision_id), request.user)


@router.get("/partnerships/{slug}/actions", response=list[ActionOut], auth=optional_token_auth)
@paginate
def list_actions(request, slug: str, overdue: bool = False):
    partnership = _partnership(request, slug)
    today = timezone.localdate()
    found = _visible_actions(request.user).filter(meeting__body__partnership=partnership)
    if overdue:
        found = found.overdue(today)
    return [action_out(a, today) for a in found]


# Writing: each handler checks permission first, with the pages' rule, then calls the action.


def _managed_meeting(request, meeting_id: int) -> Meeting:
    meeting = _meeting(request, meeting_id)
    if not permissions.can_manage(request.user, meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    return meeting


def _choice(field: str, value, choices) -> None:
    if value not in choices.values:
        raise ValidationError({field: f"Choose one of: {', '.join(choices.values)}"})


def _membership(meeting: Meeting, membership_id: int | None, field: str):
    if membership_id is None:
        return None
    membership = meeting.body.memberships.select_related("person").filter(pk=membership_id).first()
    if membership is None:
        raise ValidationError({field: f"No member of the {meeting.body.name} has that id"})
    return membership


def _agenda_item(meeting: Meeting, number: int | None, field: str):
    if number is None:
        return None
    item = meeting.items.filter(number=number).first()
    if item is None:
        raise ValidationError({field: f"The agenda has no item {number}"})
    return item


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={200: AttendanceOut, **WRITE_ERRORS},
    auth=token_auth,
)
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    """Record (or correct) one member's attendance, as the meeting's secretariat."""
    meeting = _managed_meeting(request, meeting_id)
    _choice("status", payload.status, AttendanceStatus)
    notice_at = None
    if payload.substitute_notice_given_at:
        notice_at = parse_datetime(payload.substitute_notice_given_at)
        if notice_at is None:
            raise ValidationError(
                {"substitute_notice_given_at": "Enter a date and time like 2013-09-01T09:00"}
            )
        if timezone.is_naive(notice_at):
            notice_at = timezone.make_aware(notice_at)
    row = attendance.record(
        meeting,
        by=request.user,
        membership=_membership(meeting, payload.membership_id, "membership_id"),
        status=payload.status,
        substitute_for=_membership(
            meeting, payload.substitute_for_membership_id, "substitute_for_membership_id"
        ),
        substitute_notice_given_at=notice_at,
        arrived_at_item=_agenda_item(meeting, payload.arrived_at_item, "arrived_at_item"),
        left_before_item=_agenda_item(meeting, payload.left_before_item, "left_before_item"),
    )
    row = Attendance.objects.select_related(
        "membership__person",
        "membership__organisation",
        "substitute_for__person",
        "arrived_at_item",
        "left_before_item",
        "meeting",
    ).get(pk=row.pk)
    return attendance_out(row)


@router.post(
    "/meetings/{meeting_id}/items/{number}/decision",
    response={201: DecisionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def record_decision(request, meeting_id: int, number: int, payload: DecisionIn):
    """Record the decision on an item; refused (422, naming why) when it is not quorate."""
    meeting = _managed_meeting(request, meeting_id)
    item = _item(request, meeting, number)
    _choice("method", payload.method, DecisionMethod)
    if payload.casting_vote:
        _choice("casting_vote", payload.casting_vote, CastingVote)
    decision = decisions.record(item, by=request.user, **payload.dict())
    return 201, decision_out(_decision(request, decision.pk), request.user)


def _managed_decision(request, decision_id: int) -> Decision:
    decision = _decision(request, decision_id)
    if not permissions.can_manage(request.user, decision.item.meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    return decision


@router.post(
    "/decisions/{decision_id}/referral",
    response={201: DecisionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def refer_decision(request, decision_id: int):
    """Refer a decision to the parent body: it goes on that body's next agenda."""
    decision = _managed_decision(request, decision_id)
    decisions.refer(decision, by=request.user)
    return 201, decision_out(_decision(request, decision_id), request.user)


@router.post(
    "/decisions/{decision_id}/ratification-request",
    response={200: DecisionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def send_for_ratification(request, decision_id: int):
    """Recommend a decision to each partner council; it takes effect when all have ratified."""
    decision = _managed_decision(request, decision_id)
    decisions.send_for_ratification(decision, by=request.user)
    return decision_out(_decision(request, decision_id), request.user)


@router.post(
    "/decisions/{decision_id}/ratifications",
    response={201: DecisionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def ratify_decision(request, decision_id: int, payload: RatificationIn):
    """An officer records their own council's ratification; the partnership's manager may
    record one on a council's behalf, with the name of the person who gave it."""
    decision = _decision(request, decision_id)
    if not decisions.councils_user_may_ratify_for(decision, request.user):
        raise PermissionDenied(decisions.RATIFY_OWN_COUNCIL)
    organisation = Organisation.objects.filter(code=payload.organisation_code.upper()).first()
    if organisation is None:
        raise ValidationError(
            {"organisation_code": f"No organisation has the code {payload.organisation_code}"}
        )
    decisions.ratify(
        decision,
        by=request.user,
        organisation=organisation,
        on=payload.ratified_on,
        ratified_by=payload.ratified_by,
        reference=payload.reference,
        given_by_name=payload.given_by_name,
    )
    return 201, decision_out(_decision(request, decision_id), request.user)


@router.post(
    "/actions/{action_id}/done", response={200: ActionOut, **WRITE_ERRORS}, auth=token_auth
)
def complete_action(request, action_id: int, payload: ActionDoneIn):
    """The action's owner, or the meeting's secretariat, marks it done."""
    action = get_object_or_404(
        _visible_actions(request.user).select_related("meeting__body__partnership"), pk=action_id
    )
    if not permissions.can_complete_action(request.user, action):
        raise PermissionDenied("Only the action's owner or the meeting's secretariat can do this")
    action = actions_arising.complete(action, by=request.user, on=payload.done_on)
    return action_out(action, timezone.localdate())
