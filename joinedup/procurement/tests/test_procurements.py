"""Forthcoming procurements and opting in to join them: who may, and who may not."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from joinedup.agreements.tests.factories import PartyFactory
from joinedup.procurement import actions
from joinedup.procurement.models import ForthcomingProcurement, JoinInterest

from .factories import ProcurementFactory

D = datetime.date


@pytest.fixture
def mid_run(world):
    """A procurement Midlothian runs in the East Lothian–Midlothian partnership."""
    return ProcurementFactory(
        organisation=world.mid, partnership=world.partnership, title="Grounds maintenance"
    )


def test_a_partner_council_opts_in_once_for_its_own_council(world, mid_run):
    interest = actions.join(mid_run, by=world.east_officer, organisation=world.east, note=" Lot 2 ")
    assert (interest.organisation, interest.by, interest.note) == (
        world.east,
        world.east_officer,
        "Lot 2",
    )
    assert interest.history.first().history_type == "+"
    with pytest.raises(ValidationError, match="already opted in"):
        actions.join(mid_run, by=world.east_officer, organisation=world.east)
    assert JoinInterest.objects.count() == 1


def test_an_officer_cannot_opt_in_for_another_council(world, mid_run):
    with pytest.raises(PermissionDenied, match="own council"):
        actions.join(mid_run, by=world.east_officer, organisation=world.essex)


@pytest.mark.parametrize(
    "who", ["mid_officer", "essex_officer", "mid_member", "public", "jpm"], ids=str
)
def test_others_cannot_opt_in(world, mid_run, who):
    """The running council, councils outside the partnership, members, the public, and even
    the partnership's manager (who acts for Midlothian) cannot opt in."""
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        actions.join(mid_run, by=user, organisation=user.organisation or world.east)
    assert not JoinInterest.objects.exists()


def test_a_council_that_has_left_cannot_opt_in(world, mid_run):
    PartyFactory(
        partnership=world.partnership,
        organisation=world.essex,
        joined_on=D(2011, 1, 1),
        left_on=D(2020, 1, 1),
    )
    with pytest.raises(PermissionDenied):
        actions.join(mid_run, by=world.essex_officer, organisation=world.essex)


def test_a_procurement_outside_a_partnership_or_closed_cannot_be_joined(world, mid_run):
    alone = ProcurementFactory(organisation=world.mid, partnership=None)
    with pytest.raises(PermissionDenied):
        actions.join(alone, by=world.east_officer, organisation=world.east)
    mid_run.status = "awarded"
    mid_run.save()
    with pytest.raises(ValidationError, match="awarded"):
        actions.join(mid_run, by=world.east_officer, organisation=world.east)


def test_an_administrator_may_record_any_partner_but_not_the_running_council(world, mid_run):
    actions.join(mid_run, by=world.admin, organisation=world.east)
    with pytest.raises(ValidationError, match="not another council"):
        actions.join(mid_run, by=world.admin, organisation=world.mid)


def test_recording_a_procurement_checks_the_council_and_the_dates(world):
    procurement = actions.record_procurement(
        by=world.east_officer,
        partnership=world.partnership,
        organisation=world.east,
        title="Shared fleet",
        cpv_code="34144512-0",
        estimated_value_pence=500_000_00,
    )
    assert (procurement.cpv_digits, procurement.cpv_division) == ("34144512", "34")
    with pytest.raises(PermissionDenied, match="own council"):
        actions.record_procurement(
            by=world.east_officer, partnership=world.partnership, organisation=world.mid, title="X"
        )
    with pytest.raises(ValidationError, match="not a council of"):
        actions.record_procurement(
            by=world.admin, partnership=world.partnership, organisation=world.essex, title="X"
        )
    with pytest.raises(PermissionDenied):
        actions.record_procurement(
            by=world.essex_officer,
            partnership=world.partnership,
            organisation=world.essex,
            title="X",
        )
    with pytest.raises(ValidationError, match="on or after the tender date"):
        actions.record_procurement(
            by=world.east_officer,
            partnership=world.partnership,
            organisation=world.east,
            title="X",
            tender_expected_on=D(2027, 6, 1),
            award_expected_on=D(2027, 1, 1),
        )
    with pytest.raises(ValidationError):
        actions.record_procurement(
            by=world.east_officer,
            partnership=world.partnership,
            organisation=world.east,
            title="X",
            cpv_code="9051100",
        )
    assert ForthcomingProcurement.objects.count() == 1


# Pages ------------------------------------------------------------------------------------


def test_an_officer_records_a_procurement_through_the_form(world, client):
    client.force_login(world.east_officer)
    url = reverse("procurement:procurement_add", args=["elm"])
    page = client.get(url)
    assert "Record a forthcoming procurement" in page.content.decode()
    response = client.post(
        url,
        {
            "organisation": world.east.pk,
            "title": "Shared refuse fleet",
            "cpv_code": "34144512 - 0",
            "estimated_value": "£1,250,000",
            "tender_expected_on_day": "1",
            "tender_expected_on_month": "9",
            "tender_expected_on_year": "2027",
            "status": "planned",
        },
    )
    procurement = ForthcomingProcurement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == procurement.get_absolute_url()
    assert (procurement.cpv_code, procurement.estimated_value_pence) == ("34144512-0", 125_000_000)
    assert procurement.tender_expected_on == D(2027, 9, 1)


def test_the_form_names_the_fields_that_are_wrong_and_saves_nothing(world, client):
    client.force_login(world.east_officer)
    response = client.post(
        reverse("procurement:procurement_add", args=["elm"]),
        {
            "organisation": world.east.pk,
            "title": "",
            "cpv_code": "ABC",
            "estimated_value": "£1.2m",
            "status": "planned",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "CPV code must be 8 digits" in body
    assert "Estimated value must be an amount of money" in body
    assert not ForthcomingProcurement.objects.exists()


def test_an_officer_cannot_record_a_procurement_for_another_council(world, client):
    client.force_login(world.east_officer)
    response = client.post(
        reverse("procurement:procurement_add", args=["elm"]),
        {"organisation": world.mid.pk, "title": "X", "status": "planned"},
    )
    assert response.status_code == 200  # the only choice offered is their own council
    assert "Select the council running the procurement from the list" in response.content.decode()
    assert not ForthcomingProcurement.objects.exists()


def test_opting_in_through_the_page_and_who_has_joined(world, client, mid_run):
    client.force_login(world.east_officer)
    page = client.get(mid_run.get_absolute_url()).content.decode()
    assert "Opt in to join this procurement" in page
    assert "No partner council has opted in yet" in page
    response = client.post(
        reverse("procurement:procurement_join", args=[mid_run.pk]),
        {"organisation": world.east.pk, "note": "Our contract ends in March"},
    )
    assert response.status_code == 302
    page = client.get(mid_run.get_absolute_url()).content.decode()
    assert "Our contract ends in March" in page
    assert "Opt in to join this procurement" not in page
    again = client.get(reverse("procurement:procurement_join", args=[mid_run.pk]))
    assert "already opted in" in again.content.decode()
    client.post(
        reverse("procurement:procurement_join", args=[mid_run.pk]), {"organisation": world.east.pk}
    )
    assert JoinInterest.objects.count() == 1


def test_the_join_page_refuses_the_running_council_and_outsiders(world, client, mid_run):
    url = reverse("procurement:procurement_join", args=[mid_run.pk])
    for user in (world.mid_officer, world.essex_officer, world.mid_member):
        client.force_login(user)
        assert client.post(url, {"organisation": user.organisation_id}).status_code == 403
    assert not JoinInterest.objects.exists()


def test_only_the_running_council_changes_a_procurement(world, client, mid_run):
    url = reverse("procurement:procurement_edit", args=[mid_run.pk])
    data = {"title": "Renamed", "status": "tendering"}
    client.force_login(world.east_officer)
    assert client.post(url, data).status_code == 403
    client.force_login(world.mid_officer)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    mid_run.refresh_from_db()
    assert (mid_run.title, mid_run.status) == ("Renamed", "tendering")


def test_an_unpublished_partnerships_procurements_are_hidden(world, client):
    hidden = ProcurementFactory(organisation=world.mid, partnership=world.hidden, title="Secret")
    for user in (None, world.east_officer, world.essex_officer):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(hidden.get_absolute_url()).status_code == 404
        register = client.get(reverse("procurement:register", args=[world.mid.code]))
        assert "Secret" not in register.content.decode()
    client.force_login(world.mid_member)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    register = client.get(reverse("procurement:register", args=[world.mid.code]))
    assert "Secret" in register.content.decode()
