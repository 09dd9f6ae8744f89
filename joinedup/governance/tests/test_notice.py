import datetime

import pytest

from joinedup.governance.notice import (
    clear_working_days_between,
    default_clear_days,
    is_notice_late,
    is_working_day,
    notice_due_by,
)
from joinedup.governance.tests.factories import BodyFactory
from joinedup.organisations.models import Nation

D = datetime.date
ENGLAND, SCOTLAND, WALES, NORTHERN_IRELAND = (
    Nation.ENGLAND,
    Nation.SCOTLAND,
    Nation.WALES,
    Nation.NORTHERN_IRELAND,
)


@pytest.mark.parametrize(
    ("nation", "days"),
    [(ENGLAND, 5), (SCOTLAND, 3), (WALES, 3)],
    ids=["england-5", "scotland-3", "wales-3"],
)
def test_each_nation_has_its_own_notice_period(nation, days):
    """DOMAIN §2: England 5 clear days; Scotland and Wales 3."""
    assert default_clear_days(nation) == days


@pytest.mark.parametrize(
    ("meeting_on", "nation", "clear_days", "due_by"),
    [
        # Thursday: Mon-Wed are clear, so publish by the Friday before.
        (D(2025, 3, 13), SCOTLAND, None, D(2025, 3, 7)),
        (D(2025, 3, 13), ENGLAND, None, D(2025, 3, 5)),
        # Monday 6 January 2025: 1 and 2 January are both holidays in Scotland.
        (D(2025, 1, 6), SCOTLAND, None, D(2024, 12, 27)),
        (D(2025, 1, 6), ENGLAND, 3, D(2024, 12, 30)),
        # St Andrew's Day fell on a Sunday in 2025: Monday 1 December was the holiday.
        (D(2025, 12, 4), SCOTLAND, None, D(2025, 11, 27)),
        (D(2025, 12, 4), ENGLAND, 3, D(2025, 11, 28)),
        # Easter 2025: Good Friday everywhere; Easter Monday in England, not in Scotland.
        (D(2025, 4, 24), ENGLAND, None, D(2025, 4, 14)),
        (D(2025, 4, 24), ENGLAND, 3, D(2025, 4, 16)),
        (D(2025, 4, 24), SCOTLAND, None, D(2025, 4, 17)),
        # Christmas 2024: the 25th and 26th do not count.
        (D(2024, 12, 30), ENGLAND, None, D(2024, 12, 18)),
        # Wales: the early May bank holiday, Monday 5 May 2025.
        (D(2025, 5, 8), WALES, None, D(2025, 5, 1)),
        # Northern Ireland: St Patrick's Day, Monday 17 March 2025.
        (D(2025, 3, 19), NORTHERN_IRELAND, 3, D(2025, 3, 12)),
        (D(2025, 3, 19), ENGLAND, 3, D(2025, 3, 13)),
        # A body's own standing orders may ask for more.
        (D(2025, 3, 13), SCOTLAND, 10, D(2025, 2, 26)),
    ],
    ids=[
        "scotland-plain-week",
        "england-plain-week",
        "scotland-2-january",
        "england-no-2-january",
        "scotland-st-andrews-day-substitute",
        "england-no-st-andrews-day",
        "england-easter-monday-5-days",
        "england-easter-monday-3-days",
        "scotland-works-easter-monday",
        "england-christmas",
        "wales-may-day",
        "northern-ireland-st-patricks-day",
        "england-no-st-patricks-day",
        "body-sets-ten-days",
    ],
)
def test_notice_is_due_by_the_last_working_day_leaving_enough_clear_days(
    meeting_on, nation, clear_days, due_by
):
    """DOMAIN §2: clear days exclude the day of publication, the meeting day, weekends and
    bank holidays."""
    assert notice_due_by(meeting_on, nation=nation, clear_days=clear_days) == due_by


@pytest.mark.parametrize(
    ("published_on", "meeting_on", "nation", "clear"),
    [
        (D(2025, 11, 28), D(2025, 12, 4), SCOTLAND, 2),
        (D(2025, 11, 28), D(2025, 12, 4), ENGLAND, 3),
        (D(2025, 4, 17), D(2025, 4, 24), SCOTLAND, 3),
        (D(2025, 4, 17), D(2025, 4, 24), ENGLAND, 2),
        (D(2025, 3, 12), D(2025, 3, 13), ENGLAND, 0),
        (D(2025, 3, 13), D(2025, 3, 13), ENGLAND, 0),
        (D(2025, 3, 14), D(2025, 3, 13), ENGLAND, 0),
        (D(2025, 3, 8), D(2025, 3, 13), ENGLAND, 3),
    ],
    ids=[
        "scotland-st-andrews-day-not-clear",
        "england-st-andrews-day-is-a-working-day",
        "scotland-easter-monday-is-clear",
        "england-easter-monday-is-not-clear",
        "the-day-before-gives-none",
        "on-the-day-gives-none",
        "after-the-meeting-gives-none",
        "published-on-a-saturday",
    ],
)
def test_clear_working_days_between_publication_and_meeting(
    published_on, meeting_on, nation, clear
):
    assert clear_working_days_between(published_on, meeting_on, nation) == clear


@pytest.mark.parametrize("nation", [ENGLAND, SCOTLAND, WALES, NORTHERN_IRELAND])
def test_notice_on_the_due_day_is_in_time_and_on_the_next_working_day_is_late(nation):
    """Every meeting day across two years, in each nation: the due date is exact."""
    day = D(2024, 1, 1)
    while day < D(2026, 1, 1):
        due = notice_due_by(day, nation=nation)
        required = default_clear_days(nation)
        assert is_working_day(due, nation=nation)
        assert clear_working_days_between(due, day, nation) == required, day
        assert not is_notice_late(due, day, nation=nation)
        after = due + datetime.timedelta(days=1)
        while not is_working_day(after, nation=nation):
            after += datetime.timedelta(days=1)
        assert is_notice_late(after, day, nation=nation), day
        day += datetime.timedelta(days=1)


def test_a_bodys_own_notice_period_overrides_its_nations(db):
    assert BodyFactory(notice_clear_days=None).notice_clear_days_for(ENGLAND) == 5
    assert BodyFactory(notice_clear_days=None).notice_clear_days_for(SCOTLAND) == 3
    assert BodyFactory(notice_clear_days=7).notice_clear_days_for(SCOTLAND) == 7


def test_an_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="Unknown nation"):
        notice_due_by(D(2025, 1, 6), nation="atlantis")
