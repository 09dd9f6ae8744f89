"""axe-core over the notice board, search, a notice and its consultation in a real browser,
and an officer's journey: respond to a consultation. Skipped where chromium or axe-core is
missing (and failing in CI)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from joinedup.notices.models import Category, Response
from tests.browser.helpers import axe_violations, describe_violations, sign_in, url

from .factories import AffectedAreaFactory, ConsultationFactory, ConsulteeFactory, NoticeFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def live_notices(transactional_db, live_server, live_world):
    world = live_world
    world.notice = NoticeFactory(
        publisher=world.essex,
        title="Recycling centre winter opening hours",
        summary="Wednesday closures at the recycling centre from November.",
        category=Category.WASTE,
    )
    AffectedAreaFactory(notice=world.notice, organisation=world.east)
    AffectedAreaFactory(notice=world.notice, organisation=world.mid)
    consultation = ConsultationFactory(notice=world.notice)
    world.consultee = ConsulteeFactory(consultation=consultation, organisation=world.east)
    ConsulteeFactory(consultation=consultation, organisation=world.mid)
    return world


def _assert_accessible(page, what):
    violations = axe_violations(page)
    assert not violations, f"{what}: {describe_violations(page, violations)}"


def test_the_notice_board_search_notice_and_consultation_pass_axe(page, live_server, live_notices):
    world = live_notices
    page.set_default_timeout(30_000)  # the shared test machine can be slow to serve
    pk = world.notice.pk
    for path in (
        reverse("notices:board"),
        reverse("notices:board") + f"?area={world.east.code}",
        reverse("notices:search") + "?q=recycling+centre",
        reverse("notices:detail", args=[pk]),
        reverse("notices:consultation", args=[pk]),
    ):
        page.goto(url(live_server, path))
        _assert_accessible(page, path)
    page.goto(url(live_server, reverse("notices:search") + "?q=recycling"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search notices and decisions")
    expect(page.locator("mark").first).to_have_text("Recycling")


def test_a_consulted_officer_responds_and_the_publisher_sees_it(page, live_server, live_notices):
    world = live_notices
    page.set_default_timeout(30_000)
    sign_in(page, live_server, "east.officer")
    page.goto(url(live_server, reverse("notices:consultation", args=[world.notice.pk])))
    page.get_by_role("link", name="Respond to the consultation").click()
    _assert_accessible(page, "respond")
    # the error state first
    page.get_by_role("button", name="Send response").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    _assert_accessible(page, "respond (error state)")
    page.get_by_label("Object").check()
    page.get_by_label("Response").fill("Wednesday closures will increase fly-tipping.")
    page.get_by_role("button", name="Send response").click()
    expect(page.get_by_text("Response sent")).to_be_visible()
    _assert_accessible(page, "consultation after responding")
    assert Response.objects.get().consultee == world.consultee


def test_every_notices_page_and_form_error_state_passes_axe(page, live_server, live_world):
    """tests/browser/test_every_page.py's check, over the notice board's routes only."""
    from tests.access import CHANGE, CREATE, PUBLIC, ROUTES, SIGNED_IN, extend_world
    from tests.browser.helpers import sign_out
    from tests.browser.test_every_page import NOT_PAGES, _check, _submit_blank_form

    world = extend_world(live_world)
    page.set_default_timeout(30_000)
    problems, visited = [], 0
    for username, target, kinds in (
        ("east.officer", "elm", {PUBLIC, CHANGE, CREATE, SIGNED_IN}),
        ("mid.officer", "hidden", {PUBLIC, CHANGE}),
    ):
        sign_in(page, live_server, username)
        for name, route in sorted(ROUTES.items()):
            kwargs = route.elm if target == "elm" else route.hidden
            if not name.startswith("notices:") or kwargs is None or name.endswith(NOT_PAGES):
                continue
            if route.kind not in kinds:
                continue
            response = page.goto(url(live_server, reverse(name, kwargs=kwargs(world))))
            if response.status != 200:
                problems.append(f"{name}: {page.url} answered {response.status}")
                continue
            visited += 1
            problems += _check(page, name)
            if page.locator("main form[method=post]").count():
                problems += [f"{name}: {p}" for p in _submit_blank_form(page)]
                problems += _check(page, f"{name} (error state)")
        sign_out(page)
    assert not problems, "\n".join(problems)
    assert visited >= 20
