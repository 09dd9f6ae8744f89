"""axe-core over the money, statement and savings pages with figures on them, in a real browser.

The browser and page fixtures come from tests/browser; like those tests, these are skipped
where chromium or axe-core is missing (and fail in CI).
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.browser.helpers import axe_violations, describe_violations, sign_in, url

from .factories import (
    CommitmentFactory,
    ContributionFactory,
    CostPoolFactory,
    InitiativeFactory,
    JointFundFactory,
    RechargeAgreementFactory,
    RechargeFactory,
    SavingsActualFactory,
    SavingsTargetFactory,
)

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.fixture
def live_money(transactional_db, world, live_server):
    initiative = InitiativeFactory(
        partnership=world.partnership,
        title="Shared Trading Standards",
        lead=world.east,
        participants=[world.east, world.mid],
    )
    CostPoolFactory(initiative=initiative, councils={world.east: None, world.mid: None})
    east_covers_mid = RechargeAgreementFactory(
        partnership=world.partnership, provider=world.east, recipient=world.mid
    )
    RechargeFactory(agreement=east_covers_mid, hours=Decimal("12.5"))
    fund = JointFundFactory(partnership=world.partnership)
    ContributionFactory(fund=fund, organisation=world.east)
    CommitmentFactory(fund=fund, initiative=initiative)
    for year in (2014, 2015, 2016):
        for council in (world.east, world.mid):
            SavingsTargetFactory(initiative=initiative, organisation=council, financial_year=year)
    SavingsActualFactory(initiative=initiative, organisation=world.east, financial_year=2014)
    return world


def test_the_money_and_savings_pages_pass_axe(page, live_server, live_money):
    world = live_money
    paths = [
        reverse("finance:money", args=["elm"]),
        reverse("finance:money", args=["elm"]) + "?year=nonsense",
        reverse("finance:savings", args=["elm"]),
        reverse("finance:statement", args=["elm"])
        + f"?organisation_a={world.east.pk}&organisation_b={world.mid.pk}"
        "&period_start_day=1&period_start_month=4&period_start_year=2004"
        "&period_end_day=31&period_end_month=3&period_end_year=2005",
    ]
    problems = []
    sign_in(page, live_server, "east.officer")
    for path in paths:
        response = page.goto(url(live_server, path))
        assert response.status == 200, path
        if violations := axe_violations(page):
            problems.append(describe_violations(page, violations))
    for name in ("cost_pool_add", "recharge_add", "commitment_add", "savings_target_add"):
        page.goto(url(live_server, reverse(f"finance:{name}", args=["elm"])))
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").last.click()
        assert page.locator(".govuk-error-summary").count() == 1, name
        if violations := axe_violations(page):
            problems.append(describe_violations(page, violations))
    assert not problems, "\n".join(problems)


def test_the_savings_chart_is_an_image_named_by_its_title(page, live_server, live_money):
    page.goto(url(live_server, reverse("finance:savings", args=["elm"])))
    chart = page.get_by_role("img", name="Savings by financial year, East Lothian and Midlothian")
    assert chart.count() == 1
    description = page.locator("#savings-by-year-desc").text_content()
    assert "2014/15: target £100,000.00, delivered £40,000.00" in description
    table = page.get_by_role("table", name="Savings by financial year: the figures in the chart")
    text = table.inner_text()
    assert "£100,000.00" in text and "£40,000.00" in text and "40.0%" in text
