import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.programme import actions
from joinedup.programme.models import NEXT_STATUSES, Initiative, Outcome, Status
from joinedup.programme.tests.factories import InitiativeFactory

D = datetime.date
TRAIT = {
    Status.IDEA: {},
    Status.BUSINESS_CASE: {"business_case": True},
    Status.APPROVED: {"approved": True},
    Status.PILOT: {"pilot": True},
    Status.LIVE: {"live": True},
    Status.REVIEW: {"review": True},
    Status.CLOSED: {"closed": True},
    Status.DROPPED: {"dropped": True},
}
REFUSED = [
    (current, to)
    for current, to in itertools.product(Status.values, Status.values)
    if to not in NEXT_STATUSES[current]
]


@pytest.mark.parametrize(
    ("current", "to"), REFUSED, ids=[f"{current}-to-{to}" for current, to in REFUSED]
)
def test_a_move_the_lifecycle_does_not_allow_is_refused_with_the_reason(world, current, to):
    initiative = InitiativeFactory(partnership=world.partnership, **TRAIT[current])
    with pytest.raises(ValidationError) as refusal:
        initiative.check_transition(to)
    message = " ".join(refusal.value.messages)
    assert len(message) > 30, "the refusal says why"
    assert not message.startswith(Status(to).label + " cannot follow"), "a specific reason"


@pytest.mark.parametrize(
    ("current", "to"),
    [(c, t) for c, t in REFUSED if t not in (Status.BUSINESS_CASE, Status.APPROVED, Status.PILOT)],
    ids=lambda v: v,
)
def test_a_refused_move_through_the_action_changes_nothing(world, current, to):
    initiative = InitiativeFactory(partnership=world.partnership, **TRAIT[current])
    changes = initiative.status_changes.count()
    with pytest.raises(ValidationError):
        actions.change_status(initiative, by=world.jpm, to=to, on=D(2020, 1, 1), reason="Because")
    initiative.refresh_from_db()
    assert initiative.status == current
    assert initiative.status_changes.count() == changes


@pytest.mark.parametrize(
    ("current", "to", "words"),
    [
        ("idea", "approved", "business case has been submitted and approved by every"),
        ("idea", "live", "approved by every participating council"),
        ("business_case", "pilot", "approved by every participating council"),
        ("closed", "live", "lifecycle is over"),
        ("dropped", "idea", "lifecycle is over"),
        ("pilot", "pilot", "already a pilot"),
        ("idea", "closed", "never went live is dropped"),
        ("live", "dropped", "review it, then close or drop it"),
        ("approved", "review", "Only a pilot or a live arrangement can be reviewed"),
        ("live", "business_case", "already been submitted"),
        ("live", "pilot", "A pilot comes before going live"),
    ],
    ids=[
        "idea-to-approved",
        "idea-to-live",
        "business-case-to-pilot",
        "closed-to-live",
        "dropped-to-idea",
        "pilot-to-pilot",
        "idea-to-closed",
        "live-to-dropped",
        "approved-to-review",
        "live-to-business-case",
        "live-to-pilot",
    ],
)
def test_each_refusal_names_its_reason(world, current, to, words):
    initiative = InitiativeFactory(partnership=world.partnership, **TRAIT[current])
    with pytest.raises(ValidationError, match=words):
        initiative.check_transition(to)


def test_an_unknown_stage_is_refused(world):
    initiative = InitiativeFactory(partnership=world.partnership)
    with pytest.raises(ValidationError, match="not a stage"):
        initiative.check_transition("abandoned")


@pytest.mark.parametrize(
    ("current", "to"),
    [
        ("approved", "live"),
        ("approved", "dropped"),
        ("pilot", "live"),
        ("pilot", "review"),
        ("live", "review"),
        ("live", "closed"),
        ("review", "live"),
        ("review", "closed"),
        ("review", "dropped"),
        ("idea", "dropped"),
        ("business_case", "dropped"),
    ],
    ids=lambda v: v,
)
def test_the_moves_a_person_makes_are_recorded_with_their_date(world, current, to):
    initiative = InitiativeFactory(partnership=world.partnership, **TRAIT[current])
    actions.change_status(initiative, by=world.jpm, to=to, on=D(2020, 1, 1), reason="Decided")
    initiative.refresh_from_db()
    assert initiative.status == to
    last = initiative.lifecycle[-1]
    assert (last.status, last.changed_on, last.changed_by) == (to, D(2020, 1, 1), world.jpm)


def test_an_idea_cannot_become_a_business_case_without_outcomes(world):
    """004: "outcome oriented, with outcomes defined and agreed in advance"."""
    initiative = InitiativeFactory(partnership=world.partnership)
    Outcome.objects.filter(initiative=initiative).delete()
    with pytest.raises(ValidationError, match="outcomes defined and agreed in advance"):
        actions.submit_business_case(
            initiative,
            by=world.east_officer,
            summary="S",
            costs="C",
            benefits="B",
            submitted_on=D(2013, 8, 1),
        )
    assert not hasattr(Initiative.objects.get(pk=initiative.pk), "business_case")


def test_moving_to_business_case_by_hand_is_refused_until_one_is_submitted(world):
    initiative = InitiativeFactory(partnership=world.partnership)
    with pytest.raises(ValidationError, match="Submit the business case"):
        actions.change_status(initiative, by=world.jpm, to="business_case", on=D(2013, 8, 1))
    assert initiative.statuses_settable_by_hand() == [Status.DROPPED]


def test_submitting_the_business_case_moves_an_idea_on(world):
    initiative = InitiativeFactory(partnership=world.partnership)
    actions.submit_business_case(
        initiative,
        by=world.east_officer,
        summary="One manager for both",
        costs="Shared equally",
        benefits="Resilience",
        submitted_on=D(2013, 8, 1),
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.BUSINESS_CASE
    assert initiative.business_case.is_published is False
    with pytest.raises(ValidationError, match="already been submitted"):
        actions.submit_business_case(
            initiative,
            by=world.east_officer,
            summary="Again",
            costs="C",
            benefits="B",
            submitted_on=D(2013, 8, 2),
        )


def test_dropping_needs_a_reason(world):
    """001 Rec 31: deliver or drop, and say why."""
    initiative = InitiativeFactory(partnership=world.partnership, approved=True)
    with pytest.raises(ValidationError) as refusal:
        actions.change_status(initiative, by=world.jpm, to="dropped", on=D(2014, 1, 1))
    assert "reason" in refusal.value.message_dict


def test_a_change_cannot_be_dated_before_the_last_one(world):
    initiative = InitiativeFactory(partnership=world.partnership, pilot=True)
    with pytest.raises(ValidationError) as refusal:
        actions.change_status(initiative, by=world.jpm, to="live", on=D(2013, 10, 31))
    assert "on or after 1 November 2013" in refusal.value.message_dict["changed_on"][0]


def test_a_change_cannot_be_dated_in_the_future(world):
    initiative = InitiativeFactory(partnership=world.partnership, pilot=True)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.change_status(
            initiative, by=world.jpm, to="live", on=world.today + datetime.timedelta(days=1)
        )


@pytest.mark.parametrize(
    "who", ["essex_officer", "mid_member", "public"], ids=["another-council", "member", "public"]
)
def test_only_participants_and_managers_change_the_stage(world, who):
    initiative = InitiativeFactory(partnership=world.partnership, live=True)
    with pytest.raises(PermissionDenied):
        actions.change_status(initiative, by=getattr(world, who), to="review", on=D(2015, 1, 1))


def test_an_officer_of_a_party_not_taking_part_cannot_change_it(world):
    from joinedup.agreements.tests.factories import PartyFactory
    from joinedup.organisations.tests.factories import OrganisationFactory, UserFactory

    third = OrganisationFactory(name="Third Council")
    PartyFactory(partnership=world.partnership, organisation=third)
    initiative = InitiativeFactory(
        partnership=world.partnership, live=True, participants=[world.east, world.mid]
    )
    with pytest.raises(PermissionDenied):
        actions.change_status(
            initiative, by=UserFactory(organisation=third), to="review", on=D(2015, 1, 1)
        )


def test_the_stages_offered_by_hand_are_the_allowed_ones(world):
    pilot = InitiativeFactory(partnership=world.partnership, pilot=True)
    assert pilot.statuses_settable_by_hand() == ["live", "review", "dropped"]
    approved = InitiativeFactory(partnership=world.partnership, approved=True)
    assert approved.statuses_settable_by_hand() == ["live", "dropped"]
    closed = InitiativeFactory(partnership=world.partnership, closed=True)
    assert closed.statuses_settable_by_hand() == []
