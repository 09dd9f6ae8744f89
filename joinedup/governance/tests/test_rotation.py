import datetime

import pytest

from joinedup.agreements.tests.factories import PartyFactory
from joinedup.governance.models import Cadence, ChairRule, MemberRole, Rotation
from joinedup.governance.rotation import chair_for, host_for, hosting_period, rotation_order
from joinedup.governance.tests.factories import BodyFactory, MembershipFactory
from joinedup.organisations.models import OrganisationKind, PostKind
from joinedup.organisations.tests.factories import OrganisationFactory, PostFactory

D = datetime.date


@pytest.mark.parametrize(
    ("on", "host"),
    [
        (D(2013, 6, 3), "mid"),
        (D(2013, 12, 31), "mid"),
        (D(2014, 6, 2), "mid"),
        (D(2014, 6, 3), "east"),
        (D(2015, 1, 15), "east"),
        (D(2015, 6, 2), "east"),
        (D(2015, 6, 3), "mid"),
        (D(2016, 2, 29), "mid"),
        (D(2016, 6, 3), "east"),
    ],
    ids=[
        "first-day-midlothian",
        "end-of-2013-still-midlothian",
        "last-day-of-midlothians-year",
        "anniversary-east-lothian",
        "january-2015-east-lothian",
        "last-day-of-east-lothians-year",
        "2015-back-to-midlothian",
        "leap-day-2016-midlothian",
        "2016-east-lothian-again",
    ],
)
def test_venue_alternates_between_the_councils_on_an_annual_basis(world, on, host):
    """003 §6.1: "Meeting venue alternates between Midlothian and East Lothian Council on an
    annual basis"."""
    body = BodyFactory(
        partnership=world.partnership, first_host=world.mid, alternating_annually=True
    )
    assert host_for(body, on) == getattr(world, host)


def test_the_rotation_starts_with_the_first_host_then_follows_name_order(world):
    essex = world.essex
    PartyFactory(partnership=world.partnership, organisation=essex)
    body = BodyFactory(
        partnership=world.partnership, first_host=world.mid, alternating_annually=True
    )

    assert rotation_order(body, D(2013, 6, 3)) == [world.mid, world.east, essex]
    assert [host_for(body, D(year, 7, 1)) for year in range(2013, 2017)] == [
        world.mid,
        world.east,
        essex,
        world.mid,
    ]


def test_a_council_that_has_left_drops_out_of_the_rotation(world):
    party = world.partnership.parties.get(organisation=world.east)
    party.left_on = D(2014, 1, 1)
    party.save()
    body = BodyFactory(
        partnership=world.partnership, first_host=world.mid, alternating_annually=True
    )

    assert host_for(body, D(2014, 7, 1)) == world.mid


def test_a_body_with_no_parties_on_the_day_has_no_host(world):
    body = BodyFactory(
        partnership=world.partnership, first_host=world.mid, alternating_annually=True
    )
    assert host_for(body, D(2012, 1, 1)) is None


def test_hosting_changes_at_each_meeting_by_the_meetings_place_in_the_rotation(world):
    body = BodyFactory(
        partnership=world.partnership, first_host=world.east, alternating_each_meeting=True
    )
    on = D(2014, 1, 1)
    assert [host_for(body, on, meeting_index=i) for i in range(4)] == [
        world.east,
        world.mid,
        world.east,
        world.mid,
    ]


def test_without_an_index_each_meeting_hosting_follows_the_cadence(world):
    body = BodyFactory(
        partnership=world.partnership,
        first_host=world.east,
        alternating_each_meeting=True,
        cadence=Cadence.QUARTERLY,
    )
    quarters = [D(2013, 6, 3), D(2013, 9, 3), D(2013, 12, 3), D(2014, 3, 3), D(2016, 6, 6)]
    assert [host_for(body, on) for on in quarters] == [
        world.east,
        world.mid,
        world.east,
        world.mid,
        world.east,
    ]


def test_a_body_meeting_as_business_needs_has_no_host_without_the_meetings_index(world):
    body = BodyFactory(
        partnership=world.partnership,
        first_host=world.east,
        alternating_each_meeting=True,
        cadence=Cadence.AS_REQUIRED,
    )
    assert host_for(body, D(2014, 1, 1)) is None
    assert host_for(body, D(2014, 1, 1), meeting_index=3) == world.mid


def test_without_rotation_the_first_host_always_hosts(world):
    body = BodyFactory(partnership=world.partnership, first_host=world.east, rotation=Rotation.NONE)
    assert {host_for(body, D(year, 1, 10)) for year in range(2014, 2020)} == {world.east}


def test_hosting_period_runs_from_anniversary_to_the_day_before_the_next(world):
    body = BodyFactory(
        partnership=world.partnership, first_host=world.mid, alternating_annually=True
    )
    assert hosting_period(body, D(2015, 1, 15)) == (D(2014, 6, 3), D(2015, 6, 2))


def test_the_host_councils_chief_executive_chairs(jlg, world):
    """003 §6.1: "Chaired by Chief Executive from the host Council"."""
    assert chair_for(jlg.body, D(2013, 9, 1)) == jlg.members.lawrie
    assert chair_for(jlg.body, D(2014, 9, 1)) == jlg.members.fraser
    assert chair_for(jlg.body, D(2015, 9, 1)) == jlg.members.lawrie


def test_there_is_no_chair_when_the_host_has_no_chief_executive_member(jlg):
    jlg.members.fraser.ended_on = D(2014, 5, 31)
    jlg.members.fraser.save()
    assert chair_for(jlg.body, D(2014, 9, 1)) is None


def test_the_host_councils_leader_chairs_under_that_rule(world):
    body = BodyFactory(
        partnership=world.partnership, first_host=world.mid, chair_rule=ChairRule.HOST_LEADER
    )
    leader = MembershipFactory(body=body, organisation=world.mid, person__organisation=world.mid)
    PostFactory(person=leader.person, kind=PostKind.LEADER)
    former = MembershipFactory(body=body, organisation=world.mid, person__organisation=world.mid)
    PostFactory(person=former.person, kind=PostKind.LEADER, ended_on=D(2013, 1, 1))
    MembershipFactory(
        body=body,
        organisation=world.mid,
        person__organisation=world.mid,
        role=MemberRole.CHIEF_EXECUTIVE,
    )
    assert chair_for(body, D(2014, 1, 1)) == leader


def test_an_elected_chair_is_not_set_by_the_rotation(jlg):
    jlg.body.chair_rule = ChairRule.ELECTED
    assert chair_for(jlg.body, D(2014, 1, 1)) is None


def test_health_partners_sort_into_the_rotation_like_councils(world):
    health = OrganisationFactory(name="A Health Board", kind=OrganisationKind.HEALTH)
    PartyFactory(partnership=world.partnership, organisation=health)
    body = BodyFactory(partnership=world.partnership, first_host=None, alternating_annually=True)
    assert rotation_order(body, D(2014, 1, 1))[0] == health
