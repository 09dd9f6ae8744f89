"""axe-core over the contact programme and coverage pages, and recording a visit, in chromium.

The browser and page fixtures come from tests/browser; these are skipped where chromium or
axe-core is missing (and fail in CI).
"""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from joinedup.organisations.tests.factories import PersonFactory, PostFactory
from tests.browser.helpers import axe_violations, describe_violations, sign_in, url

from .factories import (
    AppointmentFactory,
    ContactProgrammeFactory,
    JointStaffMeetingFactory,
    VisitFactory,
)

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.fixture
def live_programme(live_world):
    w = live_world
    programme = ContactProgrammeFactory(partnership=w.partnership)
    chief = PersonFactory(organisation=w.east, name="Morag Chief")
    PostFactory(person=chief, kind="chief_executive")
    VisitFactory(
        programme=programme,
        visiting=w.east,
        visited=w.mid,
        visitors=[chief],
        planned_on=D(2026, 6, 1),
        purpose="Overdue visit",
    )
    VisitFactory(programme=programme, visiting=w.mid, visited=w.east, cancelled=True)
    AppointmentFactory(programme=programme, person=chief, council=w.mid)
    JointStaffMeetingFactory(programme=programme, councils=[w.east, w.mid], is_held=True)
    w.contact_programme = programme
    return w


def _check(page, problems):
    if violations := axe_violations(page):
        problems.append(describe_violations(page, violations))


def test_the_programme_and_coverage_pages_pass_axe_and_a_visit_is_recorded(
    page, live_server, live_programme
):
    w = live_programme
    args = ["elm", w.contact_programme.pk]
    problems = []
    for name in ("programmes", "programme", "coverage"):
        kwargs = {"slug": "elm"} if name == "programmes" else {"slug": "elm", "pk": args[1]}
        response = page.goto(url(live_server, reverse(f"engagement:{name}", kwargs=kwargs)))
        assert response.status == 200, name
        _check(page, problems)
    expect(page.locator("main table caption")).to_have_text("2 of 2 councils not yet visited")

    sign_in(page, live_server, "east.officer")
    page.goto(url(live_server, reverse("engagement:programme", args=args)))
    _check(page, problems)
    page.get_by_role("link", name="Record as held").first.click()
    expect(page.locator("h1")).to_have_text("Record the visit to Midlothian Council as held")
    page.get_by_role("button", name="Record as held").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the visit was held"
    )
    _check(page, problems)
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Morag Chief").check()
    page.get_by_role("button", name="Record as held").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded as held")
    page.goto(url(live_server, reverse("engagement:coverage", args=args)))
    expect(page.locator("main table caption")).to_have_text("1 of 2 councils not yet visited")
    _check(page, problems)

    page.goto(url(live_server, reverse("engagement:visit_add", args=args)))
    page.get_by_role("button", name="Plan the visit").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _check(page, problems)
    assert not problems, "\n".join(problems)
