import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from joinedup.agreements.tests.factories import PartnershipFactory, PartyFactory
from joinedup.committees.models import CommitteeSystem
from joinedup.organisations.models import OrganisationKind
from joinedup.organisations.tests.factories import OrganisationFactory, UserFactory

from .moderngov_server import ModernGovServer


@pytest.fixture
def moderngov():
    with ModernGovServer(timezone.localdate()) as server:
        yield server


@pytest.fixture
def councils(db, moderngov):
    """Gedling and Rushcliffe in partnership; Gedling publishes its committees with ModernGov."""
    gedling = OrganisationFactory(
        code="E07000173", name="Gedling Borough Council", kind=OrganisationKind.BOROUGH
    )
    rushcliffe = OrganisationFactory(
        code="E07000176", name="Rushcliffe Borough Council", kind=OrganisationKind.BOROUGH
    )
    outsider = OrganisationFactory(code="E07000170", name="Ashfield District Council")
    partnership = PartnershipFactory(name="Gedling and Rushcliffe", slug="gedling-rushcliffe")
    for council in (gedling, rushcliffe):
        PartyFactory(
            partnership=partnership, organisation=council, joined_on=datetime.date(2004, 4, 1)
        )
    system = CommitteeSystem.objects.create(organisation=gedling, base_url=moderngov.url)
    return SimpleNamespace(
        gedling=gedling,
        rushcliffe=rushcliffe,
        outsider=outsider,
        partnership=partnership,
        system=system,
        gedling_officer=UserFactory(organisation=gedling),
        rushcliffe_officer=UserFactory(organisation=rushcliffe),
        outsider_officer=UserFactory(organisation=outsider),
        public=UserFactory(public=True),
    )
