import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.governance.models import DecisionRule
from joinedup.meetings import decisions, minutes, scheduling
from joinedup.meetings.models import MeetingStatus, MinutesStatus, Purpose

from .factories import MeetingFactory, at, attend

D = datetime.date


@pytest.fixture
def first(elm):
    return scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 9, 2))


def test_the_first_meeting_opens_with_declarations_and_has_no_minutes_to_approve(first):
    assert [(i.number, i.title, i.purpose) for i in first.items.all()] == [
        (1, "Declarations of interest", Purpose.NOTING)
    ]


def test_scheduling_the_next_meeting_puts_the_minutes_on_its_agenda(elm, first):
    """DOMAIN §2 [M9]: minutes are signed at the next suitable meeting."""
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))

    minutes_item = second.items.get(number=2)
    assert minutes_item.title == "Minutes of the previous meeting, 2 September 2013"
    assert minutes_item.minutes_approval_of == first
    assert minutes_item.purpose == Purpose.DECISION
    first.refresh_from_db()
    assert first.minutes_status == MinutesStatus.DRAFT


def test_the_minutes_go_on_one_agenda_only(elm, first):
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))
    assert minutes.add_minutes_item(second, previous=first) is None
    assert second.items.filter(minutes_approval_of=first).count() == 1


def hold(meeting, *memberships):
    meeting.status = MeetingStatus.HELD
    meeting.save()
    attend(meeting, *memberships)


def test_minutes_are_approved_by_a_decision_at_the_next_meeting(elm, first):
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))
    m = elm.board_members
    hold(first)
    hold(second, m.lawrie, m.blair, m.fraser, m.ross)
    item = second.items.get(minutes_approval_of=first)

    decisions.record(
        item, by=elm.world.jpm, outcome="The minutes were approved", method="consensus"
    )

    first.refresh_from_db()
    assert first.minutes_status == MinutesStatus.APPROVED
    assert first.minutes_approved_at_meeting == second


def test_minutes_stay_draft_when_the_next_meeting_is_inquorate(elm, first):
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))
    m = elm.board_members
    hold(first)
    hold(second, m.lawrie, m.fraser, m.ross)
    item = second.items.get(minutes_approval_of=first)

    with pytest.raises(ValidationError, match="not quorate"):
        decisions.record(item, by=elm.world.jpm, outcome="Approved", method="consensus")

    first.refresh_from_db()
    assert first.minutes_status == MinutesStatus.DRAFT


def test_minutes_stay_draft_when_the_motion_to_approve_them_falls(elm, first):
    elm.board.decision_rule = DecisionRule.MAJORITY
    elm.board.save()
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))
    m = elm.board_members
    hold(first)
    hold(second, m.lawrie, m.blair, m.fraser, m.ross)
    item = second.items.get(minutes_approval_of=first)

    decisions.record(
        item, by=elm.world.jpm, outcome="Not approved", method="vote", votes_for=1, votes_against=3
    )

    first.refresh_from_db()
    assert first.minutes_status == MinutesStatus.DRAFT


def test_the_minutes_of_a_meeting_not_held_cannot_be_approved(elm, first):
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))
    m = elm.board_members
    hold(second, m.lawrie, m.blair, m.fraser, m.ross)
    item = second.items.get(minutes_approval_of=first)

    with pytest.raises(ValidationError, match="has not been held"):
        decisions.record(item, by=elm.world.jpm, outcome="Approved", method="consensus")
    assert not hasattr(item, "decision")


def test_a_cancelled_meetings_minutes_item_moves_to_the_next_meeting(elm, first):
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))
    third = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2014, 2, 24))
    # the third meeting's own minutes item is for the second meeting
    assert third.items.get(minutes_approval_of__isnull=False).minutes_approval_of == second

    scheduling.cancel(second, by=elm.world.jpm)

    assert third.items.filter(minutes_approval_of=first).count() == 1
    fourth = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2014, 5, 26))
    assert fourth.items.get(minutes_approval_of__isnull=False).minutes_approval_of == third


def test_scheduling_follows_the_bodys_rotation_for_host_and_chair(elm):
    """003 §6.1: venue alternates annually; chaired by the chief executive of the host."""
    in_2013 = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 9, 2))
    in_2014 = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2014, 9, 1))
    assert (in_2013.host, in_2013.chair) == (elm.world.mid, elm.board_members.lawrie)
    assert (in_2014.host, in_2014.chair) == (elm.world.east, elm.board_members.fraser)


def test_a_year_of_meetings_from_the_cadence(elm):
    meetings = scheduling.schedule_year(
        elm.board,
        by=elm.world.jpm,
        year_starting=D(2013, 9, 2),
        venues={elm.world.mid.pk: "Midlothian House, Dalkeith"},
    )
    assert [m.date for m in meetings] == [
        D(2013, 9, 2),
        D(2013, 12, 3),  # St Andrew's Day fell on a Saturday: Monday 2 December was its holiday
        D(2014, 3, 3),
        D(2014, 6, 2),
    ]
    assert meetings[0].venue == "Midlothian House, Dalkeith"
    assert meetings[1].items.get(number=2).minutes_approval_of == meetings[0]
    again = scheduling.schedule_year(elm.board, by=elm.world.jpm, year_starting=D(2013, 9, 2))
    assert again == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("host", "essex", "is not a party"),
        ("chair", "baird", "is not a member of Partnership Working Board"),
        ("ends_at", at(2013, 9, 2, 9), "must end after it starts"),
    ],
    ids=["host-not-a-party", "chair-from-another-body", "ends-before-it-starts"],
)
def test_scheduling_refuses_what_the_rules_do_not_allow(elm, field, value, message):
    if field == "host":
        value = elm.world.essex
    elif field == "chair":
        value = elm.jlg_members.baird
    with pytest.raises(ValidationError) as excinfo:
        scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 9, 2), **{field: value})
    assert message in " ".join(excinfo.value.message_dict[field])


def test_only_the_partnership_schedules_its_meetings(elm):
    for user in (elm.world.essex_officer, elm.world.public, elm.world.mid_member):
        with pytest.raises(PermissionDenied):
            scheduling.schedule(elm.board, by=user, starts_at=at(2013, 9, 2))
    assert scheduling.schedule(elm.board, by=elm.world.east_officer, starts_at=at(2013, 9, 2))


@pytest.mark.parametrize(
    ("published_on", "statement", "late"),
    [
        (
            D(2013, 9, 3),
            "Notice published on 3 September 2013, on time (due by 3 September 2013)",
            False,
        ),
        (
            D(2013, 8, 28),
            "Notice published on 28 August 2013, on time (due by 3 September 2013)",
            False,
        ),
        (
            D(2013, 9, 4),
            "Notice published on 4 September 2013, 1 day late (due by 3 September 2013)",
            True,
        ),
        (None, "Notice was due by 3 September 2013 and has not been published", True),
    ],
    ids=["on-the-last-day", "a-week-before", "a-day-late", "never-published"],
)
def test_notice_is_due_three_clear_working_days_before_in_scotland(
    elm, published_on, statement, late
):
    """DOMAIN §2: Scotland 3 clear days, excluding publication day, meeting day and weekends.

    For Monday 9 September 2013: Wednesday 4, Thursday 5 and Friday 6 are the clear days.
    """
    meeting = MeetingFactory(
        body=elm.jlg,
        starts_at=at(2013, 9, 9),
        host=elm.world.mid,
        notice_published_at=at(published_on.year, published_on.month, published_on.day, 9)
        if published_on
        else None,
    )
    assert meeting.notice_due_on == D(2013, 9, 3)
    assert meeting.notice_statement == statement
    assert meeting.notice_is_late is late


def test_notice_counts_the_hosts_bank_holidays(elm):
    """For Monday 6 January 2014 the clear days are 30 and 31 December and 3 January, since
    1 and 2 January are bank holidays in Scotland: notice is due by Friday 27 December."""
    meeting = MeetingFactory(body=elm.jlg, starts_at=at(2014, 1, 6), host=elm.world.mid)
    assert meeting.notice_due_on == D(2013, 12, 27)


def test_notice_cannot_be_published_on_or_after_the_meeting_day(elm):
    held = MeetingFactory(body=elm.jlg, starts_at=at(2013, 9, 9), host=elm.world.mid)
    with pytest.raises(ValidationError, match="before the day of the meeting"):
        scheduling.publish_notice(held, by=elm.world.jpm)
    held.refresh_from_db()
    assert held.notice_published_at is None


def test_minutes_an_inquorate_meeting_could_not_approve_are_carried_forward(elm, first):
    second = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2013, 11, 25))
    third = scheduling.schedule(elm.board, by=elm.world.jpm, starts_at=at(2014, 2, 24))
    m = elm.board_members
    hold(first)
    hold(second, m.lawrie, m.fraser, m.ross)

    [moved] = minutes.carry_forward(second)

    assert moved.meeting == third
    assert moved.minutes_approval_of == first
    assert sorted(
        i.minutes_approval_of.date for i in third.items.exclude(minutes_approval_of=None)
    ) == [
        D(2013, 9, 2),
        D(2013, 11, 25),
    ]
    assert minutes.carry_forward(second) == []
