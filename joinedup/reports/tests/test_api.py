"""The programme and money API (joinedup/api/programme.py): the pages' scope and rules."""

import datetime

import pytest

from joinedup.programme.models import BusinessCase, StatusReport


def test_initiatives_are_listed_and_filtered(report_world, api):
    response = api("get", "/partnerships/elm/initiatives")
    assert response.status_code == 200
    titles = [i["title"] for i in response.json()]
    assert titles == [
        "Environmental health and trading standards",
        "Joint procurement",
        "Shared legal services",
    ]
    pilot = response.json()[0]
    assert pilot["status"] == "pilot" and pilot["lead"]["code"] == report_world.mid.code
    assert pilot["latest_rag"] == "green"
    assert [i["title"] for i in api("get", "/partnerships/elm/initiatives?status=live").json()] == [
        "Joint procurement"
    ]
    by_area = api("get", "/partnerships/elm/initiatives?service_area=environmental_health").json()
    assert len(by_area) == 3
    assert api("get", "/partnerships/elm/initiatives?council=E10000012").json() == []


def test_one_initiative_with_its_approvals_kpis_and_reports(report_world, api):
    pk = report_world.pilot.pk
    data = api("get", f"/partnerships/elm/initiatives/{pk}").json()
    assert data["business_case"]["is_approved_by_every_participant"] is True
    assert {a["council"]["name"] for a in data["business_case"]["approvals"]} == {
        "East Lothian Council",
        "Midlothian Council",
    }
    assert data["pilot"]["interim_review_on"] == "2014-04-30"
    assert [r["period_end"] for r in data["status_reports"]] == ["2014-03-31", "2013-12-31"]
    assert data["outcomes"]


def test_an_unpublished_business_case_is_hidden_from_outsiders(report_world, api):
    BusinessCase.objects.filter(initiative=report_world.pilot).update(is_published=False)
    path = f"/partnerships/elm/initiatives/{report_world.pilot.pk}"
    assert api("get", path).json()["business_case"] is None
    assert api("get", path, user=report_world.essex_officer).json()["business_case"] is None
    assert api("get", path, user=report_world.east_officer).json()["business_case"] is not None


def test_an_unpublished_partnerships_programme_and_money_are_not_found(world, api):
    from joinedup.programme.tests.factories import InitiativeFactory

    initiative = InitiativeFactory(partnership=world.hidden, title="Hidden initiative")
    for path in (
        "/partnerships/hidden/initiatives",
        f"/partnerships/hidden/initiatives/{initiative.pk}",
        "/partnerships/hidden/money",
        "/partnerships/hidden/savings",
    ):
        for user in (None, world.public, world.east_officer):
            response = api("get", path, user=user)
            assert response.status_code == 404, (path, user)
            assert "Hidden initiative" not in response.content.decode()
        assert api("get", path, user=world.mid_officer).status_code == 200
    # Nor through the published partnership's address.
    assert api("get", f"/partnerships/elm/initiatives/{initiative.pk}").status_code == 404


def test_money_has_shares_statements_and_balances(report_world, api):
    data = api("get", "/partnerships/elm/money?year=2013/14").json()
    assert data["financial_year"] == "2013/14"
    (pool,) = data["cost_pools"]
    assert pool["total"] == {"pence": 100001, "text": "£1,000.01"}
    assert sorted(s["amount"]["pence"] for s in pool["shares"]) == [50000, 50001]
    (statement,) = data["recharge_statements"]
    assert statement["net"]["pence"] == 20000
    assert statement["payer"]["name"] == "Midlothian Council"
    (fund,) = data["funds"]
    assert fund["balance"] == {"pence": 19_000_000, "text": "£190,000.00"}
    everything = api("get", "/partnerships/elm/money").json()
    assert len(everything["cost_pools"]) == 2
    bad = api("get", "/partnerships/elm/money?year=2013/15")
    assert bad.status_code == 422
    assert "2013/14" in bad.content.decode()


def test_savings_by_year_and_council(report_world, api):
    data = api("get", "/partnerships/elm/savings").json()
    assert data["total"]["target"]["pence"] == 14_000_000
    assert data["total"]["delivered"]["pence"] == 7_500_000
    assert [(y["financial_year"], y["target"]["pence"]) for y in data["by_year"]] == [
        ("2013/14", 8_000_000),
        ("2014/15", 6_000_000),
    ]
    assert {c["council"]["name"]: c["delivered"]["pence"] for c in data["by_council"]} == {
        "East Lothian Council": 4_000_000,
        "Midlothian Council": 3_500_000,
    }
    assert data["by_year"][0]["target_non_cashable"]["pence"] == 3_000_000
    assert len(data["by_year_and_council"]) == 3


def test_an_officer_of_a_participating_council_adds_a_status_report(report_world, api):
    path = f"/partnerships/elm/initiatives/{report_world.live.pk}/status-reports"
    body = {"period_end": "2014-06-30", "rag": "red", "commentary": "Supplier withdrew."}
    response = api("post", path, user=report_world.east_officer, body=body)
    assert response.status_code == 201, response.content
    assert response.json()["rag"] == "red"
    report = StatusReport.objects.get(initiative=report_world.live)
    assert report.author == report_world.east_officer


@pytest.mark.parametrize(
    ("role", "status"), [("mid_member", 403), ("essex_officer", 403), ("public", 403)]
)
def test_others_cannot_add_a_status_report(report_world, api, role, status):
    path = f"/partnerships/elm/initiatives/{report_world.live.pk}/status-reports"
    body = {"period_end": "2014-06-30", "rag": "red", "commentary": "Outsider."}
    assert api("post", path, user=getattr(report_world, role), body=body).status_code == status
    assert api("post", path, body=body).status_code == 401
    assert not StatusReport.objects.filter(initiative=report_world.live).exists()


def test_a_bad_status_report_names_the_field(report_world, api):
    path = f"/partnerships/elm/initiatives/{report_world.live.pk}/status-reports"
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    user = report_world.east_officer
    response = api(
        "post", path, user=user, body={"period_end": tomorrow, "rag": "red", "commentary": "x"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "period_end"]
    response = api(
        "post", path, user=user, body={"period_end": "2014-06-30", "rag": "blue", "commentary": "x"}
    )
    assert response.status_code == 422
    assert "rag" in response.content.decode()
    assert not StatusReport.objects.filter(initiative=report_world.live).exists()
