"""axe-core over the account pages in a real browser, and choosing who to act for by hand."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from joinedup.organisations.models import Authorisation, Role
from joinedup.organisations.tests.factories import UserFactory
from tests.browser.helpers import assert_accessible, sign_in, url

pytestmark = pytest.mark.browser


def test_choosing_who_to_act_for_and_the_account_pages_pass_axe(page, live_server, live_world):
    user = UserFactory(username="audit.head", organisation=live_world.east, first_name="Fiona")
    Authorisation.objects.create(user=user, organisation=live_world.mid, role=Role.OFFICER)
    page.goto(url(live_server, "/health/"), timeout=60_000)  # the live server's first answer
    sign_in(page, live_server, "audit.head")
    banner = page.locator(".govuk-phase-banner__text")
    expect(banner).to_contain_text("acting for East Lothian Council")
    banner.get_by_role("link", name="Change who you act for").click()
    assert_accessible(page)
    page.get_by_label("Midlothian Council (officer)").check()
    page.get_by_role("button", name="Act for this organisation").click()
    expect(banner).to_contain_text("acting for Midlothian Council")
    for name in ("accounts:profile", "accounts:sign_out_everywhere"):
        page.goto(url(live_server, reverse(name)))
        assert_accessible(page)


def test_the_invitation_and_reset_pages_pass_axe(page, live_server, live_world):
    sign_in(page, live_server, "jpm")
    page.goto(url(live_server, reverse("accounts:invite", args=["elm"])))
    assert_accessible(page)
    page.get_by_role("button", name="Send the invitation").click()  # empty: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.context.clear_cookies()
    page.goto(url(live_server, reverse("accounts:password_reset")))
    assert_accessible(page)
