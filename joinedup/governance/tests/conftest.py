from types import SimpleNamespace

import pytest

from joinedup.governance.models import MemberRole
from joinedup.governance.tests.factories import (
    MOU_REVISED,
    BodyFactory,
    MembershipFactory,
    QuorumRequirementFactory,
    SeatFactory,
)
from joinedup.organisations.models import PostKind
from joinedup.organisations.tests.factories import PersonFactory, PostFactory


def person(organisation, name, kind):
    someone = PersonFactory(organisation=organisation, name=name)
    PostFactory(person=someone, kind=kind)
    return someone


@pytest.fixture
def jlg(world):
    """003 §6.1: the Elected Members Joint Liaison Group of East Lothian and Midlothian.

    Midlothian hosts first, from 3 June 2013, and the venue alternates each year.
    """
    body = BodyFactory(jlg=True, partnership=world.partnership, first_host=world.mid)
    cabinet = SeatFactory(body=body, cabinet=True)
    chief_executives = SeatFactory(body=body, chief_executive=True, is_voting=False)
    QuorumRequirementFactory(body=body)
    people = SimpleNamespace(
        baird=person(world.mid, "Cllr Fiona Baird", PostKind.CABINET_MEMBER),
        reid=person(world.mid, "Cllr Owen Reid", PostKind.CABINET_MEMBER),
        gray=person(world.mid, "Cllr Ann Gray", PostKind.CABINET_MEMBER),
        backbencher=person(world.mid, "Cllr Sam Low", PostKind.ELECTED_MEMBER),
        wallace=person(world.east, "Cllr Iain Wallace", PostKind.CABINET_MEMBER),
        lawrie=world.mid_person,
        fraser=world.east_person,
    )
    PostFactory(person=world.mid_person, kind=PostKind.CHIEF_EXECUTIVE)
    PostFactory(person=world.east_person, kind=PostKind.CHIEF_EXECUTIVE)
    members = SimpleNamespace(
        baird=MembershipFactory(body=body, person=people.baird, seat=cabinet),
        reid=MembershipFactory(body=body, person=people.reid, seat=cabinet),
        wallace=MembershipFactory(body=body, person=people.wallace, seat=cabinet),
        lawrie=MembershipFactory(
            body=body,
            person=people.lawrie,
            seat=chief_executives,
            role=MemberRole.CHIEF_EXECUTIVE,
            is_voting=False,
        ),
        fraser=MembershipFactory(
            body=body,
            person=people.fraser,
            seat=chief_executives,
            role=MemberRole.CHIEF_EXECUTIVE,
            is_voting=False,
        ),
    )
    return SimpleNamespace(
        body=body,
        cabinet=cabinet,
        chief_executives=chief_executives,
        people=people,
        members=members,
        started=MOU_REVISED,
    )
