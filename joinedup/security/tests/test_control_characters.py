"""Control characters and NUL bytes (issue 21 items 5 and 6): text is normalised on the way in
(a vertical tab becomes a line break), a NUL is refused naming the field, the path or the
query parameter, and no such input gives a 500 on either database."""

import json

import pytest
from django.urls import reverse

from joinedup.agreements.models import Partnership
from joinedup.api.models import ApiToken
from joinedup.govuk import text
from joinedup.organisations import importing
from joinedup.organisations.models import Organisation


def _api(client, method, path, user, body):
    token = ApiToken.objects.issue(user=user, name="test")[1]
    return getattr(client, method)(
        f"/api{path}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def _create(client, **fields):
    data = {
        "name": "Shared services",
        "summary": "",
        "is_published": "on",
        "joined_on_day": "1",
        "joined_on_month": "4",
        "joined_on_year": "2024",
    }
    data.update(fields)
    return client.post(reverse("agreements:partnership_create"), data)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("one\x0btwo", "one\ntwo"),
        ("one\x0ctwo", "one\ntwo"),
        ("a\x01b\x08c\x1fd\x7fe", "abcd\x7fe"),
        ("tab\tand\r\nnewline", "tab\tand\r\nnewline"),
        ("\ufffe", "\ufffe"),
    ],
    ids=["vertical-tab", "form-feed", "other-c0", "tab-and-newline-kept", "not-c0"],
)
def test_text_is_normalised(typed, stored):
    assert text.normalise(typed) == stored


def test_xml_safe_keeps_what_xml_can_carry():
    assert text.xml_safe("a\x0bb\x00c\x01d\ufffe\tz\n") == "a\nbcd\tz\n"
    assert text.xml_safe(12) == 12


def test_a_form_stores_a_vertical_tab_as_a_line_break(world, client_for):
    response = _create(
        client_for(world.east_officer), name="Shared\x01 services", summary="One\x0bTwo\x0cThree"
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get(name="Shared services")
    assert partnership.summary == "One\nTwo\nThree"


def test_a_nul_typed_into_a_form_is_refused_naming_the_field(world, client_for):
    before = Partnership.objects.count()
    response = _create(client_for(world.east_officer), name="Shared\x00services")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_name"' in page
    assert "Name must not contain a null character" in page
    assert Partnership.objects.count() == before


def test_the_api_stores_a_vertical_tab_as_a_line_break(world, client):
    response = _api(
        client, "patch", f"/partnerships/{world.partnership.slug}", world.jpm, {"summary": "A\x0bB"}
    )
    assert response.status_code == 200, response.content
    world.partnership.refresh_from_db()
    assert world.partnership.summary == "A\nB"


def test_a_nul_in_an_api_write_is_a_422_naming_the_field(world, client):
    before = world.partnership.name
    response = _api(
        client, "patch", f"/partnerships/{world.partnership.slug}", world.jpm, {"name": "A\x00B"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(error["loc"][-1] == "name" and "null character" in error["msg"] for error in detail)
    world.partnership.refresh_from_db()
    assert world.partnership.name == before


@pytest.mark.parametrize(
    "path",
    [
        "/organisations/S12000010%00/",
        "/partnerships/elm%00/",
        "/api/partnerships/elm%00",
        "/api/organisations/S12000010%00",
        "/notices/areas/S120%0000010/feed.atom",
    ],
)
def test_a_nul_in_the_path_is_a_400(world, client, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert "null character" in response.json()["detail"]
    else:
        assert "null character" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/notices/search/?q=waste%00", "q"),
        ("/notices/?area=S120%0000010", "area"),
        ("/api/notices?q=waste%00", "q"),
        ("/api/notices?area=S12000010%00&q=x", "area"),
        ("/api/partnerships?organisation=S12000010%00", "organisation"),
        ("/api/partnerships?%00=1", None),
    ],
)
def test_a_nul_in_the_query_string_is_a_400_naming_the_parameter(world, client, path, parameter):
    response = client.get(path)
    assert response.status_code == 400
    message = response.json()["detail"] if path.startswith("/api/") else response.content.decode()
    assert "null character" in message
    if parameter:
        assert f"‘{parameter}’" in message


def test_other_control_characters_in_a_query_are_not_an_error(world, client):
    assert client.get("/api/notices?q=waste%0Bcollection%01").status_code == 200
    assert client.get("/notices/search/?q=waste%0B").status_code == 200


def _csv(*rows: str) -> bytes:
    return ("code,name,type,parent code,population\n" + "\n".join(rows) + "\n").encode()


def test_an_import_with_a_nul_is_refused_naming_the_line(db):
    with pytest.raises(importing.ImportRejected, match="Row 3: .*null character"):
        importing.import_organisations(
            _csv("E07000067,Braintree,district,,152000", "E07000068,Brent\x00wood,district,,")
        )
    assert not Organisation.objects.filter(code__in=["E07000067", "E07000068"]).exists()


def test_an_import_normalises_control_characters(db):
    importing.import_organisations(_csv("E07000067,Braintree\x0b District\x01 Council,district,,"))
    # a name is one line: the vertical tab's line break folds into a space with the others
    assert Organisation.objects.get(code="E07000067").name == "Braintree District Council"


def test_an_over_large_population_is_refused_naming_the_row(db):
    report = None
    with pytest.raises(importing.ImportRejected) as excinfo:
        report = importing.import_organisations(
            _csv("E07000067,Braintree,district,,99999999999999999999")
        )
    assert report is None
    assert "Row 2: population" in str(excinfo.value)
    assert not Organisation.objects.filter(code="E07000067").exists()


def test_an_over_large_population_on_the_page_is_refused_naming_the_field(world, client_for):
    url = reverse("organisations:edit", args=[world.east.code])
    response = client_for(world.east_officer).post(
        url, {"name": world.east.name, "population": "9" * 20, "website": ""}
    )
    assert response.status_code == 200
    assert 'href="#id_population"' in response.content.decode()
    world.east.refresh_from_db()
    assert world.east.population != int("9" * 20)
