"""Joint bodies through the API: their rules in plain English, seats, quorum and members.

Reads are scoped as the pages are (`governance/permissions.py`): the bodies of published
partnerships for everyone, the rest for the partnership's people and managers. Members are
changed through `governance/actions.py`, the same code the pages call.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Router, Schema

from joinedup.agreements.models import Partnership
from joinedup.governance import actions, permissions, popolo
from joinedup.governance.models import (
    Body,
    MemberRole,
    Membership,
    QuorumRequirement,
    Rotation,
    Seat,
)
from joinedup.governance.rotation import chair_for, host_for, rotation_orders
from joinedup.organisations.models import Organisation, Person

from .auth import optional_token_auth, token_auth
from .schemas import Error, InputSchema

router = Router(tags=["joint bodies"])
WRITE_ERRORS = {403: Error, 404: Error, 422: Error}
ONLY_MANAGERS = "Only the partnership's joint partnership managers can change its bodies"


class SeatOut(Schema):
    id: int
    description: str
    role: str
    organisation_code: str | None
    maximum: int
    is_voting: bool
    cabinet_only: bool
    rule: str


class QuorumRequirementOut(Schema):
    id: int
    organisation_code: str | None
    roles: list[str]
    minimum: int
    rule: str


class MembershipOut(Schema):
    id: int
    person_id: int
    person_name: str
    organisation_code: str
    organisation_name: str
    role: str
    is_voting: bool
    seat_id: int | None
    started_on: datetime.date | None
    ended_on: datetime.date | None
    is_current: bool


class BodySummaryOut(Schema):
    id: int
    partnership_slug: str
    name: str
    short_name: str
    kind: str
    reports_to_id: int | None
    url: str


class RotationOrderOut(Schema):
    starts_on: datetime.date
    first_period: int = Field(description="The first rotation period it governs (0 is the first)")
    organisation_codes: list[str] = Field(description="The order in which the councils host")
    rule: str = Field(description='For example "Rotation from 3 June 2013: A, B"')


class BodyOut(BodySummaryOut):
    as_at: datetime.date = Field(description="The day the host, chair, rules and members are as at")
    purpose: str
    terms_of_reference: str
    extended_membership: str
    cadence: str
    rotation: str
    chair_rule: str
    decision_rule: str
    rules: list[str] = Field(description="The body's rules in plain English, as on its page")
    host_now_code: str | None = Field(
        description="The council hosting the body on the day (today unless `on` is given)"
    )
    chair_now: str | None = Field(
        description="Who chairs the body's meetings on the day (today unless `on` is given)"
    )
    rotation_orders: list[RotationOrderOut] = Field(
        description="The host rotation's orders, each fixed from the period it starts"
    )
    seats: list[SeatOut]
    quorum_requirements: list[QuorumRequirementOut]
    memberships: list[MembershipOut]


class MemberIn(InputSchema):
    person_id: int
    started_on: datetime.date
    seat_id: int | None = None
    role: str | None = None
    is_voting: bool | None = None
    organisation_code: str | None = Field(None, min_length=9, max_length=9)
    ended_on: datetime.date | None = None


class MembershipEndIn(InputSchema):
    ended_on: datetime.date


def _bodies(user):
    return Body.objects.visible_to(user).select_related("partnership", "reports_to")


def _body(request, body_id: int) -> Body:
    return get_object_or_404(
        _bodies(request.user).prefetch_related(
            Prefetch("seats", queryset=Seat.objects.select_related("organisation")),
            Prefetch(
                "quorum_requirements",
                queryset=QuorumRequirement.objects.select_related("organisation"),
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("person", "organisation").order_by(
                    "organisation__name", "role", "person__name", "pk"
                ),
            ),
            "partnership__parties__organisation",
        ),
        pk=body_id,
    )


def body_summary(body: Body) -> dict:
    return {
        "id": body.pk,
        "partnership_slug": body.partnership.slug,
        "name": body.name,
        "short_name": body.short_name,
        "kind": body.kind,
        "reports_to_id": body.reports_to_id,
        "url": body.get_absolute_url(),
    }


def membership_out(membership: Membership, on: datetime.date) -> dict:
    return {
        "id": membership.pk,
        "person_id": membership.person_id,
        "person_name": membership.person.name,
        "organisation_code": membership.organisation.code,
        "organisation_name": membership.organisation.name,
        "role": membership.role,
        "is_voting": membership.is_voting,
        "seat_id": membership.seat_id,
        "started_on": membership.started_on,
        "ended_on": membership.ended_on,
        "is_current": membership.is_current(on),
    }


def body_out(body: Body, on: datetime.date | None = None) -> dict:
    today = on or timezone.localdate()
    host = host_for(body, today)
    chair = chair_for(body, today)
    orders = rotation_orders(body) if body.rotation != Rotation.NONE else []
    return {
        **body_summary(body),
        "as_at": today,
        "purpose": body.purpose,
        "terms_of_reference": body.terms_of_reference,
        "extended_membership": body.extended_membership,
        "cadence": body.cadence,
        "rotation": body.rotation,
        "chair_rule": body.chair_rule,
        "decision_rule": body.decision_rule,
        "rules": body.describe_rules(today),
        "host_now_code": host.code if host else None,
        "chair_now": str(chair.person) if chair else None,
        "rotation_orders": [
            {
                "starts_on": order.starts_on or body.rotation_starts_on or today,
                "first_period": order.first_period,
                "organisation_codes": [organisation.code for organisation in order.organisations],
                "rule": order.describe(),
            }
            for order in orders
        ],
        "seats": [
            {
                "id": seat.pk,
                "description": seat.description,
                "role": seat.role,
                "organisation_code": seat.organisation.code if seat.organisation_id else None,
                "maximum": seat.maximum,
                "is_voting": seat.is_voting,
                "cabinet_only": seat.cabinet_only,
                "rule": seat.describe(),
            }
            for seat in body.seats.all()
        ],
        "quorum_requirements": [
            {
                "id": requirement.pk,
                "organisation_code": (
                    requirement.organisation.code if requirement.organisation_id else None
                ),
                "roles": list(requirement.roles),
                "minimum": requirement.minimum,
                "rule": requirement.describe(),
            }
            for requirement in body.quorum_requirements.all()
        ],
        "memberships": [membership_out(m, today) for m in body.memberships.all()],
    }


@router.get("/partnerships/{slug}/bodies", response=list[BodySummaryOut], auth=optional_token_auth)
def list_bodies(request, slug: str):
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    return [body_summary(body) for body in _bodies(request.user).filter(partnership=partnership)]


@router.get("/bodies/{body_id}", response=BodyOut, auth=optional_token_auth)
def get_body(request, body_id: int, on: datetime.date | None = None):
    """The body as at a day (`on`, today by default): its host, chair, rules and which of
    its memberships are current then. A later accession, withdrawal or new member does
    not change what it says about an earlier day."""
    return body_out(_body(request, body_id), on)


@router.get("/bodies/{body_id}/popolo", response=dict, auth=optional_token_auth)
def get_body_popolo(request, body_id: int):
    """The body as a Popolo document: organizations, posts, persons, memberships and events
    (meetings and their non-exempt agenda items)."""
    return popolo.document(_body(request, body_id))


@router.get("/partnerships/{slug}/popolo", response=dict, auth=optional_token_auth)
def get_partnership_popolo(request, slug: str):
    """Every body of the partnership as one Popolo document."""
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    return popolo.partnership_document(partnership)


def _managed_body(request, body_id: int) -> Body:
    body = _body(request, body_id)
    if not permissions.can(request.user, permissions.CHANGE, body):
        raise PermissionDenied(ONLY_MANAGERS)
    return body


@router.post(
    "/bodies/{body_id}/memberships",
    response={201: MembershipOut, **WRITE_ERRORS},
    auth=token_auth,
)
def add_member(request, body_id: int, payload: MemberIn):
    body = _managed_body(request, body_id)
    person = Person.objects.filter(pk=payload.person_id).first()
    if person is None:
        raise ValidationError({"person_id": f"No person has the id {payload.person_id}"})
    seat = None
    if payload.seat_id is not None:
        seat = body.seats.filter(pk=payload.seat_id).first()
        if seat is None:
            raise ValidationError({"seat_id": "No seat of this body has that id"})
    if payload.role is not None and payload.role not in MemberRole.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(MemberRole.values)}"})
    organisation = None
    if payload.organisation_code:
        organisation = Organisation.objects.filter(code=payload.organisation_code.upper()).first()
        if organisation is None:
            raise ValidationError(
                {"organisation_code": f"No organisation has the code {payload.organisation_code}"}
            )
    membership = actions.add_member(
        body,
        by=request.user,
        person=person,
        started_on=payload.started_on,
        seat=seat,
        role=payload.role,
        is_voting=payload.is_voting,
        organisation=organisation,
        ended_on=payload.ended_on,
    )
    return 201, membership_out(membership, timezone.localdate())


@router.post(
    "/bodies/{body_id}/memberships/{membership_id}/end",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=token_auth,
)
def end_membership(request, body_id: int, membership_id: int, payload: MembershipEndIn):
    body = _managed_body(request, body_id)
    membership = get_object_or_404(
        body.memberships.select_related("person", "organisation", "body__partnership"),
        pk=membership_id,
    )
    membership = actions.end_membership(membership, by=request.user, ended_on=payload.ended_on)
    return membership_out(membership, timezone.localdate())
