import datetime

from joinedup.finance.years import FinancialYear, Quarter
from joinedup.reports import quarterly

D = datetime.date
Q3 = Quarter(FinancialYear(2013), 3)
Q4 = Quarter(FinancialYear(2013), 4)


def test_quarters_follow_the_financial_year():
    assert (Q3.starts_on, Q3.ends_on) == (D(2013, 10, 1), D(2013, 12, 31))
    assert (Q4.starts_on, Q4.ends_on) == (D(2014, 1, 1), D(2014, 3, 31))
    q1 = Quarter(FinancialYear(2014), 1)
    assert (q1.starts_on, q1.ends_on, q1.label) == (D(2014, 4, 1), D(2014, 6, 30), "Q1 2014/15")


def test_programme_status_groups_initiatives_by_stage_with_the_rag_of_the_quarter(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    stages = {group.status: [line.title for line in group.initiatives] for group in report.stages}
    # Joint procurement went live on 1 November 2014: at the end of 2013 it was approved.
    assert stages == {
        "idea": ["Shared legal services"],
        "approved": ["Joint procurement"],
        "pilot": ["Environmental health and trading standards"],
    }
    assert [g.status for g in report.stages] == ["idea", "approved", "pilot"]
    pilot = report.stages[2].initiatives[0]
    # Q3's latest report is the amber one to 31 December, not the green one to 31 March.
    assert (pilot.rag, pilot.rag_period_end) == ("amber", D(2013, 12, 31))
    assert pilot.lead == "Midlothian Council"
    q4 = quarterly.gather(report_world.partnership, Q4, today=D(2014, 6, 1))
    assert q4.stages[2].initiatives[0].rag == "green"
    assert report.initiative_count == 3
    later = quarterly.gather(report_world.partnership, Quarter(FinancialYear(2014), 3))
    assert [g.status for g in later.stages] == ["idea", "pilot", "live"]
    # Before anything was proposed there is nothing on the programme.
    early = quarterly.gather(report_world.partnership, Quarter(FinancialYear(2013), 1))
    assert early.stages == []


def test_decisions_are_those_of_the_quarter_and_never_exempt(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    assert [(d.item, d.meeting_on) for d in report.decisions] == [
        ("Pilot progress", D(2013, 11, 20))
    ]
    assert "confidential" not in repr(report)
    q4 = quarterly.gather(report_world.partnership, Q4, today=D(2014, 6, 1))
    assert [d.item for d in q4.decisions] == ["Budget 2014/15"]


def test_exceptions_are_as_at_the_end_of_the_quarter(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    kinds = {(e.initiative, e.kind) for e in report.exceptions}
    # The pilot was rated amber to 31 December 2013 (its green report is for the next quarter).
    assert ("Environmental health and trading standards", "amber") in kinds
    # Joint procurement was only approved then (it went live on 1 November 2014), so it needed
    # no report that quarter: stages are taken as at the quarter's end (issue 13.5).
    assert ("Joint procurement", "no_report") not in kinds
    assert all(e.initiative != "Shared legal services" for e in report.exceptions)


def test_money_cost_pools_of_the_year_shares_sum_exactly(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    assert [p.description for p in report.pools] == ["Shared head of service"]
    pool = report.pools[0]
    assert pool.total_pence == 1_000_01
    assert sorted(s.pence for s in pool.shares) == [500_00, 500_01]
    assert sum(s.pence for s in pool.shares) == pool.total_pence


def test_recharge_statement_for_the_quarter_is_netted(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    (statement,) = report.statements
    assert {statement.a_provided_pence, statement.b_provided_pence} == {300_00, 100_00}
    assert statement.net_pence == 200_00
    assert statement.summary == "Midlothian Council pays East Lothian Council £200.00"
    q4 = quarterly.gather(report_world.partnership, Q4, today=D(2014, 6, 1))
    assert q4.statements[0].summary == "No recharges in this period"


def test_fund_balances_are_at_the_end_of_the_quarter(report_world):
    q3 = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    (fund,) = q3.funds
    assert (fund.contributed_pence, fund.committed_pence, fund.balance_pence) == (
        100_000_00,
        10_000_00,
        90_000_00,
    )
    (fund,) = quarterly.gather(report_world.partnership, Q4, today=D(2014, 6, 1)).funds
    assert fund.balance_pence == 190_000_00
    assert fund.contributed_in_year_pence == 200_000_00


def test_savings_by_year_and_council_with_charts(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    by_year = {
        line.label: (line.target_pence, line.actual_pence) for line in report.savings_by_year
    }
    assert by_year == {"2013/14": (80_000_00, 75_000_00), "2014/15": (60_000_00, 0)}
    by_council = {line.label: line.target_pence for line in report.savings_by_council}
    assert by_council == {"East Lothian Council": 110_000_00, "Midlothian Council": 30_000_00}
    assert report.savings_total.target_pence == 140_000_00
    assert report.savings_total.actual_pence == 75_000_00
    assert [g.label for g in report.year_chart.groups] == ["2013/14", "2014/15"]
    assert report.council_chart.groups[0].bars[0].value_pence == 110_000_00


def test_an_empty_partnership_gathers_without_error(world):
    report = quarterly.gather(world.hidden, Q3, today=D(2014, 6, 1))
    assert report.stages == [] and report.funds == [] and report.savings_by_year == []
    assert report.year_chart.is_empty


def test_quarters_offered_run_from_the_first_work_to_today(report_world):
    quarters = quarterly.quarters_to_offer(report_world.partnership, today=D(2014, 5, 10))
    assert quarters[0] == Quarter(FinancialYear(2014), 1)
    assert quarters[-1] == Quarter(FinancialYear(2013), 1)
    assert len(quarters) == 5
