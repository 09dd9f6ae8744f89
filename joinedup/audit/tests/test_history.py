import datetime

from django.urls import reverse

from joinedup.organisations.models import Person


def test_a_change_through_a_page_records_who_acting_for_which_organisation(world, client_for):
    url = reverse("organisations:person_edit", args=[world.mid.code, world.mid_person.pk])
    response = client_for(world.mid_officer).post(
        url, {"name": "Kenneth Lawrie", "email": "k.lawrie@mid.example", "phone": "0131 270 7500"}
    )
    assert response.status_code == 302

    latest = Person.history.filter(id=world.mid_person.pk).latest("history_date")
    assert latest.history_user == world.mid_officer
    assert latest.history_acting_for == world.mid
    assert latest.history_type == "~"
    assert latest.history_date.date() == datetime.date.today()


def test_the_history_page_shows_each_change_with_who_and_for_whom(world, client_for):
    client = client_for(world.mid_officer)
    client.post(
        reverse("agreements:partnership_edit", args=["elm"]),
        {"name": "East Lothian and Midlothian Partnership", "summary": "", "is_published": "on"},
    )
    response = client.get(
        reverse("audit:history", args=["agreements.partnership", world.partnership.pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "East Lothian and Midlothian → East Lothian and Midlothian Partnership" in page
    assert "acting for" in page.lower()
    assert "Midlothian Council" in page


def test_the_history_of_an_unpublished_partnership_is_refused_to_outsiders(world, client_for):
    url = reverse("audit:history", args=["agreements.partnership", world.hidden.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(world.essex_officer).get(url).status_code == 404
    assert client_for(world.mid_officer).get(url).status_code == 200


def test_anonymous_readers_see_the_organisation_but_not_the_name_of_who_changed_it(
    world, client_for
):
    client_for(world.mid_officer).post(
        reverse("agreements:partnership_edit", args=["elm"]),
        {"name": "Renamed", "summary": "", "is_published": "on"},
    )
    world.mid_officer.first_name, world.mid_officer.last_name = "Jo", "Bloggs"
    world.mid_officer.save()
    page = (
        client_for(None)
        .get(reverse("audit:history", args=["agreements.partnership", world.partnership.pk]))
        .content.decode()
    )
    assert "A signed-in user" in page
    assert "Jo Bloggs" not in page


def test_there_is_no_history_page_for_models_that_are_not_audited(world, client_for):
    url = reverse("audit:history", args=["organisations.user", world.mid_officer.pk])
    assert client_for(world.admin).get(url).status_code == 404
