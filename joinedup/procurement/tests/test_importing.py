"""Importing messy contract registers: sound rows in, the rest reported by row and column."""

import datetime
import io
import pathlib

import pytest
from django.core.management import CommandError, call_command

from joinedup.procurement import importing
from joinedup.procurement.importing import CellError, FileRejected, import_contracts
from joinedup.procurement.models import Contract

D = datetime.date
DATA = pathlib.Path(__file__).parent / "data"
MESSY = DATA / "messy_contracts.csv"
HEADER = "Reference,Title,Supplier,Value,Start date,End date,CPV code\r\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2027", D(2027, 3, 31)),
        ("1/4/2027", D(2027, 4, 1)),
        ("31-03-2027", D(2027, 3, 31)),
        ("31.03.2027", D(2027, 3, 31)),
        ("31 March 2027", D(2027, 3, 31)),
        ("1st April 2027", D(2027, 4, 1)),
        ("31 Mar 2027", D(2027, 3, 31)),
        ("30-Sept-2027", D(2027, 9, 30)),
        ("2027-03-31", D(2027, 3, 31)),
        ("2027-03-31 00:00:00", D(2027, 3, 31)),
        ("46477", D(2027, 3, 31)),
        ("46477.0", D(2027, 3, 31)),
        ("", None),
        ("N/A", None),
    ],
)
def test_dates_as_councils_write_them(text, expected):
    assert importing.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02/2027", "not a real date"),
        ("03/31/2027", "month first"),
        ("31/03/27", "two-digit year"),
        ("31 Smarch 2027", "does not name a month"),
        ("next spring", "is not a date"),
        ("12", "serial number"),
        ("999999", "serial number"),
    ],
)
def test_dates_that_are_not_sound_are_refused_with_the_reason(text, reason):
    with pytest.raises(CellError, match=reason):
        importing.parse_date(text)


@pytest.mark.parametrize(
    ("text", "pence"),
    [
        ("£1,234.50", 123450),
        ("1234", 123400),
        ("£ 250,000", 25_000_000),
        ("GBP 1,000", 100_000),
        ("72,000.00", 7_200_000),
        ("TBC", None),
        ("", None),
        # A register may list a credit (issue 19): negative, in brackets or with a minus.
        ("-£500", -50_000),
        ("(3728)", -372_800),
        ("(£1,234.50)", -123_450),
    ],
)
def test_values_with_pounds_signs_and_commas(text, pence):
    assert importing.parse_value(text) == pence


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("£1.2m", "shorthand"),
        ("50k", "shorthand"),
        ("£3 million", "shorthand"),
        ("£10,000 - £20,000", "amount of money"),
        ("1,23,456", "amount of money"),
        ("£12.345", "2 decimal places"),
        ("various", "amount of money"),
    ],
)
def test_ambiguous_values_are_refused(text, reason):
    with pytest.raises(CellError, match=reason):
        importing.parse_value(text)


def test_header_names_vary_in_case_spaces_and_punctuation():
    assert importing.HEADER_INDEX[importing.normalise_header(" CONTRACT  REF ")] == "reference"
    assert importing.HEADER_INDEX[importing.normalise_header("Value (£)")] == "value"
    assert importing.HEADER_INDEX[importing.normalise_header("Review/Extension Date")] == (
        "review_on"
    )
    assert importing.HEADER_INDEX[importing.normalise_header("SME?")] == "supplier_is_sme"


def test_the_messy_sample_imports_the_sound_rows_and_reports_each_bad_one(world):
    report = import_contracts(world.east, MESSY.read_bytes())
    contracts = {c.reference: c for c in Contract.objects.filter(organisation=world.east)}
    # A row with no reference is now kept, keyed from its other fields (issue 19).
    assert set(contracts) == {"BDC-1001", "BDC-1002", "BDC-1003", "BDC-1012", "BDC-1013", ""}
    assert contracts[""].title == "Security services"
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)

    first = contracts["BDC-1001"]
    assert first.title == "Refuse collection vehicles maintenance"
    assert first.value_pence == 123450
    assert (first.starts_on, first.ends_on, first.review_on) == (
        D(2024, 4, 1),
        D(2027, 3, 31),
        D(2026, 9, 30),
    )
    assert (first.cpv_code, first.cpv_digits, first.cpv_group) == ("90511000-2", "90511000", "905")
    assert first.supplier_company_number == "01234567"
    assert (first.supplier_is_sme, first.supplier_is_vcse) == (True, False)
    assert contracts["BDC-1002"].cpv_code == "", "a missing CPV code is allowed"
    assert contracts["BDC-1002"].starts_on == D(2025, 4, 1)
    assert contracts["BDC-1003"].cpv_code == "77310000-6", "the code before its description"
    assert contracts["BDC-1003"].ends_on == D(2027, 3, 31), "an Excel serial number"
    assert contracts["BDC-1012"].value_pence is None, "TBC is an unknown value"
    assert contracts["BDC-1012"].published["Value"] == "TBC", "kept as published"
    notes = {(n.row, n.column): n.message for n in report.notes}
    assert "'TBC' is not a value" in notes[15, "Value"]
    assert "keyed by its title" in notes[11, "Reference"]
    assert contracts["BDC-1013"].description == "Software licence\r\nand support"
    assert contracts["BDC-1013"].ends_on == D(2027, 3, 31)

    problems = {(p.row, p.column): p.message for p in report.problems}
    assert "shorthand" in problems[7, "Value"]
    assert "not a real date" in problems[8, "Start date"]
    assert "month first" in problems[9, "End date"]
    assert "8 digits" in problems[10, "CPV code"]
    assert "before the start date" in problems[12, "End date"]
    assert "already on row 4" in problems[13, "Reference"]
    assert "not yes or no" in problems[14, "SME"]
    assert "amount of money" in problems[17, "Value"]
    assert "two-digit year" in problems[18, "Start date"]
    assert "two-digit year" in problems[18, "End date"]
    assert report.rejected_rows == 9
    assert "Notes" in report.ignored_columns
    assert contracts["BDC-1002"].published == {"Notes": "no CPV given"}
    assert str(report.problems[0]).startswith("Row 7, Value: ")


def test_a_reimport_updates_by_reference_and_keeps_what_is_not_in_the_file(world):
    import_contracts(world.east, MESSY.read_bytes())
    kept = Contract.objects.create(
        organisation=world.east, reference="OLD-1", title="Kept", supplier_name="Demo"
    )
    again = import_contracts(world.east, MESSY.read_bytes())
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    changed = (HEADER + 'BDC-1001,Fleet maintenance,Demo Fleet Ltd,"£2,000",,,\r\n').encode()
    report = import_contracts(world.east, changed)
    assert (report.created, report.updated) == (0, 1)
    contract = Contract.objects.get(organisation=world.east, reference="BDC-1001")
    assert (contract.title, contract.value_pence, contract.cpv_code) == (
        "Fleet maintenance",
        200000,
        "",
    )
    assert contract.history.count() == 2
    assert Contract.objects.filter(pk=kept.pk).exists()
    assert Contract.objects.filter(organisation=world.east).count() == 7


def test_the_same_reference_in_another_council_is_another_contract(world):
    data = (HEADER + "R-1,Cleaning,Demo Cleaners,100,,,\r\n").encode()
    import_contracts(world.east, data)
    import_contracts(world.mid, data)
    assert Contract.objects.filter(reference="R-1").count() == 2


def test_a_windows_1252_file_is_read(world):
    data = (HEADER + "R-1,Caf\xe9 supplies \u2013 Pavilion,Demo Caf\xe9s,\xa3500,,,\r\n").encode(
        "cp1252"
    )
    report = import_contracts(world.east, data)
    assert report.encoding == "cp1252"
    contract = Contract.objects.get(reference="R-1")
    assert contract.title == "Café supplies – Pavilion"
    assert contract.value_pence == 50000


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 50, "spreadsheet cannot be opened"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"x" * 50, "not a CSV or XLSX file"),
        (b"ref,title\x00,supplier\r\n", "not a CSV or XLSX file"),
        ((HEADER + "R-1,Caf\x81,Demo,1,,,\r\n").encode("latin-1"), "cannot be read as UTF-8"),
        (b"name,address,phone\r\nA,B,C\r\n", "no header row we recognise"),
        (b"Reference,Title,Amount\r\nR-1,Cleaning,100\r\n", "has no supplier column"),
        (b'Reference,Title,Supplier\r\nR-1,"Cleaning,Demo\r\n', "not valid CSV"),
    ],
    ids=["empty", "xlsx", "xls", "binary", "encoding", "no-header", "missing-column", "bad-quote"],
)
def test_a_malformed_file_writes_nothing(world, data, reason):
    Contract.objects.create(
        organisation=world.east, reference="EXISTING", title="T", supplier_name="S"
    )
    before = list(Contract.objects.values_list("pk", "title"))
    with pytest.raises(FileRejected, match=reason):
        import_contracts(world.east, data)
    assert list(Contract.objects.values_list("pk", "title")) == before


def test_a_file_over_10_mb_writes_nothing(world):
    row = "R-{},Cleaning,Demo Cleaners,100,,,\r\n"
    data = (HEADER + "".join(row.format(n) for n in range(400_000))).encode()
    assert len(data) > 10 * 1024 * 1024
    with pytest.raises(FileRejected, match="larger than 10 MB"):
        import_contracts(world.east, data)
    assert not Contract.objects.exists()


def test_the_import_is_one_transaction(world, monkeypatch):
    """A failure part-way through (here, after the new rows are written, while the changed ones
    are saved) leaves nothing behind: neither the new contracts nor the changes."""
    import_contracts(world.east, (HEADER + "R-1,Cleaning,Demo,100,,,\r\n").encode())
    data = (HEADER + "R-1,Window cleaning,Demo,100,,,\r\nR-2,Catering,Demo,100,,,\r\n").encode()

    def failing_update(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(importing, "bulk_update_with_history", failing_update)
    with pytest.raises(RuntimeError):
        import_contracts(world.east, data)
    assert list(Contract.objects.values_list("reference", "title")) == [("R-1", "Cleaning")]


def test_the_command_imports_and_reports_rows(world, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_contracts", "--organisation", world.east.code, str(MESSY), stdout=out, stderr=err
    )
    assert "6 created, 0 updated, 0 unchanged, 9 row(s) not imported." in out.getvalue()
    assert "Column 'Contract Ref' taken as Reference" in out.getvalue()
    assert "Row 7, Value: '£1.2m' is shorthand" in err.getvalue()
    assert Contract.objects.filter(organisation=world.east).count() == 6


def test_the_command_refuses_a_malformed_file_and_an_unknown_council(world, tmp_path):
    bad = tmp_path / "register.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(CommandError, match="cannot be opened.*Nothing was imported"):
        call_command("import_contracts", "--organisation", world.east.code, str(bad))
    with pytest.raises(CommandError, match="No organisation has the code E99999999"):
        call_command("import_contracts", "--organisation", "E99999999", str(MESSY))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_contracts", "--organisation", world.east.code, str(tmp_path / "none"))
    assert not Contract.objects.exists()
