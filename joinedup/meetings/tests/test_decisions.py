import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from joinedup.governance.models import DecisionRule
from joinedup.meetings import decisions
from joinedup.meetings.models import (
    AgendaItem,
    DecisionStatus,
    ExemptionGround,
    InterestKind,
    MeetingStatus,
)
from joinedup.organisations.models import Consent

from .factories import (
    AgendaItemFactory,
    DecisionFactory,
    DeclarationFactory,
    MeetingFactory,
    at,
    attend,
)

D = datetime.date


def error_on(excinfo, field: str) -> str:
    return " ".join(excinfo.value.message_dict[field])


@pytest.fixture
def quorate_board(elm, board_meeting):
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)
    return board_meeting


@pytest.fixture
def item(quorate_board):
    return AgendaItemFactory(
        meeting=quorate_board, number=3, title="Environmental Health and Trading Standards"
    )


def test_a_decision_on_a_quorate_item_is_recorded_and_takes_effect(elm, item):
    decision = decisions.record(
        item, by=elm.world.jpm, outcome="Agreed the management arrangements", method="consensus"
    )
    assert decision.is_carried
    assert decision.status == DecisionStatus.RECORDED
    assert decision.took_effect_on == D(2013, 9, 2)
    assert decision.recorded_by == elm.world.jpm


def test_a_decision_cannot_be_recorded_on_an_inquorate_item(elm, board_meeting):
    """DESIGN: a meeting that is not quorate cannot record decisions."""
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.fraser, m.ross)
    item = AgendaItemFactory(meeting=board_meeting, number=3)

    with pytest.raises(decisions.NotQuorate) as excinfo:
        decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")

    assert error_on(excinfo, "item") == (
        "This item is not quorate: Midlothian Council: 1 of 2 required directors present"
    )
    assert not hasattr(AgendaItem.objects.get(pk=item.pk), "decision")


def test_a_pecuniary_interest_can_make_an_item_inquorate(elm, quorate_board, item):
    DeclarationFactory(item=item, membership=elm.board_members.ross, kind=InterestKind.DPI)
    with pytest.raises(decisions.NotQuorate, match="East Lothian Council: 1 of 2"):
        decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")


def test_a_consensus_body_does_not_vote(elm, item):
    """003 §6.2: "Decisions made on a consensus basis"."""
    with pytest.raises(ValidationError) as excinfo:
        decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="vote", votes_for=4)
    assert error_on(excinfo, "method") == (
        "The Partnership Working Board makes its decisions by consensus, not by a vote"
    )


def test_votes_are_not_recorded_for_a_consensus(elm, item):
    with pytest.raises(ValidationError) as excinfo:
        decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus", votes_for=2)
    assert "only when the decision was put to a vote" in error_on(excinfo, "votes_for")


@pytest.fixture
def majority_item(elm, item):
    elm.board.decision_rule = DecisionRule.MAJORITY
    elm.board.save()
    item.meeting.body.refresh_from_db()
    return item


@pytest.mark.parametrize(
    ("votes", "casting_vote", "carried"),
    [
        ((3, 1, 0), None, True),
        ((1, 3, 0), None, False),
        ((2, 1, 1), None, True),
        ((2, 2, 0), "for", True),
        ((2, 2, 0), "against", False),
        ((1, 1, 2), "for", True),
    ],
    ids=[
        "majority-for",
        "majority-against",
        "abstentions-do-not-count-against",
        "tie-broken-by-the-chairs-casting-vote-for",
        "tie-broken-by-the-chairs-casting-vote-against",
        "tie-among-those-voting-with-abstentions",
    ],
)
def test_majority_of_those_present_and_voting_with_the_chairs_casting_vote(
    elm, majority_item, votes, casting_vote, carried
):
    """DOMAIN §2 [L3, M9]: majority of those present and voting; the chair has a casting vote."""
    votes_for, votes_against, abstentions = votes
    decision = decisions.record(
        majority_item,
        by=elm.world.jpm,
        outcome="That the report be approved",
        method="vote",
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        casting_vote=casting_vote,
    )
    assert decision.is_carried is carried
    assert decision.casting_vote_used is bool(casting_vote)
    assert decision.took_effect_on == (D(2013, 9, 2) if carried else None)


@pytest.mark.parametrize(
    ("votes", "casting_vote", "field", "message"),
    [
        ((2, 2, 0), None, "casting_vote", "The votes are tied: record the chair's casting vote"),
        ((3, 1, 0), "for", "casting_vote", "only when the votes are tied"),
        ((3, 1, 1), None, "votes_for", "5 votes and abstentions were recorded, but only 4"),
        ((0, 0, 2), None, "votes_for", "Enter the votes cast for and against"),
        ((-1, 0, 0), None, "votes_for", "Enter a whole number of votes"),
        ((2, 1, 0), "maybe", "casting_vote", "Select for or against"),
    ],
    ids=[
        "tie-without-a-casting-vote",
        "casting-vote-without-a-tie",
        "more-votes-than-members-present",
        "nobody-voted-for-or-against",
        "negative-votes",
        "casting-vote-neither-for-nor-against",
    ],
)
def test_votes_that_the_rule_refuses(elm, majority_item, votes, casting_vote, field, message):
    votes_for, votes_against, abstentions = votes
    with pytest.raises(ValidationError) as excinfo:
        decisions.record(
            majority_item,
            by=elm.world.jpm,
            outcome="That the report be approved",
            method="vote",
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            casting_vote=casting_vote,
        )
    assert message in error_on(excinfo, field)


def test_a_member_with_a_pecuniary_interest_cannot_vote(elm, majority_item):
    m = elm.board_members
    attend(majority_item.meeting, m.weir, m.stewart)
    DeclarationFactory(item=majority_item, membership=m.weir, kind=InterestKind.DPI)
    with pytest.raises(ValidationError, match="only 5 members could vote"):
        decisions.record(
            majority_item, by=elm.world.jpm, outcome="Approved", method="vote", votes_for=6
        )


def test_without_the_chair_a_tie_falls(elm, majority_item):
    meeting = majority_item.meeting
    meeting.chair = None
    meeting.save()
    with pytest.raises(ValidationError) as excinfo:
        decisions.record(
            majority_item,
            by=elm.world.jpm,
            outcome="Approved",
            method="vote",
            votes_for=2,
            votes_against=2,
            casting_vote="for",
        )
    assert "no casting vote" in error_on(excinfo, "casting_vote")

    decision = decisions.record(
        majority_item,
        by=elm.world.jpm,
        outcome="Approved",
        method="vote",
        votes_for=2,
        votes_against=2,
    )
    assert not decision.is_carried


@pytest.mark.parametrize(
    ("votes", "carried"),
    [((4, 0, 0), True), ((3, 0, 1), False), ((3, 1, 0), False), ((3, 0, 0), False)],
    ids=["everyone-for", "one-abstains", "one-against", "one-did-not-vote"],
)
def test_unanimity_needs_every_member_present_to_vote_for(elm, item, votes, carried):
    elm.board.decision_rule = DecisionRule.UNANIMITY
    elm.board.save()
    item.meeting.body.refresh_from_db()
    votes_for, votes_against, abstentions = votes
    decision = decisions.record(
        item,
        by=elm.world.jpm,
        outcome="Approved",
        method="vote",
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    assert decision.is_carried is carried


def test_unanimity_has_no_casting_vote(elm, item):
    elm.board.decision_rule = DecisionRule.UNANIMITY
    elm.board.save()
    item.meeting.body.refresh_from_db()
    with pytest.raises(ValidationError, match="no casting vote"):
        decisions.record(
            item,
            by=elm.world.jpm,
            outcome="Approved",
            method="vote",
            votes_for=2,
            votes_against=2,
            casting_vote="for",
        )


def test_one_decision_per_item(elm, item):
    decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")
    with pytest.raises(ValidationError) as excinfo:
        decisions.record(item, by=elm.world.jpm, outcome="Agreed again", method="consensus")
    assert error_on(excinfo, "item") == "A decision has already been recorded on this item"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("jpm", True),
        ("admin", True),
        ("mid_officer", True),
        ("east_officer", False),
        ("essex_officer", False),
        ("mid_member", False),
        ("public", False),
    ],
    ids=[
        "joint-partnership-manager",
        "administrator",
        "officer-of-the-host-council",
        "officer-of-the-other-council",
        "officer-of-another-partnership",
        "elected-member",
        "public",
    ],
)
def test_who_may_record_a_decision(elm, item, who, allowed):
    user = getattr(elm.world, who)
    if allowed:
        assert decisions.record(item, by=user, outcome="Agreed", method="consensus").pk
    else:
        with pytest.raises(PermissionDenied):
            decisions.record(item, by=user, outcome="Agreed", method="consensus")


def test_a_decision_cannot_be_recorded_before_the_meeting_starts(elm):
    future = MeetingFactory(body=elm.board, starts_at=at(2099, 1, 5), host=elm.world.mid)
    item = AgendaItemFactory(meeting=future)
    with pytest.raises(ValidationError, match="once the meeting has started"):
        decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")


# Referral -------------------------------------------------------------------------------


@pytest.fixture
def next_jlg(elm):
    return MeetingFactory(body=elm.jlg, starts_at=at(2013, 9, 9), host=elm.world.mid)


def test_a_referral_puts_the_decision_on_the_parent_bodys_next_meeting(elm, item, next_jlg):
    """003 §5: "The Board reports to and is accountable to the ... JLG"."""
    later = MeetingFactory(body=elm.jlg, starts_at=at(2013, 12, 9), host=elm.world.mid)
    AgendaItemFactory(meeting=next_jlg, number=1)
    decision = decisions.record(
        item, by=elm.world.jpm, outcome="Recommend the arrangements", method="consensus"
    )

    referral = decisions.refer(decision, by=elm.world.jpm, on=D(2013, 9, 3))

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REFERRED
    assert decision.took_effect_on is None
    assert referral.to_body == elm.jlg
    assert referral.item.meeting == next_jlg
    assert referral.item.number == 2
    assert referral.item.title == (
        "Referred by the Partnership Working Board: Environmental Health and Trading Standards"
    )
    assert not later.items.exists()


@pytest.mark.parametrize(
    ("carried", "status", "took_effect_on"),
    [(True, DecisionStatus.IN_EFFECT, D(2013, 9, 9)), (False, DecisionStatus.NOT_APPROVED, None)],
    ids=["approved-by-the-parent", "not-approved-by-the-parent"],
)
def test_the_parent_bodys_decision_settles_the_referral(
    elm, item, next_jlg, carried, status, took_effect_on
):
    decision = decisions.record(item, by=elm.world.jpm, outcome="Recommend", method="consensus")
    referral = decisions.refer(decision, by=elm.world.jpm)
    m = elm.jlg_members
    next_jlg.status = MeetingStatus.HELD
    next_jlg.save()
    attend(next_jlg, m.baird, m.wallace)
    if not carried:
        elm.jlg.decision_rule = DecisionRule.MAJORITY
        elm.jlg.save()
    decisions.record(
        referral.item,
        by=elm.world.jpm,
        outcome="Approved" if carried else "Not approved",
        **({"method": "consensus"} if carried else {"method": "vote", "votes_against": 2}),
    )

    decision.refresh_from_db()
    assert decision.status == status
    assert decision.took_effect_on == took_effect_on


def test_an_exempt_decision_stays_exempt_when_referred(elm, quorate_board, next_jlg):
    item = AgendaItemFactory(meeting=quorate_board, exempt=True, number=5)
    decision = decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")
    referral = decisions.refer(decision, by=elm.world.jpm)
    assert referral.item.is_exempt
    assert referral.item.exemption_ground == ExemptionGround.FINANCIAL


def test_referral_is_refused_when_the_parent_has_no_meeting_scheduled(elm, item):
    MeetingFactory(body=elm.jlg, starts_at=at(2013, 8, 1), host=elm.world.mid)
    MeetingFactory(body=elm.jlg, starts_at=at(2013, 9, 9), host=elm.world.mid, cancelled=True)
    decision = decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")

    with pytest.raises(ValidationError) as excinfo:
        decisions.refer(decision, by=elm.world.jpm)

    assert error_on(excinfo, "decision") == (
        "The Elected Members Joint Liaison Group has no meeting scheduled after 2 September "
        "2013. Schedule its next meeting, then refer the decision."
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.RECORDED


def test_a_body_that_reports_to_no_body_cannot_refer(elm, jlg_meeting):
    attend(jlg_meeting, elm.jlg_members.baird, elm.jlg_members.wallace)
    decision = decisions.record(
        AgendaItemFactory(meeting=jlg_meeting), by=elm.world.jpm, outcome="A", method="consensus"
    )
    with pytest.raises(ValidationError, match="does not report to another body"):
        decisions.refer(decision, by=elm.world.jpm)


def test_a_decision_is_referred_once(elm, item, next_jlg):
    decision = decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")
    decisions.refer(decision, by=elm.world.jpm)
    with pytest.raises(ValidationError, match="has not been referred"):
        decisions.refer(decision, by=elm.world.jpm)
    with pytest.raises(ValidationError, match="has not been referred"):
        decisions.send_for_ratification(decision, by=elm.world.jpm)


# Ratification ---------------------------------------------------------------------------


@pytest.fixture
def recommended(elm, item):
    decision = decisions.record(item, by=elm.world.jpm, outcome="Recommend", method="consensus")
    return decisions.send_for_ratification(decision, by=elm.world.jpm, on=D(2013, 9, 3))


def _ratified(progress) -> tuple[int, int]:
    return len(progress.given), progress.needed


def test_a_decision_takes_effect_only_when_every_council_has_ratified(elm, recommended):
    """DOMAIN rule 17: it takes effect only when every partner has ratified it."""
    assert recommended.status == DecisionStatus.AWAITING_RATIFICATION
    assert recommended.took_effect_on is None

    decisions.ratify(
        recommended, by=elm.world.east_officer, organisation=elm.world.east, on=D(2013, 10, 8)
    )
    recommended.refresh_from_db()
    assert recommended.status == DecisionStatus.AWAITING_RATIFICATION
    assert _ratified(decisions.ratification(recommended)) == (1, 2)

    decisions.ratify(
        recommended,
        by=elm.world.jpm,
        organisation=elm.world.mid,
        on=D(2013, 10, 22),
        ratified_by="Cabinet",
        reference="Minute 5.2",
        given_by_name="Cllr Owen Reid",
    )
    recommended.refresh_from_db()
    assert recommended.status == DecisionStatus.IN_EFFECT
    assert recommended.took_effect_on == D(2013, 10, 22)
    assert _ratified(decisions.ratification(recommended)) == (2, 2)


def test_it_takes_effect_on_the_last_ratification_even_if_recorded_first(elm, recommended):
    decisions.ratify(
        recommended, by=elm.world.east_officer, organisation=elm.world.east, on=D(2013, 11, 5)
    )
    decisions.ratify(
        recommended, by=elm.world.mid_officer, organisation=elm.world.mid, on=D(2013, 10, 1)
    )
    recommended.refresh_from_db()
    assert recommended.took_effect_on == D(2013, 11, 5)


def test_a_council_is_counted_once_even_if_its_ratification_is_submitted_twice(elm, recommended):
    east = elm.world.east_officer
    decisions.ratify(recommended, by=east, organisation=elm.world.east, on=D(2013, 10, 8))
    with pytest.raises(ValidationError) as excinfo:
        decisions.ratify(recommended, by=east, organisation=elm.world.east, on=D(2013, 10, 9))
    assert error_on(excinfo, "organisation") == (
        "East Lothian Council has already ratified this decision, on 8 October 2013: each "
        "council answers once"
    )
    assert recommended.ratification_request.consents.filter(given_on__isnull=False).count() == 1
    recommended.refresh_from_db()
    assert recommended.status == DecisionStatus.AWAITING_RATIFICATION


def test_the_database_holds_one_answer_per_council(elm, recommended):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            request=recommended.ratification_request, organisation=elm.world.east
        )


@pytest.mark.parametrize(
    ("organisation", "on", "field", "message"),
    [
        ("essex", D(2013, 10, 8), "organisation", "was not asked"),
        ("east", D(2013, 9, 1), "ratified_on", "before it was made"),
        ("east", D(2099, 1, 1), "ratified_on", "cannot be in the future"),
    ],
    ids=["not-a-party", "before-the-decision", "in-the-future"],
)
def test_ratifications_that_are_refused(elm, recommended, organisation, on, field, message):
    with pytest.raises(ValidationError) as excinfo:
        decisions.ratify(
            recommended,
            by=elm.world.jpm,
            organisation=getattr(elm.world, organisation),
            on=on,
            given_by_name="Someone",
        )
    assert message in error_on(excinfo, field)


def test_only_a_decision_sent_for_ratification_can_be_ratified(elm, item):
    decision = decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")
    with pytest.raises(ValidationError, match="not awaiting ratification"):
        decisions.ratify(
            decision, by=elm.world.east_officer, organisation=elm.world.east, on=D(2013, 10, 8)
        )


def test_a_council_officer_records_only_their_own_councils_ratification(elm, recommended):
    east_officer = elm.world.east_officer
    decisions.ratify(recommended, by=east_officer, organisation=elm.world.east, on=D(2013, 10, 8))
    with pytest.raises(PermissionDenied):
        decisions.ratify(
            recommended, by=east_officer, organisation=elm.world.mid, on=D(2013, 10, 8)
        )
    for user in (elm.world.public, elm.world.mid_member, elm.world.essex_officer):
        with pytest.raises(PermissionDenied):
            decisions.ratify(recommended, by=user, organisation=elm.world.mid, on=D(2013, 10, 8))


def test_the_host_councils_officer_cannot_record_another_councils_ratification(elm, recommended):
    """Issue 13 point 6: the meeting's secretariat (Midlothian hosts it) does not record East
    Lothian's consent; it used to be able to."""
    with pytest.raises(PermissionDenied):
        decisions.ratify(
            recommended, by=elm.world.mid_officer, organisation=elm.world.east, on=D(2013, 10, 8)
        )
    assert not recommended.ratification_request.consents.filter(given_on__isnull=False).exists()


def test_the_manager_records_a_ratification_only_with_who_gave_it(elm, recommended):
    with pytest.raises(ValidationError) as excinfo:
        decisions.ratify(
            recommended, by=elm.world.jpm, organisation=elm.world.east, on=D(2013, 10, 8)
        )
    assert "Enter the name of the person at East Lothian Council" in error_on(
        excinfo, "given_by_name"
    )
    given = decisions.ratify(
        recommended,
        by=elm.world.jpm,
        organisation=elm.world.east,
        on=D(2013, 10, 8),
        given_by_name="Cllr Willie Innes",
    )
    assert (given.given_by_name, given.given_on, given.recorded_on_behalf) == (
        "Cllr Willie Innes",
        D(2013, 10, 8),
        True,
    )
    assert given.recorded_by == elm.world.jpm


def test_the_decision_factory_trait_awaits_ratification(elm):
    decision = DecisionFactory(awaiting_ratification=True, item__meeting__body=elm.board)
    assert decision.status == DecisionStatus.AWAITING_RATIFICATION
    assert decisions.ratification(decision).needed == 2
