"""Joint bodies through the JSON API: rules in plain English, seats, quorum and members."""

import datetime
import json

import pytest

from joinedup.governance.models import Membership
from joinedup.governance.tests.factories import BodyFactory
from joinedup.organisations.models import PostKind
from joinedup.organisations.tests.factories import PersonFactory, PostFactory


def test_anyone_lists_the_bodies_of_a_published_partnership(jlg, api):
    response = api("get", "/partnerships/elm/bodies")
    assert response.status_code == 200
    [body] = response.json()
    assert body["name"] == "Elected Members Joint Liaison Group"
    assert body["short_name"] == "JLG"
    assert body["url"] == f"/bodies/{jlg.body.pk}/"


def test_a_body_has_its_rules_in_plain_english_seats_quorum_and_members(jlg, world, api):
    data = api("get", f"/bodies/{jlg.body.pk}").json()
    page_rules = jlg.body.describe_rules()
    assert data["rules"] == page_rules
    assert any("one elected member from each council" in rule.lower() for rule in data["rules"])
    assert {seat["rule"] for seat in data["seats"]} == {
        "up to two cabinet members from each council",
        "one chief executive from each council (advisory)",
    }
    [quorum] = data["quorum_requirements"]
    assert quorum["rule"] == "one elected member from each council"
    members = {m["person_name"]: m for m in data["memberships"]}
    assert members["Cllr Fiona Baird"]["organisation_code"] == world.mid.code
    assert members["Cllr Fiona Baird"]["is_voting"] is True
    assert members["Kenneth Lawrie"]["is_voting"] is False
    assert members["Kenneth Lawrie"]["role"] == "chief_executive"
    text = json.dumps(data)
    assert "@" not in text, "people's email addresses are never in the API's bodies"


def test_bodies_of_an_unpublished_partnership_are_for_its_people(world, api):
    hidden = BodyFactory(partnership=world.hidden, name="Hidden board")
    for user in (None, world.public, world.essex_officer, world.east_officer):
        assert api("get", f"/bodies/{hidden.pk}", user=user).status_code == 404
        assert api("get", "/partnerships/hidden/bodies", user=user).status_code == 404
        assert api("get", f"/bodies/{hidden.pk}/popolo", user=user).status_code == 404
        assert api("get", "/partnerships/hidden/popolo", user=user).status_code == 404
    assert api("get", f"/bodies/{hidden.pk}", user=world.mid_officer).status_code == 200
    assert api("get", "/partnerships/hidden/bodies", user=world.mid_member).status_code == 200


def test_the_popolo_documents_are_served_through_the_api(jlg, api):
    body = api("get", f"/bodies/{jlg.body.pk}/popolo").json()
    assert body["organizations"][0]["name"] == "Elected Members Joint Liaison Group"
    assert "events" in body
    partnership = api("get", "/partnerships/elm/popolo").json()
    assert [o["name"] for o in partnership["organizations"]][0] == (
        "Elected Members Joint Liaison Group"
    )
    assert len(partnership["memberships"]) == len(body["memberships"])


def test_the_manager_adds_and_ends_a_membership(jlg, world, api):
    munro = PersonFactory(organisation=world.east, name="Cllr Catriona Munro")
    PostFactory(person=munro, kind=PostKind.CABINET_MEMBER)
    response = api(
        "post",
        f"/bodies/{jlg.body.pk}/memberships",
        world.jpm,
        {"person_id": munro.pk, "started_on": "2014-06-03", "seat_id": jlg.cabinet.pk},
    )
    assert response.status_code == 201, response.content
    membership_id = response.json()["id"]
    assert response.json()["role"] == "elected_member"
    response = api(
        "post",
        f"/bodies/{jlg.body.pk}/memberships/{membership_id}/end",
        world.jpm,
        {"ended_on": "2015-05-31"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["ended_on"] == "2015-05-31"
    assert Membership.objects.get(pk=membership_id).ended_on == datetime.date(2015, 5, 31)


def test_a_full_seat_is_refused_naming_the_field(jlg, world, api):
    """Midlothian already fills both cabinet places on the JLG (003 §5: up to two)."""
    extra = PersonFactory(organisation=world.mid, name="Cllr Extra")
    PostFactory(person=extra, kind=PostKind.CABINET_MEMBER)
    before = Membership.objects.count()
    response = api(
        "post",
        f"/bodies/{jlg.body.pk}/memberships",
        world.jpm,
        {"person_id": extra.pk, "started_on": "2014-06-03", "seat_id": jlg.cabinet.pk},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"
    assert Membership.objects.count() == before


@pytest.mark.parametrize("who", ["mid_officer", "east_officer", "essex_officer", "mid_member"])
def test_only_the_partnerships_managers_change_its_members(jlg, world, api, who):
    """Officers of the councils read the bodies; the joint partnership managers change them."""
    before = Membership.objects.count()
    response = api(
        "post",
        f"/bodies/{jlg.body.pk}/memberships",
        getattr(world, who),
        {"person_id": jlg.people.gray.pk, "started_on": "2014-06-03"},
    )
    assert response.status_code == 403
    response = api(
        "post",
        f"/bodies/{jlg.body.pk}/memberships/{jlg.members.reid.pk}/end",
        getattr(world, who),
        {"ended_on": "2015-05-31"},
    )
    assert response.status_code == 403
    assert Membership.objects.count() == before
    assert Membership.objects.get(pk=jlg.members.reid.pk).ended_on is None
