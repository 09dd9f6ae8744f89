import pytest
from django.core.management import CommandError, call_command

from joinedup.organisations.importing import ImportRejected, import_organisations
from joinedup.organisations.models import Organisation

pytestmark = pytest.mark.django_db

GOOD = b"""code,name,type,parent code,population
E10000012,Essex County Council,County,,1503300
E07000067,Braintree District Council,Non-metropolitan District,E10000012,"155,400"
E07000068,Brentwood Borough Council,Borough,E10000012,75600
S12000019,Midlothian Council,Council Area,,93300
W06000015,Cardiff Council,,,
"""


def test_import_creates_organisations_with_nation_kind_and_parent_county():
    report = import_organisations(GOOD)

    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    braintree = Organisation.objects.get(code="E07000067")
    assert braintree.kind == "district"
    assert braintree.nation == "england"
    assert braintree.parent.code == "E10000012"
    assert braintree.population == 155400
    assert Organisation.objects.get(code="S12000019").nation == "scotland"
    cardiff = Organisation.objects.get(code="W06000015")
    assert (cardiff.kind, cardiff.nation) == ("welsh_council", "wales")


def test_importing_the_same_file_twice_changes_nothing():
    import_organisations(GOOD)
    report = import_organisations(GOOD)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert Organisation.objects.count() == 5


def test_import_updates_a_changed_name_and_counts_it():
    import_organisations(GOOD)
    report = import_organisations(GOOD.replace(b"Brentwood Borough Council", b"Brentwood Council"))

    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert Organisation.objects.get(code="E07000068").name == "Brentwood Council"


def test_a_parent_may_come_after_its_children_in_the_file():
    data = b"code,name,type,parent code\nE07000067,Braintree,District,E10000012\nE10000012,Essex,County,\n"
    import_organisations(data)
    assert Organisation.objects.get(code="E07000067").parent.name == "Essex"


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (b"E0700006,Short code,District,", "Row 3: code 'E0700006' is not a GSS code"),
        (b"E07000070,,District,", "Row 3: name is empty"),
        (b"E07000070,Chelmsford,Parish,", "Row 3: type 'Parish' is not a kind of organisation"),
        (
            b"E07000070,Chelmsford,District,E10000099",
            "Row 3: parent code E10000099 is not in the file",
        ),
        (b"E07000067,Braintree again,District,", "Row 3: code E07000067 is already on row 2"),
        (
            b'E07000070,Chelmsford,District,,"lots"',
            "Row 3: population 'lots' is not a whole number",
        ),
        (
            b"E07000070,Chelmsford,District,E07000070",
            "Row 3: an organisation cannot be its own parent",
        ),
    ],
    ids=[
        "short-code",
        "no-name",
        "unknown-type",
        "unknown-parent",
        "duplicate",
        "population",
        "own-parent",
    ],
)
def test_a_bad_row_rejects_the_whole_file_naming_the_row_and_reason(bad_row, reason):
    data = (
        b"code,name,type,parent code,population\nE07000067,Braintree,District,,\n" + bad_row + b"\n"
    )

    with pytest.raises(ImportRejected) as rejected:
        import_organisations(data)

    assert reason in rejected.value.report.summary()
    assert Organisation.objects.count() == 0, "nothing is written when a row is bad"


def test_a_windows_1252_file_as_excel_saves_it_is_read_not_refused():
    # The rule changed (issue 19): councils' CSV exports from Excel are often Windows-1252.
    import_organisations("code,name,type\nE07000067,Bra\xefntree,District\n".encode("cp1252"))
    assert Organisation.objects.get(code="E07000067").name == "Bra\xefntree"


def test_a_binary_file_is_rejected_with_a_reason():
    with pytest.raises(ImportRejected) as rejected:
        import_organisations(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert "not a CSV or XLSX file" in rejected.value.report.summary()


def test_a_file_without_the_needed_columns_is_rejected():
    with pytest.raises(ImportRejected) as rejected:
        import_organisations(b"gss,title\nE07000067,Braintree\n")
    assert "no code or name column" in rejected.value.report.summary()


def test_an_ons_lookup_file_with_its_own_headers_is_understood():
    data = b"LAD23CD,LAD23NM\nE07000067,Braintree\nS12000019,Midlothian\n"
    report = import_organisations(data)
    assert report.created == 2
    assert Organisation.objects.get(code="S12000019").kind == "scottish_council"


def test_the_command_reports_counts(tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_bytes(GOOD)
    call_command("import_organisations", str(path))
    assert "5 created, 0 updated, 0 unchanged, 0 rejected" in capsys.readouterr().out


def test_the_command_fails_on_a_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes(GOOD + b"X1,Nowhere,District,\n")
    with pytest.raises(CommandError, match="Row 7: code 'X1' is not a GSS code"):
        call_command("import_organisations", str(path))
    assert Organisation.objects.count() == 0
