"""Many councils' KPI figures at once, from a CSV or XLSX file (issue 18.1).

The file has a header row and the columns `council` (GSS code or name), `period end` (a
date, like 2014-06-30 or 30/06/2014) and `figure`, and optionally `note`. Each row goes
through `actions.record_kpi_actual`, so each council's figures are still recorded only by
someone acting for it (a manager's upload gives `given_by` and `given_on` for every row).
Every bad row is reported by its number and column, and nothing is written unless every row
is good.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import actions

COLUMNS = ("council", "period end", "figure")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}, {self.column}: {self.message}"


class UploadError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _rows(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception:  # openpyxl raises several kinds for a file that is not XLSX
            raise UploadError([RowError(1, "file", "The file is not a readable XLSX")]) from None
        return [
            ["" if cell is None else cell for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError([RowError(1, "file", "The file must be CSV in UTF-8, or XLSX")]) from None
    return list(csv.reader(io.StringIO(text)))


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    return None


def _council(value, councils):
    text = str(value).strip().lower()
    for council in councils:
        if text in (council.code.lower(), council.name.lower()):
            return council
    return None


def read(kpi, content: bytes, filename: str) -> list[dict]:
    """The rows as arguments for record_kpi_actual, or UploadError naming every bad one."""
    rows = _rows(content, filename)
    if not rows:
        raise UploadError([RowError(1, "file", "The file is empty")])
    header = [str(h).strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise UploadError(
            [
                RowError(
                    1,
                    "header",
                    f"Add the column{'s' if len(missing) > 1 else ''} "
                    + ", ".join(f"“{c}”" for c in missing),
                )
            ]
        )
    index = {name: header.index(name) for name in header}
    councils = list(kpi.initiative.participants.all())
    errors, parsed = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(cell).strip() for cell in row):
            continue
        row = list(row) + [""] * (len(header) - len(row))
        council = _council(row[index["council"]], councils)
        if council is None:
            errors.append(
                RowError(
                    number,
                    "council",
                    f"“{row[index['council']]}” is not a council taking part in this initiative",
                )
            )
        period_end = _date(row[index["period end"]])
        if period_end is None:
            errors.append(RowError(number, "period end", "Enter a date, like 2014-06-30"))
        try:
            figure = Decimal(str(row[index["figure"]]).strip().replace(",", ""))
            if not figure.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            figure = None
            errors.append(RowError(number, "figure", "Enter a number, like 95 or 2.5"))
        note = str(row[index["note"]]).strip() if "note" in index else ""
        parsed.append(
            {
                "row": number,
                "organisation": council,
                "period_end": period_end,
                "value": figure,
                "note": note,
            }
        )
    if errors:
        raise UploadError(errors)
    return parsed


@transaction.atomic
def record_figures(kpi, content: bytes, filename: str, *, by, given_by="", given_on=None):
    """Record every row's figure, or none: UploadError names each row refused and why."""
    rows = read(kpi, content, filename)
    errors, recorded = [], []
    for row in rows:
        number = row.pop("row")
        try:
            with transaction.atomic():
                recorded.append(
                    actions.record_kpi_actual(
                        kpi, by=by, given_by=given_by, given_on=given_on, **row
                    )
                )
        except PermissionDenied as refusal:
            errors.append(RowError(number, "council", str(refusal)))
        except ValidationError as refusal:
            for field, messages in getattr(refusal, "message_dict", {"": refusal.messages}).items():
                column = {"period_end": "period end", "value": "figure", "organisation": "council"}
                for message in messages:
                    errors.append(RowError(number, column.get(field, field or "row"), message))
    if errors:
        raise UploadError(errors)  # leaving the atomic block undoes every row recorded
    return recorded
