import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.governance import actions
from joinedup.governance.models import BodyKind, MemberRole, Rotation
from joinedup.governance.tests.factories import BodyFactory, MembershipFactory, SeatFactory
from joinedup.organisations.models import PostKind
from joinedup.organisations.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PostFactory,
)

D = datetime.date


def field_errors(excinfo) -> dict:
    return {name: " ".join(messages) for name, messages in excinfo.value.message_dict.items()}


def test_a_third_cabinet_member_from_one_council_is_refused(jlg, world):
    """003 §5: "up to two Cabinet Members from each Council"."""
    with pytest.raises(ValidationError) as excinfo:
        actions.add_member(
            jlg.body,
            by=world.jpm,
            person=jlg.people.gray,
            seat=jlg.cabinet,
            started_on=D(2014, 1, 1),
        )
    errors = field_errors(excinfo)
    assert list(errors) == ["seat"]
    assert "already has two members from Midlothian Council" in errors["seat"]
    assert "up to two cabinet members from each council" in errors["seat"]
    assert not jlg.body.memberships.filter(person=jlg.people.gray).exists()


def test_another_councils_members_do_not_count_against_the_seat(jlg, world):
    east_member = PersonFactory(organisation=world.east, name="Cllr Catriona Munro")
    PostFactory(person=east_member, kind=PostKind.CABINET_MEMBER)

    membership = actions.add_member(
        jlg.body, by=world.jpm, person=east_member, seat=jlg.cabinet, started_on=D(2014, 1, 1)
    )

    assert membership.organisation == world.east
    assert membership.role == MemberRole.ELECTED_MEMBER
    assert membership.is_voting


def test_a_seat_frees_up_when_a_membership_ends(jlg, world):
    actions.end_membership(jlg.members.reid, by=world.jpm, ended_on=D(2013, 12, 31))

    membership = actions.add_member(
        jlg.body, by=world.jpm, person=jlg.people.gray, seat=jlg.cabinet, started_on=D(2014, 1, 1)
    )

    assert membership.started_on == D(2014, 1, 1)
    stand_in = PersonFactory(organisation=world.mid)
    PostFactory(person=stand_in, kind=PostKind.CABINET_MEMBER)
    with pytest.raises(ValidationError, match="already has two members"):
        # In December 2013 Fiona Baird and Owen Reid both sat: the seat was full.
        actions.add_member(
            jlg.body,
            by=world.jpm,
            person=stand_in,
            seat=jlg.cabinet,
            started_on=D(2013, 12, 1),
            ended_on=D(2013, 12, 31),
        )


def test_a_cabinet_seat_takes_only_cabinet_members(jlg, world):
    """003 §6.1: "up to two Elected Members from each of the Council's cabinet"."""
    actions.end_membership(jlg.members.reid, by=world.jpm, ended_on=D(2013, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        actions.add_member(
            jlg.body,
            by=world.jpm,
            person=jlg.people.backbencher,
            seat=jlg.cabinet,
            started_on=D(2014, 1, 1),
        )
    assert "is not a cabinet member of Midlothian Council" in field_errors(excinfo)["person"]


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("not-a-party", "person", "is not a party to"),
        ("already-a-member", "person", "is already a member"),
        ("seat-of-another-body", "seat", "belongs to another body"),
        ("seat-for-another-council", "seat", "is for East Lothian Council"),
        ("role-does-not-fit-seat", "role", "is for a chief executive"),
        ("no-seat-chosen", "seat", "Choose the seat"),
        ("ends-before-it-starts", "ended_on", "must end on or after"),
        ("represents-another-council", "person", "cannot represent"),
    ],
)
def test_memberships_outside_the_bodys_rules_are_refused(jlg, world, case, field, message):
    outsider = PersonFactory(organisation=world.essex)
    east_only = SeatFactory(body=jlg.body, organisation=world.east, description="East only")
    kwargs = {
        "person": PersonFactory(organisation=world.mid),
        "seat": jlg.chief_executives,
        "started_on": D(2020, 1, 1),
    }
    if case == "not-a-party":
        kwargs["person"] = outsider
    elif case == "already-a-member":
        kwargs["person"] = jlg.people.lawrie
    elif case == "seat-of-another-body":
        kwargs["seat"] = SeatFactory(body__partnership=world.partnership)
    elif case == "seat-for-another-council":
        kwargs["seat"] = east_only
    elif case == "role-does-not-fit-seat":
        kwargs.update(seat=jlg.chief_executives, role=MemberRole.DIRECTOR)
    elif case == "no-seat-chosen":
        kwargs["seat"] = None
    elif case == "ends-before-it-starts":
        kwargs["ended_on"] = D(2019, 12, 31)
    elif case == "represents-another-council":
        kwargs["organisation"] = world.east
    with pytest.raises(ValidationError) as excinfo:
        actions.add_member(jlg.body, by=world.jpm, **kwargs)
    errors = field_errors(excinfo)
    assert list(errors) == [field]
    assert message in errors[field]


def test_a_seat_for_a_named_organisation_can_take_a_non_party(jlg, world):
    """003 §5: the membership may be extended to include health representatives."""
    nhs = OrganisationFactory(name="NHS Lothian", code="S08000024", scottish=True)
    seat = SeatFactory(
        body=jlg.body,
        organisation=nhs,
        role=MemberRole.HEALTH_REPRESENTATIVE,
        maximum=1,
        is_voting=False,
    )
    membership = actions.add_member(
        jlg.body,
        by=world.jpm,
        person=PersonFactory(organisation=nhs),
        seat=seat,
        started_on=D(2014, 1, 1),
    )
    assert membership.organisation == nhs
    assert not membership.is_voting


def test_a_seats_voting_rule_is_the_members_unless_stated(jlg, world):
    actions.end_membership(jlg.members.lawrie, by=world.jpm, ended_on=D(2019, 12, 31))
    successor = PersonFactory(organisation=world.mid, name="New Chief Executive")
    membership = actions.add_member(
        jlg.body,
        by=world.jpm,
        person=successor,
        seat=jlg.chief_executives,
        started_on=D(2020, 1, 1),
    )
    assert membership.role == MemberRole.CHIEF_EXECUTIVE
    assert not membership.is_voting


def test_a_body_without_seats_needs_a_role(world):
    body = BodyFactory(partnership=world.partnership)
    with pytest.raises(ValidationError) as excinfo:
        actions.add_member(body, by=world.jpm, person=world.mid_person, started_on=D(2020, 1, 1))
    assert list(field_errors(excinfo)) == ["role"]
    membership = actions.add_member(
        body,
        by=world.jpm,
        person=world.mid_person,
        role=MemberRole.OFFICER,
        is_voting=False,
        started_on=D(2020, 1, 1),
    )
    assert membership.voting_label == "Advisory"


@pytest.mark.parametrize(
    "who", ["mid_officer", "east_officer", "essex_officer", "mid_member", "public"]
)
def test_only_the_partnerships_managers_change_its_bodies(jlg, world, who):
    user = getattr(world, who)
    attempts = [
        lambda: actions.create_body(world.partnership, by=user, name="X", kind=BodyKind.FORUM),
        lambda: actions.update_body(jlg.body, by=user, name="Renamed"),
        lambda: actions.add_seat(jlg.body, by=user, description="X", role=MemberRole.OFFICER),
        lambda: actions.add_quorum_requirement(jlg.body, by=user, roles=[]),
        lambda: actions.add_member(
            jlg.body, by=user, person=jlg.people.gray, seat=jlg.cabinet, started_on=D(2020, 1, 1)
        ),
        lambda: actions.end_membership(jlg.members.reid, by=user, ended_on=D(2020, 1, 1)),
        lambda: actions.remove_seat(jlg.cabinet, by=user),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    jlg.body.refresh_from_db()
    assert jlg.body.name == "Elected Members Joint Liaison Group"


def test_an_administrator_may_change_any_body(jlg, world):
    body = actions.update_body(jlg.body, by=world.admin, short_name="EMJLG")
    assert body.short_name == "EMJLG"


def test_ending_a_membership(jlg, world):
    actions.end_membership(jlg.members.reid, by=world.jpm, ended_on=D(2015, 5, 31))
    jlg.members.reid.refresh_from_db()
    assert jlg.members.reid.ended_on == D(2015, 5, 31)
    assert not jlg.members.reid.is_current(D(2015, 6, 1))

    with pytest.raises(ValidationError, match="already ended on 31 May 2015"):
        actions.end_membership(jlg.members.reid, by=world.jpm, ended_on=D(2016, 1, 1))
    with pytest.raises(ValidationError, match="on or after the day it started"):
        actions.end_membership(jlg.members.baird, by=world.jpm, ended_on=D(2013, 1, 1))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rotation": Rotation.ANNUAL, "rotation_starts_on": None}, "rotation_starts_on"),
        ({"first_host": "essex"}, "first_host"),
        ({"reports_to": "self"}, "reports_to"),
        ({"reports_to": "other-partnership"}, "reports_to"),
        ({"reports_to": "cycle"}, "reports_to"),
    ],
    ids=[
        "alternating-without-a-start-date",
        "first-host-not-a-party",
        "reports-to-itself",
        "reports-to-another-partnership",
        "reports-in-a-circle",
    ],
)
def test_rules_that_cannot_work_are_refused(jlg, world, fields, field):
    fields = dict(fields)
    if fields.get("first_host") == "essex":
        fields["first_host"] = world.essex
    if fields.get("reports_to") == "self":
        fields["reports_to"] = jlg.body
    elif fields.get("reports_to") == "other-partnership":
        fields["reports_to"] = BodyFactory()
    elif fields.get("reports_to") == "cycle":
        fields["reports_to"] = BodyFactory(partnership=world.partnership, reports_to=jlg.body)
    with pytest.raises(ValidationError) as excinfo:
        actions.update_body(jlg.body, by=world.jpm, **fields)
    assert field in field_errors(excinfo)


def test_a_seat_held_now_cannot_be_removed_but_an_empty_one_can(jlg, world):
    with pytest.raises(ValidationError, match="Members hold this seat"):
        actions.remove_seat(jlg.cabinet, by=world.jpm)

    old = SeatFactory(body=jlg.body, description="Former seat", role=MemberRole.OFFICER)
    past = MembershipFactory(
        body=jlg.body,
        person__organisation=world.mid,
        seat=old,
        role=MemberRole.OFFICER,
        ended_on=D(2014, 1, 1),
    )
    actions.remove_seat(old, by=world.jpm)

    past.refresh_from_db()
    assert past.seat is None
    assert past.role == MemberRole.OFFICER


def test_a_quorum_requirement_counts_only_known_roles(jlg, world):
    with pytest.raises(ValidationError) as excinfo:
        actions.add_quorum_requirement(jlg.body, by=world.jpm, roles=["mayor"])
    assert "roles" in field_errors(excinfo)
    requirement = actions.add_quorum_requirement(
        jlg.body, by=world.jpm, roles=[MemberRole.DIRECTOR], minimum=2, organisation=world.mid
    )
    assert requirement.describe() == "two directors from Midlothian Council"
