"""People and posts import for the importing council only (issue 19, point 3)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from joinedup.organisations.models import Person, Post
from joinedup.organisations.people_import import NotAllowed, PeopleRejected, import_people

pytestmark = pytest.mark.django_db

GOOD = (
    b"Name,Email address,Telephone,Post,Job title,Start date\n"
    b"Morag Fraser,morag@east.example,01620 827827,Director,Director of Place,01/04/2020\n"
    b"Alan Innes,alan@east.example,,Head of service,Head of Housing,2021-06-01\n"
    b"Cllr Jean Shaw,,,Cabinet member,,\n"
)


def test_an_officer_imports_their_own_councils_people_and_posts(world):
    report = import_people(world.east_officer, world.east, GOOD)

    # Morag Fraser is already a person of East Lothian: found by email, not duplicated.
    assert (report.people_created, report.people_updated) == (2, 1)
    assert report.posts_created == 3
    morag = Person.objects.get(organisation=world.east, email="morag@east.example")
    assert morag.phone == "01620 827827"
    post = morag.posts.get(title="Director of Place")
    assert (post.kind, post.started_on.isoformat()) == ("director", "2020-04-01")
    assert Person.objects.get(name="Cllr Jean Shaw").posts.get().kind == "cabinet_member"

    again = import_people(world.east_officer, world.east, GOOD)
    assert (again.people_created, again.people_updated, again.posts_created) == (0, 0, 0)
    assert again.unchanged == 3


def test_another_councils_officer_and_a_member_are_refused_and_nothing_is_written(world):
    people, posts = Person.objects.count(), Post.objects.count()
    for user in (world.mid_officer, world.public):
        with pytest.raises(NotAllowed, match="controls their data"):
            import_people(user, world.east, GOOD)
    assert (Person.objects.count(), Post.objects.count()) == (people, posts)


def test_a_bad_row_rejects_the_file_naming_each_row_and_column(world):
    people = Person.objects.count()
    data = GOOD + b",no-name@east.example,,Officer,,\nBob Smith,not-an-email,,Wizard,,31/02/2024\n"
    with pytest.raises(PeopleRejected) as rejected:
        import_people(world.east_officer, world.east, data)
    text = rejected.value.report.summary()
    assert "Row 5, Name: is empty" in text
    assert "Row 6, Email: 'not-an-email' is not an email address" in text
    assert "Row 6, Post: 'Wizard' is not a kind of post we know" in text
    assert "Row 6, Start date: '31/02/2024' is not a real date" in text
    assert Person.objects.count() == people, "nothing written"


def test_a_dry_run_and_an_xlsx_file(world):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Full name", "Role", "Position"])
    workbook.active.append(["Iain Gray", "Officer", "Partnership officer"])
    out = io.BytesIO()
    workbook.save(out)
    people = Person.objects.count()

    report = import_people(world.east_officer, world.east, out.getvalue(), dry_run=True)
    assert "Dry run, nothing written: would be 1 people added" in report.summary()
    assert Person.objects.count() == people
    import_people(world.east_officer, world.east, out.getvalue())
    assert Person.objects.get(name="Iain Gray").posts.get().title == "Partnership officer"


def test_the_command_imports_as_the_named_officer_and_refuses_another(world, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(GOOD)
    out = io.StringIO()
    call_command(
        "import_people",
        "--organisation",
        world.east.code,
        "--user",
        world.east_officer.username,
        str(path),
        stdout=out,
    )
    assert "2 people added, 1 updated; 3 posts added" in out.getvalue()
    with pytest.raises(CommandError, match="Only the council's own officers"):
        call_command(
            "import_people",
            "--organisation",
            world.east.code,
            "--user",
            world.mid_officer.username,
            str(path),
        )


def test_the_upload_page_previews_then_imports(world, client):
    url = reverse("organisations:people_import", args=[world.east.code])
    client.force_login(world.east_officer)
    preview = client.post(url, {"file": SimpleUploadedFile("people.csv", GOOD)})
    assert "Check the people before importing" in preview.content.decode()
    assert not Person.objects.filter(name="Alan Innes").exists()
    response = client.post(url, {"token": preview.context["token"], "action": "import"})
    assert response.status_code == 302
    assert Person.objects.filter(organisation=world.east, name="Alan Innes").exists()


def test_the_upload_page_names_bad_rows_in_an_error_summary(world, client):
    client.force_login(world.east_officer)
    url = reverse("organisations:people_import", args=[world.east.code])
    response = client.post(url, {"file": SimpleUploadedFile("p.csv", b"Name,Email\nA,bad\n")})
    body = response.content.decode()
    assert "There is a problem" in body and "Row 2, Email: &#x27;bad&#x27;" in body


def test_the_upload_page_is_refused_to_another_council_and_its_token_too(world, client):
    url = reverse("organisations:people_import", args=[world.east.code])
    client.force_login(world.mid_officer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": SimpleUploadedFile("p.csv", GOOD)}).status_code == 403
    client.force_login(world.east_officer)
    token = client.post(url, {"file": SimpleUploadedFile("p.csv", GOOD)}).context["token"]
    client.force_login(world.mid_officer)
    mid_url = reverse("organisations:people_import", args=[world.mid.code])
    response = client.post(mid_url, {"token": token, "action": "import"})
    assert "The uploaded file has expired" in response.content.decode()
    assert not Person.objects.filter(name="Alan Innes").exists()
