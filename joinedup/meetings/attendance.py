"""Who attended, who sent a substitute, and who declared an interest.

DOMAIN §2 [M7]: a substitute may vote if the chair had 24 hours' notice.
DOMAIN §2 [M10]: a member with a disclosable pecuniary interest may not discuss or vote.
A meeting is held once its attendance is recorded.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from joinedup.governance.models import Membership

from . import permissions
from .agenda import SECRETARIAT_ONLY
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    Meeting,
    MeetingStatus,
)


def _member_of(meeting: Meeting, membership: Membership | None, field: str) -> None:
    if membership is None:
        return
    if membership.body_id != meeting.body_id:
        raise ValidationError({field: f"{membership.person} is not a member of {meeting.body}"})
    if not membership.is_current(meeting.date):
        raise ValidationError(
            {field: f"{membership.person} was not a member on {meeting.date:%-d %B %Y}"}
        )


def _item_of(meeting: Meeting, item: AgendaItem | None, field: str) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({field: "Choose an item on this meeting's agenda"})


def version(meeting: Meeting) -> int:
    """How far the meeting's attendance record has got: its latest history entry's id (0 if
    none). The attendance form carries it, so that a change made meanwhile is noticed."""
    latest = (
        Attendance.history.filter(meeting_id=meeting.pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return latest or 0


def _unchanged_since(meeting: Meeting, membership: Membership, seen_version: int) -> None:
    """Optimistic check: refuse to overwrite a member's attendance that someone else recorded
    after the form was shown (two secretaries at once); the second is told what it is now."""
    changed = (
        Attendance.history.filter(
            meeting_id=meeting.pk, membership_id=membership.pk, history_id__gt=seen_version
        )
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    if changed is None:
        return
    who = changed.history_user.display_name if changed.history_user else "Someone"
    now = AttendanceStatus(changed.status).label.lower()
    raise ValidationError(
        {
            "membership": f"{who} recorded {membership.person}'s attendance ({now}) after you "
            "opened this page, so yours was not saved. Check the table below and record it "
            "again if it is still wrong."
        }
    )


@transaction.atomic
def record(
    meeting: Meeting,
    *,
    by,
    membership: Membership,
    status: str,
    substitute_for: Membership | None = None,
    substitute_notice_given_at: datetime.datetime | None = None,
    arrived_at_item: AgendaItem | None = None,
    left_before_item: AgendaItem | None = None,
    seen_version: int | None = None,
) -> Attendance:
    """Record (or correct) one member's attendance. The meeting is then held.

    `seen_version` is `version(meeting)` when the form was shown: if the member's attendance
    changed since, nothing is saved and the ValidationError says so. The meeting's row is
    locked while attendance is recorded, so two recordings at once are taken one at a time."""
    if not permissions.can_manage(by, meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if seen_version is not None and membership is not None:
        _unchanged_since(meeting, membership, seen_version)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled")
    if not meeting.has_started:
        raise ValidationError("Attendance can be recorded once the meeting has started")
    _member_of(meeting, membership, "membership")
    attending = status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE)
    if status == AttendanceStatus.SUBSTITUTE:
        if substitute_for is None:
            raise ValidationError({"substitute_for": "Select the member they replaced"})
        _member_of(meeting, substitute_for, "substitute_for")
        if substitute_for.pk == membership.pk:
            raise ValidationError({"substitute_for": "A member cannot substitute for themself"})
        if substitute_for.organisation_id != membership.organisation_id:
            raise ValidationError(
                {
                    "substitute_for": "A substitute must represent the same council as the "
                    "member they replace"
                }
            )
        replaced = meeting.attendances.filter(membership=substitute_for).first()
        if replaced is not None and replaced.is_attending:
            raise ValidationError(
                {"substitute_for": f"{substitute_for.person} is recorded as present"}
            )
        if (
            substitute_notice_given_at is not None
            and substitute_notice_given_at > meeting.starts_at
        ):
            raise ValidationError(
                {
                    "substitute_notice_given_at": "Notice of a substitute is given before the "
                    "meeting starts"
                }
            )
    else:
        substitute_for, substitute_notice_given_at = None, None
    if not attending:
        arrived_at_item, left_before_item = None, None
    _item_of(meeting, arrived_at_item, "arrived_at_item")
    _item_of(meeting, left_before_item, "left_before_item")
    if arrived_at_item and left_before_item and left_before_item.number <= arrived_at_item.number:
        raise ValidationError(
            {"left_before_item": "A member leaves after the item at which they arrived"}
        )
    if (
        attending
        and meeting.attendances.filter(
            substitute_for=membership, status=AttendanceStatus.SUBSTITUTE
        ).exists()
    ):
        raise ValidationError(
            {"membership": f"Someone is recorded as substituting for {membership.person}"}
        )
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        membership=membership,
        defaults={
            "status": status,
            "substitute_for": substitute_for,
            "substitute_notice_given_at": substitute_notice_given_at,
            "arrived_at_item": arrived_at_item,
            "left_before_item": left_before_item,
        },
    )
    if meeting.status == MeetingStatus.SCHEDULED:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status"])
    return attendance


def declare(
    item: AgendaItem, *, by, membership: Membership, kind: str, description: str
) -> Declaration:
    """Record a member's declaration of interest in an item."""
    if not permissions.can_declare(by, item, membership):
        raise PermissionDenied(
            "Members declare their own interests; the meeting's secretariat records any"
        )
    meeting = item.meeting
    _member_of(meeting, membership, "membership")
    if not description.strip():
        raise ValidationError({"description": "Describe the interest"})
    if item.declarations.filter(membership=membership, kind=kind).exists():
        raise ValidationError(
            {"membership": f"{membership.person} has already declared this kind of interest"}
        )
    try:
        with transaction.atomic():
            return Declaration.objects.create(
                item=item, membership=membership, kind=kind, description=description.strip()
            )
    except IntegrityError:
        raise ValidationError(
            {"membership": f"{membership.person} has already declared this kind of interest"}
        ) from None
