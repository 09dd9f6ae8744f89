"""Issue 21.1: a user of an organisation with the public role (what single sign-on creates)
sees what the public sees: not the council's contact details, not its unpublished
partnerships. The organisation counts only with an officer or elected-member role."""

import pytest
from django.urls import reverse

from joinedup.organisations.models import Role
from joinedup.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_on(world):
    return UserFactory(username="new.starter", organisation=world.mid, role=Role.PUBLIC)


def test_the_public_role_does_not_see_its_councils_contact_details(world, signed_on, client_for):
    page = client_for(signed_on).get(reverse("organisations:detail", args=[world.mid.code]))
    assert "kenneth@mid.example" not in page.content.decode()
    # the council's officer does (the grant the refusal is measured against)
    page = client_for(world.mid_officer).get(reverse("organisations:detail", args=[world.mid.code]))
    assert "kenneth@mid.example" in page.content.decode()


def test_the_public_role_does_not_see_its_councils_unpublished_partnerships(
    world, signed_on, client_for
):
    hidden = reverse("agreements:partnership", args=[world.hidden.slug])
    assert client_for(signed_on).get(hidden).status_code == 404
    listing = client_for(signed_on).get(reverse("agreements:partnerships")).content.decode()
    assert "Unpublished partnership" not in listing
    assert client_for(world.mid_officer).get(hidden).status_code == 200


def test_the_header_does_not_say_the_public_role_acts_for_the_council(world, signed_on, client_for):
    page = client_for(signed_on).get(reverse("home")).content.decode()
    assert "acting for" not in page


def test_nor_through_the_api(world, signed_on, api):
    detail = api("get", f"/organisations/{world.mid.code}", user=signed_on).json()
    assert "kenneth@mid.example" not in str(detail)
    assert api("get", f"/partnerships/{world.hidden.slug}", user=signed_on).status_code == 404
    officer = api("get", f"/organisations/{world.mid.code}", user=world.mid_officer).json()
    assert "kenneth@mid.example" in str(officer)
    assert (
        api("get", f"/partnerships/{world.hidden.slug}", user=world.mid_officer).status_code == 200
    )
