"""In a real chromium that enforces the content security policy (the other browser tests
bypass it to inject axe-core): nothing on the pages is blocked, and GOV.UK Frontend's inline
script runs, with its nonce, so components get their JavaScript."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.access import extend_world
from tests.browser.helpers import axe_violations, describe_violations, sign_in, url

pytestmark = pytest.mark.browser


@pytest.fixture
def enforcing_page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.blocked = []
    page.on(
        "console",
        lambda message: (
            page.blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: page.blocked.append(str(error)))
    yield page
    context.close()


def test_pages_load_under_the_policy_with_nothing_blocked(enforcing_page, live_server, live_world):
    world = extend_world(live_world)
    page = enforcing_page
    sign_in(page, live_server, "east.officer")
    paths = [
        reverse("home"),
        reverse("agreements:partnership", args=[world.partnership.slug]),
        reverse("finance:savings", args=[world.partnership.slug]),
        reverse("meetings:attendance", args=[world.meeting.pk]),
        reverse("meetings:item", args=[world.meeting.pk, world.item.number]),
        "/api/docs",
    ]
    for path in paths:
        response = page.goto(url(live_server, path))
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        if path != "/api/docs":
            classes = page.evaluate("document.body.className")
            assert "js-enabled" in classes and "govuk-frontend-supported" in classes, path
    assert not page.blocked, "\n".join(page.blocked)


@pytest.fixture
def axe_page(browser):
    # bypass_csp lets axe-core be injected; a longer timeout for a busy machine
    context = browser.new_context(bypass_csp=True, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(30_000)
    yield context.new_page()
    context.close()


def test_the_export_page_and_the_lockout_page_pass_axe(axe_page, live_server, live_world):
    page = axe_page
    sign_in(page, live_server, "admin")
    page.goto(url(live_server, reverse("audit:export")))
    assert page.locator("h1").inner_text() == "Export an organisation's history"
    assert not axe_violations(page), describe_violations(page, axe_violations(page))
    page.get_by_role("button", name="Sign out").click()

    with override_settings(AXES_ENABLED=True):
        for _ in range(5):
            page.goto(url(live_server, "/sign-in/"))
            page.get_by_label("Username").fill("east.officer")
            page.get_by_label("Password").fill("not the password")
            page.get_by_role("button", name="Sign in").click()
    assert page.locator("h1").inner_text() == "You cannot sign in for 15 minutes"
    assert not axe_violations(page), describe_violations(page, axe_violations(page))
