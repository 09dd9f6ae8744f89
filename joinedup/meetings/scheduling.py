"""Scheduling meetings, publishing their notice and cancelling them.

003 §6.1: the JLG "meets quarterly"; the "venue alternates between Midlothian and East Lothian
Council on an annual basis", it is "administered by members services/secretariat of the host
Council" and "chaired by Chief Executive from the host Council". The host and chair default
to what the body's rotation says (governance.rotation); a new meeting's agenda opens with
the standing items (minutes.add_standing_items).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.governance.models import Body, Membership
from joinedup.governance.rotation import chair_for, host_for
from joinedup.governance.schedule import DEFAULT_TIME, generate_schedule
from joinedup.organisations.models import Organisation

from . import minutes, permissions
from .models import Meeting, MeetingStatus, NoticeCorrection


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def schedule(
    body: Body,
    *,
    by,
    starts_at: datetime.datetime,
    venue: str = "",
    host: Organisation | None = None,
    chair: Membership | None = None,
    ends_at: datetime.datetime | None = None,
    meeting_index: int | None = None,
) -> Meeting:
    """Schedule a meeting of the body. The host and chair follow the body's rotation unless
    given; the agenda gets declarations of interest and the previous meeting's minutes."""
    _require(
        permissions.can_schedule(by, body),
        "Only the partnership's managers and officers of its councils can schedule meetings",
    )
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    on = timezone.localtime(starts_at).date()
    if host is None:
        host = host_for(body, on, meeting_index=meeting_index)
    if chair is None and host is not None:
        chair = chair_for(body, on, meeting_index=meeting_index)
        if chair is not None and chair.organisation_id != host.pk:
            chair = None  # the rotation names another host's chair: leave it to be set
    errors = {}
    if host is not None and not any(
        party.organisation_id == host.pk for party in body.partnership.current_parties(on)
    ):
        errors["host"] = f"{host} is not a party to the partnership on {on:%-d %B %Y}"
    if chair is not None and (chair.body_id != body.pk or not chair.is_current(on)):
        errors["chair"] = f"{chair.person} is not a member of {body} on {on:%-d %B %Y}"
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "The meeting must end after it starts"
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        body=body, starts_at=starts_at, ends_at=ends_at, venue=venue, host=host, chair=chair
    )
    minutes.add_standing_items(meeting)
    return meeting


@transaction.atomic
def schedule_year(
    body: Body,
    *,
    by,
    year_starting: datetime.date,
    time: datetime.time = DEFAULT_TIME,
    venues: dict[int, str] | None = None,
) -> list[Meeting]:
    """A year of meetings from the body's cadence and rotation (governance.schedule).

    `venues` maps a host council's id to its usual venue. Days on which the body already
    has a meeting are skipped.
    """
    venues = venues or {}
    meetings = []
    for planned in generate_schedule(body, year_starting=year_starting, time=time):
        if body.meetings.filter(starts_at__date=planned.on).exists():
            continue
        meetings.append(
            schedule(
                body,
                by=by,
                starts_at=planned.starts_at,
                host=planned.host,
                venue=venues.get(planned.host.pk, "") if planned.host else "",
            )
        )
    return meetings


def publish_notice(meeting: Meeting, *, by) -> Meeting:
    """Record that notice of the meeting and its agenda is published now.

    Issue 13 §4: the publication time is the system's. joinedup records the moment itself,
    so notice cannot be made to look on time by typing an earlier day; lateness is worked
    out from it. A wrongly recorded moment is corrected with `correct_notice_publication`.
    """
    _require(
        permissions.can_manage(by, meeting),
        "Only the host council's officers and the partnership's managers can do this",
    )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled")
    if meeting.notice_published_at is not None:
        raise ValidationError(
            f"Notice was already recorded as published on {meeting.notice_published_on:%-d %B %Y}"
        )
    now = timezone.now()
    if timezone.localtime(now).date() >= meeting.date:
        raise ValidationError("Notice must be published before the day of the meeting")
    meeting.notice_published_at = now
    meeting.save(update_fields=["notice_published_at"])
    return meeting


@transaction.atomic
def correct_notice_publication(
    meeting: Meeting, *, by, published_at: datetime.datetime, reason: str
) -> NoticeCorrection:
    """Correct a wrongly recorded publication time of the meeting's notice.

    Issue 13 §4: only the partnership's manager corrects it, with a reason; the correction
    is kept and shows on the meeting's record.
    """
    _require(
        permissions.can_correct_notice(by, meeting),
        "Only the partnership's managers can correct when notice was published",
    )
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = "Enter the reason for the correction"
    if published_at is None:
        errors["published_at"] = "Enter the date and time notice was published"
    else:
        if timezone.is_naive(published_at):
            published_at = timezone.make_aware(published_at)
        if published_at > timezone.now():
            errors["published_at"] = "The time notice was published must be in the past"
        elif timezone.localtime(published_at).date() >= meeting.date:
            errors["published_at"] = "Notice must be published before the day of the meeting"
        elif published_at == meeting.notice_published_at:
            errors["published_at"] = "That is the time already recorded"
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    correction = NoticeCorrection.objects.create(
        meeting=meeting,
        was_published_at=meeting.notice_published_at,
        published_at=published_at,
        reason=reason,
        corrected_by=by,
    )
    meeting.notice_published_at = published_at
    meeting.save(update_fields=["notice_published_at"])
    return correction


@transaction.atomic
def cancel(meeting: Meeting, *, by) -> Meeting:
    """Cancel a scheduled meeting; its minutes item moves to the body's next meeting."""
    _require(
        permissions.can_manage(by, meeting),
        "Only the host council's officers and the partnership's managers can do this",
    )
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError("Only a scheduled meeting can be cancelled")
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status"])
    minutes.carry_forward(meeting)
    return meeting
