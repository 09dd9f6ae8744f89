"""A partnership's money and savings as tables, for CSV and XLSX downloads.

Amounts are exact pounds (Decimal) to two places; the CSV writes them as plain numbers
(1234.56) and the XLSX as numbers formatted as pounds. Text typed by users is neutralised in
the CSV so that a spreadsheet does not run it as a formula (a cell starting with =, +, -, @,
a tab or a carriage return gets a leading single quote), and is stored as text, never as a
formula, in the XLSX.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from joinedup.agreements.models import Partnership
from joinedup.govuk.text import xml_safe

from .models import Commitment, Contribution, CostPool, Recharge, SavingsActual, SavingsTarget
from .money import pence_to_pounds
from .years import FinancialYear

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
POUNDS_FORMAT = '"£"#,##0.00'

# (heading, key) for each column; rows are built as dicts by key.
MONEY_COLUMNS = [
    ("Record", "record"),
    ("Financial year", "year"),
    ("Date", "date"),
    ("Period end", "period_end"),
    ("Description", "description"),
    ("Initiative or fund", "held_by"),
    ("Council", "council"),
    ("Other council", "other_council"),
    ("Basis or calculation", "basis"),
    ("Amount (£)", "amount"),
]
SAVINGS_COLUMNS = [
    ("Record", "record"),
    ("Financial year", "year"),
    ("Initiative", "initiative"),
    ("Council", "council"),
    ("Kind", "kind"),
    ("Amount (£)", "amount"),
    ("Baseline (£)", "baseline"),
    ("Baseline year", "baseline_year"),
    ("Note", "note"),
]


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list]


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _table(title: str, columns, rows: list[dict]) -> Table:
    return Table(
        title,
        [heading for heading, _ in columns],
        [[row.get(key) for _, key in columns] for row in rows],
    )


def money_table(partnership: Partnership) -> Table:
    rows = []
    pools = (
        CostPool.objects.filter(initiative__partnership=partnership)
        .select_related("initiative")
        .prefetch_related("measures__organisation")
        .order_by("financial_year", "description", "pk")
    )
    for pool in pools:
        common = {
            "year": pool.financial_year_label,
            "description": pool.description,
            "held_by": str(pool.initiative),
            "basis": pool.get_basis_display(),
        }
        rows.append(common | {"record": "Cost pool", "amount": pence_to_pounds(pool.total_pence)})
        for organisation, share in pool.apportionment().shares.items():
            rows.append(
                common
                | {
                    "record": "Cost pool share",
                    "council": organisation.name,
                    "amount": pence_to_pounds(share),
                }
            )
    recharges = (
        Recharge.objects.filter(agreement__partnership=partnership)
        .select_related("agreement__provider", "agreement__recipient")
        .order_by("period_end", "period_start", "pk")
    )
    for recharge in recharges:
        agreement = recharge.agreement
        description = agreement.description
        if recharge.description:
            description += f": {recharge.description}"
        rows.append(
            {
                "record": "Recharge",
                "year": recharge.financial_year_label,
                "date": recharge.period_start,
                "period_end": recharge.period_end,
                "description": description,
                "council": agreement.provider.name,
                "other_council": agreement.recipient.name,
                "basis": recharge.calculation,
                "amount": pence_to_pounds(recharge.amount_pence),
            }
        )
    contributions = (
        Contribution.objects.filter(fund__partnership=partnership)
        .select_related("fund", "organisation")
        .order_by("contributed_on", "pk")
    )
    for contribution in contributions:
        rows.append(
            {
                "record": "Joint fund contribution",
                "year": contribution.financial_year_label,
                "date": contribution.contributed_on,
                "held_by": contribution.fund.name,
                "council": contribution.organisation.name,
                "amount": pence_to_pounds(contribution.amount_pence),
            }
        )
    commitments = (
        Commitment.objects.filter(fund__partnership=partnership)
        .select_related("fund", "initiative")
        .order_by("committed_on", "pk")
    )
    for commitment in commitments:
        rows.append(
            {
                "record": "Joint fund commitment",
                "year": commitment.financial_year_label,
                "date": commitment.committed_on,
                "description": commitment.description,
                "held_by": commitment.fund.name,
                "basis": str(commitment.initiative or ""),
                "amount": pence_to_pounds(commitment.amount_pence),
            }
        )
    return _table("Money", MONEY_COLUMNS, rows)


def savings_table(partnership: Partnership) -> Table:
    rows = []
    targets = (
        SavingsTarget.objects.filter(initiative__partnership=partnership)
        .select_related("initiative", "organisation")
        .order_by("financial_year", "organisation__name", "kind", "pk")
    )
    for target in targets:
        rows.append(
            {
                "record": "Target",
                "year": target.financial_year_label,
                "initiative": str(target.initiative),
                "council": target.organisation.name,
                "kind": target.get_kind_display(),
                "amount": pence_to_pounds(target.amount_pence),
                "baseline": pence_to_pounds(target.baseline_pence),
                "baseline_year": target.baseline_year_label,
                "note": target.note,
            }
        )
    actuals = (
        SavingsActual.objects.filter(initiative__partnership=partnership)
        .select_related("initiative", "organisation")
        .order_by("financial_year", "organisation__name", "kind", "pk")
    )
    for actual in actuals:
        rows.append(
            {
                "record": "Actual",
                "year": actual.financial_year_label,
                "initiative": str(actual.initiative),
                "council": actual.organisation.name,
                "kind": actual.get_kind_display(),
                "amount": pence_to_pounds(actual.amount_pence),
                "note": actual.note,
            }
        )
    return _table("Savings", SAVINGS_COLUMNS, rows)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, FinancialYear):
        return value.label
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(str(value))


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return buffer.getvalue()


def to_xlsx(table: Table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title
    sheet.append([xml_safe(header) for header in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        # xml_safe: a control character stored in a note (Word's vertical tab) cannot go into
        # a worksheet; openpyxl would refuse the whole export.
        sheet.append([None if value == "" else xml_safe(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(cell.value, Decimal | int):
                cell.number_format = POUNDS_FORMAT
            elif cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for column, header in zip(sheet.columns, table.headers, strict=True):
        width = max([len(header)] + [len(str(c.value)) for c in column if c.value is not None])
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
