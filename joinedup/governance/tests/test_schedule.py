import datetime
import zoneinfo

import pytest

from joinedup.governance.models import Cadence
from joinedup.governance.notice import is_working_day
from joinedup.governance.schedule import generate_schedule
from joinedup.governance.tests.factories import BodyFactory

D = datetime.date


@pytest.fixture
def board(world):
    return BodyFactory(
        partnership=world.partnership, first_host=world.mid, alternating_annually=True
    )


def test_a_quarterly_body_meets_four_times_a_year_with_the_host_of_the_day(board, world):
    """003 §6.1: "Meets quarterly"; the venue alternates on an annual basis from 3 June 2013."""
    schedule = generate_schedule(board, year_starting=D(2025, 1, 1))

    assert [(m.on, m.host) for m in schedule] == [
        # 1 and 2 January are Scottish bank holidays: the first meeting moves to Friday 3rd.
        (D(2025, 1, 3), world.east),
        (D(2025, 4, 1), world.east),
        (D(2025, 7, 1), world.mid),
        (D(2025, 10, 1), world.mid),
    ]
    assert schedule[0].moved_from == D(2025, 1, 1)
    assert schedule[1].moved_from is None


def test_a_schedule_unpacks_as_date_and_host(board, world):
    (on, host), *_ = generate_schedule(board, year_starting=D(2025, 7, 1))
    assert (on, host) == (D(2025, 7, 1), world.mid)


def test_a_monthly_body_meets_twelve_times_on_working_days(board):
    board.cadence = Cadence.MONTHLY
    schedule = generate_schedule(board, year_starting=D(2025, 3, 1))

    assert len(schedule) == 12
    # Saturday 1 March 2025 moves to Monday 3 March.
    assert schedule[0].on == D(2025, 3, 3)
    assert all(is_working_day(m.on, nation=m.host.nation) for m in schedule)
    # St Andrew's Day (observed), Monday 1 December 2025, is a holiday in Scotland.
    assert schedule[9].on == D(2025, 12, 2)


def test_a_body_that_meets_as_business_needs_has_no_fixed_dates(board):
    board.cadence = Cadence.AS_REQUIRED
    assert generate_schedule(board, year_starting=D(2025, 1, 1)) == []


def test_hosting_each_meeting_alternates_through_the_schedule(world):
    body = BodyFactory(
        partnership=world.partnership, first_host=world.east, alternating_each_meeting=True
    )
    schedule = generate_schedule(body, year_starting=D(2014, 6, 3))
    assert [m.host for m in schedule] == [world.east, world.mid, world.east, world.mid]
    assert [m.meeting_index for m in schedule] == [4, 5, 6, 7]


def test_meetings_start_at_the_time_given_in_uk_time(board):
    schedule = generate_schedule(board, year_starting=D(2025, 7, 1), time=datetime.time(14, 30))
    starts = schedule[0].starts_at
    assert starts.tzinfo is not None
    assert starts.astimezone(zoneinfo.ZoneInfo("Europe/London")).timetuple()[:5] == (
        2025,
        7,
        1,
        14,
        30,
    )


def test_an_english_body_does_not_move_for_scottish_holidays(db):
    body = BodyFactory(cadence=Cadence.QUARTERLY)
    # No parties and no host: the bank holidays of England apply.
    assert generate_schedule(body, year_starting=D(2025, 1, 2))[0].on == D(2025, 1, 2)
