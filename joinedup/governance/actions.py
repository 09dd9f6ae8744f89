"""Changes to joint bodies, their rules, seats and memberships. Views and the API both call these.

Each action checks permission, validates, and writes everything or nothing. A refusal on
the rules is a ValidationError naming the field, so pages show it against that field.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation, Person

from . import permissions
from .models import CABINET_POSTS, Body, MemberRole, Membership, QuorumRequirement, Seat
from .rules_text import number_word

BODY_FIELDS = {
    "name",
    "short_name",
    "kind",
    "purpose",
    "terms_of_reference",
    "extended_membership",
    "cadence",
    "also_meets_when_needed",
    "rotation",
    "first_host",
    "rotation_starts_on",
    "chair_rule",
    "host_provides_secretariat",
    "notice_clear_days",
    "quorum_total",
    "quorum_fraction",
    "decision_rule",
    "reports_to",
    "reports_to_councils",
    "reporting_cadence",
}

ONLY_MANAGERS = "Only the partnership's joint partnership managers can change its bodies"


def _require_manager(user, partnership: Partnership) -> None:
    if not permissions.can_manage(user, partnership):
        raise PermissionDenied(ONLY_MANAGERS)


def _set_fields(body: Body, fields: dict) -> None:
    unknown = set(fields) - BODY_FIELDS
    if unknown:
        raise TypeError(f"Not a body field: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(body, name, value)


def create_body(partnership: Partnership, *, by, **fields) -> Body:
    """Set up a joint body of the partnership (003 §5: the JLG and the Board)."""
    _require_manager(by, partnership)
    body = Body(partnership=partnership)
    _set_fields(body, fields)
    body.full_clean()
    body.save()
    return body


ROTATION_RULES = ("rotation", "first_host_id", "rotation_starts_on", "cadence")


@transaction.atomic
def update_body(body: Body, *, by, **fields) -> Body:
    """Change a body's details or its rules: cadence, rotation, chair, quorum, reporting.

    A change to the rotation's rules (its kind, first host, start or cadence) starts the
    rotation afresh from those rules: the orders recorded as councils joined and left
    belonged to the old rules and are dropped (the body's history keeps the old rules;
    meetings already scheduled keep their host)."""
    _require_manager(by, body.partnership)
    before = [getattr(body, name) for name in ROTATION_RULES]
    _set_fields(body, fields)
    body.full_clean()
    body.save()
    if [getattr(body, name) for name in ROTATION_RULES] != before:
        body.rotation_orders.all().delete()
    return body


def add_seat(
    body: Body,
    *,
    by,
    description: str,
    role: str,
    maximum: int = 1,
    organisation: Organisation | None = None,
    is_voting: bool = True,
    cabinet_only: bool = False,
) -> Seat:
    """003 §5: "up to two Cabinet Members from each Council, the Chief Executive's and the
    Joint Partnership Manager"."""
    _require_manager(by, body.partnership)
    if cabinet_only and role != MemberRole.ELECTED_MEMBER:
        raise ValidationError(
            {"cabinet_only": "Only an elected member's seat can be for cabinet members only"}
        )
    seat = Seat(
        body=body,
        description=description,
        role=role,
        maximum=maximum,
        organisation=organisation,
        is_voting=is_voting,
        cabinet_only=cabinet_only,
    )
    seat.full_clean()
    seat.save()
    return seat


@transaction.atomic
def remove_seat(seat: Seat, *, by, on: datetime.date | None = None) -> None:
    """A seat can go once nobody holds it; past memberships keep their role and council."""
    _require_manager(by, seat.body.partnership)
    on = on or timezone.localdate()
    if seat.memberships.overlapping(on, None).exists():
        raise ValidationError(
            "Members hold this seat now or will do: end their memberships before removing it"
        )
    for membership in seat.memberships.all():
        membership.seat = None
        membership.save()
    seat.delete()


def add_quorum_requirement(
    body: Body,
    *,
    by,
    roles: list[str],
    minimum: int = 1,
    organisation: Organisation | None = None,
) -> QuorumRequirement:
    """003 §6.1: "Quorum is one Elected member from each Council"; §6.2: "two Corporate
    Management Team/Board of Director members from each Council"."""
    _require_manager(by, body.partnership)
    requirement = QuorumRequirement(
        body=body, roles=list(roles), minimum=minimum, organisation=organisation
    )
    requirement.full_clean()
    requirement.save()
    return requirement


def remove_quorum_requirement(requirement: QuorumRequirement, *, by) -> None:
    _require_manager(by, requirement.body.partnership)
    requirement.delete()


def _max_concurrent(
    memberships: list[Membership], started_on: datetime.date, ended_on: datetime.date | None
) -> int:
    """The most of these memberships current on any one day from started_on to ended_on."""
    days = [started_on] + [
        m.started_on
        for m in memberships
        if m.started_on
        and m.started_on > started_on
        and (ended_on is None or m.started_on <= ended_on)
    ]
    return max(sum(m.is_current(day) for m in memberships) for day in days)


@transaction.atomic
def add_member(
    body: Body,
    *,
    by,
    person: Person,
    started_on: datetime.date,
    seat: Seat | None = None,
    role: str | None = None,
    is_voting: bool | None = None,
    organisation: Organisation | None = None,
    ended_on: datetime.date | None = None,
) -> Membership:
    """Add a member to a body, within its seats.

    003 §5: the JLG comprises "up to two Cabinet Members from each Council, the Chief
    Executive's and the Joint Partnership Manager". A member fills a seat of the body; a
    seat holds no more members from a council than its rules allow, and a seat for cabinet
    members takes only the leader, deputy leader or a cabinet member. A member represents
    the organisation they work for, which must be a party to the partnership unless the seat
    names it (a health representative, say).
    """
    partnership = body.partnership
    _require_manager(by, partnership)
    body = Body.objects.select_for_update().get(pk=body.pk)
    organisation = organisation or person.organisation
    _check_dates(started_on, ended_on)
    seat = _check_seat(body, seat, role)
    role = role or seat.role
    if is_voting is None:
        is_voting = seat.is_voting if seat else True
    _check_person(body, person, organisation, seat, started_on, ended_on)
    _not_before_a_held_meeting(body, started_on, "started_on", "start on or before")
    if seat:
        _check_seat_has_room(body, seat, organisation, started_on, ended_on)
    membership = Membership(
        body=body,
        person=person,
        organisation=organisation,
        role=role,
        is_voting=is_voting,
        seat=seat,
        started_on=started_on,
        ended_on=ended_on,
    )
    membership.full_clean()
    membership.save()
    return membership


def _not_before_a_held_meeting(body: Body, day: datetime.date, field: str, verb: str) -> None:
    """Issue 13 §1: nothing held before a change is re-evaluated by it. A membership cannot
    start or end on a day that would change who was a member at a meeting already held
    (its attendance and quorum stand as they were)."""
    held = (
        body.meetings.filter(status="held", starts_at__date__gte=day)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if held is not None:
        held_on = timezone.localtime(held).date()
        raise ValidationError(
            {
                field: f"The membership cannot {verb} {held_on:%-d %B %Y}, when "
                f"the {body} held a meeting: meetings already held stand as they were"
            }
        )


def _check_dates(started_on, ended_on) -> None:
    if started_on is None:
        raise ValidationError({"started_on": "Enter the date the membership starts"})
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The membership must end on or after the day it starts"})


def _check_seat(body: Body, seat: Seat | None, role: str | None) -> Seat | None:
    if seat is None:
        if body.seats.exists():
            raise ValidationError({"seat": "Choose the seat the member fills"})
        if not role:
            raise ValidationError({"role": "Choose the member's role"})
        return None
    if seat.body_id != body.pk:
        raise ValidationError({"seat": "That seat belongs to another body"})
    if role and role != seat.role:
        raise ValidationError(
            {"role": f"The seat “{seat}” is for a {seat.get_role_display().lower()}"}
        )
    return seat


def _check_person(body, person, organisation, seat, started_on, ended_on) -> None:
    if person.organisation_id != organisation.pk:
        raise ValidationError(
            {
                "person": f"{person} works for {person.organisation}, so cannot represent {organisation}"
            }
        )
    named_by_seat = seat is not None and seat.organisation_id == organisation.pk
    is_party = any(
        party.organisation_id == organisation.pk
        for party in body.partnership.current_parties(started_on)
    )
    if not (is_party or named_by_seat):
        raise ValidationError(
            {
                "person": f"{organisation} is not a party to {body.partnership} on "
                f"{started_on:%-d %B %Y}"
            }
        )
    if seat is not None and not seat.accepts(organisation):
        raise ValidationError({"seat": f"The seat “{seat}” is for {seat.organisation}"})
    if body.memberships.filter(person=person).overlapping(started_on, ended_on).exists():
        raise ValidationError({"person": f"{person} is already a member of the {body} then"})
    if seat is not None and seat.cabinet_only and not _holds_cabinet_post(person, started_on):
        raise ValidationError(
            {
                "person": f"{person} is not a cabinet member of {organisation}: the seat "
                f"“{seat}” is for cabinet members only"
            }
        )


def _holds_cabinet_post(person: Person, on: datetime.date) -> bool:
    return any(
        post.kind in CABINET_POSTS
        and (post.started_on is None or post.started_on <= on)
        and (post.ended_on is None or on <= post.ended_on)
        for post in person.posts.all()
    )


def _check_seat_has_room(body, seat, organisation, started_on, ended_on) -> None:
    holders = list(
        seat.memberships.filter(organisation=organisation).overlapping(started_on, ended_on)
    )
    if holders and _max_concurrent(holders, started_on, ended_on) + 1 > seat.maximum:
        taken = _max_concurrent(holders, started_on, ended_on)
        noun = "member" if taken == 1 else "members"
        raise ValidationError(
            {
                "seat": f"The {body} already has {number_word(taken)} {noun} from "
                f"{organisation} in the seat “{seat}”: its rules allow {seat.describe()}"
            }
        )


def end_membership(membership: Membership, *, by, ended_on: datetime.date) -> Membership:
    """The membership ends on `ended_on`, the last day the person is a member."""
    _require_manager(by, membership.body.partnership)
    if membership.ended_on is not None:
        raise ValidationError(
            {"ended_on": f"This membership already ended on {membership.ended_on:%-d %B %Y}"}
        )
    if membership.started_on and ended_on < membership.started_on:
        raise ValidationError(
            {
                "ended_on": "The membership must end on or after the day it started, "
                f"{membership.started_on:%-d %B %Y}"
            }
        )
    # The last day of membership may be the day of a held meeting, not before it.
    _not_before_a_held_meeting(
        membership.body, ended_on + datetime.timedelta(days=1), "ended_on", "end before"
    )
    membership.ended_on = ended_on
    membership.full_clean()
    membership.save()
    return membership
