import datetime

import factory

from joinedup.agreements.tests.factories import PartnershipFactory
from joinedup.governance.models import (
    Body,
    BodyKind,
    Cadence,
    ChairRule,
    DecisionRule,
    MemberRole,
    Membership,
    QuorumRequirement,
    Rotation,
    Seat,
)
from joinedup.organisations.tests.factories import PersonFactory

MOU_REVISED = datetime.date(2013, 6, 3)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Joint board {n}")
    kind = BodyKind.BOARD
    cadence = Cadence.QUARTERLY
    rotation = Rotation.NONE
    chair_rule = ChairRule.HOST_CHIEF_EXECUTIVE
    decision_rule = DecisionRule.CONSENSUS

    class Params:
        # 003 §6.1: quarterly, venue alternating annually, chaired by the host's chief executive.
        alternating_annually = factory.Trait(
            rotation=Rotation.ANNUAL, rotation_starts_on=MOU_REVISED, also_meets_when_needed=True
        )
        alternating_each_meeting = factory.Trait(
            rotation=Rotation.EACH_MEETING, rotation_starts_on=MOU_REVISED
        )
        jlg = factory.Trait(
            name="Elected Members Joint Liaison Group",
            short_name="JLG",
            kind=BodyKind.JOINT_LIAISON_GROUP,
            rotation=Rotation.ANNUAL,
            rotation_starts_on=MOU_REVISED,
            also_meets_when_needed=True,
            reports_to_councils=True,
        )


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    body = factory.SubFactory(BodyFactory)
    description = "Cabinet members"
    role = MemberRole.ELECTED_MEMBER
    maximum = 2
    is_voting = True

    class Params:
        cabinet = factory.Trait(cabinet_only=True)
        chief_executive = factory.Trait(
            description="Chief executive", role=MemberRole.CHIEF_EXECUTIVE, maximum=1
        )


class QuorumRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuorumRequirement

    body = factory.SubFactory(BodyFactory)
    roles = factory.LazyFunction(lambda: [MemberRole.ELECTED_MEMBER.value])
    minimum = 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    role = MemberRole.ELECTED_MEMBER
    is_voting = True
    started_on = MOU_REVISED

    class Params:
        chief_executive = factory.Trait(role=MemberRole.CHIEF_EXECUTIVE)
        advisory = factory.Trait(is_voting=False)
