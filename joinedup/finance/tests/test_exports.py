import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from joinedup.finance.apportionment import Basis
from joinedup.finance.exports import neutralise

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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def books(money):
    CostPoolFactory(
        initiative=money.initiative,
        description="Manager",
        total_pence=100_00,
        basis=Basis.EQUAL,
        councils={money.east: None, money.mid: None, money.essex: None},
    )
    agreement = RechargeAgreementFactory(
        partnership=money.partnership,
        provider=money.east,
        recipient=money.mid,
        description='=HYPERLINK("http://evil.example","click")',
    )
    RechargeFactory(
        agreement=agreement,
        hours=Decimal("7.5"),
        hourly_rate_pence=2345,
        on_cost_percent=Decimal("38.2"),
    )
    fund = JointFundFactory(partnership=money.partnership, name="+Fund")
    ContributionFactory(fund=fund, organisation=money.east, amount_pence=100_000_00)
    CommitmentFactory(
        fund=fund, description="@SUM(A1:A9)", amount_pence=12_345_67, committed_on=D(2014, 7, 1)
    )
    CommitmentFactory(fund=fund, description="-2+3", amount_pence=1, committed_on=D(2014, 7, 2))
    SavingsTargetFactory(
        initiative=money.initiative,
        organisation=money.east,
        financial_year=2014,
        amount_pence=50_000_00,
    )
    SavingsActualFactory(
        initiative=money.initiative,
        organisation=money.east,
        financial_year=2014,
        amount_pence=12_345_67,
        note="=cmd|' /C calc'!A0",
    )
    return money


def _csv(client, name):
    response = client.get(reverse(f"finance:{name}", args=["elm"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(client, name):
    response = client.get(reverse(f"finance:{name}", args=["elm"]))
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Trading Standards", "Trading Standards"),
        ("a=b", "a=b"),
    ],
)
def test_formula_injection_is_neutralised(value, expected):
    assert neutralise(value) == expected


def test_the_money_csv_has_every_figure_to_the_penny_and_no_formulas(books, client_for):
    rows = _csv(client_for(None), "money_csv")
    assert rows[0][0] == "Record" and rows[0][-1] == "Amount (£)"
    by_record = {}
    for row in rows[1:]:
        by_record.setdefault(row[0], []).append(row)
    assert [r[-1] for r in by_record["Cost pool"]] == ["100.00"]
    assert sorted(r[-1] for r in by_record["Cost pool share"]) == ["33.33", "33.33", "33.34"]
    (recharge,) = by_record["Recharge"]
    assert recharge[-1] == "243.06"  # 7.5 × £23.45 × 1.382 = £243.05925
    assert recharge[4] == '\'=HYPERLINK("http://evil.example","click")'
    assert recharge[6:8] == ["East Lothian Council", "Midlothian Council"]
    assert by_record["Joint fund contribution"][0][-1] == "100000.00"
    assert by_record["Joint fund contribution"][0][5] == "'+Fund"
    commitments = by_record["Joint fund commitment"]
    assert [c[4] for c in commitments] == ["'@SUM(A1:A9)", "'-2+3"]
    assert [c[-1] for c in commitments] == ["12345.67", "0.01"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), row


def test_the_money_xlsx_reads_back_with_the_same_figures_and_text_never_a_formula(
    books, client_for
):
    sheet = _xlsx(client_for(None), "money_xlsx")
    assert sheet.title == "Money"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Record" and rows[0][-1] == "Amount (£)"
    amounts = {(r[0], r[4]): r[-1] for r in rows[1:]}
    assert Decimal(
        str(amounts["Recharge", '=HYPERLINK("http://evil.example","click")'])
    ) == Decimal("243.06")
    assert Decimal(str(amounts["Joint fund commitment", "@SUM(A1:A9)"])) == Decimal("12345.67")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
    amount_cells = [row[-1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.number_format == '"£"#,##0.00' for cell in amount_cells)
    total = sum(Decimal(str(c.value)) for c in amount_cells if c.value is not None)
    csv_rows = _csv(client_for(None), "money_csv")
    assert total == sum(Decimal(r[-1]) for r in csv_rows[1:]), "the CSV and XLSX agree"


def test_the_savings_exports_carry_targets_actuals_and_baselines(books, client_for):
    rows = _csv(client_for(None), "savings_csv")
    assert rows[0] == [
        "Record",
        "Financial year",
        "Initiative",
        "Council",
        "Kind",
        "Amount (£)",
        "Baseline (£)",
        "Baseline year",
        "Note",
    ]
    target, actual = rows[1:]
    assert target == [
        "Target",
        "2014/15",
        "Shared Trading Standards",
        "East Lothian Council",
        "Cashable",
        "50000.00",
        "400000.00",
        "2013/14",
        "",
    ]
    assert actual[:6] == [
        "Actual",
        "2014/15",
        "Shared Trading Standards",
        "East Lothian Council",
        "Cashable",
        "12345.67",
    ]
    assert actual[-1] == "'=cmd|' /C calc'!A0"
    sheet = _xlsx(client_for(None), "savings_xlsx")
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][-1] == "=cmd|' /C calc'!A0"
    assert sheet["I3"].data_type == "s"
    assert Decimal(str(values[1][5])) == Decimal("50000.00")


def test_exports_of_an_unpublished_partnership_are_for_insiders_only(money, client_for):
    for name in ("money_csv", "money_xlsx", "savings_csv", "savings_xlsx"):
        path = reverse(f"finance:{name}", args=["hidden"])
        assert client_for(money.essex_officer).get(path).status_code == 404
        assert client_for(money.mid_officer).get(path).status_code == 200


def test_the_xlsx_exports_survive_control_characters_already_stored(books, client_for):
    """Issue 21 item 5: a vertical tab (Word's Shift+Enter) stored before input was normalised
    must not break the export; it is written as a line break, other control characters not at
    all."""
    from joinedup.finance.models import SavingsActual

    SavingsActual.objects.update(note="First line\x0bsecond line\x01\x1f end")
    sheet = _xlsx(client_for(None), "savings_xlsx")
    notes = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "First line\nsecond line end" in notes
    assert client_for(None).get(reverse("finance:savings_csv", args=["elm"])).status_code == 200
