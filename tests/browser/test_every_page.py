"""axe-core over every page in the access matrix, and over every form's error state."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ..access import ADMIN, KINDS, MANAGE, PUBLIC, ROUTES, extend_world
from .helpers import (
    axe_violations,
    broken_aria_references,
    describe_violations,
    sign_in,
    sign_out,
    url,
)

pytestmark = pytest.mark.browser

# Routes that answer with a file, a feed or JSON rather than a page.
NOT_PAGES = ("_csv", "_xlsx", "_feed", "_popolo", "meetings:paper", "health", "_docx", "_pdf")
NOT_PAGES += ("_ocds",)  # procurement: OCDS JSON downloads
# accounts: reached only through a signed link (a made-up token is a 404); axe over them runs
# with real links in joinedup/accounts/tests/test_browser.py
NOT_PAGES += ("accounts:accept_invitation", "accounts:unsubscribe")

BLANKABLE = (
    "main form[method=post] input[type=text], main form[method=post] input[type=email], "
    "main form[method=post] input[type=number], main form[method=post] textarea"
)


def test_axe_reports_a_planted_violation(page):
    """The harness itself works: a page with an unlabelled image fails."""
    page.set_content(
        '<html lang="en"><head><title>Planted</title></head>'
        '<body><main><h1>Planted</h1><img src="x.png"></main></body></html>'
    )
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["image-alt"]
    description = describe_violations(page, violations)
    assert "- image-alt (critical): Images must have alternative text" in description
    assert "at img" in description


def _submit_blank_form(page) -> list[str]:
    """Blank the form's fields and submit it; check the GOV.UK error summary that comes back."""
    problems = []
    for field in page.locator(BLANKABLE).all():
        field.fill("")
    for select in page.locator("main form[method=post] select").all():
        select.select_option(index=0)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()
    summary = page.locator(".govuk-error-summary")
    if summary.count() == 0:
        return problems  # the form was valid as it stood
    expect(summary).to_be_focused()
    if not page.title().startswith("Error: "):
        problems.append(f"{page.url}: the title does not start 'Error: ': {page.title()!r}")
    for link in summary.get_by_role("link").all():
        target = link.get_attribute("href")
        if page.locator(target).count() != 1:
            problems.append(f"{page.url}: the error summary links to {target}, which is not there")
            continue
        link.click()
        if not page.evaluate("(id) => document.activeElement.id === id", target[1:]):
            problems.append(f"{page.url}: following {target} does not focus the field")
    return problems


def _check(page, name) -> list[str]:
    problems = []
    if violations := axe_violations(page):
        problems.append(f"{name}: {describe_violations(page, violations)}")
    if broken := broken_aria_references(page):
        problems.append(f"{name}: {page.url} refers to ids that are not there: {broken}")
    return problems


def _check_pages(page, live_server, world, target, kinds) -> list[str]:
    problems = []
    for name, route in sorted(ROUTES.items()):
        kwargs = route.elm if target == "elm" else route.hidden
        if kwargs is None or route.post_only or name == "logout" or name.endswith(NOT_PAGES):
            continue
        if route.kind not in kinds:
            continue
        response = page.goto(url(live_server, reverse(name, kwargs=kwargs(world))))
        if response.status != 200:
            problems.append(f"{name}: {page.url} answered {response.status}")
            continue
        problems += _check(page, name)
        if page.locator("main form[method=post]").count():
            problems += [f"{name}: {p}" for p in _submit_blank_form(page)]
            problems += _check(page, f"{name} (error state)")
    return problems


def test_every_page_and_every_form_in_its_error_state_passes_axe(page, live_server, live_world):
    world = extend_world(live_world)
    problems = []
    for username, target, kinds in (
        ("east.officer", "elm", {kind for kind in KINDS if kind not in (MANAGE, ADMIN)}),
        ("jpm", "elm", {MANAGE}),
        ("admin", "elm", {ADMIN}),
        ("mid.officer", "hidden", {PUBLIC}),
    ):
        sign_in(page, live_server, username)
        problems += _check_pages(page, live_server, world, target, kinds)
        sign_out(page)
    assert not problems, "\n".join(problems)
