"""Load a council's contract register from a CSV file (Local Government Transparency Code).

Real registers are messy, so:

- the header row is found among the first few rows, and its names are matched to the
  Transparency Code fields through known aliases, ignoring case, spaces and punctuation
  ("Contract Ref", "CONTRACT REFERENCE", "Reference Number");
- dates may be 31/03/2027, 31-03-2027, 31 March 2027, 31 Mar 2027, 2027-03-31 or an Excel
  serial number (46477); a two-digit year or a month-first date is refused, not guessed;
- values may carry £, commas and spaces ("£1,234.50", "1234"); shorthand such as "£1.2m" or
  "50k", ranges and words are refused as ambiguous;
- a missing CPV code is allowed; a cell that holds several codes keeps the first.

Rows that are sound are imported and the rest are reported by row number and column. A file
that cannot be read as a whole (too large, not text, not CSV, no recognisable header) writes
nothing. The import is one transaction, and a contract whose reference is already in the
council's register is updated in place (contracts not in the file are left as they are).
"""

import calendar
import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from joinedup.finance.money import AmountError, parse_pounds
from joinedup.organisations.models import Organisation

from . import cpv
from .models import Contract

MAX_FILE_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
ENCODINGS = ("utf-8-sig", "cp1252")

# Field -> the header names (normalised: lower case, letters and digits, single spaces).
ALIASES = {
    "reference": {
        "reference",
        "ref",
        "contract reference",
        "contract ref",
        "contract ref no",
        "reference number",
        "contract reference number",
        "contract number",
        "contract no",
        "contract id",
    },
    "title": {"title", "contract title", "contract name", "name", "subject"},
    "description": {"description", "contract description", "details", "summary"},
    "supplier_name": {
        "supplier",
        "supplier name",
        "suppliers",
        "contractor",
        "contractor name",
        "provider",
        "provider name",
        "supplier contractor name",
    },
    "supplier_company_number": {
        "company number",
        "supplier company number",
        "companies house number",
        "company registration number",
        "company reg no",
        "registration number",
        "supplier registration number",
    },
    "supplier_charity_number": {
        "charity number",
        "supplier charity number",
        "charity registration number",
        "charity reg no",
    },
    "department": {
        "department",
        "directorate",
        "service",
        "service area",
        "responsible department",
        "department responsible",
    },
    "cpv_code": {"cpv", "cpv code", "cpv codes", "cpv number"},
    "value": {
        "value",
        "contract value",
        "total value",
        "total contract value",
        "value of contract",
        "estimated value",
        "estimated contract value",
        "whole life value",
    },
    "irrecoverable_vat": {"irrecoverable vat", "vat that cannot be recovered"},
    "starts_on": {
        "start date",
        "start",
        "contract start",
        "contract start date",
        "commencement date",
    },
    "ends_on": {"end date", "end", "contract end", "contract end date", "expiry date"},
    "review_on": {
        "review date",
        "extension date",
        "review extension date",
        "review or extension date",
        "contract review date",
    },
    "procurement_route": {
        "procurement route",
        "route",
        "procurement method",
        "procurement process",
        "tender or quote",
        "quote or tender",
    },
    "supplier_is_sme": {"sme", "supplier is sme", "is sme", "sme supplier"},
    "supplier_is_vcse": {"vcse", "supplier is vcse", "is vcse", "vcse supplier", "vcs"},
}
REQUIRED = ("reference", "title", "supplier_name")
LABELS = {
    "reference": "Reference",
    "title": "Title",
    "description": "Description",
    "supplier_name": "Supplier",
    "supplier_company_number": "Company number",
    "supplier_charity_number": "Charity number",
    "department": "Department",
    "cpv_code": "CPV code",
    "value": "Value",
    "irrecoverable_vat": "Irrecoverable VAT",
    "starts_on": "Start date",
    "ends_on": "End date",
    "review_on": "Review date",
    "procurement_route": "Procurement route",
    "supplier_is_sme": "SME",
    "supplier_is_vcse": "VCSE",
}
MAX_LENGTHS = {
    "reference": 100,
    "title": 300,
    "supplier_name": 300,
    "supplier_company_number": 20,
    "supplier_charity_number": 20,
    "department": 200,
    "procurement_route": 200,
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
WORDY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[ \-]([A-Za-z]+)\.?,?[ \-](\d{2,4})$")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Excel serial numbers from 1 January 1950 to 31 December 2099.
EXCEL_SERIALS = range(18264, 73051)
SHORTHAND = re.compile(r"\d\s*(k|m|bn|mn|million|billion|thousand)\b", re.I)
EMPTY_WORDS = {"n/a", "na", "-", "tbc", "tba", "none", "not known", "unknown"}


class FileRejected(ValueError):
    """The file as a whole cannot be imported; nothing was written."""


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self):
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    organisation: Organisation | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    encoding: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def rejected_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected_rows} row(s) not imported."
        )


def normalise_header(text: str) -> str:
    text = str(text or "").lower().replace("£", " ")
    text = re.sub(r"\(.*?\)", " ", text)  # "Value (£)", "Start date (dd/mm/yyyy)"
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


HEADER_INDEX = {alias: name for name, aliases in ALIASES.items() for alias in aliases}


# Reading one cell ---------------------------------------------------------------------------


class CellError(ValueError):
    pass


def parse_date(text: str) -> datetime.date | None:
    """A date as councils write it; None for an empty cell. Raises CellError saying why not."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    if not text or text.lower() in EMPTY_WORDS:
        return None
    if re.fullmatch(r"\d+(\.0+)?", text):
        serial = int(float(text))
        if serial not in EXCEL_SERIALS:
            raise CellError(
                f"'{text}' is not a date (as a spreadsheet serial number it is not 1950–2099)"
            )
        return EXCEL_EPOCH + datetime.timedelta(days=serial)
    if match := ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := DAY_MONTH_YEAR.match(text):
        day, month, year_text = match.groups()
        day, month = int(day), int(month)
        if len(year_text) != 4:
            raise CellError(
                f"'{text}' has a two-digit year; write the year in full, like 31/03/2027"
            )
        year = int(year_text)
        if month > 12 and day <= 12:
            raise CellError(
                f"'{text}' looks like month first; write dates day first, like 31/03/2027"
            )
    elif match := WORDY.match(text):
        day_text, month_name, year_text = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise CellError(f"'{text}' does not name a month we know")
        if len(year_text) != 4:
            raise CellError(f"'{text}' has a two-digit year; write the year in full")
        day, year = int(day_text), int(year_text)
    else:
        raise CellError(f"'{text}' is not a date like 31/03/2027, 31 March 2027 or 2027-03-31")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(f"'{text}' is not a real date") from None


def parse_value(text: str, label: str = "Value") -> int | None:
    """Whole pence from "£1,234.50" or "1234"; None for an empty cell; shorthand is refused."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    if not text or text.lower() in EMPTY_WORDS:
        return None
    if SHORTHAND.search(text):
        raise CellError(f"'{text}' is shorthand; write the amount in full, like 1,200,000")
    cleaned = text.replace(" ", "")
    if cleaned.upper().startswith("GBP"):
        cleaned = cleaned[3:]
    try:
        return parse_pounds(cleaned, label=label)
    except AmountError as error:
        raise CellError(f"'{text}': {error}") from None


def parse_flag(text: str) -> bool | None:
    text = str(text or "").strip().lower()
    if not text or text in EMPTY_WORDS:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"'{text}' is not yes or no")


# Reading the file ---------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not data.strip():
        raise FileRejected("The file is empty")
    # A NUL anywhere, not only at the start: PostgreSQL cannot store one.
    if b"\x00" in data or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF"):
        raise FileRejected(
            "The file is not a CSV file (it looks like a spreadsheet or other binary file); "
            "save it as CSV"
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise FileRejected(
        "The file's text cannot be read as UTF-8 or Windows-1252; save it as CSV UTF-8"
    )


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int], list[str]]:
    """(index of the header row, field -> column index, ignored headers)."""
    best = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping, ignored = {}, []
        for position, header in enumerate(row):
            name = HEADER_INDEX.get(normalise_header(header))
            if name and name not in mapping:
                mapping[name] = position
            elif header.strip():
                ignored.append(header.strip())
        if all(name in mapping for name in REQUIRED):
            return index, mapping, ignored
        if best is None or len(mapping) > len(best[1]):
            best = (index, mapping, ignored)
    if best and len(best[1]) >= 2:
        missing = [LABELS[name].lower() for name in REQUIRED if name not in best[1]]
        raise FileRejected(
            f"The header row (row {best[0] + 1}) has no {' or '.join(missing)} column. "
            "A contract register needs reference, title and supplier columns"
        )
    raise FileRejected(
        "The file has no header row we recognise: it needs reference, title and supplier "
        "columns in its first rows"
    )


@dataclass
class Parsed:
    row: int
    values: dict


def _parse_row(number: int, cells: list[str], columns: dict[str, int]):
    def cell(name):
        position = columns.get(name)
        if position is None or position >= len(cells):
            return ""
        return (cells[position] or "").strip()

    values, problems = {}, []

    def problem(name, message):
        problems.append(RowProblem(number, LABELS[name], message))

    for name in ("reference", "title", "supplier_name"):
        if not cell(name):
            problem(name, "is empty")
    for name, limit in MAX_LENGTHS.items():
        text = re.sub(r"\s+", " ", cell(name))
        if len(text) > limit:
            problem(name, f"is longer than {limit} characters")
        values[name] = text
    values["description"] = cell("description")
    try:
        values["cpv_code"] = cpv.from_cell(cell("cpv_code"))
    except cpv.CpvError as error:
        problem("cpv_code", f"'{cell('cpv_code')}' {error}")
    for name, key in (("value", "value_pence"), ("irrecoverable_vat", "irrecoverable_vat_pence")):
        try:
            values[key] = parse_value(cell(name), LABELS[name])
        except CellError as error:
            problem(name, str(error))
    for name in ("starts_on", "ends_on", "review_on"):
        try:
            values[name] = parse_date(cell(name))
        except CellError as error:
            problem(name, str(error))
    for name in ("supplier_is_sme", "supplier_is_vcse"):
        try:
            values[name] = parse_flag(cell(name))
        except CellError as error:
            problem(name, str(error))
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        problem("ends_on", f"{ends:%d/%m/%Y} is before the start date {starts:%d/%m/%Y}")
    return problems or Parsed(number, values)


def parse(data: bytes) -> tuple[list[Parsed], list[RowProblem], ImportReport]:
    """Check the file and every row; no database writes. FileRejected if the file is unusable."""
    text, encoding = decode(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise FileRejected(f"The file is not valid CSV: {error}") from None
    header_index, columns, ignored = _find_header(rows)
    report = ImportReport(
        encoding=encoding,
        columns={LABELS[name]: rows[header_index][pos].strip() for name, pos in columns.items()},
        ignored_columns=ignored,
    )
    parsed, problems, seen = [], [], {}
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        number = index + 1
        if not any((c or "").strip() for c in cells):
            continue
        result = _parse_row(number, cells, columns)
        if isinstance(result, list):
            problems.extend(result)
            continue
        reference = result.values["reference"]
        if reference.lower() in seen:
            problems.append(
                RowProblem(
                    number, "Reference", f"{reference} is already on row {seen[reference.lower()]}"
                )
            )
            continue
        seen[reference.lower()] = number
        parsed.append(result)
    report.problems = problems
    return parsed, problems, report


BATCH = 2_000


def import_contracts(organisation: Organisation, data: bytes) -> ImportReport:
    """Import the sound rows of a contract register, in one transaction.

    Raises FileRejected (and writes nothing) when the file as a whole cannot be read.
    """
    parsed, _, report = parse(data)
    report.organisation = organisation
    with transaction.atomic():
        # All of the council's contracts (a register is thousands of rows, not millions): an
        # IN list of every reference would break SQLite's limit on parameters.
        existing = {
            contract.reference: contract
            for contract in Contract.objects.filter(organisation=organisation)
        }
        new, changed_contracts, changed_fields = [], [], set()
        now = timezone.now()
        for row in parsed:
            values = row.values
            contract = existing.get(values["reference"])
            if contract is None:
                new.append(Contract(organisation=organisation, **values).prepare())
                continue
            changed = [name for name, value in values.items() if getattr(contract, name) != value]
            if changed:
                for name in changed:
                    setattr(contract, name, values[name])
                contract.updated_at = now
                changed_contracts.append(contract.prepare())
                changed_fields.update(changed)
            else:
                report.unchanged += 1
        # In bulk, with their history, so that a 100,000-row register imports in seconds.
        bulk_create_with_history(new, Contract, batch_size=BATCH)
        if changed_contracts:
            derived = {"cpv_digits", "cpv_division", "cpv_group", "cpv_class", "cpv_category"}
            bulk_update_with_history(
                changed_contracts,
                Contract,
                sorted(changed_fields | derived | {"ends_key", "updated_at"}),
                batch_size=BATCH,
            )
        report.created = len(new)
        report.updated = len(changed_contracts)
    return report
