"""Issue 13.6: each council owns its own figures.

A council's contribution to a joint fund, its savings targets and savings delivered and its KPI
targets are recorded by an officer of that council, or by the partnership's manager on its
behalf with the name of the person who gave the figure and the date, shown on the record.
Refusals are tested from both sides, in the actions, the pages and the API.

In `world`, the partnership manager (jpm) acts for Midlothian; East Lothian is the other council.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from joinedup.finance import actions
from joinedup.finance.models import Contribution, SavingsActual, SavingsTarget
from joinedup.programme import actions as programme_actions
from joinedup.programme.models import KpiTarget
from joinedup.programme.tests.factories import KpiFactory

from .factories import JointFundFactory

D = datetime.date
GIVEN = {"given_by": "Morag Fraser", "given_on": D(2014, 6, 10)}


@pytest.fixture
def owned(money):
    money.fund = JointFundFactory(partnership=money.partnership, name="Co-operation fund")
    money.kpi = KpiFactory(initiative=money.initiative, name="Complaints answered on time")
    return money


def contribute(world, by, organisation, **extra):
    return actions.record_contribution(
        world.fund,
        by=by,
        organisation=organisation,
        amount_pence=100_000_00,
        contributed_on=D(2014, 6, 11),
        **extra,
    )


def target(world, by, organisation, **extra):
    return actions.set_savings_target(
        world.initiative,
        by=by,
        organisation=organisation,
        financial_year=2014,
        kind="cashable",
        amount_pence=25_000_00,
        baseline_pence=400_000_00,
        **extra,
    )


def delivered(world, by, organisation, **extra):
    return actions.record_savings_actual(
        world.initiative,
        by=by,
        organisation=organisation,
        financial_year=2014,
        kind="cashable",
        amount_pence=12_345_67,
        **extra,
    )


def kpi_target(world, by, organisation, **extra):
    return programme_actions.set_kpi_target(
        world.kpi, by=by, organisation=organisation, target=Decimal("95"), unit="%", **extra
    )


RECORDERS = [contribute, target, delivered, kpi_target]
MODELS = {
    contribute: Contribution,
    target: SavingsTarget,
    delivered: SavingsActual,
    kpi_target: KpiTarget,
}


@pytest.mark.parametrize("record", RECORDERS, ids=lambda r: r.__name__)
def test_a_councils_officer_records_its_own_figure(owned, record):
    figure = record(owned, owned.east_officer, owned.east)
    assert figure.organisation == owned.east
    assert (figure.given_by, figure.given_on, figure.given_text) == ("", None, "")


@pytest.mark.parametrize("record", RECORDERS, ids=lambda r: r.__name__)
def test_an_officer_of_another_party_cannot_record_a_councils_figure(owned, record):
    with pytest.raises(PermissionDenied, match="Only officers of East Lothian Council"):
        record(owned, owned.mid_officer, owned.east)
    with pytest.raises(PermissionDenied, match="Only officers of Midlothian Council"):
        record(owned, owned.east_officer, owned.mid)
    assert not MODELS[record].objects.exists()


@pytest.mark.parametrize("record", RECORDERS, ids=lambda r: r.__name__)
def test_the_manager_records_for_another_council_only_naming_who_gave_it_and_when(owned, record):
    with pytest.raises(ValidationError) as refusal:
        record(owned, owned.jpm, owned.east)
    assert set(refusal.value.message_dict) == {"given_by", "given_on"}
    assert "person at East Lothian Council" in refusal.value.message_dict["given_by"][0]
    with pytest.raises(ValidationError, match="cannot be in the future"):
        record(
            owned,
            owned.jpm,
            owned.east,
            given_by="Morag Fraser",
            given_on=owned.today + datetime.timedelta(days=1),
        )
    assert not MODELS[record].objects.exists()
    figure = record(owned, owned.jpm, owned.east, **GIVEN)
    assert figure.given_text == (
        "Given by Morag Fraser on 10 June 2014, recorded on the council's behalf"
    )


@pytest.mark.parametrize("record", RECORDERS, ids=lambda r: r.__name__)
def test_the_manager_records_the_council_they_act_for_as_its_own_officer(owned, record):
    assert record(owned, owned.jpm, owned.mid).given_by == ""


@pytest.mark.parametrize("record", RECORDERS, ids=lambda r: r.__name__)
def test_members_the_public_and_outsiders_record_no_councils_figures(owned, record):
    for user in (owned.mid_member, owned.public, owned.essex_officer):
        with pytest.raises(PermissionDenied):
            record(owned, user, owned.mid, **GIVEN)
    assert not MODELS[record].objects.exists()


# Pages ---------------------------------------------------------------------------------------


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def page_posts(world):
    """(url, form data without the council) for each figure's page."""
    return {
        "contribution": (
            reverse("finance:contribution_add", args=["elm"]),
            {"fund": world.fund.pk, "amount_pence": "100,000", "financial_year": ""}
            | date_fields("contributed_on", D(2014, 6, 11)),
        ),
        "savings target": (
            reverse("finance:savings_target_add", args=["elm"]),
            {
                "initiative": world.initiative.pk,
                "financial_year": "2014/15",
                "kind": "cashable",
                "amount_pence": "25,000",
                "baseline_pence": "400,000",
            },
        ),
        "savings delivered": (
            reverse("finance:savings_actual_add", args=["elm"]),
            {
                "initiative": world.initiative.pk,
                "financial_year": "2014/15",
                "kind": "cashable",
                "amount_pence": "12,345.67",
            },
        ),
        "KPI target": (
            reverse("programme:kpi_target", args=["elm", world.initiative.pk, world.kpi.pk]),
            {"target": "95", "unit": "%"},
        ),
    }


FIGURES = ["contribution", "savings target", "savings delivered", "KPI target"]
PAGE_MODELS = dict(
    zip(FIGURES, [Contribution, SavingsTarget, SavingsActual, KpiTarget], strict=True)
)


@pytest.mark.parametrize("figure", FIGURES)
def test_an_officers_form_offers_only_their_own_council_and_no_on_behalf_fields(
    owned, client_for, figure
):
    url, _ = page_posts(owned)[figure]
    page = client_for(owned.east_officer).get(url).content.decode()
    assert f'value="{owned.east.pk}"' in page
    assert f'value="{owned.mid.pk}"' not in page
    assert "given_by" not in page
    manager_page = client_for(owned.jpm).get(url).content.decode()
    assert f'value="{owned.east.pk}"' in manager_page and f'value="{owned.mid.pk}"' in manager_page
    assert 'name="given_by"' in manager_page


@pytest.mark.parametrize("figure", FIGURES)
def test_an_officer_posting_another_councils_figure_is_refused_on_the_council_field(
    owned, client_for, figure
):
    url, data = page_posts(owned)[figure]
    response = client_for(owned.east_officer).post(url, data | {"organisation": owned.mid.pk})
    assert response.status_code == 200
    assert 'href="#id_organisation"' in response.content.decode()
    assert not PAGE_MODELS[figure].objects.exists()
    assert (
        client_for(owned.east_officer).post(url, data | {"organisation": owned.east.pk}).status_code
        == 302
    )


@pytest.mark.parametrize("figure", FIGURES)
def test_the_manager_on_a_councils_behalf_must_name_who_gave_it_and_the_record_shows_it(
    owned, client_for, figure
):
    url, data = page_posts(owned)[figure]
    client = client_for(owned.jpm)
    refused = client.post(url, data | {"organisation": owned.east.pk})
    page = refused.content.decode()
    assert 'href="#id_given_by"' in page and "person at East Lothian Council" in page
    assert not PAGE_MODELS[figure].objects.exists()
    saved = client.post(
        url,
        data
        | {"organisation": owned.east.pk, "given_by": "Morag Fraser"}
        | date_fields("given_on", D(2014, 6, 10)),
    )
    assert saved.status_code == 302
    record = PAGE_MODELS[figure].objects.get()
    assert (record.given_by, record.given_on) == ("Morag Fraser", D(2014, 6, 10))
    shown = client_for(owned.public).get(saved.url).content.decode()
    assert "Given by Morag Fraser on 10 June 2014" in shown


# API -----------------------------------------------------------------------------------------


def api_posts(world):
    base = f"/partnerships/elm/initiatives/{world.initiative.pk}"
    return {
        "contribution": (
            "/partnerships/elm/contributions",
            {"fund_id": world.fund.pk, "amount_pence": 100_000_00, "contributed_on": "2014-06-11"},
        ),
        "savings target": (
            f"{base}/savings-targets",
            {
                "financial_year": "2014/15",
                "kind": "cashable",
                "amount_pence": 25_000_00,
                "baseline_pence": 400_000_00,
            },
        ),
        "savings delivered": (
            f"{base}/savings-delivered",
            {"financial_year": "2014/15", "kind": "cashable", "amount_pence": 12_345_67},
        ),
        "KPI target": (
            f"{base}/kpi-targets",
            {"kpi_id": world.kpi.pk, "target": "95", "unit": "%"},
        ),
    }


@pytest.mark.parametrize("figure", FIGURES)
def test_the_api_applies_the_same_ownership_both_ways(owned, api, figure):
    path, body = api_posts(owned)[figure]
    other = api(
        "post", path, user=owned.mid_officer, body=body | {"organisation_code": "S12000010"}
    )
    assert other.status_code == 403
    assert "Only officers of East Lothian Council" in other.json()["detail"]
    no_name = api("post", path, user=owned.jpm, body=body | {"organisation_code": "S12000010"})
    assert no_name.status_code == 422
    assert {e["loc"][-1] for e in no_name.json()["detail"]} == {"given_by", "given_on"}
    assert not PAGE_MODELS[figure].objects.exists()
    own = api("post", path, user=owned.east_officer, body=body | {"organisation_code": "S12000010"})
    assert own.status_code == 201, own.content
    assert own.json()["given_by"] == ""
    PAGE_MODELS[figure].objects.all().delete()
    on_behalf = api(
        "post",
        path,
        user=owned.jpm,
        body=body
        | {"organisation_code": "S12000010", "given_by": "Morag Fraser", "given_on": "2014-06-10"},
    )
    assert on_behalf.status_code == 201, on_behalf.content
    assert (on_behalf.json()["given_by"], on_behalf.json()["given_on"]) == (
        "Morag Fraser",
        "2014-06-10",
    )


def test_the_api_names_a_council_that_is_not_a_party(owned, api):
    path, body = api_posts(owned)["contribution"]
    response = api("post", path, user=owned.jpm, body=body | {"organisation_code": "E10000012"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "organisation_code"]
