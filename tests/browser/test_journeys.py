"""Journeys through joinedup in a real chromium, with axe-core run on every page on the way."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import assert_accessible, clear_date, fill_date, sign_in, sign_out, url

pytestmark = pytest.mark.browser


def h1(page):
    return page.get_by_role("heading", level=1)


def long_date(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def check_assets_load(page, live_server):
    """The GOV.UK stylesheet, fonts, images and scripts load from the live server, and apply."""
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    response = page.goto(url(live_server, "/"))
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert not failed, f"assets did not load: {failed}"
    css = page.request.get(url(live_server, "/static/css/joinedup.css"))
    assert css.status == 200
    assert "text/css" in css.headers["content-type"]
    assert ".govuk-header" in css.text()
    # The stylesheet applies: the skip link is off screen and the heading is GOV.UK's.
    styles = page.evaluate(
        """() => ({
            skipLink: getComputedStyle(document.querySelector(".govuk-skip-link")).position,
            h1Weight: getComputedStyle(document.querySelector("h1")).fontWeight,
            font: getComputedStyle(document.querySelector("h1")).fontFamily,
        })"""
    )
    assert styles == {"skipLink": "absolute", "h1Weight": "700", "font": "arial, sans-serif"}
    # GOV.UK Frontend's JavaScript ran: it marks each component it initialises.
    expect(page.locator("body.govuk-frontend-supported")).to_have_count(1)
    expect(page.locator(".govuk-button--start[data-govuk-button-init]")).to_have_count(1)


def test_an_anonymous_reader_walks_the_published_pages(page, live_server, live_world):
    check_assets_load(page, live_server)
    expect(h1(page)).to_have_text("Run your council partnership in one place")
    assert_accessible(page)

    page.get_by_role("button", name="See the partnerships").click()
    expect(h1(page)).to_have_text("Partnerships")
    expect(page.get_by_role("link", name="East Lothian and Midlothian")).to_be_visible()
    expect(page.get_by_text("Unpublished partnership")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="East Lothian and Midlothian").click()
    expect(h1(page)).to_have_text("East Lothian and Midlothian")
    parties = page.get_by_role("table", name="Parties to East Lothian and Midlothian")
    expect(parties.get_by_role("link", name="East Lothian Council")).to_be_visible()
    expect(parties.get_by_role("link", name="Midlothian Council")).to_be_visible()
    expect(page.get_by_role("link", name="Change the partnership's details")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Memorandum of Understanding").click()
    expect(h1(page)).to_have_text("Memorandum of Understanding")
    expect(page.get_by_role("heading", name="Version 1, in force")).to_be_visible()
    expect(page.get_by_role("link", name="Revise the agreement")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(h1(page)).to_have_text("Memorandum of Understanding: version 1")
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Organisations").click()
    expect(h1(page)).to_have_text("Organisations")
    assert_accessible(page)
    page.get_by_label("Nation").select_option(label="Scotland")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"nation=scotland"))
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="East Lothian Council")).to_be_visible()
    expect(table.get_by_role("link", name="Midlothian Council")).to_be_visible()
    expect(table.get_by_role("link", name="Essex County Council")).to_have_count(0)
    assert_accessible(page)

    table.get_by_role("link", name="East Lothian Council").click()
    expect(h1(page)).to_have_text("East Lothian Council")
    # Contact details are held by the council; a reader sees the name, not the email.
    expect(page.get_by_text("Morag Fraser")).to_be_visible()
    expect(page.get_by_text("morag@east.example")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="History of changes to East Lothian Council").click()
    expect(h1(page)).to_have_text("History of East Lothian Council")
    expect(page.get_by_role("cell", name="Created")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(h1(page)).to_have_text("Sign in")
    assert_accessible(page)

    response = page.goto(url(live_server, "/partnerships/hidden/"))
    assert response.status == 404
    expect(h1(page)).to_have_text("Page not found")
    assert_accessible(page)


def test_an_officer_sets_up_a_partnership_and_runs_its_agreement(page, live_server, live_world):
    today = timezone.localdate()
    sign_in(page, live_server, "east.officer")

    # Set up a partnership; an empty form shows the GOV.UK error summary.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Partnerships").click()
    page.get_by_role("link", name="Set up a partnership").click()
    expect(h1(page)).to_have_text("Set up a partnership")
    assert_accessible(page)
    clear_date(page, "joined_on")
    page.get_by_role("button", name="Save").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page).to_have_title(re.compile(r"^Error: Set up a partnership"))
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    assert_accessible(page)
    for href, field in (("#id_name", "id_name"), ("#id_joined_on_0", "id_joined_on_0")):
        summary.locator(f'a[href="{href}"]').click()
        expect(page.locator(f"#{field}")).to_be_focused()
    described_by = page.locator("#id_name").get_attribute("aria-describedby")
    expect(page.locator(f"#{described_by}")).to_contain_text("Error:")

    page.get_by_label("Name", exact=True).fill("Lothian Waste Partnership")
    page.get_by_label("Summary").fill("Shared waste collection for East Lothian and Midlothian.")
    fill_date(page, "joined_on", datetime.date(2024, 4, 1))
    page.get_by_role("button", name="Save").click()
    expect(h1(page)).to_have_text("Lothian Waste Partnership")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("set up")
    assert_accessible(page)
    partnership_url = page.url

    # Add a party.
    page.get_by_role("link", name="Add a party").click()
    expect(h1(page)).to_have_text("Add a party to Lothian Waste Partnership")
    page.get_by_label("Organisation").select_option(label="Midlothian Council")
    fill_date(page, "joined_on", datetime.date(2024, 4, 1))
    assert_accessible(page)
    page.get_by_role("button", name="Add party").click()
    parties = page.get_by_role("table", name="Parties to Lothian Waste Partnership")
    expect(parties.get_by_role("link", name="Midlothian Council")).to_be_visible()

    # Add the governing agreement: version 1 is a draft until both councils have signed it.
    page.get_by_role("link", name="Add an agreement").click()
    expect(h1(page)).to_have_text("Add an agreement to Lothian Waste Partnership")
    assert_accessible(page)
    page.get_by_label("Title", exact=True).fill("Waste Memorandum")
    page.get_by_label("Kind").select_option(label="Memorandum of understanding")
    page.get_by_label("This agreement governs the partnership").check()
    page.get_by_label("Legal form").select_option(label="Statement of intent, not legally binding")
    fill_date(page, "effective_on", datetime.date(2024, 4, 1))
    page.get_by_label("Objectives").fill("Collect waste together.")
    page.get_by_label("Notice period for withdrawal (months)").fill("3")
    page.get_by_label("At the end of the notice period").check()
    page.get_by_role("button", name="Save agreement").click()
    expect(h1(page)).to_have_text("Waste Memorandum")
    expect(page.get_by_role("heading", name="Version 1, draft")).to_be_visible()
    expect(page.locator(".govuk-inset-text").filter(has_text="Still to sign")).to_contain_text(
        "Midlothian Council"
    )
    assert_accessible(page)
    agreement_url = page.url

    def record_signature(number, council, name, signed_on):
        page.goto(agreement_url)
        page.get_by_role("link", name=f"record a signature to version {number}").first.click()
        expect(h1(page)).to_have_text("Record a signature to Waste Memorandum")
        page.get_by_label("Organisation").select_option(label=council)
        page.get_by_label("Name of the person who signed").fill(name)
        page.get_by_label("Their position").fill("Leader of the Council")
        fill_date(page, "signed_on", signed_on)
        assert_accessible(page)
        page.get_by_role("button", name="Record signature").click()
        expect(h1(page)).to_have_text(f"Waste Memorandum: version {number}")
        signatures = page.get_by_role("table", name=f"Signatures to version {number}")
        expect(signatures).to_contain_text(name)

    # Each council records its own signature; the second brings version 1 into force.
    record_signature(1, "East Lothian Council", "Norman Hampshire", datetime.date(2024, 4, 1))
    sign_out(page)
    sign_in(page, live_server, "mid.officer")
    record_signature(1, "Midlothian Council", "Derek Milligan", datetime.date(2024, 4, 1))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is in force")
    page.goto(agreement_url)
    expect(page.get_by_role("heading", name="Version 1, in force")).to_be_visible()
    assert_accessible(page)

    # Revise it: version 2 is a draft, and supersedes version 1 once both have signed it.
    page.get_by_role("link", name="Revise the agreement").click()
    expect(h1(page)).to_have_text("Revise Waste Memorandum")
    expect(page.get_by_label("Objectives")).to_have_value("Collect waste together.")
    assert_accessible(page)
    fill_date(page, "effective_on", datetime.date(2025, 4, 1))
    page.get_by_label("Notice period for withdrawal (months)").fill("2")
    page.get_by_label("What changed in this version").fill("Notice shortened to two months.")
    page.get_by_role("button", name="Save revision").click()
    expect(h1(page)).to_have_text("Waste Memorandum: version 2")
    assert_accessible(page)
    record_signature(2, "Midlothian Council", "Derek Milligan", datetime.date(2025, 4, 1))
    sign_out(page)
    sign_in(page, live_server, "east.officer")
    record_signature(2, "East Lothian Council", "Norman Hampshire", datetime.date(2025, 4, 2))
    assert_accessible(page)
    page.goto(agreement_url)
    expect(page.get_by_role("heading", name="Version 2, in force")).to_be_visible()
    versions = page.get_by_role("table", name="Every version of Waste Memorandum, newest first")
    rows = versions.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Version 2")
    expect(rows.nth(0)).to_contain_text("In force")
    expect(rows.nth(1)).to_contain_text("Version 1")
    expect(rows.nth(1)).to_contain_text("Superseded")
    expect(rows.nth(1)).to_contain_text("1 April 2025")
    assert_accessible(page)

    # Serve East Lothian's notice of withdrawal: it ends when the two months have run.
    page.goto(partnership_url)
    page.get_by_role("link", name="Serve notice of withdrawal for East Lothian Council").click()
    expect(h1(page)).to_have_text("Serve notice of withdrawal for East Lothian Council")
    page.get_by_label("Waste Memorandum").check()
    fill_date(page, "served_on", today)
    assert_accessible(page)
    page.get_by_role("button", name="Record notice of withdrawal").click()
    ends = long_date(today + relativedelta(months=2))
    row = page.get_by_role("row").filter(has_text="East Lothian Council")
    expect(row).to_contain_text(f"Ends {ends}")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(ends)
    assert_accessible(page)

    # Another council's officer reads the partnership but cannot change it.
    sign_out(page)
    sign_in(page, live_server, "essex.officer")
    page.goto(partnership_url)
    expect(h1(page)).to_have_text("Lothian Waste Partnership")
    for name in (
        "Change the partnership's details",
        "Add a party",
        "Add an agreement",
        "Serve notice of withdrawal for Midlothian Council",
    ):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    page.get_by_role("link", name="Waste Memorandum").first.click()
    for name in ("Revise the agreement", "Record a signature to version 2"):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    response = page.goto(f"{partnership_url}edit/")
    assert response.status == 403
    expect(h1(page)).to_have_text("You cannot see or do this")
    assert_accessible(page)
    sign_out(page)
