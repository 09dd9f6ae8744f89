"""A year of meetings from a body's cadence and host rotation.

003 §6.1 and §6.2: the JLG and the Board each "meets quarterly (or when business need
arises)" and the venue "alternates between Midlothian and East Lothian Council".

This returns plain data; the meetings app creates its meetings from it.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from joinedup.organisations.models import Nation, Organisation

from .models import Body
from .notice import next_working_day
from .rotation import MONTHS_BETWEEN_MEETINGS, cadence_index, host_for

DEFAULT_TIME = datetime.time(10, 0)


@dataclass(frozen=True)
class ScheduledMeeting:
    """One meeting in a generated schedule. Unpacks as `(on, host)`."""

    on: datetime.date
    host: Organisation | None
    starts_at: datetime.datetime
    moved_from: datetime.date | None = None
    """The cadence date, when it fell on a weekend or bank holiday and the meeting moved."""
    meeting_index: int | None = None
    """The meeting's place in the rotation: pass it to `host_for` and `chair_for`."""

    def __iter__(self):
        return iter((self.on, self.host))

    @property
    def nation(self) -> str:
        return self.host.nation if self.host else Nation.ENGLAND


def generate_schedule(
    body: Body, *, year_starting: datetime.date, time: datetime.time = DEFAULT_TIME
) -> list[ScheduledMeeting]:
    """The body's meetings in the year from `year_starting`, with the host of each.

    Quarterly gives four meetings, three months apart; monthly gives twelve; a body that
    meets only as business needs gets none. A meeting that would fall on a weekend or on a
    bank holiday in the host's nation moves to the next working day. The host follows the
    body's rotation: for a rotation each meeting, the meeting's place in the cadence since
    `rotation_starts_on` decides it.
    """
    months = MONTHS_BETWEEN_MEETINGS.get(body.cadence)
    if months is None:
        return []
    meetings = []
    for number in range(12 // months):
        planned = year_starting + relativedelta(months=number * months)
        index = cadence_index(body, planned)
        if index is None:
            index = number
        on, host = _first_working_day_with_host(body, planned, index)
        meetings.append(
            ScheduledMeeting(
                on=on,
                host=host,
                starts_at=timezone.make_aware(datetime.datetime.combine(on, time)),
                moved_from=planned if on != planned else None,
                meeting_index=index,
            )
        )
    return meetings


def _first_working_day_with_host(
    body: Body, day: datetime.date, index: int
) -> tuple[datetime.date, Organisation | None]:
    """Move to a working day in the host's nation; moving may change the host, so repeat."""
    for _ in range(10):
        host = host_for(body, day, meeting_index=index)
        moved = next_working_day(day, nation=host.nation if host else _fallback_nation(body))
        if moved == day:
            return day, host
        day = moved
    return day, host_for(body, day, meeting_index=index)


def _fallback_nation(body: Body) -> str:
    if body.first_host_id:
        return body.first_host.nation
    return Nation.ENGLAND
