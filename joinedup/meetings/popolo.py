"""Meetings as Popolo events (https://www.popoloproject.com/specs/event.html).

Registered as the `events` section of every body's Popolo document (`governance/popolo.py`).
Popolo documents are open data: a meeting is an event, and each of its agenda items a child
event, except exempt items (Schedule 12A), which are left out altogether: their titles and
papers are for the body's members only, whoever asks for the document.
"""

from joinedup.governance import popolo
from joinedup.governance.models import Body

from .models import AgendaItem, Attendance, Meeting, MeetingStatus


def meeting_id(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}"


@popolo.section("events")
def events(body: Body) -> list[dict]:
    meetings = list(
        Meeting.objects.filter(body=body).select_related("host").order_by("starts_at", "pk")
    )
    items: dict[int, list[AgendaItem]] = {}
    for item in (
        AgendaItem.objects.filter(meeting__in=meetings, is_exempt=False)
        .select_related("presenter")
        .order_by("meeting", "number")
    ):
        items.setdefault(item.meeting_id, []).append(item)
    attendees: dict[int, list[str]] = {}
    for attendance in (
        Attendance.objects.filter(meeting__in=meetings)
        .attending()
        .select_related("membership__person")
        .order_by("membership__person__name", "pk")
    ):
        attendees.setdefault(attendance.meeting_id, []).append(
            popolo.person_id(attendance.membership.person)
        )
    result = []
    for meeting in meetings:
        result.append(
            {
                "id": meeting_id(meeting),
                "name": str(meeting),
                "classification": "meeting",
                "organization_id": popolo.body_id(body),
                "start_date": meeting.starts_at.isoformat(),
                "end_date": meeting.feed_ends_at.isoformat(),
                "location": meeting.venue or (meeting.host.name if meeting.host else ""),
                "status": "cancelled" if meeting.status == MeetingStatus.CANCELLED else "confirmed",
                "description": f"Hosted by {meeting.host.name}" if meeting.host else "",
                "attendees": attendees.get(meeting.pk, []),
                "links": [{"url": meeting.get_absolute_url(), "note": "Meeting page"}],
            }
        )
        for item in items.get(meeting.pk, []):
            event = {
                "id": f"{meeting_id(meeting)}-item-{item.number}",
                "name": f"Item {item.number}: {item.title}",
                "classification": item.get_purpose_display().lower(),
                "organization_id": popolo.body_id(body),
                "parent_id": meeting_id(meeting),
                "start_date": meeting.starts_at.isoformat(),
                "description": item.description,
                "links": [{"url": item.get_absolute_url(), "note": "Agenda item page"}],
            }
            if item.presenter_id:
                event["presenter"] = item.presenter.name
            result.append(event)
    return result
