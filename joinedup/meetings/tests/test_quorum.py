import datetime
from decimal import Decimal

import pytest

from joinedup.governance.models import MemberRole
from joinedup.meetings import quorum
from joinedup.meetings.models import AttendanceStatus, InterestKind

from .factories import (
    AgendaItemFactory,
    DeclarationFactory,
    MeetingFactory,
    MembershipFactory,
    QuorumRequirementFactory,
    at,
    attend,
)

BOARD_QUORATE = [
    "East Lothian Council: 2 of 2 required directors present",
    "Midlothian Council: 2 of 2 required directors present",
]


@pytest.mark.parametrize(
    ("present", "is_quorate", "reasons"),
    [
        (["lawrie", "blair", "fraser", "ross"], True, BOARD_QUORATE),
        (
            ["lawrie", "fraser", "ross", "stewart"],
            False,
            ["Midlothian Council: 1 of 2 required directors present"],
        ),
        (
            ["blair", "weir", "forsyth", "fraser"],
            False,
            ["East Lothian Council: 1 of 2 required directors present"],
        ),
        (["blair", "weir", "ross", "stewart"], True, BOARD_QUORATE),
        (
            [],
            False,
            [
                "East Lothian Council: 0 of 2 required directors present",
                "Midlothian Council: 0 of 2 required directors present",
            ],
        ),
    ],
    ids=[
        "two-from-each-council",
        "midlothian-has-only-its-chief-executive",
        "advisory-joint-partnership-manager-does-not-count",
        "directors-without-chief-executives",
        "nobody-present",
    ],
)
def test_board_quorum_is_two_directors_from_each_council(
    elm, board_meeting, present, is_quorate, reasons
):
    """003 §6.2: "two Corporate Management Team/Board of Director members from each Council"."""
    attend(board_meeting, *(getattr(elm.board_members, name) for name in present))

    result = quorum.evaluate(board_meeting)

    assert result.is_quorate is is_quorate
    assert result.reasons == reasons


def test_apologies_and_absence_do_not_count(elm, board_meeting):
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.fraser, m.ross)
    attend(board_meeting, m.blair, status=AttendanceStatus.APOLOGIES)
    attend(board_meeting, m.weir, status=AttendanceStatus.ABSENT)

    result = quorum.evaluate(board_meeting)

    assert not result.is_quorate
    assert result.reasons == ["Midlothian Council: 1 of 2 required directors present"]


def test_jlg_needs_an_elected_member_from_each_council(elm, jlg_meeting):
    """003 §6.1: "Quorum is one Elected member from each Council"; chief executives advise."""
    m = elm.jlg_members
    attend(jlg_meeting, m.baird, m.reid, m.lawrie, m.fraser)

    result = quorum.evaluate(jlg_meeting)

    assert not result.is_quorate
    assert result.reasons == ["East Lothian Council: 0 of 1 required elected member present"]

    attend(jlg_meeting, m.munro)
    assert quorum.evaluate(jlg_meeting).is_quorate


def test_a_requirement_for_one_named_council(elm, jlg_meeting):
    QuorumRequirementFactory(
        body=elm.jlg, organisation=elm.world.mid, roles=[MemberRole.ELECTED_MEMBER], minimum=2
    )
    m = elm.jlg_members
    attend(jlg_meeting, m.baird, m.wallace)

    result = quorum.evaluate(jlg_meeting)

    assert result.reasons == ["Midlothian Council: 1 of 2 required elected members present"]


def test_a_party_that_has_left_is_not_required(elm, jlg_meeting):
    party = elm.world.partnership.parties.get(organisation=elm.world.east)
    party.left_on = datetime.date(2013, 9, 1)
    party.save()
    attend(jlg_meeting, elm.jlg_members.baird)

    assert quorum.evaluate(jlg_meeting).reasons == [
        "Midlothian Council: 1 of 1 required elected member present"
    ]


@pytest.mark.parametrize(
    ("kind", "item_is_quorate"),
    [(InterestKind.DPI, False), (InterestKind.OTHER, True)],
    ids=["pecuniary-interest-excludes-the-member", "other-interest-does-not"],
)
def test_a_declared_interest_excludes_the_member_from_that_item(
    elm, jlg_meeting, kind, item_is_quorate
):
    """DOMAIN §2 [M10]: a member with a DPI may not discuss or vote on the item."""
    m = elm.jlg_members
    attend(jlg_meeting, m.baird, m.wallace)
    procurement = AgendaItemFactory(meeting=jlg_meeting, number=3, title="Joint procurement")
    other = AgendaItemFactory(meeting=jlg_meeting, number=4, title="Workplan")
    DeclarationFactory(item=procurement, membership=m.wallace, kind=kind)

    meeting_result, items = quorum.evaluate_agenda(jlg_meeting)

    assert meeting_result.is_quorate
    assert items[procurement.pk].is_quorate is item_is_quorate
    assert items[other.pk].is_quorate
    if not item_is_quorate:
        assert items[procurement.pk].reasons == [
            "East Lothian Council: 0 of 1 required elected member present"
        ]
        assert items[procurement.pk].notes == (
            "Cllr Iain Wallace declared a disclosable pecuniary interest, so is not counted "
            "for this item and may not vote",
        )


@pytest.mark.parametrize(
    ("notice_given_at", "counted"),
    [
        (at(2013, 8, 30, 16, 0), True),
        (at(2013, 9, 1, 10, 0), True),
        (at(2013, 9, 1, 10, 1), False),
        (at(2013, 9, 2, 9, 0), False),
        (None, False),
    ],
    ids=[
        "notice-days-before",
        "notice-exactly-24-hours-before",
        "notice-a-minute-too-late",
        "notice-on-the-morning",
        "no-notice-recorded",
    ],
)
def test_a_substitute_counts_only_with_24_hours_notice(
    elm, board_meeting, notice_given_at, counted
):
    """DOMAIN §2 [M7]: a substitute may vote if the chair had 24 hours' notice.

    Tom Hughes, an advisory officer, sits in David Ross's seat and counts as a director.
    """
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser)
    attend(
        board_meeting,
        m.hughes,
        status=AttendanceStatus.SUBSTITUTE,
        substitute_for=m.ross,
        substitute_notice_given_at=notice_given_at,
    )

    result = quorum.evaluate(board_meeting)

    assert result.is_quorate is counted
    if not counted:
        assert result.reasons == ["East Lothian Council: 1 of 2 required directors present"]
        assert result.notes == (
            "Tom Hughes substituted for David Ross without 24 hours' notice to the chair, "
            "so is not counted",
        )


@pytest.fixture
def agenda(board_meeting):
    return [
        AgendaItemFactory(meeting=board_meeting, number=n, title=f"Item {n}") for n in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    ("left_before", "arrived_at", "quorate_items", "opening_quorate"),
    [
        (3, None, [1, 2], True),
        (2, None, [1], True),
        (None, 2, [2, 3], False),
        (3, 2, [2], False),
    ],
    ids=[
        "member-who-leaves-before-item-3",
        "member-who-leaves-before-item-2",
        "member-who-arrives-at-item-2",
        "member-who-arrives-at-2-and-leaves-before-3",
    ],
)
def test_members_who_leave_or_arrive_late_count_only_for_the_items_they_attend(
    elm, board_meeting, agenda, left_before, arrived_at, quorate_items, opening_quorate
):
    by_number = {item.number: item for item in agenda}
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.fraser, m.ross)
    attend(
        board_meeting,
        m.blair,
        left_before_item=by_number.get(left_before),
        arrived_at_item=by_number.get(arrived_at),
    )

    opening, items = quorum.evaluate_agenda(board_meeting)

    assert opening.is_quorate is opening_quorate
    assert [i.number for i in agenda if items[i.pk].is_quorate] == quorate_items
    for item in agenda:
        assert quorum.evaluate(board_meeting, item).is_quorate is items[item.pk].is_quorate


@pytest.mark.parametrize(
    ("fraction", "voting_members", "present", "required", "is_quorate"),
    [
        (Decimal("0.5"), 7, 4, 4, True),
        (Decimal("0.5"), 7, 3, 4, False),
        (Decimal("0.333"), 6, 2, 2, True),
        (Decimal("0.333"), 7, 2, 3, False),
        (Decimal("0.25"), 5, 1, 2, False),
        (Decimal("1"), 3, 3, 3, True),
    ],
    ids=[
        "half-of-7-rounds-up-to-4",
        "3-is-not-half-of-7",
        "a-third-of-6-is-2",
        "a-third-of-7-rounds-up-to-3",
        "a-quarter-of-5-rounds-up-to-2",
        "everyone",
    ],
)
def test_a_fraction_of_the_members_rounds_up(
    world, fraction, voting_members, present, required, is_quorate
):
    """DOMAIN rule 7: quorum can be a fraction of the members ("one third...")."""
    meeting = MeetingFactory(
        body__partnership=world.partnership, body__quorum_fraction=fraction, held=True
    )
    members = [MembershipFactory(body=meeting.body) for _ in range(voting_members)]
    MembershipFactory(body=meeting.body, is_voting=False)
    attend(meeting, *members[:present])

    result = quorum.evaluate(meeting)

    assert result.is_quorate is is_quorate
    assert result.checks[0].sentence.startswith(
        f"{present} of {required} required voting members present"
    )
    assert result.checks[0].sentence.endswith(f"of {voting_members}, rounded up")


def test_an_overall_number_and_per_council_minimum_both_apply(elm, board_meeting):
    elm.board.quorum_total = 5
    elm.board.save()
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)

    result = quorum.evaluate(board_meeting)

    assert not result.is_quorate
    assert result.reasons == ["4 of 5 required voting members present"]


def test_a_member_whose_membership_has_ended_is_not_counted(elm, board_meeting):
    m = elm.board_members
    m.blair.ended_on = datetime.date(2013, 8, 31)
    m.blair.save()
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)

    result = quorum.evaluate(board_meeting)

    assert result.reasons == ["Midlothian Council: 1 of 2 required directors present"]
    assert "John Blair is not counted" in result.notes[0]


def test_without_a_quorum_rule_one_voting_member_is_needed(world):
    meeting = MeetingFactory(body__partnership=world.partnership, held=True)
    assert quorum.evaluate(meeting).reasons == [
        f"No quorum is set for {meeting.body.name}: 0 voting members present, and at least "
        "1 is needed"
    ]
    assert not quorum.evaluate(meeting).is_quorate


def test_the_quorate_factory_trait_makes_a_quorate_meeting(elm):
    meeting = MeetingFactory(body=elm.board, quorate=True)
    assert quorum.evaluate(meeting).is_quorate
    assert not quorum.evaluate(MeetingFactory(body=elm.board, inquorate=True)).is_quorate


def test_a_cancelled_meeting_is_not_quorate(elm):
    meeting = MeetingFactory(body=elm.board, cancelled=True)
    assert quorum.evaluate(meeting).reasons == ["The meeting was cancelled"]


def test_an_item_of_another_meeting_is_refused(elm, board_meeting):
    with pytest.raises(ValueError, match="another meeting"):
        quorum.evaluate(board_meeting, AgendaItemFactory())


def test_the_agenda_is_evaluated_in_a_fixed_number_of_queries(
    elm, board_meeting, django_assert_num_queries
):
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)
    items = [AgendaItemFactory(meeting=board_meeting, number=n) for n in range(1, 9)]
    board_meeting.refresh_from_db()
    # the body, its partnership and parties, quorum rules, attendance and declarations
    with django_assert_num_queries(6):
        quorum.evaluate_agenda(board_meeting, items)
