"""The register, import, opportunities and download pages, and their refusals."""

import csv
import datetime
import io
import pathlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.procurement.models import Contract

from .factories import ContractFactory, ProcurementFactory

D = datetime.date
MESSY = pathlib.Path(__file__).parent / "data" / "messy_contracts.csv"


def test_the_register_is_public_and_paged_50_at_a_time(world, client):
    for n in range(51):
        ContractFactory(
            organisation=world.east,
            reference=f"EL-{n:03d}",
            ends_on=D(2027, 1, 1) + datetime.timedelta(days=n),
        )
    url = reverse("procurement:register", args=[world.east.code])
    first = client.get(url).content.decode()
    assert "51 contracts, page 1 of 2" in first
    assert "EL-049" in first and "EL-050" not in first
    assert "Import a contract register" not in first
    second = client.get(url + "?page=2").content.decode()
    assert "EL-050" in second and "EL-000" not in second
    assert client.get(url + "?page=nonsense").status_code == 200


def test_the_councils_officer_imports_and_sees_the_report_by_row(world, client):
    client.force_login(world.east_officer)
    url = reverse("procurement:register_import", args=[world.east.code])
    assert "Import a contract register" in client.get(url).content.decode()
    upload = SimpleUploadedFile("register.csv", MESSY.read_bytes(), content_type="text/csv")
    # First the file is checked and nothing is written (issue 19: a preview before importing).
    preview = client.post(url, {"file": upload})
    body = preview.content.decode()
    assert "Check the contract register before importing" in body
    assert "6 new contracts, 0 updated, 0 unchanged; 9 rows not imported" in body
    assert "is shorthand; write the amount in full" in body
    assert not Contract.objects.exists()
    token = preview.context["token"]
    response = client.post(url, {"token": token, "action": "import"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Contract register imported" in body
    assert "6 contracts imported" in body
    assert "9 rows not imported" in body
    assert Contract.objects.filter(organisation=world.east).count() == 6
    # The kept file is gone once imported: the same token cannot import it again.
    again = client.post(url, {"token": token, "action": "import"})
    assert "The uploaded file has expired" in again.content.decode()


def test_a_malformed_upload_is_an_error_on_the_field_and_writes_nothing(world, client):
    client.force_login(world.east_officer)
    upload = SimpleUploadedFile("register.xlsx", b"PK\x03\x04" + b"\x00" * 100)
    response = client.post(
        reverse("procurement:register_import", args=[world.east.code]), {"file": upload}
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "cannot be opened" in body and "Nothing was imported" in body
    assert not Contract.objects.exists()
    response = client.post(reverse("procurement:register_import", args=[world.east.code]), {})
    assert "Select a file" in response.content.decode() or "required" in response.content.decode()


def test_another_councils_officer_cannot_import(world, client):
    url = reverse("procurement:register_import", args=[world.east.code])
    for user in (world.mid_officer, world.essex_officer, world.public):
        client.force_login(user)
        upload = SimpleUploadedFile("register.csv", MESSY.read_bytes())
        assert client.post(url, {"file": upload}).status_code == 403
    assert not Contract.objects.exists()
    client.logout()
    assert client.get(url).status_code == 302


def test_the_csv_export_neutralises_formulas(world, client):
    ContractFactory(
        organisation=world.east,
        reference="EL-1",
        title='=HYPERLINK("http://evil.example")',
        supplier_name="@Supplier",
        value_pence=123450,
        supplier_is_sme=True,
    )
    response = client.get(reverse("procurement:register_csv", args=[world.east.code]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["Title"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["Supplier"] == "'@Supplier"
    assert rows[0]["Value (£)"] == "1234.50"
    assert rows[0]["SME"] == "Yes"
    assert rows[0]["End date"] == "2028-03-31"


def test_the_opportunities_page_lists_pairs_and_procurements(world, client):
    today = world.today
    ends = today.replace(year=today.year + 1)
    ContractFactory(organisation=world.east, reference="EL-W", title="East waste", ends_on=ends)
    ContractFactory(organisation=world.mid, reference="ML-W", title="Mid waste", ends_on=ends)
    ProcurementFactory(
        organisation=world.east,
        partnership=world.partnership,
        title="Waste fleet",
        current_contract_ends_on=ends,
    )
    url = reverse("procurement:opportunities", args=["elm"])
    body = client.get(url).content.decode()
    assert "East waste" in body and "Mid waste" in body
    assert "Waste fleet" in body
    body = client.get(url + "?window=3&level=5").content.decode()
    assert "East waste" in body, "refuse collection (90511) matches at category level too"
    bad = client.get(url + "?window=7&level=9")
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()


def test_the_opportunities_page_pages_the_pairs_soonest_first(world, client, monkeypatch):
    from joinedup.procurement import opportunities

    monkeypatch.setattr(opportunities, "PAIRS_PER_PAGE", 2)
    ends = world.today.replace(year=world.today.year + 1)
    for n in range(3):  # over six months apart: three pairs of East and Mid contracts
        day = ends + datetime.timedelta(days=200 * n)
        ContractFactory(organisation=world.east, reference=f"EL-{n}", ends_on=day)
        ContractFactory(organisation=world.mid, reference=f"ML-{n}", ends_on=day)
    url = reverse("procurement:opportunities", args=["elm"])
    first = client.get(url + "?window=3&level=3").content.decode()
    assert "3 pairs, soonest first: showing 1 to 2." in first
    assert "EL-0" in first and "EL-1" in first and "EL-2" not in first
    assert 'href="?window=3&amp;level=3&amp;page=2" rel="next"' in first
    second = client.get(url + "?window=3&level=3&page=2").content.decode()
    assert "showing 3 to 3." in second and "EL-2" in second and "EL-0" not in second
    last = client.get(url + "?window=3&level=3&page=99").content.decode()
    assert "EL-2" in last, "a page past the end shows the last page"


def test_an_unpublished_partnerships_pages_are_refused_to_outsiders(world, client):
    for name in ("partnership_procurements", "opportunities", "partnership_ocds"):
        url = reverse(f"procurement:{name}", args=["hidden"])
        client.force_login(world.east_officer)
        assert client.get(url).status_code == 404
        client.force_login(world.mid_officer)
        assert client.get(url).status_code == 200
