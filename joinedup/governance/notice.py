"""Notice of meetings in clear working days, counting the bank holidays of the host's nation.

DOMAIN §2: notice is published 5 clear days before a meeting in England, 3 in Scotland and
Wales. "Clear days" exclude the day of publication and the day of the meeting, and in
practice weekends and bank holidays. Bank holidays differ by nation: Scotland has 2 January
and St Andrew's Day but not Easter Monday; Northern Ireland has St Patrick's Day and the
Twelfth.
"""

import datetime
from functools import cache

import holidays

from joinedup.organisations.models import Nation

DEFAULT_CLEAR_DAYS = {
    Nation.ENGLAND: 5,
    Nation.SCOTLAND: 3,
    Nation.WALES: 3,
    # DOMAIN.md gives no rule for Northern Ireland; three clear days until it does.
    Nation.NORTHERN_IRELAND: 3,
}

SUBDIVISIONS = {
    Nation.ENGLAND: "ENG",
    Nation.SCOTLAND: "SCT",
    Nation.WALES: "WLS",
    Nation.NORTHERN_IRELAND: "NIR",
}

ONE_DAY = datetime.timedelta(days=1)


def _nation(nation: str) -> Nation:
    try:
        return Nation(nation)
    except ValueError:
        raise ValueError(f"Unknown nation {nation!r}: use one of {Nation.values}") from None


def default_clear_days(nation: str) -> int:
    """DOMAIN §2: England 5 clear days; Scotland and Wales 3."""
    return DEFAULT_CLEAR_DAYS[_nation(nation)]


@cache
def bank_holidays(nation: str) -> holidays.HolidayBase:
    """The nation's bank holidays, in any year asked about."""
    return holidays.country_holidays("GB", subdiv=SUBDIVISIONS[_nation(nation)])


def is_working_day(day: datetime.date, *, nation: str) -> bool:
    """Monday to Friday, and not a bank holiday (or substitute day) in the nation."""
    return day.weekday() < 5 and day not in bank_holidays(nation)


def next_working_day(day: datetime.date, *, nation: str) -> datetime.date:
    """The day itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, nation=nation):
        day += ONE_DAY
    return day


def clear_working_days_between(
    published_on: datetime.date, meeting_on: datetime.date, nation: str
) -> int:
    """The working days strictly between publication and the meeting.

    DOMAIN §2: clear days exclude the day of publication and the meeting day, and weekends
    and bank holidays. Notice published on or after the meeting day gives none.
    """
    count, day = 0, published_on + ONE_DAY
    while day < meeting_on:
        count += is_working_day(day, nation=nation)
        day += ONE_DAY
    return count


def notice_due_by(
    meeting_date: datetime.date, *, nation: str, clear_days: int | None = None
) -> datetime.date:
    """The last working day on which notice can be published and still be in time.

    DOMAIN §2: notice is published 5 clear days before the meeting in England and 3 in
    Scotland and Wales, not counting the day of publication, the meeting day, weekends or
    the nation's bank holidays. `clear_days` overrides the nation's default (a body's own
    standing orders may ask for more).

    Publishing on that day leaves exactly `clear_days` clear working days; publishing on the
    next working day leaves one fewer.
    """
    if clear_days is None:
        clear_days = default_clear_days(nation)
    if clear_days < 0:
        raise ValueError("Clear days cannot be negative")
    day, counted = meeting_date - ONE_DAY, 0
    while counted < clear_days:
        if is_working_day(day, nation=nation):
            counted += 1
        day -= ONE_DAY
    while not is_working_day(day, nation=nation):
        day -= ONE_DAY
    return day


def is_notice_late(
    published_on: datetime.date,
    meeting_on: datetime.date,
    *,
    nation: str,
    clear_days: int | None = None,
) -> bool:
    """Notice is late when fewer than the required clear working days remain."""
    if clear_days is None:
        clear_days = default_clear_days(nation)
    return clear_working_days_between(published_on, meeting_on, nation) < clear_days
