"""axe-core over the search page showing decisions of joint bodies, and its error state, in a
real browser; a visitor chooses "Decisions of joint bodies" and follows a hit to the agenda
item. Skipped where chromium or axe-core is missing (and failing in CI)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, url

from .factories import AgendaItemFactory, BodyFactory, DecisionFactory, MeetingFactory, at

pytestmark = pytest.mark.browser


@pytest.fixture
def live_decisions(transactional_db, live_server, live_world):
    world = live_world
    body = BodyFactory(partnership=world.partnership, name="Partnership Working Board")
    meeting = MeetingFactory(body=body, starts_at=at(2013, 9, 2), host=world.mid, held=True)
    world.decision = DecisionFactory(
        item=AgendaItemFactory(
            meeting=meeting,
            number=1,
            title="Recycling centre contract",
            description="The shared recycling centre's operating contract.",
        ),
        outcome="Agreed to award the recycling centre contract to the lowest bidder.",
    )
    DecisionFactory(
        item=AgendaItemFactory(meeting=meeting, number=2, title="Waste services review"),
        outcome="Recommended closing the recycling centre on Wednesdays to the councils.",
        awaiting_ratification=True,
    )
    return world


def test_the_search_page_showing_decisions_passes_axe(page, live_server, live_decisions):
    world = live_decisions
    page.set_default_timeout(30_000)  # the shared test machine can be slow to serve
    search = reverse("notices:search")
    page.goto(url(live_server, search + "?q=recycling+centre&search_in=decisions"))
    expect(page.locator("main h2").first).to_have_text("2 results for ‘recycling centre’")
    expect(page.locator("mark").first).to_have_text("Recycling")
    expect(page.get_by_text("Awaiting ratification")).to_be_visible()
    assert_accessible(page)

    page.goto(url(live_server, search + "?q=recycling&search_in=minutes"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    # a visitor chooses where to search and follows a hit to the agenda item
    page.goto(url(live_server, search))
    assert_accessible(page)
    page.get_by_label("Decisions of joint bodies").check()
    page.get_by_label("Search notices").fill("lowest bidder")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("main h2").first).to_have_text("1 result for ‘lowest bidder’")
    page.get_by_role("link", name="Recycling centre contract").click()
    expect(page).to_have_url(url(live_server, world.decision.item.get_absolute_url()))
