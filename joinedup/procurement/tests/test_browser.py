"""axe-core over the contract register, an import's report and the opportunities page.

The browser and page fixtures come from tests/browser; like those tests, these are skipped
where chromium or axe-core is missing (and fail in CI).
"""

import datetime
import pathlib

import pytest
from django.urls import reverse

from tests.browser.helpers import axe_violations, describe_violations, sign_in, url

from .factories import ContractFactory, ProcurementFactory

pytestmark = pytest.mark.browser
MESSY = pathlib.Path(__file__).parent / "data" / "messy_contracts.csv"


@pytest.fixture
def live_contracts(transactional_db, world, live_server):
    ends = datetime.date.today().replace(day=1) + datetime.timedelta(days=400)
    for n in range(55):
        council = world.east if n % 2 else world.mid
        ContractFactory(
            organisation=council,
            reference=f"C-{n:03d}",
            title=f"Refuse collection {n}",
            ends_on=ends + datetime.timedelta(days=n),
            supplier_is_sme=bool(n % 3),
        )
    ProcurementFactory(
        organisation=world.east,
        partnership=world.partnership,
        title="Waste fleet",
        current_contract_ends_on=ends,
    )
    return world


def test_the_register_import_report_and_opportunities_pass_axe(page, live_server, live_contracts):
    world = live_contracts
    problems = []

    def check(path):
        response = page.goto(url(live_server, path))
        assert response.status == 200, path
        if violations := axe_violations(page):
            problems.append(describe_violations(page, violations))

    register = reverse("procurement:register", args=[world.east.code])
    check(register)
    assert page.locator("tbody tr").count() >= 27
    check(register + "?page=2")
    opportunities = reverse("procurement:opportunities", args=["elm"])
    check(opportunities)
    assert page.get_by_role("link", name="Waste fleet").count() >= 1
    check(opportunities + "?window=99&level=1")
    assert page.locator(".govuk-error-summary").count() == 1

    sign_in(page, live_server, "east.officer")
    check(reverse("procurement:register_import", args=[world.east.code]))
    page.get_by_label("Contract register (CSV or XLSX file)").set_input_files(str(MESSY))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    heading = "Check the contract register before importing"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    if violations := axe_violations(page):
        problems.append(describe_violations(page, violations))
    with page.expect_navigation():
        page.get_by_role("button", name="Import contracts").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Contract register imported"
    assert page.get_by_text("9 rows not imported").count() == 1
    if violations := axe_violations(page):
        problems.append(describe_violations(page, violations))
    assert not problems, "\n".join(problems)


def test_the_procurement_forms_in_their_error_state_pass_axe(page, live_server, live_contracts):
    world = live_contracts
    problems = []
    sign_in(page, live_server, "east.officer")
    page.goto(url(live_server, reverse("procurement:procurement_add", args=["elm"])))
    page.get_by_label("CPV code").fill("9051100")
    page.get_by_label("Estimated value").fill("£1.2m")
    with page.expect_navigation():
        page.get_by_role("button", name="Save procurement").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.count() == 1
    assert page.title().startswith("Error: Record a forthcoming procurement")
    for link in ("CPV code must be 8 digits", "Estimated value must be an amount of money"):
        assert summary.get_by_role("link", name=link).count() == 1, link
    if violations := axe_violations(page):
        problems.append(describe_violations(page, violations))
    joinable = ProcurementFactory(
        organisation=world.mid, partnership=world.partnership, title="Grounds maintenance"
    )
    page.goto(url(live_server, reverse("procurement:procurement_join", args=[joinable.pk])))
    if violations := axe_violations(page):
        problems.append(describe_violations(page, violations))
    with page.expect_navigation():
        page.get_by_role("button", name="Opt in to join").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Grounds maintenance"
    assert page.get_by_role("rowheader", name="East Lothian Council").count() == 1
    if violations := axe_violations(page):
        problems.append(describe_violations(page, violations))
    assert not problems, "\n".join(problems)
