"""Load a council's contract register from a CSV or XLSX file, as councils publish it.

Both the Local Government Transparency Code's wording and the LGA contracts schema (used by
Norfolk and others) are understood. Real registers are messy, so:

- the header row is found among the first few rows, and its names are matched to the fields
  on normalised words: case, punctuation, bracketed notes and small words ("of the") are
  ignored, so "Title of the Agreement", "Contract Reference number / ID" and "CONTRACT REF"
  are all understood; the report says which column was taken for which field, and lists the
  columns not used, which the upload page lets the uploader map to a field;
- a register lists one row per supplier: rows with the same reference and title are one
  contract with several suppliers (`ContractSupplier`); a reference already used for a
  different contract, or a row that repeats another exactly, is reported;
- a row with no reference is keyed from its title, dates, department and value, so that
  importing the register again finds the same contract (the report notes each one);
- dates may be 31/03/2027, 31-03-2027, 31 March 2027, 01-Apr-2013, 2027-03-31 or an Excel
  serial number (46477); a two-digit year or a month-first date is refused, not guessed;
- values may carry £, commas and spaces ("£1,234.50", "1234"); "(3,728)" and "-3728" are
  negative (a credit); shorthand such as "£1.2m" or "50k", ranges and words are refused;
- "TBC", "N/A" and the like in a date, amount or yes/no column are reported as notes: the
  field is left unset and the placeholder is kept, as published, in `Contract.published`;
- the Code's other columns (Open Contracting ID, contact point, document URLs,
  classifications, location...) are kept, as published, in `Contract.published`;
- a missing CPV code is allowed; a cell that holds several codes keeps the first.

Rows that are sound are imported and the rest are reported by row number and column. A file
that cannot be read as a whole (too large, not CSV or XLSX, no recognisable header) writes
nothing. The import is one transaction, in bulk, and a contract already in the council's
register is updated in place (contracts not in the file are left as they are). With
`dry_run=True` it reports what would happen and writes nothing.
"""

import calendar
import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from joinedup.finance.money import AmountError, parse_pounds
from joinedup.organisations import tables
from joinedup.organisations.models import Organisation

from . import cpv
from .models import Contract, ContractSupplier

MAX_FILE_BYTES = 10 * 1024 * 1024
HEADER_SEARCH_ROWS = 10

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
        "contract reference number id",
        "reference number id",
        "contract reference id",
    },
    "title": {
        "title",
        "contract title",
        "contract name",
        "name",
        "subject",
        "title agreement",
        "agreement title",
    },
    "description": {
        "description",
        "contract description",
        "details",
        "summary",
        "description goods services",
        "description goods services works",
    },
    "supplier_name": {
        "supplier",
        "supplier name",
        "suppliers",
        "contractor",
        "contractor name",
        "provider",
        "provider name",
        "supplier contractor name",
        "supplier name details",
        "supplier name details including registered company number charity number",
    },
    "supplier_company_number": {
        "company number",
        "supplier company number",
        "companies house number",
        "company registration number",
        "company reg no",
        "registration number",
        "supplier registration number",
        "supplier registered company number",
        "registered company number",
    },
    "supplier_charity_number": {
        "charity number",
        "supplier charity number",
        "charity registration number",
        "charity reg no",
        "supplier registered charity number",
        "registered charity number",
    },
    "supplier_other_id": {"other supplier id", "supplier id", "supplier reference"},
    "vcse_type": {"vcse supplier type", "vcse type"},
    "department": {
        "department",
        "directorate",
        "service",
        "service area",
        "responsible department",
        "department responsible",
        "directorate service responsible",
        "service responsible",
    },
    "cpv_code": {
        "cpv",
        "cpv code",
        "cpv codes",
        "cpv number",
        "procurement classification cpv code",
    },
    "procurement_category": {
        "procurement category",
        "category",
        "procurement classification councils procurement category label",
        "councils procurement category label",
    },
    "contract_type": {"contract type", "type contract", "agreement type"},
    "value_basis": {"fixed cost estimated cost", "fixed estimated", "value type"},
    "extended_on": {"last extension date", "extension date last"},
    "value": {
        "value",
        "contract value",
        "total value",
        "total contract value",
        "value of contract",
        "estimated value",
        "estimated contract value",
        "whole life value",
        "sum paid over length contract estimated annual spending budget contract",
    },
    "irrecoverable_vat": {
        "irrecoverable vat",
        "vat that cannot be recovered",
        "value added tax that cannot be recovered",
        "vat cannot be recovered",
    },
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
        "tender process type",
        "tender process",
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
    "supplier_other_id": "Other supplier ID",
    "vcse_type": "VCSE type",
    "procurement_category": "Procurement category",
    "contract_type": "Contract type",
    "value_basis": "Fixed or estimated",
    "extended_on": "Last extension date",
}
# Columns about the publishing council or the file, not the contract: not kept per contract.
ABOUT_THE_FILE = {"organisation name", "organisation code", "effective date", "organisation"}
STOP_WORDS = {"of", "the", "a", "an", "and", "or", "for", "to", "by", "in", "is", "be", "was"}
MAX_LENGTHS = {
    "reference": 100,
    "title": 300,
    "supplier_name": 300,
    "supplier_company_number": 20,
    "supplier_charity_number": 20,
    "department": 200,
    "procurement_route": 200,
    "supplier_other_id": 100,
    "vcse_type": 100,
    "procurement_category": 200,
    "contract_type": 100,
    "value_basis": 40,
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
PLACEHOLDERS = EMPTY_WORDS | {"to be confirmed", "to be agreed", "tbd", "ongoing", "various", "?"}


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
    unmapped: dict[int, str] = field(default_factory=dict)  # column index -> header
    notes: list[RowProblem] = field(default_factory=list)  # stored, with a remark
    rows_read: int = 0
    rows_stored: int = 0
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def rejected_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def summary(self) -> str:
        would = "Dry run, nothing written: would be " if self.dry_run else ""
        return (
            f"{would}{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected_rows} row(s) not imported."
        )

    def accounting(self) -> str:
        """Every data row is stored (as a contract or one of its suppliers) or reported."""
        return (
            f"{self.rows_read} rows: {self.rows_stored} stored in {self.imported} contracts, "
            f"{self.rejected_rows} reported."
        )


def normalise_header(text: str) -> str:
    text = str(text or "").lower().replace("£", " ")
    text = re.sub(r"\(.*?\)", " ", text)  # "Value (£)", "Start date (dd/mm/yyyy)"
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def header_words(text: str) -> str:
    """The header's words without the small ones: "Title of the Agreement" -> "title agreement"."""
    return " ".join(w for w in normalise_header(text).split() if w not in STOP_WORDS)


HEADER_INDEX = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
HEADER_INDEX.update(
    {header_words(alias): name for name, aliases in ALIASES.items() for alias in aliases}
)


def field_for_header(header: str) -> str | None:
    return HEADER_INDEX.get(normalise_header(header)) or HEADER_INDEX.get(header_words(header))


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
    if match := re.fullmatch(r"\((.+)\)", cleaned):  # accountants' brackets: a negative amount
        cleaned = "-" + match.group(1).lstrip("-")
    try:
        return parse_pounds(cleaned, label=label, allow_negative=True)
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
    """The file's text and encoding (kept for callers that read CSV text themselves)."""
    try:
        return tables.decode(data)
    except tables.TableError as error:
        raise FileRejected(str(error)) from None


def _find_header(rows: list[list[str]], mapping: dict[int, str] | None = None):
    """(index of the header row, field -> column index, ignored headers by column index)."""
    mapping = mapping or {}
    best = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, ignored = {}, {}
        for position, header in enumerate(row):
            name = mapping.get(position) if position in mapping else field_for_header(header)
            if name and name in LABELS and name not in columns:
                columns[name] = position
            elif header.strip():
                ignored[position] = header.strip()
        if all(name in columns for name in REQUIRED):
            return index, columns, ignored
        if best is None or len(columns) > len(best[1]):
            best = (index, columns, ignored)
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
    supplier: tuple
    notes: list


SUPPLIER_FIELDS = (
    "supplier_name",
    "supplier_company_number",
    "supplier_charity_number",
    "supplier_other_id",
    "supplier_is_sme",
    "supplier_is_vcse",
    "vcse_type",
)
COMPANY_PREFIX = re.compile(r"^gb/", re.I)  # the LGA schema's "gb/02165763"


def _parse_row(number: int, cells: list[str], columns: dict[str, int], published_columns):
    def cell(name):
        position = columns.get(name)
        if position is None or position >= len(cells):
            return ""
        return (cells[position] or "").strip()

    values, problems, notes, published = {}, [], [], {}

    def problem(name, message):
        problems.append(RowProblem(number, LABELS[name], message))

    def placeholder(name) -> bool:
        text = cell(name)
        if text and re.sub(r"\s+", " ", text).lower() in PLACEHOLDERS:
            published[LABELS[name]] = text
            notes.append(
                RowProblem(
                    number, LABELS[name], f"'{text}' is not a value: left unset, kept as published"
                )
            )
            return True
        return False

    for name in ("title", "supplier_name"):
        if not cell(name):
            problem(name, "is empty")
    for name, limit in MAX_LENGTHS.items():
        text = re.sub(r"\s+", " ", cell(name))
        if len(text) > limit:
            problem(name, f"is longer than {limit} characters")
        values[name] = text
    if values["reference"].lower() in PLACEHOLDERS:
        notes.append(RowProblem(number, "Reference", f"'{values['reference']}' is not a reference"))
        published["Reference"] = values["reference"]
        values["reference"] = ""
    values["supplier_company_number"] = COMPANY_PREFIX.sub("", values["supplier_company_number"])
    values["description"] = cell("description")
    try:
        values["cpv_code"] = "" if placeholder("cpv_code") else cpv.from_cell(cell("cpv_code"))
    except cpv.CpvError as error:
        problem("cpv_code", f"'{cell('cpv_code')}' {error}")
    for name, key in (("value", "value_pence"), ("irrecoverable_vat", "irrecoverable_vat_pence")):
        try:
            values[key] = None if placeholder(name) else parse_value(cell(name), LABELS[name])
        except CellError as error:
            problem(name, str(error))
    for name in ("starts_on", "ends_on", "review_on", "extended_on"):
        try:
            values[name] = None if placeholder(name) else parse_date(cell(name))
        except CellError as error:
            problem(name, str(error))
    for name in ("supplier_is_sme", "supplier_is_vcse"):
        try:
            values[name] = None if placeholder(name) else parse_flag(cell(name))
        except CellError as error:
            problem(name, str(error))
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        problem("ends_on", f"{ends:%d/%m/%Y} is before the start date {starts:%d/%m/%Y}")
    if problems:
        return problems
    for position, header in published_columns.items():
        if position < len(cells) and (cells[position] or "").strip():
            published[header] = cells[position].strip()
    values["published"] = published
    supplier = tuple(values.pop(name) for name in SUPPLIER_FIELDS)
    return Parsed(number, values, supplier, notes)


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().lower()


def _key_without_reference(values: dict) -> str:
    parts = [
        _title_key(values["title"]),
        str(values.get("starts_on") or ""),
        str(values.get("ends_on") or ""),
        _title_key(values.get("department") or ""),
        str(values.get("value_pence") if values.get("value_pence") is not None else ""),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]
    return f"no-reference-{digest}"


@dataclass
class Grouped:
    """One contract: its first row's values and every supplier row's supplier."""

    row: int
    key: str
    values: dict
    suppliers: list = field(default_factory=list)
    rows: list = field(default_factory=list)


CONTRACT_FIELDS_COMPARED = ("value_pence", "starts_on", "ends_on")


def parse(data: bytes, mapping: dict[int, str] | None = None):
    """Check the file and every row; no database writes. FileRejected if the file is unusable.

    `mapping` (column index -> field) overrides how the header row is read, for columns the
    uploader has mapped by hand. Returns (contracts, problems, report).
    """
    try:
        rows, encoding = tables.read_rows(data, MAX_FILE_BYTES)
    except tables.TableError as error:
        raise FileRejected(str(error)) from None
    header_index, columns, ignored = _find_header(rows, mapping)
    header = rows[header_index]
    report = ImportReport(
        encoding=encoding,
        columns={LABELS[name]: header[pos].strip() for name, pos in columns.items()},
        ignored_columns=list(ignored.values()),
        unmapped=ignored,
    )
    published_columns = {
        position: text
        for position, text in ignored.items()
        if normalise_header(text) not in ABOUT_THE_FILE
    }
    problems, notes = [], []
    contracts: dict[str, Grouped] = {}
    first_title: dict[str, tuple[int, str]] = {}
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        number = index + 1
        if not any((c or "").strip() for c in cells):
            continue
        report.rows_read += 1
        result = _parse_row(number, cells, columns, published_columns)
        if isinstance(result, list):
            problems.extend(result)
            continue
        values = result.values
        reference = values["reference"]
        if reference:
            seen = first_title.get(reference.lower())
            if seen and seen[1] != _title_key(values["title"]):
                problems.append(
                    RowProblem(
                        number,
                        "Reference",
                        f"{reference} is already on row {seen[0]} for a different contract "
                        f"('{rows[seen[0] - 1][columns['title']].strip()}'); a reference names "
                        "one contract, so give this one its own",
                    )
                )
                continue
            first_title.setdefault(reference.lower(), (number, _title_key(values["title"])))
            key = reference.lower()
        else:
            key = _key_without_reference(values)
        group = contracts.get(key)
        if group is None:
            if not reference:
                result.notes.append(
                    RowProblem(number, "Reference", "is empty: keyed by its title, dates and value")
                )
            contracts[key] = Grouped(number, reference or key, values)
            contracts[key].suppliers.append(result.supplier)
            contracts[key].rows.append(number)
            notes.extend(result.notes)
            continue
        if result.supplier in group.suppliers:
            where = group.rows[group.suppliers.index(result.supplier)]
            problems.append(
                RowProblem(
                    number,
                    "",
                    f"repeats row {where} (the same contract and supplier): not stored twice",
                )
            )
            continue
        group.suppliers.append(result.supplier)
        group.rows.append(number)
        notes.extend(result.notes)
        notes.append(
            RowProblem(number, "Supplier", f"another supplier of the contract on row {group.row}")
        )
        for name in CONTRACT_FIELDS_COMPARED:
            if values.get(name) != group.values.get(name):
                notes.append(
                    RowProblem(
                        number,
                        LABELS.get(name.replace("_pence", ""), name),
                        f"differs from row {group.row}'s; the contract keeps row {group.row}'s",
                    )
                )
    report.problems = sorted(problems, key=lambda p: p.row)
    report.notes = sorted(notes, key=lambda p: p.row)
    report.rows_stored = sum(len(group.rows) for group in contracts.values())
    return list(contracts.values()), report.problems, report


BATCH = 2_000


class _DryRun(Exception):
    pass


def import_contracts(
    organisation: Organisation,
    data: bytes,
    *,
    dry_run: bool = False,
    mapping: dict[int, str] | None = None,
) -> ImportReport:
    """Import the sound rows of a contract register, in one transaction.

    Raises FileRejected (and writes nothing) when the file as a whole cannot be read. With
    dry_run, does everything in a transaction it then rolls back, and reports the same counts.
    """
    groups, _, report = parse(data, mapping)
    report.organisation = organisation
    report.dry_run = dry_run
    try:
        with transaction.atomic():
            _write(organisation, groups, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _supplier_tuple(supplier: ContractSupplier) -> tuple:
    return (
        supplier.name,
        supplier.company_number,
        supplier.charity_number,
        supplier.other_id,
        supplier.is_sme,
        supplier.is_vcse,
        supplier.vcse_type,
    )


def _lead_supplier(supplier: tuple) -> dict:
    return {
        name: value
        for name, value in zip(SUPPLIER_FIELDS, supplier, strict=True)
        if name not in ("supplier_other_id", "vcse_type")
    }


def _write(organisation, groups, report):
    # All of the council's contracts (a register is thousands of rows, not millions): an
    # IN list of every reference would break SQLite's limit on parameters.
    existing = {
        contract.register_key.lower(): contract
        for contract in Contract.objects.filter(organisation=organisation)
    }
    suppliers_now: dict[int, list] = {}
    for supplier in ContractSupplier.objects.filter(contract__organisation=organisation):
        suppliers_now.setdefault(supplier.contract_id, []).append(supplier)
    new, changed_contracts, changed_fields = [], [], set()
    supplier_lists = []  # (contract, [supplier tuples]) whose suppliers are (re)written
    now = timezone.now()
    for group in groups:
        values = dict(group.values, **_lead_supplier(group.suppliers[0]))
        contract = existing.get(group.key.lower())
        if contract is None:
            contract = Contract(organisation=organisation, register_key=group.key, **values)
            new.append(contract.prepare())
            supplier_lists.append((contract, group.suppliers))
            continue
        changed = [name for name, value in values.items() if getattr(contract, name) != value]
        stored = sorted(suppliers_now.get(contract.pk, []), key=lambda s: s.position)
        suppliers_changed = [_supplier_tuple(s) for s in stored] != group.suppliers
        if suppliers_changed:
            supplier_lists.append((contract, group.suppliers))
        if changed:
            for name in changed:
                setattr(contract, name, values[name])
            contract.updated_at = now
            changed_contracts.append(contract.prepare())
            changed_fields.update(changed)
        elif suppliers_changed:
            report.updated += 1
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
    if supplier_lists:
        if any(contract.pk is None for contract, _ in supplier_lists):
            # bulk_create on SQLite does not return the new keys: read them back.
            keys = {
                key.lower(): pk
                for key, pk in Contract.objects.filter(organisation=organisation).values_list(
                    "register_key", "pk"
                )
            }
            for contract, _ in supplier_lists:
                if contract.pk is None:
                    contract.pk = keys[contract.register_key.lower()]
        rewritten = [contract.pk for contract, _ in supplier_lists if contract.pk in suppliers_now]
        if rewritten:
            ContractSupplier.objects.filter(contract_id__in=rewritten).delete()
        bulk_create_with_history(
            [
                ContractSupplier(
                    contract_id=contract.pk,
                    position=position,
                    name=supplier[0],
                    company_number=supplier[1],
                    charity_number=supplier[2],
                    other_id=supplier[3],
                    is_sme=supplier[4],
                    is_vcse=supplier[5],
                    vcse_type=supplier[6],
                )
                for contract, suppliers in supplier_lists
                for position, supplier in enumerate(suppliers)
            ],
            ContractSupplier,
            batch_size=BATCH,
        )
    report.created = len(new)
    report.updated += len(changed_contracts)
