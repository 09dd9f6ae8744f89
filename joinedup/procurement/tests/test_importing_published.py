"""Contract registers import as published (issue 19, point 2)."""

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from joinedup.procurement.importing import import_contracts
from joinedup.procurement.models import Contract, ContractSupplier

pytestmark = pytest.mark.django_db

NORFOLK = Path("/work/shared/realdata/norfolk-cc-contract-register-2015-03-28.csv")
needs_realdata = pytest.mark.skipif(not NORFOLK.exists(), reason="needs ../shared/realdata")


def norfolk_rows():
    with NORFOLK.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@needs_realdata
def test_norfolk_register_every_row_is_stored_or_reported_and_reimport_changes_nothing(world):
    rows = norfolk_rows()
    data_rows = len(rows) - 1
    assert data_rows == 5729

    report = import_contracts(world.east, NORFOLK.read_bytes())

    assert report.columns["Reference"] == "Contract Reference number / ID"
    assert report.columns["Title"] == "Title of the Agreement"
    assert report.columns["Description"] == "Description of goods and services"
    assert report.columns["VCSE"] == "VCSE supplier"
    reported = {problem.row for problem in report.problems}
    suppliers = ContractSupplier.objects.filter(contract__organisation=world.east)
    # Each stored row is one supplier of one contract; nothing silently dropped.
    assert suppliers.count() + len(reported) == data_rows
    assert report.rows_stored == suppliers.count()
    assert all(problem.message for problem in report.problems)
    contracts = Contract.objects.filter(organisation=world.east)
    assert contracts.count() == report.created
    # Rows with no reference are kept, keyed from their other fields.
    no_reference = sum(1 for row in rows[1:] if not row[3].strip())
    assert contracts.filter(reference="").count() > 0.9 * no_reference
    # Six amounts in brackets are credits.
    assert sorted(contracts.filter(value_pence__lt=0).values_list("value_pence", flat=True)) == [
        -12667200,
        -5480200,
        -5007400,
        -3135800,
        -2846700,
        -372800,
    ]
    # A reference used again for a different agreement is reported, naming the first row.
    assert any("for a different contract" in p.message for p in report.problems)
    day_care = contracts.get(reference="BAN12045")
    assert day_care.supplier_is_vcse is True
    assert day_care.value_basis == "Estimated"
    assert day_care.procurement_route == "Other"
    assert day_care.suppliers.get().other_id == "829788"

    again = import_contracts(world.east, NORFOLK.read_bytes())
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)
    assert ContractSupplier.objects.filter(contract__organisation=world.east).count() == (
        suppliers.count()
    )


@needs_realdata
def test_norfolk_register_through_the_command_with_a_dry_run_first(world):
    out = io.StringIO()
    call_command(
        "import_contracts", "--organisation", world.east.code, "--dry-run", str(NORFOLK), stdout=out
    )
    assert "Dry run, nothing written: would be" in out.getvalue()
    assert "Column 'Title of the Agreement' taken as Title" in out.getvalue()
    assert not Contract.objects.filter(organisation=world.east).exists()
    out = io.StringIO()
    call_command(
        "import_contracts",
        "--organisation",
        world.east.code,
        str(NORFOLK),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "5729 rows:" in out.getvalue()
    assert Contract.objects.filter(organisation=world.east).count() > 5000


@needs_realdata
def test_norfolk_register_through_the_upload_page(world, client):
    client.force_login(world.east_officer)
    url = reverse("procurement:register_import", args=[world.east.code])
    preview = client.post(url, {"file": SimpleUploadedFile("norfolk.csv", NORFOLK.read_bytes())})
    assert "Check the contract register before importing" in preview.content.decode()
    assert not Contract.objects.filter(organisation=world.east).exists()
    response = client.post(url, {"token": preview.context["token"], "action": "import"})
    report = response.context["report"]
    assert report.rows_stored + report.rejected_rows == 5729
    assert Contract.objects.filter(organisation=world.east).count() == report.created


def test_one_row_per_supplier_is_one_contract_with_several_suppliers(world):
    data = (
        b"Contract Reference number / ID,Title of the Agreement,Supplier name,Contract value,"
        b"SME supplier\r\n"
        b'F-1,Framework for taxis,Able Taxis,"(1,200)",Yes\r\n'
        b'F-1,Framework for taxis,Best Cars,"(1,200)",No\r\n'
        b'F-1,Framework for taxis,Best Cars,"(1,200)",No\r\n'
        b"F-2,Care home places,TBC,-500,N/A\r\n"
    )
    report = import_contracts(world.east, data)

    framework = Contract.objects.get(organisation=world.east, reference="F-1")
    assert framework.value_pence == -120000
    assert framework.supplier_names() == ["Able Taxis", "Best Cars"]
    assert [s.is_sme for s in framework.suppliers.all()] == [True, False]
    assert {(p.row, p.message) for p in report.problems} == {
        (4, "repeats row 3 (the same contract and supplier): not stored twice")
    }
    care = Contract.objects.get(organisation=world.east, reference="F-2")
    assert care.value_pence == -50000
    assert care.supplier_name == "TBC", "a placeholder in text is stored as written, not blank"
    assert care.supplier_is_sme is None and care.published["SME"] == "N/A"
    assert any(n.row == 5 and n.column == "SME" for n in report.notes)


def test_an_xlsx_register_in_transparency_code_wording_imports(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Reference Number", "Title of Agreement", "Supplier Name", "Value", "End date"])
    sheet.append(["X-1", "Cleaning", "Demo Cleaners", 1234.5, datetime.datetime(2027, 3, 31)])
    out = io.BytesIO()
    workbook.save(out)

    report = import_contracts(world.east, out.getvalue())

    assert report.encoding == "XLSX"
    contract = Contract.objects.get(reference="X-1")
    assert (contract.title, contract.value_pence, contract.ends_on.isoformat()) == (
        "Cleaning",
        123450,
        "2027-03-31",
    )


def test_the_uploader_maps_a_column_the_import_did_not_recognise(world, client):
    client.force_login(world.east_officer)
    url = reverse("procurement:register_import", args=[world.east.code])
    data = b'Ref,Title,Supplier,Money committed\r\nM-1,Cleaning,Demo Cleaners,"2,500"\r\n'
    preview = client.post(url, {"file": SimpleUploadedFile("register.csv", data)})
    body = preview.content.decode()
    assert "Column &#x27;Money committed&#x27;" in body or "Column 'Money committed'" in body
    token = preview.context["token"]
    rechecked = client.post(url, {"token": token, "action": "check", "column_3": "value"})
    assert rechecked.context["report"].columns["Value"] == "Money committed"
    assert not Contract.objects.exists()
    client.post(url, {"token": token, "action": "import", "column_3": "value"})
    assert Contract.objects.get(reference="M-1").value_pence == 250000


def test_another_councils_officer_cannot_confirm_an_upload(world, client):
    client.force_login(world.east_officer)
    url = reverse("procurement:register_import", args=[world.east.code])
    data = b"Ref,Title,Supplier\r\nM-1,Cleaning,Demo Cleaners\r\n"
    token = client.post(url, {"file": SimpleUploadedFile("r.csv", data)}).context["token"]
    client.force_login(world.mid_officer)
    assert client.post(url, {"token": token, "action": "import"}).status_code == 403
    mid_url = reverse("procurement:register_import", args=[world.mid.code])
    response = client.post(mid_url, {"token": token, "action": "import"})
    assert "The uploaded file has expired" in response.content.decode()
    assert not Contract.objects.exists()
