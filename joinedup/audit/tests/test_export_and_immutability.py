"""The history cannot be edited through joinedup, and an administrator can export the part of
it each organisation is controller of."""

import csv
import io
import json

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from joinedup.audit.export import audited_models
from joinedup.organisations.tests.factories import PersonFactory, PostFactory


def test_every_audited_model_keeps_a_history_and_none_is_in_the_admin():
    """No admin page adds, changes or deletes a history row, for any model, even a superuser's."""
    historicals = [historical for _, historical in audited_models()]
    assert len(historicals) >= 30
    registered = [h._meta.label for h in historicals if admin.site.is_registered(h)]
    assert not registered, f"history models in the admin: {registered}"


def test_an_administrator_cannot_reach_a_history_model_in_the_admin(world, client_for):
    client = client_for(world.admin)
    for _model, historical in list(audited_models())[:5]:
        meta = historical._meta
        url = f"/admin/{meta.app_label}/{meta.model_name}/"
        assert client.get(url).status_code == 404, url
        assert client.post(f"{url}1/delete/", {"post": "yes"}).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_history_pages_refuse_every_method_that_could_change_something(world, client_for, method):
    world.east.name = "East Lothian Council (renamed)"
    world.east.save()
    url = reverse("audit:history", args=["organisations.organisation", world.east.pk])
    rows = world.east.history.count()
    for user in (world.admin, world.east_officer, None):
        response = getattr(client_for(user), method)(url)
        assert response.status_code == 405, f"{method} by {user}: {response.status_code}"
    for url in (reverse("audit:export"), reverse("audit:export_csv", args=[world.east.code])):
        assert getattr(client_for(world.admin), method)(url).status_code == 405
    assert world.east.history.count() == rows


def _export(organisation) -> list[dict]:
    out = io.StringIO()
    call_command("export_audit", "--organisation", organisation.code, "-", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_an_organisations_export_holds_its_own_records_people_posts_and_changes(world):
    east_person = PersonFactory(organisation=world.east, name="Eilidh Grant")
    PostFactory(person=east_person, title="Chief Executive")
    essex_person = PersonFactory(organisation=world.essex, name="Essex Person")
    world.east.population = 112_000
    world.east.save()

    rows = _export(world.east)

    by_type = {}
    for row in rows:
        by_type.setdefault(row["record type"], []).append(row)
    assert {"organisations.organisation", "organisations.person", "organisations.post"} <= set(
        by_type
    )
    assert "agreements.party" in by_type  # its parties to partnerships
    people = {
        json.loads(r["values after the change"])["name"] for r in by_type["organisations.person"]
    }
    assert "Eilidh Grant" in people and "Essex Person" not in people
    own = list(by_type["organisations.organisation"])
    assert {r["record id"] for r in own} == {str(world.east.pk)}
    assert {r["change"] for r in own} == {"created", "changed"}
    assert all(r["reason"] for r in rows)
    assert not any("password" in r["values after the change"] for r in rows)
    essex_ids = {str(essex_person.pk)}
    assert not [r for r in by_type["organisations.person"] if r["record id"] in essex_ids]


def test_a_change_made_by_someone_acting_for_the_organisation_is_in_its_export(world, client_for):
    client_for(world.east_officer).post(
        reverse("agreements:partnership_edit", args=[world.partnership.slug]),
        {"name": "East Lothian and Midlothian", "summary": "Changed by East", "is_published": "on"},
    )
    changes = [
        r
        for r in _export(world.east)
        if r["record type"] == "agreements.partnership" and r["reason"] == "acting for it"
    ]
    assert changes and changes[-1]["changed by"] == "east.officer"
    assert changes[-1]["acting for"] == "East Lothian Council"
    assert not [r for r in _export(world.essex) if r["record type"] == "agreements.partnership"]


def test_the_export_command_writes_a_file_and_refuses_an_unknown_code(world, tmp_path):
    target = tmp_path / "east.csv"
    out = io.StringIO()
    call_command("export_audit", "--organisation", world.east.code, str(target), stdout=out)
    assert "history entries for East Lothian Council" in out.getvalue()
    assert target.read_text().startswith("date,record type,record id,change")
    with pytest.raises(CommandError, match="No organisation has the code"):
        call_command("export_audit", "--organisation", "X99999999", str(target))


def test_the_export_page_is_for_administrators(world, client_for):
    page = client_for(world.admin).get(reverse("audit:export"))
    assert page.status_code == 200
    assert "East Lothian Council" in page.content.decode()
    download = client_for(world.admin).get(reverse("audit:export_csv", args=[world.east.code]))
    assert download["Content-Type"].startswith("text/csv")
    assert "history-S12000010.csv" in download["Content-Disposition"]
    for user in (world.east_officer, world.jpm, world.public):
        assert client_for(user).get(reverse("audit:export")).status_code == 403
    anonymous = client_for(None).get(reverse("audit:export_csv", args=[world.east.code]))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
