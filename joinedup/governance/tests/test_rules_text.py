import datetime
from decimal import Decimal

import pytest

from joinedup.agreements.tests.factories import PartyFactory
from joinedup.governance.models import Cadence, ChairRule, DecisionRule, MemberRole, Rotation
from joinedup.governance.tests.factories import (
    BodyFactory,
    QuorumRequirementFactory,
    SeatFactory,
)
from joinedup.organisations.models import OrganisationKind
from joinedup.organisations.tests.factories import OrganisationFactory

D = datetime.date
ON = D(2025, 1, 15)


def test_the_jlgs_rules_read_as_the_mou_states_them(jlg):
    """003 §6.1, line by line."""
    assert jlg.body.describe_rules(ON) == [
        "Meets quarterly (or when business needs arise).",
        "Meeting venue alternates between Midlothian Council and East Lothian Council on an "
        "annual basis, starting with Midlothian Council on 3 June 2013.",
        "Administered by the secretariat of the host council.",
        "Chaired by the chief executive of the host council.",
        "Notice of each meeting is published at least three clear working days before it, "
        "not counting weekends or bank holidays in Scotland.",
        "Quorum is one elected member from each council.",
        "Decisions are made by consensus.",
        "Reports to each partner council.",
    ]


def test_the_boards_quorum_and_reporting_line(jlg, world):
    """003 §6.2: "Quorum is two Corporate Management Team/Board of Director members from each
    Council"; §5 1.2: "The Partnership Working Board will report to the JLG on a quarterly
    basis"."""
    board = BodyFactory(
        partnership=world.partnership,
        name="Partnership Working Board",
        first_host=world.mid,
        alternating_annually=True,
        reports_to=jlg.body,
        reporting_cadence=Cadence.QUARTERLY,
    )
    QuorumRequirementFactory(
        body=board, roles=[MemberRole.CHIEF_EXECUTIVE, MemberRole.DIRECTOR], minimum=2
    )
    rules = board.describe_rules(ON)
    assert "Quorum is two chief executives or directors from each council." in rules
    assert rules[-1] == "Reports to the Elected Members Joint Liaison Group quarterly."


def test_a_quorum_can_combine_a_number_a_fraction_and_minimums_per_council(world):
    """DOMAIN rule 7: quorum can combine an absolute number, a fraction and a minimum per
    member organisation."""
    body = BodyFactory(
        partnership=world.partnership, quorum_total=4, quorum_fraction=Decimal("0.333")
    )
    QuorumRequirementFactory(body=body)
    QuorumRequirementFactory(
        body=body, organisation=world.mid, roles=[MemberRole.DIRECTOR], minimum=2
    )
    assert (
        "Quorum is at least four members and one third of the members, including one elected "
        "member from each council and two directors from Midlothian Council."
    ) in body.describe_rules(ON)


@pytest.mark.parametrize(
    ("total", "fraction", "sentence"),
    [
        (None, None, "No quorum is set."),
        (3, None, "Quorum is at least three members."),
        (None, Decimal("0.5"), "Quorum is at least half of the members."),
        (None, Decimal("0.4"), "Quorum is at least 40% of the members."),
        (12, None, "Quorum is at least 12 members."),
    ],
    ids=["none", "a-number", "half", "a-percentage", "a-large-number"],
)
def test_overall_quorum_in_words(world, total, fraction, sentence):
    body = BodyFactory(partnership=world.partnership, quorum_total=total, quorum_fraction=fraction)
    assert sentence in body.describe_rules(ON)


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [
        (DecisionRule.CONSENSUS, "Decisions are made by consensus."),
        (
            DecisionRule.MAJORITY,
            "Decisions are made by a majority of those present and voting; the chair has a "
            "casting vote.",
        ),
        (DecisionRule.UNANIMITY, "Decisions must be unanimous."),
    ],
    ids=["consensus", "majority-with-casting-vote", "unanimity"],
)
def test_the_decision_rule_in_words(world, rule, sentence):
    assert sentence in BodyFactory(
        partnership=world.partnership, decision_rule=rule
    ).describe_rules(ON)


def test_three_councils_rotate_in_turn_at_each_meeting(world):
    PartyFactory(partnership=world.partnership, organisation=world.essex)
    body = BodyFactory(
        partnership=world.partnership,
        first_host=world.essex,
        rotation=Rotation.EACH_MEETING,
        rotation_starts_on=D(2013, 6, 3),
    )
    assert (
        "Meeting venue rotates in turn between Essex County Council, Midlothian Council and "
        "East Lothian Council at each meeting, starting with Essex County Council on 3 June 2013."
    ) in body.describe_rules(ON)


def test_a_body_hosted_by_one_council_chaired_by_its_leader(world):
    body = BodyFactory(
        partnership=world.partnership,
        first_host=world.essex,
        rotation=Rotation.NONE,
        chair_rule=ChairRule.HOST_LEADER,
        cadence=Cadence.AS_REQUIRED,
    )
    rules = body.describe_rules(ON)
    assert rules[:4] == [
        "Meets when business needs arise.",
        "Meetings are hosted by Essex County Council.",
        "Administered by the secretariat of the host council.",
        "Chaired by the leader of the host council.",
    ]
    assert "not counting weekends or bank holidays in England." in rules[4]
    assert "five clear working days" in rules[4]


def test_partners_that_are_not_all_councils_are_member_organisations(world):
    health = OrganisationFactory(name="NHS Lothian", kind=OrganisationKind.HEALTH)
    PartyFactory(partnership=world.partnership, organisation=health)
    body = BodyFactory(partnership=world.partnership)
    QuorumRequirementFactory(body=body, roles=[])
    assert "Quorum is one member from each member organisation." in body.describe_rules(ON)


@pytest.mark.parametrize(
    ("seat", "text"),
    [
        (
            {"role": MemberRole.ELECTED_MEMBER, "maximum": 2, "cabinet_only": True},
            "up to two cabinet members from each council",
        ),
        (
            {"role": MemberRole.CHIEF_EXECUTIVE, "maximum": 1, "is_voting": False},
            "one chief executive from each council (advisory)",
        ),
        (
            {"role": MemberRole.DIRECTOR, "maximum": 4},
            "up to four directors from each council",
        ),
    ],
    ids=["cabinet-members", "chief-executive-advisory", "directors"],
)
def test_seats_in_words(world, seat, text):
    """003 §5: "up to two Cabinet Members from each Council, the Chief Executive's and the
    Joint Partnership Manager"."""
    assert SeatFactory(body__partnership=world.partnership, **seat).describe() == text


def test_a_seat_for_one_council_names_it(world):
    seat = SeatFactory(
        body__partnership=world.partnership,
        role=MemberRole.JOINT_PARTNERSHIP_MANAGER,
        maximum=1,
        organisation=world.mid,
    )
    assert seat.describe() == "one joint partnership manager from Midlothian Council"
