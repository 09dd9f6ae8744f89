import datetime
import json

import pytest
from django.urls import URLPattern, reverse

from joinedup.governance import urls as governance_urls
from joinedup.governance.models import Body, MemberRole, Rotation
from joinedup.governance.tests.factories import BodyFactory, QuorumRequirementFactory, SeatFactory

D = datetime.date

ROLES = ["anonymous", "public", "essex_officer", "mid_officer", "mid_member", "jpm", "admin"]
MANAGERS = {"jpm", "admin"}


def user_for(world, role):
    return None if role == "anonymous" else getattr(world, role)


def urls_for(jlg):
    """Every governance URL, with how it is used: (name, url, method, who may)."""
    body = jlg.body
    slug = body.partnership.slug
    requirement = body.quorum_requirements.get()
    return [
        ("body_list", reverse("governance:body_list", args=[slug]), "get", "readers"),
        ("body", reverse("governance:body", args=[body.pk]), "get", "readers"),
        ("body_schedule", reverse("governance:body_schedule", args=[body.pk]), "get", "readers"),
        ("body_popolo", reverse("governance:body_popolo", args=[body.pk]), "get", "readers"),
        (
            "partnership_popolo",
            reverse("governance:partnership_popolo", args=[slug]),
            "get",
            "readers",
        ),
        ("body_create", reverse("governance:body_create", args=[slug]), "get", "managers"),
        ("body_edit", reverse("governance:body_edit", args=[body.pk]), "get", "managers"),
        ("body_rules", reverse("governance:body_rules", args=[body.pk]), "get", "managers"),
        ("seat_add", reverse("governance:seat_add", args=[body.pk]), "get", "managers"),
        (
            "seat_remove",
            reverse("governance:seat_remove", args=[body.pk, jlg.chief_executives.pk]),
            "post",
            "managers",
        ),
        ("quorum_add", reverse("governance:quorum_add", args=[body.pk]), "get", "managers"),
        (
            "quorum_remove",
            reverse("governance:quorum_remove", args=[body.pk, requirement.pk]),
            "post",
            "managers",
        ),
        ("member_add", reverse("governance:member_add", args=[body.pk]), "get", "managers"),
        (
            "member_end",
            reverse("governance:member_end", args=[body.pk, jlg.members.reid.pk]),
            "get",
            "managers",
        ),
    ]


def test_the_access_matrix_covers_every_governance_url(jlg):
    """A new page without a row here fails: every view states who may use it."""
    names = {p.name for p in governance_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == {name for name, *_ in urls_for(jlg)}


@pytest.mark.parametrize("role", ROLES)
def test_access_to_a_published_partnerships_bodies(jlg, world, client_for, role):
    """The public reads the bodies of published partnerships; only managers change them."""
    client = client_for(user_for(world, role))
    for name, url, method, who in urls_for(jlg):
        response = getattr(client, method)(url)
        if who == "readers":
            expected = {200}
        elif role in MANAGERS:
            expected = {200, 302} if method == "post" else {200}
        elif role == "anonymous":
            expected = {302}
        else:
            expected = {403}
        assert response.status_code in expected, (name, role, response.status_code)
        if role == "anonymous" and who == "managers":
            assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("public", 404),
        ("essex_officer", 404),
        ("mid_officer", 200),
        ("mid_member", 200),
        ("admin", 200),
    ],
)
def test_bodies_of_an_unpublished_partnership_are_seen_only_by_its_people(
    world, client_for, role, status
):
    body = BodyFactory(partnership=world.hidden, name="Hidden board")
    client = client_for(user_for(world, role))
    for url in (
        reverse("governance:body", args=[body.pk]),
        reverse("governance:body_popolo", args=[body.pk]),
        reverse("governance:body_schedule", args=[body.pk]),
        reverse("governance:body_list", args=[world.hidden.slug]),
    ):
        assert client.get(url).status_code == status, url


def test_a_party_officer_who_is_not_a_manager_cannot_change_the_rules(jlg, world, client_for):
    url = reverse("governance:body_rules", args=[jlg.body.pk])
    client = client_for(world.mid_officer)
    assert client.get(url).status_code == 403
    response = client.post(url, {"cadence": "monthly", "rotation": "none"})
    assert response.status_code == 403
    jlg.body.refresh_from_db()
    assert jlg.body.cadence == "quarterly"


def test_the_body_page_shows_rules_seats_members_and_reporting_line(jlg, world, client_for):
    board = BodyFactory(
        partnership=world.partnership, name="Partnership Working Board", reports_to=jlg.body
    )
    response = client_for(None).get(reverse("governance:body", args=[jlg.body.pk]))
    page = response.content.decode()

    assert '<h1 class="govuk-heading-xl">Elected Members Joint Liaison Group</h1>' in page
    assert "Quorum is one elected member from each council." in page
    assert "Chaired by the chief executive of the host council." in page
    assert "Up to two cabinet members from each council" in page
    assert "One chief executive from each council</td>" in page
    assert page.index("East Lothian Council</caption>") < page.index("Midlothian Council</caption>")
    assert "Cllr Fiona Baird" in page and "Cllr Iain Wallace" in page
    assert "Advisory" in page and "Voting" in page
    assert "Reports to each partner council" in page
    assert board.name in page
    assert "Change the rules" not in page
    # Contact details stay with each council (003 §1.8).
    assert world.mid_person.email not in page


def test_the_body_page_names_this_years_host_and_chair(jlg, world, client_for):
    today = datetime.date.today()
    from joinedup.governance.rotation import host_for

    host = host_for(jlg.body, today)
    chair = jlg.members.lawrie if host == world.mid else jlg.members.fraser
    page = client_for(None).get(reverse("governance:body", args=[jlg.body.pk])).content.decode()
    assert f"{host.name}, from" in page
    assert f"{chair.person.name}, chief executive of {host.name}" in page


def test_managers_see_the_links_to_change_the_body(jlg, world, client_for):
    page = (
        client_for(world.jpm).get(reverse("governance:body", args=[jlg.body.pk])).content.decode()
    )
    for name in ("body_rules", "member_add", "body_edit", "seat_add", "quorum_add"):
        assert reverse(f"governance:{name}", args=[jlg.body.pk]) in page
    assert reverse("governance:member_end", args=[jlg.body.pk, jlg.members.reid.pk]) in page


def test_the_body_page_is_a_fixed_number_of_queries(
    jlg, world, client_for, django_assert_num_queries
):
    client = client_for(world.jpm)
    url = reverse("governance:body", args=[jlg.body.pk])
    client.get(url)
    with django_assert_num_queries(12):
        client.get(url)
    for _ in range(3):
        SeatFactory(body=jlg.body, role=MemberRole.OFFICER, description="Officer")
        QuorumRequirementFactory(body=jlg.body, organisation=world.mid)
    with django_assert_num_queries(12):
        client.get(url)


def test_the_bodies_list_is_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    url = reverse("governance:body_list", args=[world.partnership.slug])
    client = client_for(None)
    with django_assert_num_queries(2):
        client.get(url)
    parent = BodyFactory(partnership=world.partnership)
    for _ in range(3):
        BodyFactory(partnership=world.partnership, reports_to=parent)
    with django_assert_num_queries(2):
        page = client.get(url).content.decode()
    assert parent.name in page


def test_the_partnership_page_links_to_its_joint_bodies(jlg, client_for):
    page = client_for(None).get(jlg.body.partnership.get_absolute_url()).content.decode()
    assert reverse("governance:body_list", args=[jlg.body.partnership.slug]) in page
    assert jlg.body.get_absolute_url() in page
    slug = jlg.body.partnership.slug
    assert reverse("meetings:partnership_feed", args=[slug]) in page
    assert reverse("meetings:overdue_actions", args=[slug]) in page


def test_the_body_page_links_to_its_meetings_and_their_calendar(jlg, client_for):
    page = client_for(None).get(jlg.body.get_absolute_url()).content.decode()
    assert reverse("meetings:list", args=[jlg.body.pk]) in page
    assert reverse("meetings:body_feed", args=[jlg.body.pk]) in page


def test_a_manager_sets_up_a_body_then_its_rules(world, client_for):
    client = client_for(world.jpm)
    response = client.post(
        reverse("governance:body_create", args=[world.partnership.slug]),
        {"name": "Partnership Working Board", "short_name": "Board", "kind": "board"},
    )
    body = Body.objects.get(name="Partnership Working Board")
    assert response.url == reverse("governance:body_rules", args=[body.pk])

    response = client.post(
        response.url,
        {
            "cadence": "quarterly",
            "also_meets_when_needed": "on",
            "rotation": "annual",
            "first_host": world.mid.pk,
            "rotation_starts_on_day": "3",
            "rotation_starts_on_month": "6",
            "rotation_starts_on_year": "2013",
            "host_provides_secretariat": "on",
            "chair_rule": "host_chief_executive",
            "decision_rule": "consensus",
            "reporting_cadence": "",
        },
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.rotation == Rotation.ANNUAL
    assert body.rotation_starts_on == D(2013, 6, 3)
    assert body.first_host == world.mid
    # The change is in the audit history, with who made it.
    assert body.history.latest("history_date").history_user == world.jpm


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rotation": "annual"}, "Enter the date the host council first hosts"),
        ({"quorum_fraction": "abc"}, "Quorum: fraction of members must be a number"),
        ({"quorum_fraction": "1.5"}, "Fraction of members must be more than 0 and at most 1"),
        ({"first_host": "999999"}, "Select the council that hosts first from the list"),
        ({"cadence": "fortnightly"}, "Select how often the body meets from the list"),
        (
            {
                "rotation_starts_on_day": "31",
                "rotation_starts_on_month": "2",
                "rotation_starts_on_year": "2014",
            },
            "must be a real date",
        ),
    ],
    ids=[
        "annual-without-date",
        "fraction-not-a-number",
        "fraction-over-one",
        "unknown-host",
        "unknown-cadence",
        "impossible-date",
    ],
)
def test_bad_rules_show_the_error_summary_not_a_crash(jlg, world, client_for, data, message):
    form = {
        "cadence": "quarterly",
        "rotation": "none",
        "chair_rule": "host_chief_executive",
        "decision_rule": "consensus",
        **data,
    }
    response = client_for(world.jpm).post(
        reverse("governance:body_rules", args=[jlg.body.pk]), form
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert message in page


def test_a_full_seat_is_named_in_the_error_summary(jlg, world, client_for):
    response = client_for(world.jpm).post(
        reverse("governance:member_add", args=[jlg.body.pk]),
        {
            "person": jlg.people.gray.pk,
            "seat": jlg.cabinet.pk,
            "started_on_day": "1",
            "started_on_month": "1",
            "started_on_year": "2020",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_seat">' in page
    assert "up to two cabinet members from each council" in page


def test_a_manager_adds_a_member_and_ends_a_membership(jlg, world, client_for):
    client = client_for(world.jpm)
    client.post(
        reverse("governance:member_end", args=[jlg.body.pk, jlg.members.reid.pk]),
        {"ended_on_day": "31", "ended_on_month": "12", "ended_on_year": "2019"},
    )
    jlg.members.reid.refresh_from_db()
    assert jlg.members.reid.ended_on == D(2019, 12, 31)

    response = client.post(
        reverse("governance:member_add", args=[jlg.body.pk]),
        {
            "person": jlg.people.gray.pk,
            "seat": jlg.cabinet.pk,
            "started_on_day": "1",
            "started_on_month": "1",
            "started_on_year": "2020",
        },
    )
    assert response.status_code == 302
    assert jlg.body.memberships.filter(person=jlg.people.gray, started_on=D(2020, 1, 1)).exists()


def test_a_manager_adds_and_removes_seats_and_quorum_minimums(jlg, world, client_for):
    client = client_for(world.jpm)
    response = client.post(
        reverse("governance:seat_add", args=[jlg.body.pk]),
        {
            "description": "Joint partnership manager",
            "role": "joint_partnership_manager",
            "organisation": world.mid.pk,
            "maximum": "1",
        },
    )
    assert response.status_code == 302
    seat = jlg.body.seats.get(description="Joint partnership manager")
    assert seat.describe() == "one joint partnership manager from Midlothian Council (advisory)"

    response = client.post(
        reverse("governance:quorum_add", args=[jlg.body.pk]),
        {"minimum": "2", "roles": ["chief_executive", "director"]},
    )
    assert response.status_code == 302
    requirement = jlg.body.quorum_requirements.get(minimum=2)
    assert requirement.describe() == "two chief executives or directors from each council"

    client.post(reverse("governance:quorum_remove", args=[jlg.body.pk, requirement.pk]))
    client.post(reverse("governance:seat_remove", args=[jlg.body.pk, seat.pk]))
    assert not jlg.body.quorum_requirements.filter(pk=requirement.pk).exists()
    assert not jlg.body.seats.filter(pk=seat.pk).exists()


def test_a_seat_needs_at_least_one_place(jlg, world, client_for):
    response = client_for(world.jpm).post(
        reverse("governance:seat_add", args=[jlg.body.pk]),
        {"description": "Nobody", "role": "officer", "maximum": "0"},
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_removing_a_seat_held_now_is_refused_with_a_message(jlg, world, client_for):
    response = client_for(world.jpm).post(
        reverse("governance:seat_remove", args=[jlg.body.pk, jlg.cabinet.pk]), follow=True
    )
    assert "end their memberships before removing it" in response.content.decode()
    assert jlg.body.seats.filter(pk=jlg.cabinet.pk).exists()


def test_a_seat_of_another_body_cannot_be_removed_through_this_one(jlg, world, client_for):
    other = SeatFactory(body__partnership=world.partnership)
    response = client_for(world.jpm).post(
        reverse("governance:seat_remove", args=[jlg.body.pk, other.pk])
    )
    assert response.status_code == 404


def test_the_schedule_page_lists_dates_hosts_chairs_and_notice(jlg, client_for):
    response = client_for(None).get(
        reverse("governance:body_schedule", args=[jlg.body.pk]), {"year": "2025"}
    )
    page = response.content.decode()
    assert "Friday 3 January 2025" in page
    assert "moved from Wednesday 1 January" in page
    assert "Morag Fraser" in page and "Kenneth Lawrie" in page
    # Three clear working days in Scotland before Friday 3 January: 27, 30 and 31 December.
    assert "Tuesday 24 December 2024" in page


def test_the_schedule_page_refuses_a_nonsense_year_politely(jlg, client_for):
    response = client_for(None).get(
        reverse("governance:body_schedule", args=[jlg.body.pk]), {"year": "soon"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_popolo_json_has_bodies_memberships_and_people_without_contact_details(
    jlg, world, client_for
):
    response = client_for(None).get(reverse("governance:body_popolo", args=[jlg.body.pk]))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)

    assert data["organizations"][0]["name"] == "Elected Members Joint Liaison Group"
    assert {o["name"] for o in data["organizations"][1:]} == {
        "East Lothian Council",
        "Midlothian Council",
    }
    assert {p["name"] for p in data["persons"]} >= {"Cllr Fiona Baird", "Kenneth Lawrie"}
    baird = next(p for p in data["persons"] if p["name"] == "Cllr Fiona Baird")
    assert baird["posts"] == ["Cabinet member"]
    membership = next(m for m in data["memberships"] if m["person_id"] == baird["id"])
    assert membership["organization_id"] == data["organizations"][0]["id"]
    assert membership["on_behalf_of_id"] == f"gss:{world.mid.code}"
    assert membership["start_date"] == "2013-06-03"
    assert membership["label"] == "Voting"
    assert len(data["posts"]) == 2
    text = response.content.decode()
    assert "@" not in text
    assert world.mid_person.phone not in text
    assert "email" not in text and "phone" not in text


def test_other_apps_can_add_a_section_to_the_popolo_document(jlg, client_for):
    from joinedup.governance import popolo

    saved = dict(popolo.SECTIONS)
    try:
        popolo.SECTIONS.clear()

        @popolo.section("events")
        def events(body):
            return [{"name": f"Meeting of {body.short_name}"}]

        data = client_for(None).get(reverse("governance:body_popolo", args=[jlg.body.pk])).json()
    finally:
        popolo.SECTIONS.clear()
        popolo.SECTIONS.update(saved)
    assert data["events"] == [{"name": "Meeting of JLG"}]


def test_a_bodys_history_is_shown_to_those_who_can_see_it(jlg, world, client_for):
    hidden = BodyFactory(partnership=world.hidden)
    url = reverse("audit:history", args=["governance.body", jlg.body.pk])
    assert client_for(None).get(url).status_code == 200
    hidden_url = reverse("audit:history", args=["governance.body", hidden.pk])
    assert client_for(None).get(hidden_url).status_code == 404
    assert client_for(world.essex_officer).get(hidden_url).status_code == 404
    assert client_for(world.mid_officer).get(hidden_url).status_code == 200
    membership_url = reverse("audit:history", args=["governance.membership", jlg.members.baird.pk])
    assert client_for(None).get(membership_url).status_code == 200


def test_a_get_to_a_remove_link_changes_nothing(jlg, world, client_for):
    client = client_for(world.jpm)
    seat = SeatFactory(body=jlg.body, description="Spare", role=MemberRole.OFFICER)
    response = client.get(reverse("governance:seat_remove", args=[jlg.body.pk, seat.pk]))
    assert response.status_code == 302
    assert response.url == jlg.body.get_absolute_url()
    assert jlg.body.seats.filter(pk=seat.pk).exists()
