"""Minutes stay draft until they are approved at the next meeting of the body.

DOMAIN §2 [M9]: "Minutes are signed at the same meeting or the next suitable one."
The next meeting's agenda gets a "Minutes of the previous meeting" item when it is scheduled,
and the minutes are approved by recording a decision on that item. If that meeting is
cancelled, the item moves to the body's next scheduled meeting; `carry_forward` does the same
for a meeting that was held but could not approve them (for example, it was inquorate).
"""

from django.core.exceptions import ValidationError
from django.db.models import Max

from .models import AgendaItem, Meeting, MeetingStatus, MinutesStatus, Purpose

MINUTES_TITLE = "Minutes of the previous meeting"
DECLARATIONS_TITLE = "Declarations of interest"


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's last meeting before this one that was not cancelled."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at", "-pk")
        .first()
    )


def next_number(meeting: Meeting) -> int:
    return (meeting.items.aggregate(last=Max("number"))["last"] or 0) + 1


def _minutes_item_pending(previous: Meeting) -> bool:
    """The minutes are already on the agenda of a meeting still to be held."""
    return AgendaItem.objects.filter(
        minutes_approval_of=previous, meeting__status=MeetingStatus.SCHEDULED
    ).exists()


def add_minutes_item(meeting: Meeting, previous: Meeting | None = None) -> AgendaItem | None:
    """Put the previous meeting's draft minutes on this meeting's agenda, once."""
    previous = previous or previous_meeting(meeting)
    if (
        previous is None
        or previous.minutes_status == MinutesStatus.APPROVED
        or _minutes_item_pending(previous)
    ):
        return None
    return AgendaItem.objects.create(
        meeting=meeting,
        number=next_number(meeting),
        title=f"{MINUTES_TITLE}, {previous.date:%-d %B %Y}",
        purpose=Purpose.DECISION,
        minutes_approval_of=previous,
    )


def add_standing_items(meeting: Meeting) -> None:
    """Every agenda opens with declarations of interest (DOMAIN rule 16), then the minutes."""
    if not meeting.items.filter(title=DECLARATIONS_TITLE).exists():
        AgendaItem.objects.create(
            meeting=meeting,
            number=next_number(meeting),
            title=DECLARATIONS_TITLE,
            purpose=Purpose.NOTING,
        )
    add_minutes_item(meeting)


def carry_forward(meeting: Meeting) -> list[AgendaItem]:
    """Minutes a meeting did not approve (it was cancelled, or inquorate for that item) go
    on the agenda of the body's next scheduled meeting, "the next suitable one"."""
    moved = []
    following = (
        Meeting.objects.filter(
            body_id=meeting.body_id,
            starts_at__gt=meeting.starts_at,
            status=MeetingStatus.SCHEDULED,
        )
        .order_by("starts_at", "pk")
        .first()
    )
    if following is None:
        return moved
    for item in meeting.items.filter(minutes_approval_of__isnull=False, decision__isnull=True):
        added = add_minutes_item(following, previous=item.minutes_approval_of)
        if added is not None:
            moved.append(added)
    return moved


def approve(previous: Meeting, *, at_item: AgendaItem) -> Meeting:
    """The minutes of a meeting are approved by a decision on a later meeting's minutes item."""
    if at_item.minutes_approval_of_id != previous.pk:
        raise ValidationError({"item": "This item is not about the minutes of that meeting"})
    if previous.status != MeetingStatus.HELD:
        raise ValidationError(
            {"item": "The minutes of a meeting that has not been held cannot be approved"}
        )
    if previous.minutes_status == MinutesStatus.APPROVED:
        raise ValidationError({"item": f"The minutes of {previous} are already approved"})
    if at_item.meeting.starts_at <= previous.starts_at:
        raise ValidationError({"item": "Minutes are approved at a later meeting of the body"})
    previous.minutes_status = MinutesStatus.APPROVED
    previous.minutes_approved_at_meeting = at_item.meeting
    previous.save(update_fields=["minutes_status", "minutes_approved_at_meeting"])
    return previous
