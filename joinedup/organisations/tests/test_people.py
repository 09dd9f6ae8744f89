from django.urls import reverse

from joinedup.organisations.models import Person


def person_edit_url(person):
    return reverse("organisations:person_edit", args=[person.organisation.code, person.pk])


def test_an_officer_changes_their_own_councils_person(world, client_for):
    response = client_for(world.mid_officer).post(
        person_edit_url(world.mid_person),
        {"name": "Kenneth Lawrie", "email": "kenneth.lawrie@midlothian.example", "phone": ""},
    )
    assert response.status_code == 302
    world.mid_person.refresh_from_db()
    assert world.mid_person.email == "kenneth.lawrie@midlothian.example"


def test_another_councils_officer_cannot_change_your_people(world, client_for):
    """003 §1.8: each council remains the data controller of the personal data it holds."""
    for user in (world.east_officer, world.essex_officer):
        client = client_for(user)
        assert client.get(person_edit_url(world.mid_person)).status_code == 403
        response = client.post(
            person_edit_url(world.mid_person),
            {"name": "Hijacked", "email": "x@evil.example", "phone": ""},
        )
        assert response.status_code == 403
    world.mid_person.refresh_from_db()
    assert world.mid_person.name == "Kenneth Lawrie"


def test_an_elected_member_cannot_change_contact_details_even_of_their_own_council(
    world, client_for
):
    assert client_for(world.mid_member).get(person_edit_url(world.mid_person)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(world, client_for):
    response = client_for(None).get(person_edit_url(world.mid_person))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_contact_details_show_only_to_the_councils_own_people(world, client_for):
    url = world.mid.get_absolute_url()
    assert "kenneth@mid.example" in client_for(world.mid_officer).get(url).content.decode()
    assert "kenneth@mid.example" in client_for(world.mid_member).get(url).content.decode()
    for user in (None, world.public, world.east_officer, world.essex_officer):
        page = client_for(user).get(url).content.decode()
        assert "Kenneth Lawrie" in page, "names and posts are public"
        assert "kenneth@mid.example" not in page


def test_adding_a_person_with_a_post(world, client_for):
    url = reverse("organisations:person_add", args=[world.mid.code])
    response = client_for(world.mid_officer).post(
        url, {"name": "Myra Forsyth", "email": "", "phone": "", "kind": "joint_partnership_manager"}
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Myra Forsyth")
    assert person.organisation == world.mid
    assert [p.kind for p in person.posts.all()] == ["joint_partnership_manager"]


def test_a_person_without_a_name_or_post_gets_an_error_summary_and_nothing_is_saved(
    world, client_for
):
    url = reverse("organisations:person_add", args=[world.mid.code])
    response = client_for(world.mid_officer).post(url, {"name": "", "email": "not-an-email"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_name"' in page
    assert 'href="#id_email"' in page
    assert 'href="#id_kind"' in page
    assert "<title>Error: " in page
    assert not Person.objects.filter(organisation=world.mid, name="").exists()


def test_officers_of_another_council_cannot_add_people_to_yours(world, client_for):
    url = reverse("organisations:person_add", args=[world.mid.code])
    response = client_for(world.east_officer).post(url, {"name": "Someone", "kind": "officer"})
    assert response.status_code == 403
    assert not Person.objects.filter(name="Someone").exists()


def test_the_register_filters_by_name_kind_and_nation(world, client_for):
    page = (
        client_for(None).get(reverse("organisations:list"), {"nation": "scotland"}).content.decode()
    )
    assert "East Lothian Council" in page
    assert "Essex County Council" not in page
    page = client_for(None).get(reverse("organisations:list"), {"q": "E10000012"}).content.decode()
    assert "Essex County Council" in page
    assert "Midlothian" not in page


def test_an_unknown_organisation_is_a_404_page_not_an_error(world, client_for):
    response = client_for(None).get("/organisations/X99999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_officer_adds_and_ends_a_post_for_their_own_person(world, client_for):
    client = client_for(world.mid_officer)
    base = f"/organisations/{world.mid.code}/people/{world.mid_person.pk}"
    response = client.post(
        f"{base}/posts/add/",
        {
            "kind": "chief_executive",
            "started_on_day": "1",
            "started_on_month": "4",
            "started_on_year": "2012",
        },
    )
    assert response.status_code == 302
    post = world.mid_person.posts.get(kind="chief_executive")

    response = client.post(
        f"{base}/posts/{post.pk}/end/",
        {"ended_on_day": "31", "ended_on_month": "3", "ended_on_year": "2011"},
    )
    assert "must be on or after it started, 1 April 2012" in response.content.decode()

    client.post(
        f"{base}/posts/{post.pk}/end/",
        {"ended_on_day": "31", "ended_on_month": "3", "ended_on_year": "2020"},
    )
    post.refresh_from_db()
    assert post.ended_on.isoformat() == "2020-03-31"
    assert world.mid_person.current_posts() == []


def test_another_council_cannot_add_or_end_your_peoples_posts(world, client_for):
    post = world.mid_person.posts.create(kind="chief_executive")
    base = f"/organisations/{world.mid.code}/people/{world.mid_person.pk}"
    client = client_for(world.east_officer)
    assert client.post(f"{base}/posts/add/", {"kind": "leader"}).status_code == 403
    assert (
        client.post(
            f"{base}/posts/{post.pk}/end/",
            {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2020"},
        ).status_code
        == 403
    )
    post.refresh_from_db()
    assert post.ended_on is None
    assert world.mid_person.posts.count() == 1
