"""Read an uploaded table (CSV or XLSX) into rows of text, the same way for every import.

Councils publish their lists as CSV (UTF-8, often with a byte-order mark, sometimes
Windows-1252) or as Excel workbooks. Every importer reads its file through `read_rows`, so
that a spreadsheet and its CSV export give the same answers: a cell becomes the text a person
would see (a date as 2027-03-31, a whole number without ".0").
"""

import csv
import datetime
import io
import zipfile

from joinedup.govuk.text import normalise

ENCODINGS = ("utf-8-sig", "cp1252")
XLSX_MAGIC = b"PK\x03\x04"
OTHER_BINARY = (b"\xd0\xcf\x11\xe0", b"%PDF")


class TableError(ValueError):
    """The file as a whole cannot be read as a table; the message says why (and `line`, the
    row it is about, where there is one)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(
            f"The spreadsheet cannot be opened ({error}); save it as XLSX or CSV"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows


def decode(data: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TableError(
        "The file's text cannot be read as UTF-8 or Windows-1252; save it as CSV UTF-8"
    )


def read_rows(data: bytes, max_bytes: int) -> tuple[list[list[str]], str]:
    """(rows of cell text, what the file was: "XLSX" or the CSV's encoding)."""
    if len(data) > max_bytes:
        raise TableError(f"The file is larger than {max_bytes // (1024 * 1024)} MB")
    if not data.strip():
        raise TableError("The file is empty")
    if data[:4] == XLSX_MAGIC:
        return _clean(_xlsx_rows(data)), "XLSX"
    if data[:8192].count(b"\x00") > 8 or data[:4] in OTHER_BINARY:
        raise TableError(
            "The file is not a CSV or XLSX file (it looks like an old Excel or other binary "
            "file); save it as CSV or XLSX"
        )
    text, encoding = decode(data)
    if "\x00" in text:  # PostgreSQL cannot store one; anywhere in the file, not only its start
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise TableError(
            f"the file is not a CSV or XLSX file: row {line} contains a null character; "
            "save it as CSV text",
            line=line,
        )
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise TableError(f"The file is not valid CSV: {error}") from None
    return _clean(rows), encoding


def _clean(rows: list[list[str]]) -> list[list[str]]:
    """Control characters (a vertical tab from Shift+Enter in a cell) become what they mean or
    go (issue 21 item 5); a cell holding a NUL is refused by the importer's own checks."""
    for row in rows:
        for position, cell in enumerate(row):
            if cell and any(ord(c) < 32 for c in cell):
                row[position] = normalise(cell).replace("\x00", "")
    return rows


def repair_mojibake(text: str) -> str:
    """UTF-8 that was read as Windows-1252 and saved again ("Ynys MÃ´n" for "Ynys Môn")."""
    if "Ã" not in text and "Â" not in text:
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text
