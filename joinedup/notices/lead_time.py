"""Advance notice of decisions (Kinghan Rec 1): how many days ahead each affected council was
told, against the partnership's standard (default 28 days, or settings.NOTICES_LEAD_DAYS).

The one home of the rule (issue 13.4): notice runs from when the council was FIRST told to the
decision date as it then stood. A revision that moves the decision later shows as a move, not
as more notice; one that moves it earlier leaves the council less notice than it was given,
so the earlier of the two dates counts. An area added by a revision was first told then.
Both dates are recorded by joinedup on the area (`AffectedArea.notified_at` and
`decision_date_as_told`); only a partnership manager's correction changes them."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from .models import DEFAULT_LEAD_DAYS, AffectedArea, Notice, NoticeStandard


def standard_days(notice: Notice) -> int:
    """The partnership's standard if it has one, else the setting, else 28 days."""
    if notice.partnership_id:
        try:
            return notice.partnership.notice_standard.lead_days
        except NoticeStandard.DoesNotExist:
            pass
    return getattr(settings, "NOTICES_LEAD_DAYS", DEFAULT_LEAD_DAYS)


def told_on(notice: Notice, area: AffectedArea | None = None) -> datetime.date | None:
    """When the affected council was told: its own date if recorded, else publication."""
    if area is not None and area.notified_at is not None:
        return timezone.localdate(area.notified_at)
    return notice.published_on


def decision_date_counted(notice: Notice, area: AffectedArea | None = None) -> datetime.date:
    """The decision date notice is counted to: the one the council was first told of, or the
    notice's present date where that is earlier."""
    as_told = area.decision_date_as_told if area is not None else None
    if as_told is None:
        return notice.decision_date
    return min(as_told, notice.decision_date)


def days_of_notice(notice: Notice, area: AffectedArea | None = None) -> int | None:
    """Days from first telling the council to the decision as it then stood (None while
    nobody has been told)."""
    told = told_on(notice, area)
    if told is None:
        return None
    return (decision_date_counted(notice, area) - told).days


def is_late(notice: Notice, area: AffectedArea | None = None) -> bool:
    days = days_of_notice(notice, area)
    return days is not None and days < standard_days(notice)


@dataclass(frozen=True)
class AreaNotice:
    area: AffectedArea
    told_on: datetime.date | None
    days: int | None
    standard: int
    late: bool
    # The decision date the council was first told of, and where the notice now puts it
    # when a revision has moved it since (else None).
    decision_date_as_told: datetime.date | None = None
    decision_moved_to: datetime.date | None = None

    @property
    def days_after_decision(self) -> int:
        """For a council told only after the decision: how many days after."""
        return -self.days if self.days is not None and self.days < 0 else 0


AREAS = Prefetch("areas", queryset=AffectedArea.objects.select_related("organisation"))


def by_area(notice: Notice) -> list[AreaNotice]:
    """Each affected council with its days of notice and whether that was late. A list of
    notices costs no query per notice when it was fetched with `with_lead_times`."""
    standard = standard_days(notice)
    rows = []
    prefetch_related_objects([notice], AREAS)  # does nothing where the areas are prefetched
    for area in notice.areas.all():
        days = days_of_notice(notice, area)
        as_told = area.decision_date_as_told
        moved = as_told is not None and as_told != notice.decision_date
        rows.append(
            AreaNotice(
                area=area,
                told_on=told_on(notice, area),
                days=days,
                standard=standard,
                late=days is not None and days < standard,
                decision_date_as_told=as_told,
                decision_moved_to=notice.decision_date if moved else None,
            )
        )
    return rows


def with_lead_times(notices):
    """The notices with what by_area needs fetched in the same few queries."""
    return notices.select_related("publisher", "partnership__notice_standard").prefetch_related(
        AREAS
    )


def any_late(notice: Notice) -> bool:
    return any(row.late for row in by_area(notice))
