"""Two people editing the same record at once: the second is told, nothing is overwritten."""

import re

import pytest
from django.urls import reverse

from joinedup.agreements.models import Partnership
from joinedup.govuk.forms import STALE_EDIT
from tests.access import ROUTES, extend_world

EDIT_PAGES = sorted(
    name for name in ROUTES if name.endswith("edit") or name == "governance:body_rules"
)


def _fingerprint(html: str) -> str:
    return re.search(r'name="record_fingerprint" value="([0-9a-f]+)"', html).group(1)


def test_the_edit_pages_are_found():
    assert len(EDIT_PAGES) >= 6


@pytest.mark.parametrize("name", EDIT_PAGES)
def test_every_edit_page_carries_the_fingerprint_of_what_it_showed(name, world, client_for):
    extend_world(world)
    url = reverse(name, kwargs=ROUTES[name].elm(world))
    html = client_for(world.admin).get(url).content.decode()
    assert _fingerprint(html)


def test_the_second_of_two_people_editing_a_partnership_is_told_and_overwrites_nothing(
    world, client_for
):
    url = reverse("agreements:partnership_edit", kwargs={"slug": world.partnership.slug})
    mine = client_for(world.east_officer)
    seen = _fingerprint(mine.get(url).content.decode())

    # Meanwhile a Midlothian officer renames the partnership.
    theirs = client_for(world.mid_officer)
    their_form = theirs.get(url).content.decode()
    response = theirs.post(
        url,
        {
            "name": "Lothians together",
            "slug": world.partnership.slug,
            "summary": "",
            "is_published": "on",
            "record_fingerprint": _fingerprint(their_form),
        },
    )
    assert response.status_code == 302

    response = mine.post(
        url,
        {
            "name": "East Lothian and Midlothian Partnership",
            "slug": world.partnership.slug,
            "summary": "My summary",
            "is_published": "on",
            "record_fingerprint": seen,
        },
    )
    assert response.status_code == 200
    assert STALE_EDIT in response.content.decode()
    world.partnership.refresh_from_db()
    assert (world.partnership.name, world.partnership.summary) == ("Lothians together", "")

    # Having reloaded the page, the change goes through.
    fresh = _fingerprint(mine.get(url).content.decode())
    response = mine.post(
        url,
        {
            "name": "Lothians together",
            "slug": world.partnership.slug,
            "summary": "My summary",
            "is_published": "on",
            "record_fingerprint": fresh,
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get(pk=world.partnership.pk).summary == "My summary"
