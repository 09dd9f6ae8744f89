import json

import pytest

from joinedup.agreements.models import Party
from joinedup.api.models import ApiToken


@pytest.fixture
def api(client):
    def call(method, path, user=None, body=None, token=None):
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {ApiToken.objects.issue(user=user, name='test')[1]}"
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"content_type": "application/json", "headers": headers}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        return getattr(client, method)(f"/api{path}", **kwargs)

    return call


def test_the_openapi_document_is_served(db, client):
    document = client.get("/api/openapi.json").json()
    assert document["info"]["title"] == "joinedup API"
    assert "/api/partnerships/{slug}/parties/{party_id}/withdrawal" in document["paths"]


def test_anonymous_reads_show_only_published_partnerships(world, api):
    slugs = [p["slug"] for p in api("get", "/partnerships").json()["items"]]
    assert slugs == ["elm"]
    assert api("get", "/partnerships/hidden").status_code == 404
    assert api("get", "/partnerships/hidden", user=world.essex_officer).status_code == 404
    assert api("get", "/partnerships/hidden", user=world.mid_officer).status_code == 200


def test_writes_without_a_token_are_refused(world, api):
    response = api("post", "/partnerships", body={"name": "X", "joined_on": "2026-01-01"})
    assert response.status_code == 401
    assert api("post", "/partnerships", token="ju_not-a-real-token", body={}).status_code == 401


def test_a_revoked_token_is_refused(world, api):
    from django.utils import timezone

    api_token, token = ApiToken.objects.issue(user=world.mid_officer, name="old")
    api_token.revoked_at = timezone.now()
    api_token.save()
    assert api("get", "/partnerships", token=token).status_code == 401


def test_a_partys_officer_revises_the_agreement_through_the_api(world, api):
    response = api(
        "post",
        f"/agreements/{world.agreement.pk}/versions",
        user=world.east_officer,
        body={
            "legal_form": "statement_of_intent",
            "effective_on": "2026-06-03",
            "notice_period_months": 2,
            "change_summary": "Revised",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 2
    # A draft until both councils have signed it (changed: it was in force when posted).
    assert response.json()["status"] == "draft"
    assert response.json()["awaiting_signature_from"] == ["S12000010", "S12000019"]
    for officer, code in ((world.east_officer, "S12000010"), (world.mid_officer, "S12000019")):
        signed = api(
            "post",
            f"/agreements/{world.agreement.pk}/versions/2/signatures",
            user=officer,
            body={
                "organisation_code": code,
                "signatory_name": "Chief Executive",
                "position": "Chief Executive",
                "signed_on": "2026-06-03",
            },
        )
        assert signed.status_code == 201, signed.content
    assert signed.json()["status"] == "in_force"
    versions = api("get", f"/agreements/{world.agreement.pk}").json()["versions"]
    assert [(v["number"], v["status"]) for v in versions] == [(1, "superseded"), (2, "in_force")]


def test_another_councils_officer_cannot_change_your_agreement_through_the_api(world, api):
    response = api(
        "post",
        f"/agreements/{world.agreement.pk}/versions",
        user=world.essex_officer,
        body={"legal_form": "statement_of_intent", "effective_on": "2026-06-03"},
    )
    assert response.status_code == 403
    assert world.agreement.versions.count() == 1
    response = api(
        "post",
        "/partnerships/elm/parties",
        user=world.essex_officer,
        body={"organisation_code": "E10000012", "joined_on": "2026-01-01"},
    )
    assert response.status_code == 403


def test_serving_notice_through_the_api_returns_the_end_of_participation(world, api):
    party = Party.objects.get(partnership=world.partnership, organisation=world.mid)
    response = api(
        "post",
        f"/partnerships/elm/parties/{party.pk}/withdrawal",
        user=world.mid_officer,
        body={"agreement_id": world.agreement.pk, "served_on": "2025-12-31"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["participation_ends_on"] == "2026-02-28"
    listed = api("get", "/partnerships/elm/parties").json()
    assert {p["organisation_code"]: p["participation_ends_on"] for p in listed} == {
        "S12000010": None,
        "S12000019": "2026-02-28",
    }


def test_bad_input_is_a_422_naming_the_field(world, api):
    response = api(
        "post",
        "/partnerships/elm/parties",
        user=world.mid_officer,
        body={"organisation_code": "E99999999", "joined_on": "2026-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "organisation_code"]
    response = api(
        "post",
        "/partnerships/elm/agreements",
        user=world.mid_officer,
        body={
            "title": "SLA",
            "kind": "sla",
            "legal_form": "handshake",
            "effective_on": "2026-04-01",
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "legal_form"]
    response = api(
        "post",
        "/partnerships/elm/parties",
        user=world.mid_officer,
        body={"organisation_code": "E10000012", "joined_on": "not a date"},
    )
    assert response.status_code == 422


def test_contact_details_in_the_api_follow_the_controller(world, api):
    def emails(user):
        people = api("get", "/organisations/S12000019", user=user).json()["people"]
        return {p["name"]: p["email"] for p in people}

    assert emails(world.mid_officer) == {"Kenneth Lawrie": "kenneth@mid.example"}
    assert emails(None) == {"Kenneth Lawrie": None}
    assert emails(world.east_officer) == {"Kenneth Lawrie": None}


def test_only_the_own_council_changes_contact_details_through_the_api(world, api):
    path = f"/organisations/S12000019/people/{world.mid_person.pk}"
    assert (
        api("patch", path, user=world.east_officer, body={"email": "x@evil.example"}).status_code
        == 403
    )
    response = api("patch", path, user=world.mid_officer, body={"phone": "0131 270 7500"})
    assert response.status_code == 200
    assert response.json()["phone"] == "0131 270 7500"
    world.mid_person.refresh_from_db()
    assert world.mid_person.email == "kenneth@mid.example"


def test_an_api_change_is_audited_with_the_token_user_and_their_organisation(world, api):
    api(
        "patch", "/partnerships/elm", user=world.mid_officer, body={"summary": "Now with a summary"}
    )
    latest = world.partnership.history.latest("history_date")
    assert latest.summary == "Now with a summary"
    assert latest.history_user == world.mid_officer
    assert latest.history_acting_for == world.mid


def test_organisations_are_listed_and_filtered(world, api):
    items = api("get", "/organisations?nation=scotland").json()["items"]
    assert sorted(o["code"] for o in items) == ["S12000010", "S12000019"]
