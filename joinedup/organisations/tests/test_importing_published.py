"""The lists the ONS and mySociety publish import as published (issue 19, point 1)."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from joinedup.organisations import demo
from joinedup.organisations.importing import ImportRejected, import_organisations
from joinedup.organisations.models import Organisation

pytestmark = pytest.mark.django_db

REALDATA = Path("/work/shared/realdata")
ONS_NAMES = REALDATA / "ons-lad20-names-and-codes-uk-apr2020.csv"
ONS_COUNTIES = REALDATA / "ons-lad20-to-cty20-england-apr2020.csv"
MYSOCIETY = REALDATA / "mysociety-uk-local-authorities.csv"

needs_realdata = pytest.mark.skipif(not REALDATA.exists(), reason="needs ../shared/realdata")


def snapshot():
    return {
        o.code: (o.name, o.kind, o.nation, o.parent_id, o.population)
        for o in Organisation.objects.all()
    }


@needs_realdata
def test_the_ons_lookup_sets_the_parent_of_every_one_of_its_257_districts(capsys):
    call_command("import_organisations", str(ONS_COUNTIES))

    out = capsys.readouterr().out
    assert "parent from 'CTY20CD'" in out
    lines = ONS_COUNTIES.read_text(encoding="utf-8-sig").splitlines()[1:]
    expected = {line.split(",")[1]: line.split(",")[3] for line in lines}
    assert len(expected) == 257
    got = dict(Organisation.objects.filter(code__in=expected).values_list("code", "parent__code"))
    assert got == expected
    lincoln = Organisation.objects.get(code="E07000138")
    assert (lincoln.area_name, lincoln.parent.name, lincoln.parent.kind) == (
        "Lincoln",
        "Lincolnshire",
        "county",
    )
    # A metropolitan county has no council: it is a parent, not a council.
    assert not Organisation.objects.councils().filter(code="E11000005").exists()


@needs_realdata
def test_the_ons_names_file_over_the_demo_keeps_names_kinds_parents_and_populations():
    demo.load()
    before = snapshot()
    braintree_before = Organisation.objects.get(code="E07000067")
    assert braintree_before.parent is not None and braintree_before.population

    report = import_organisations(ONS_NAMES.read_bytes())

    after = snapshot()
    assert {code: after[code] for code in before} == before
    braintree = Organisation.objects.get(code="E07000067")
    assert (braintree.name, braintree.area_name) == ("Braintree District Council", "Braintree")
    assert Organisation.objects.get(code="W06000001").welsh_name == "Ynys Môn"
    assert report.created + report.updated == 379  # every area in the file; only names added


@needs_realdata
def test_a_dry_run_says_what_would_change_and_writes_nothing(capsys):
    demo.load()
    before = snapshot()

    call_command("import_organisations", "--dry-run", str(ONS_NAMES))

    out = capsys.readouterr().out
    assert "Changed: E07000067 Braintree District Council: area name (none) → Braintree" in out
    assert "Dry run, nothing written: would be 346 created, 33 updated" in out
    assert snapshot() == before
    assert Organisation.objects.get(code="E07000067").area_name == ""


@needs_realdata
def test_mysociety_list_imports_every_current_council_with_nation_kind_and_county(capsys):
    call_command("import_organisations", str(MYSOCIETY))

    out = capsys.readouterr().out
    assert "GSS code from 'gss-code'" in out
    import csv

    rows = list(csv.DictReader(MYSOCIETY.open(encoding="utf-8-sig")))
    current = {r["gss-code"] for r in rows if r["current-authority"] == "True"}
    assert len(current) == 397
    stored = set(Organisation.objects.current().values_list("code", flat=True))
    assert current <= stored
    essex = Organisation.objects.get(code="E10000012")
    braintree = Organisation.objects.get(code="E07000067")
    assert (braintree.name, braintree.area_name) == ("Braintree District Council", "Braintree")
    assert (braintree.kind, braintree.nation, braintree.parent) == ("district", "england", essex)
    assert Organisation.objects.get(code="S12000019").kind == "scottish_council"
    allerdale = Organisation.objects.get(code="E07000026")
    assert allerdale.ended_on.isoformat() == "2023-04-01"
    assert not Organisation.objects.current().filter(code="E07000026").exists()
    # The former councils that have no GSS code are listed, not silently dropped.
    assert out.count("Skipped: Row") == 25


@needs_realdata
def test_importing_each_published_file_twice_changes_nothing_the_second_time():
    for path in (ONS_NAMES, ONS_COUNTIES, MYSOCIETY):
        import_organisations(path.read_bytes())
        again = import_organisations(path.read_bytes())
        assert (again.created, again.updated) == (0, 0), path.name


def test_load_councils_loads_every_current_principal_council_from_the_shipped_list(capsys):
    call_command("load_councils")

    assert "382 created" in capsys.readouterr().out
    councils = Organisation.objects.councils()
    assert councils.count() == 382
    assert councils.filter(nation="wales").count() == 22
    assert councils.filter(nation="scotland").count() == 32
    assert councils.filter(nation="northern_ireland").count() == 11
    assert Organisation.objects.get(code="E07000068").parent.code == "E10000012"
    call_command("load_councils")
    assert "0 created, 0 updated, 382 unchanged" in capsys.readouterr().out


def xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_list_imports_as_its_csv_would():
    data = xlsx(
        [
            ["CTY21CD", "CTY21NM", "LAD21CD", "LAD21NM"],
            ["E10000012", "Essex", "E07000067", "Braintree"],
            ["E10000012", "Essex", "E07000068", "Brentwood"],
        ]
    )
    report = import_organisations(data)

    assert report.created == 3
    assert Organisation.objects.get(code="E07000068").parent.area_name == "Essex"


def test_a_column_the_file_lacks_changes_nothing_but_a_present_one_does():
    import_organisations(
        b"code,name,type,parent code,population\n"
        b"E10000012,Essex County Council,County,,1503300\n"
        b"E07000067,Braintree District Council,Borough,E10000012,155400\n"
    )
    report = import_organisations(b"code,population\nE07000067,160000\n")

    braintree = Organisation.objects.get(code="E07000067")
    assert (braintree.name, braintree.kind, braintree.parent.code) == (
        "Braintree District Council",
        "borough",
        "E10000012",
    )
    assert braintree.population == 160000
    assert [str(change) for change in report.changes] == [
        "E07000067 Braintree District Council: population 155400 → 160000"
    ]


def test_a_nation_that_contradicts_the_code_rejects_the_file_naming_the_row():
    with pytest.raises(ImportRejected) as rejected:
        import_organisations(b"gss-code,official-name,nation\nS12000019,Midlothian,England\n")
    assert "Row 2: nation 'England' does not match the code S12000019" in str(rejected.value)
    assert Organisation.objects.count() == 0


def test_the_command_refuses_a_bad_file_naming_the_row(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([["LAD20CD", "LAD20NM"], ["E07000067", "Braintree"], ["E0700", "X"]]))
    with pytest.raises(CommandError, match="Row 3: code 'E0700' is not a GSS code"):
        call_command("import_organisations", str(path))
    assert Organisation.objects.count() == 0
