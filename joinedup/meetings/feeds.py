"""iCalendar (RFC 5545) feeds of meetings, per body and per partnership.

Each meeting is a VEVENT with its time in Europe/London, its venue, and its agenda in the
description. An exempt item appears only as its number and Schedule 12A paragraph unless
the reader may read it; a calendar client that subscribes without signing in gets what the
public sees.
"""

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from icalendar import Calendar, Event

from joinedup.agreements.models import Partnership
from joinedup.governance.models import Body

from .models import AgendaItem, Meeting, MeetingStatus

LONDON = ZoneInfo("Europe/London")
PRODID = "-//joinedup//Meetings of joint bodies//EN"
MAX_EVENTS = 500


def _description(meeting: Meeting, items: list[AgendaItem], readable: set[int]) -> str:
    lines = [f"Hosted by {meeting.host.name}" if meeting.host else ""]
    if items:
        lines.append("Agenda:")
    for item in items:
        if item.is_exempt and item.pk not in readable:
            lines.append(
                f"{item.number}. Exempt item (paragraph {item.exemption_ground} of Schedule 12A)"
            )
        else:
            lines.append(f"{item.number}. {item.title} ({item.get_purpose_display().lower()})")
    return "\n".join(line for line in lines if line)


def calendar(meetings, *, user, name: str, url_for) -> bytes:
    meetings = list(meetings[:MAX_EVENTS])
    items = defaultdict(list)
    for item in AgendaItem.objects.filter(meeting__in=meetings).order_by("meeting", "number"):
        items[item.meeting_id].append(item)
    readable = set(
        AgendaItem.objects.visible_to(user)
        .filter(meeting__in=meetings, is_exempt=True)
        .values_list("pk", flat=True)
    )
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    stamp = datetime.datetime.now(datetime.UTC)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@joinedup")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.starts_at.astimezone(LONDON))
        event.add("dtend", meeting.feed_ends_at.astimezone(LONDON))
        cancelled = meeting.status == MeetingStatus.CANCELLED
        event.add("summary", f"{'Cancelled: ' if cancelled else ''}{meeting.body.name}")
        event.add("location", meeting.venue or (meeting.host.name if meeting.host else ""))
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("description", _description(meeting, items[meeting.pk], readable))
        event.add("url", url_for(meeting))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private"
    return response


def _meetings(request, **filters):
    return (
        Meeting.objects.visible_to(request.user)
        .filter(**filters)
        .select_related("body", "host")
        .order_by("-starts_at", "-pk")
    )


def body_feed(request, body_pk):
    body = get_object_or_404(Body.objects.visible_to(request.user), pk=body_pk)
    content = calendar(
        _meetings(request, body=body),
        user=request.user,
        name=f"{body.name} meetings",
        url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
    )
    return _response(content, f"body-{body.pk}-meetings.ics")


def partnership_feed(request, slug):
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    content = calendar(
        _meetings(request, body__partnership=partnership),
        user=request.user,
        name=f"{partnership.name} meetings",
        url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
    )
    return _response(content, f"{partnership.slug}-meetings.ics")
