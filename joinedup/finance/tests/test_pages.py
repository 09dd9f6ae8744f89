import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.finance.models import (
    Commitment,
    Contribution,
    CostPool,
    Recharge,
    RechargeAgreement,
    SavingKind,
    SavingsTarget,
)

from .factories import (
    CommitmentFactory,
    ContributionFactory,
    CostPoolFactory,
    JointFundFactory,
    RechargeAgreementFactory,
    RechargeFactory,
    SavingsActualFactory,
    SavingsTargetFactory,
)

D = datetime.date
READ_PAGES = [
    "money",
    "statement",
    "savings",
    "money_csv",
    "money_xlsx",
    "savings_csv",
    "savings_xlsx",
]
ADD_PAGES = [
    "cost_pool_add",
    "recharge_agreement_add",
    "recharge_add",
    "fund_add",
    "contribution_add",
    "commitment_add",
    "savings_target_add",
    "savings_actual_add",
]


def url(name, slug="elm", **query):
    path = reverse(f"finance:{name}", args=[slug])
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def funded(money):
    money.fund = JointFundFactory(partnership=money.partnership, name="Partnership fund")
    ContributionFactory(fund=money.fund, organisation=money.east, amount_pence=100_000_00)
    ContributionFactory(fund=money.fund, organisation=money.mid, amount_pence=100_000_00)
    return money


# Who may read --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", READ_PAGES)
def test_anyone_reads_a_published_partnerships_money(money, client_for, name):
    for user in (None, money.public, money.essex_officer, money.mid_member, money.east_officer):
        assert client_for(user).get(url(name)).status_code == 200


@pytest.mark.parametrize("name", READ_PAGES)
def test_an_unpublished_partnerships_money_is_hidden_from_outsiders(money, client_for, name):
    for user in (None, money.public, money.essex_officer, money.east_officer):
        assert client_for(user).get(url(name, "hidden")).status_code == 404
    for user in (money.mid_officer, money.mid_member, money.admin):
        assert client_for(user).get(url(name, "hidden")).status_code == 200


# Who may change -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ADD_PAGES)
def test_the_partnerships_officers_and_managers_open_the_forms(money, client_for, name):
    for user in (money.east_officer, money.mid_officer, money.jpm, money.admin):
        assert client_for(user).get(url(name)).status_code == 200, user


@pytest.mark.parametrize("name", ADD_PAGES)
def test_other_councils_officers_members_and_the_public_are_refused(money, client_for, name):
    for user in (money.essex_officer, money.mid_member, money.public):
        assert client_for(user).get(url(name)).status_code == 403
        assert client_for(user).post(url(name), {"name": "Taken over"}).status_code == 403
    anonymous = client_for(None).get(url(name))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    assert client_for(money.east_officer).get(url(name, "hidden")).status_code == 404


def test_the_change_buttons_show_only_to_those_who_may_change(funded, client_for):
    assert "Add a cost pool" in client_for(funded.east_officer).get(url("money")).content.decode()
    for user in (None, funded.essex_officer, funded.mid_member):
        page = client_for(user).get(url("money")).content.decode()
        assert "Add a cost pool" not in page and "Commit spending" not in page


# Adding records through the pages -----------------------------------------------------------


def test_a_cost_pool_added_through_the_page_shows_its_shares(money, client_for):
    response = client_for(money.mid_officer).post(
        url("cost_pool_add"),
        {
            "initiative": money.initiative.pk,
            "financial_year": "2014/15",
            "description": "Trading Standards manager",
            "total_pence": "£100.00",
            "basis": "percentage",
            "organisations": [money.east.pk, money.mid.pk],
            f"value_{money.east.pk}": "66.67",
            f"value_{money.mid.pk}": "33.33",
        },
    )
    assert response.status_code == 302, response.content.decode()
    pool = CostPool.objects.get()
    assert (pool.financial_year, pool.total_pence) == (2014, 100_00)
    page = client_for(None).get(url("money")).content.decode()
    assert "Trading Standards manager, 2014/15" in page
    assert "£66.67" in page and "£33.33" in page and "66.67%" in page


def test_a_cost_pool_with_percentages_short_of_100_shows_an_error_summary(money, client_for):
    response = client_for(money.mid_officer).post(
        url("cost_pool_add"),
        {
            "initiative": money.initiative.pk,
            "financial_year": "2014/15",
            "description": "Manager",
            "total_pence": "100",
            "basis": "percentage",
            "organisations": [money.east.pk, money.mid.pk],
            f"value_{money.east.pk}": "60",
            f"value_{money.mid.pk}": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert f'href="#id_value_{money.mid.pk}"' in page
    assert "Enter the percentage for Midlothian Council" in page
    assert not CostPool.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,234.567", "Total cost must have no more than 2 decimal places"),
        ("12,34", "Total cost must be an amount of money in pounds"),
        ("=1+1", "Total cost must be an amount of money in pounds"),
        ("", "Enter the total cost"),
    ],
)
def test_an_amount_that_is_not_pounds_and_pence_is_refused_naming_the_field(
    money, client_for, typed, message
):
    response = client_for(money.jpm).post(
        url("cost_pool_add"),
        {
            "initiative": money.initiative.pk,
            "financial_year": "2014/15",
            "description": "x",
            "total_pence": typed,
            "basis": "equal",
            "organisations": [money.east.pk],
        },
    )
    page = response.content.decode()
    assert message in page
    assert 'href="#id_total_pence"' in page
    assert not CostPool.objects.exists()


def test_a_commitment_over_the_balance_is_refused_on_the_amount_field(funded, client_for):
    CommitmentFactory(fund=funded.fund, amount_pence=150_000_00)
    response = client_for(funded.east_officer).post(
        url("commitment_add"),
        {
            "fund": funded.fund.pk,
            "description": "Specialist advice",
            "amount_pence": "£50,000.01",
            **date_fields("committed_on", D(2014, 9, 1)),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_amount_pence"' in page
    assert "£50,000.01 is more than the £50,000.00 left uncommitted in Partnership fund" in page
    assert Commitment.objects.count() == 1


def test_a_commitment_within_the_balance_is_recorded_to_the_penny(funded, client_for):
    response = client_for(funded.east_officer).post(
        url("commitment_add"),
        {
            "fund": funded.fund.pk,
            "description": "Specialist advice",
            "amount_pence": "£50,000",
            "initiative": funded.initiative.pk,
            **date_fields("committed_on", D(2014, 9, 1)),
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.amount_pence, commitment.initiative) == (50_000_00, funded.initiative)
    page = client_for(None).get(url("money")).content.decode()
    assert "£150,000.00" in page, "the balance not yet committed"


def test_a_contribution_through_the_page(funded, client_for):
    response = client_for(funded.mid_officer).post(
        url("contribution_add"),
        {
            "fund": funded.fund.pk,
            "organisation": funded.mid.pk,
            "amount_pence": "1,234.56",
            "financial_year": "",
            **date_fields("contributed_on", D(2015, 3, 31)),
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get(amount_pence=1_234_56)
    assert contribution.financial_year == 2014


def test_a_fund_set_up_through_the_page(money, client_for):
    response = client_for(money.east_officer).post(
        url("fund_add"), {"name": "Partnership fund", "description": "Rec 28"}
    )
    assert response.status_code == 302
    assert money.partnership.joint_funds.get().name == "Partnership fund"


def test_an_officer_records_a_recharge_only_for_their_own_council(money, client_for):
    from joinedup.agreements.tests.factories import PartyFactory
    from joinedup.organisations.tests.factories import OrganisationFactory

    third = OrganisationFactory(name="Third Council")
    PartyFactory(partnership=money.partnership, organisation=third)
    theirs = RechargeAgreementFactory(
        partnership=money.partnership,
        provider=money.mid,
        recipient=third,
        description="Legal cover",
    )
    ours = RechargeAgreementFactory(
        partnership=money.partnership,
        provider=money.east,
        recipient=money.mid,
        description="H&S cover",
    )
    client = client_for(money.east_officer)
    form = client.get(url("recharge_add")).content.decode()
    assert "H&amp;S cover" in form and "Legal cover" not in form
    data = {
        "description": "",
        "charge_type": "time",
        "hours": "10",
        **date_fields("period_start", D(2004, 10, 1)),
        **date_fields("period_end", D(2004, 12, 31)),
    }
    refused = client.post(url("recharge_add"), data | {"agreement": theirs.pk})
    assert (
        refused.status_code == 200
        and "Select the recharge agreement from the list" in refused.content.decode()
    )
    assert client.post(url("recharge_add"), data | {"agreement": ours.pk}).status_code == 302
    assert Recharge.objects.get().amount_pence == 29713


def test_an_officer_cannot_set_up_a_recharge_between_two_other_councils(money, client_for):
    from joinedup.agreements.tests.factories import PartyFactory
    from joinedup.organisations.tests.factories import OrganisationFactory

    third = OrganisationFactory(name="Third Council")
    PartyFactory(partnership=money.partnership, organisation=third)
    response = client_for(money.east_officer).post(
        url("recharge_agreement_add"),
        {
            "provider": money.mid.pk,
            "recipient": third.pk,
            "description": "Legal cover",
            "hourly_rate_pence": "30",
            "on_cost_percent": "38.2",
            **date_fields("starts_on", D(2004, 10, 1)),
        },
    )
    assert "You can record only recharges that East Lothian Council provides or receives" in (
        response.content.decode()
    )
    assert not RechargeAgreement.objects.exists()
    response = client_for(money.jpm).post(
        url("recharge_agreement_add"),
        {
            "provider": money.mid.pk,
            "recipient": third.pk,
            "description": "Legal cover",
            "hourly_rate_pence": "30",
            "on_cost_percent": "38.2",
            **date_fields("starts_on", D(2004, 10, 1)),
        },
    )
    assert response.status_code == 302
    agreement = RechargeAgreement.objects.get()
    assert (agreement.hourly_rate_pence, agreement.on_cost_percent) == (30_00, Decimal("38.2"))


def test_on_costs_with_three_decimal_places_are_refused_naming_the_field(money, client_for):
    response = client_for(money.jpm).post(
        url("recharge_agreement_add"),
        {
            "provider": money.east.pk,
            "recipient": money.mid.pk,
            "description": "Cover",
            "hourly_rate_pence": "21.50",
            "on_cost_percent": "38.25a",
            **date_fields("starts_on", D(2004, 10, 1)),
        },
    )
    assert "On-costs (%) must be a number, like 38.2" in response.content.decode()
    response = client_for(money.jpm).post(
        url("recharge_agreement_add"),
        {
            "provider": money.east.pk,
            "recipient": money.mid.pk,
            "description": "Cover",
            "hourly_rate_pence": "21.50",
            "on_cost_percent": "38.255",
            **date_fields("starts_on", D(2004, 10, 1)),
        },
    )
    assert "On-costs (%) must have no more than 2 decimal places" in response.content.decode()
    assert not RechargeAgreement.objects.exists()


def test_savings_targets_and_actuals_through_the_pages(money, client_for):
    client = client_for(money.east_officer)
    response = client.post(
        url("savings_target_add"),
        {
            "initiative": money.initiative.pk,
            "organisation": money.east.pk,
            "financial_year": "2014/15",
            "kind": "cashable",
            "amount_pence": "25,000",
            "baseline_pence": "£400,000",
            "baseline_year": "2013/14",
        },
    )
    assert response.status_code == 302
    target = SavingsTarget.objects.get()
    assert (target.amount_pence, target.baseline_pence, target.baseline_year) == (
        25_000_00,
        400_000_00,
        2013,
    )
    again = client.post(
        url("savings_target_add"),
        {
            "initiative": money.initiative.pk,
            "organisation": money.east.pk,
            "financial_year": "2014-15",
            "kind": "cashable",
            "amount_pence": "1",
            "baseline_pence": "1",
        },
    )
    assert 'href="#id_financial_year"' in again.content.decode()
    assert "already has a cashable target" in again.content.decode()
    bad_year = client.post(
        url("savings_actual_add"),
        {
            "initiative": money.initiative.pk,
            "organisation": money.east.pk,
            "financial_year": "2014/16",
            "kind": "cashable",
            "amount_pence": "1",
        },
    )
    assert "not 2014/16" in bad_year.content.decode()
    response = client.post(
        url("savings_actual_add"),
        {
            "initiative": money.initiative.pk,
            "organisation": money.east.pk,
            "financial_year": "2014/15",
            "kind": "non_cashable",
            "amount_pence": "12,345.67",
        },
    )
    assert response.status_code == 302
    assert money.initiative.savings_actuals.get().amount_pence == 12_345_67


# Bad input never breaks a page ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "year=nonsense",
        "year=2014/16",
        "year=99999",
        "year=0",
        "organisation_a=abc&organisation_b=%00&period_start_day=31&period_start_month=2&period_start_year=2014",
        "organisation_a=999999&organisation_b=1&period_end_year=-1",
    ],
)
def test_nonsense_in_the_address_gives_an_error_not_a_server_error(money, client_for, query):
    for name in ("money", "statement"):
        response = client_for(None).get(url(name) + "?" + query)
        assert response.status_code in (200, 400)


def test_a_nonsense_year_is_shown_as_an_error_summary(money, client_for):
    page = client_for(None).get(url("money", year="next")).content.decode()
    assert "There is a problem" in page and 'href="#id_year"' in page


def test_posting_nonsense_to_a_form_gives_errors_not_a_server_error(funded, client_for):
    junk = {
        "initiative": "x",
        "organisations": ["y"],
        "fund": "99999",
        "amount_pence": "£££",
        "financial_year": "20x4",
        "basis": "magic",
        "committed_on_day": "99",
        "hours": "NaN",
        "on_cost_percent": "Infinity",
        "agreement": "-1",
        "charge_type": "barter",
        "kind": "?",
    }
    for name in ADD_PAGES:
        response = client_for(funded.jpm).post(url(name), junk)
        assert response.status_code == 200, name
        assert "There is a problem" in response.content.decode()


# What the pages show ------------------------------------------------------------------------


def test_the_money_page_shows_the_netted_statement_and_the_fund_balance(funded, client_for):
    east_covers_mid = RechargeAgreementFactory(
        partnership=funded.partnership, provider=funded.east, recipient=funded.mid
    )
    RechargeFactory(agreement=east_covers_mid, hours=Decimal("10"))  # £297.13
    CommitmentFactory(fund=funded.fund, amount_pence=40_000_00)
    page = client_for(None).get(url("money")).content.decode()
    assert "Midlothian Council pays East Lothian Council £297.13" in page
    assert "£160,000.00" in page
    assert "10 hours at £21.50 an hour plus 38.2% on-costs" in page


def test_the_money_page_filters_by_financial_year(funded, client_for):
    agreement = RechargeAgreementFactory(
        partnership=funded.partnership, provider=funded.east, recipient=funded.mid
    )
    RechargeFactory(
        agreement=agreement,
        fixed=True,
        fixed_charge_pence=111_11,
        period_start=D(2005, 3, 1),
        period_end=D(2005, 3, 31),
    )
    RechargeFactory(
        agreement=agreement,
        fixed=True,
        fixed_charge_pence=222_22,
        period_start=D(2005, 4, 1),
        period_end=D(2005, 4, 30),
    )
    page = client_for(None).get(url("money", year="2004/05")).content.decode()
    assert "£111.11" in page and "£222.22" not in page
    assert "<title>Money – East Lothian and Midlothian, 2004/05" in page


def test_the_statement_page_lists_each_line_both_ways_and_the_net(money, client_for):
    east_covers_mid = RechargeAgreementFactory(
        partnership=money.partnership, provider=money.east, recipient=money.mid
    )
    mid_covers_east = RechargeAgreementFactory(
        partnership=money.partnership,
        provider=money.mid,
        recipient=money.east,
        description="Legal cover",
    )
    RechargeFactory(agreement=east_covers_mid, fixed=True, fixed_charge_pence=500_00)
    RechargeFactory(agreement=mid_covers_east, fixed=True, fixed_charge_pence=750_50)
    query = {
        "organisation_a": money.east.pk,
        "organisation_b": money.mid.pk,
        **date_fields("period_start", D(2004, 4, 1)),
        **date_fields("period_end", D(2005, 3, 31)),
    }
    page = client_for(None).get(url("statement"), query).content.decode()
    assert "East Lothian Council pays Midlothian Council £250.50" in page
    assert "Total owed by Midlothian Council" in page and "£500.00" in page
    assert "Total owed by East Lothian Council" in page and "£750.50" in page


def test_the_savings_page_draws_accessible_charts_with_the_tables_figures(money, client_for):
    for year, amount in ((2014, 10_000_00), (2015, 20_000_00), (2016, 30_000_00)):
        SavingsTargetFactory(
            initiative=money.initiative,
            organisation=money.east,
            financial_year=year,
            amount_pence=amount,
        )
    SavingsActualFactory(
        initiative=money.initiative,
        organisation=money.east,
        financial_year=2014,
        amount_pence=12_345_67,
    )
    SavingsActualFactory(
        initiative=money.initiative,
        organisation=money.mid,
        financial_year=2014,
        amount_pence=1_00,
        kind=SavingKind.NON_CASHABLE,
    )
    page = client_for(None).get(url("savings")).content.decode()
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', svg)
        assert "<title id=" in svg and "<desc id=" in svg
        assert "Target" in svg and "Delivered" in svg, "a legend in words"
    by_year, by_council = svgs
    assert ">2014/15<" in by_year and ">2016/17<" in by_year
    assert "2014/15: target £10,000.00, delivered £12,346.67" in by_year
    assert "Delivered, 2014/15: £12,346.67" in by_year
    assert ">East Lothian Council<" in by_council and ">Midlothian Council<" in by_council
    tables = page[page.index("Savings by financial year: the figures in the chart") :]
    assert "£12,346.67" in tables and "£10,000.00" in tables and "123.5%" in tables
    assert "No target" in page, "Midlothian has savings but no target"


def test_the_savings_page_names_initiatives_without_three_years_of_targets(money, client_for):
    SavingsTargetFactory(initiative=money.initiative, organisation=money.east, financial_year=2014)
    page = client_for(None).get(url("savings")).content.decode()
    assert "Firm savings targets should be set for 3 financial years" in page
    assert "Shared Trading Standards (1 year)" in page


def test_the_money_page_takes_the_same_number_of_queries_however_much_money(funded, client_for):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client_for(None).get(url("money")).status_code == 200
        return len(queries)

    def add_some():
        pool = CostPoolFactory(
            initiative=funded.initiative, councils={funded.east: None, funded.mid: None}
        )
        agreement = RechargeAgreementFactory(
            partnership=funded.partnership, provider=funded.east, recipient=funded.mid
        )
        RechargeFactory(agreement=agreement)
        fund = JointFundFactory(partnership=funded.partnership)
        ContributionFactory(fund=fund, organisation=funded.east)
        CommitmentFactory(fund=fund, initiative=funded.initiative)
        return pool

    add_some()
    before = count()
    add_some()
    add_some()
    assert count() == before


def test_the_savings_page_takes_the_same_number_of_queries_however_many_savings(money, client_for):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client_for(None).get(url("savings"))
        return len(queries)

    SavingsTargetFactory(initiative=money.initiative, organisation=money.east, financial_year=2014)
    before = count()
    for year in (2015, 2016, 2017):
        SavingsTargetFactory(
            initiative=money.initiative, organisation=money.mid, financial_year=year
        )
        SavingsActualFactory(
            initiative=money.initiative, organisation=money.mid, financial_year=year
        )
    assert count() == before


def test_the_partnership_page_links_to_money_and_savings(money, client_for):
    page = client_for(None).get(reverse("agreements:partnership", args=["elm"])).content.decode()
    assert url("money") in page and url("savings") in page


def test_money_records_have_a_public_history(funded, client_for):
    page = client_for(None).get(
        reverse("audit:history", args=["finance.jointfund", funded.fund.pk])
    )
    assert page.status_code == 200
    hidden = JointFundFactory(partnership=funded.hidden)
    assert (
        client_for(None)
        .get(reverse("audit:history", args=["finance.jointfund", hidden.pk]))
        .status_code
        == 404
    )
