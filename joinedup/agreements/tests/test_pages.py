import datetime

import pytest
from django.urls import reverse

from joinedup.agreements.models import Agreement, Partnership


def test_anyone_can_read_a_published_partnership_with_its_parties_and_agreements(world, client_for):
    page = client_for(None).get(reverse("agreements:partnership", args=["elm"])).content.decode()
    assert "East Lothian Council" in page
    assert "Midlothian Council" in page
    assert "Memorandum of Understanding" in page
    assert "2 months" in page
    assert "Add a party" not in page
    assert "Serve notice" not in page


def test_an_unpublished_partnership_is_hidden_from_everyone_outside_it(world, client_for):
    url = reverse("agreements:partnership", args=["hidden"])
    for user in (None, world.public, world.east_officer, world.essex_officer):
        assert client_for(user).get(url).status_code == 404
    for user in (world.mid_officer, world.mid_member, world.admin):
        assert client_for(user).get(url).status_code == 200
    listing = (
        client_for(world.essex_officer).get(reverse("agreements:partnerships")).content.decode()
    )
    assert "Unpublished partnership" not in listing


def test_a_partys_officer_sees_the_change_links(world, client_for):
    page = client_for(world.east_officer).get(reverse("agreements:partnership", args=["elm"]))
    assert "Add a party" in page.content.decode()


@pytest.mark.parametrize(
    "url_name",
    ["partnership_edit", "party_add", "agreement_create"],
)
def test_another_councils_officer_cannot_change_your_partnership(world, client_for, url_name):
    url = reverse(f"agreements:{url_name}", args=["elm"])
    client = client_for(world.essex_officer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Taken over", "title": "x"}).status_code == 403
    assert Partnership.objects.get(slug="elm").name == "East Lothian and Midlothian"


@pytest.mark.parametrize(
    "url_name", ["agreement_revise", "agreement_accede", "agreement_terminate"]
)
def test_another_councils_officer_cannot_change_your_agreement(world, client_for, url_name):
    url = reverse(f"agreements:{url_name}", args=[world.agreement.pk])
    assert client_for(world.essex_officer).get(url).status_code == 403
    assert client_for(world.mid_member).get(url).status_code == 403
    assert client_for(world.public).post(url, {}).status_code == 403


def test_setting_up_a_partnership_makes_your_council_its_first_party(world, client_for):
    response = client_for(world.essex_officer).post(
        reverse("agreements:partnership_create"),
        {
            "name": "Working Better Together",
            "summary": "Two-tier working in Essex",
            "is_published": "on",
            "joined_on_day": "8",
            "joined_on_month": "2",
            "joined_on_year": "2011",
        },
    )
    partnership = Partnership.objects.get(name="Working Better Together")
    assert response["Location"] == partnership.get_absolute_url()
    party = partnership.parties.get()
    assert (party.organisation, party.joined_on) == (world.essex, datetime.date(2011, 2, 8))


def test_a_partnership_form_with_an_impossible_date_names_the_field(world, client_for):
    response = client_for(world.essex_officer).post(
        reverse("agreements:partnership_create"),
        {"name": "", "joined_on_day": "31", "joined_on_month": "2", "joined_on_year": "2026"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_name"' in page
    assert "Date your organisation joined must be a real date" in page
    assert 'href="#id_joined_on_0"' in page
    assert not Partnership.objects.filter(parties__organisation=world.essex).exists()


def test_public_users_cannot_set_up_partnerships(world, client_for):
    assert client_for(world.public).get(reverse("agreements:partnership_create")).status_code == 403


def test_revising_through_the_page_keeps_both_versions(world, client_for):
    """The revision is a draft until both councils' officers have recorded their signatures
    (changed: a ticked box put it in force when saved)."""
    url = reverse("agreements:agreement_revise", args=[world.agreement.pk])
    form = client_for(world.mid_officer).get(url).content.decode()
    assert 'name="notice_period_months" value="2"' in form, "the form starts from the current terms"
    response = client_for(world.mid_officer).post(
        url,
        {
            "legal_form": "statement_of_intent",
            "effective_on_day": "3",
            "effective_on_month": "6",
            "effective_on_year": "2026",
            "notice_period_months": "2",
            "withdrawal_timing": "after_notice",
            "change_summary": "Reflects the new administrations",
            "in_force": "on",  # an old page's box changes nothing
        },
    )
    assert response.status_code == 302
    draft_page = client_for(world.mid_officer).get(response["Location"]).content.decode()
    assert "Still to sign" in draft_page
    assert "East Lothian Council" in draft_page and "Midlothian Council" in draft_page
    public_page = client_for(None).get(reverse("agreements:agreement", args=[world.agreement.pk]))
    assert "Version 1, in force" in public_page.content.decode()
    assert "Reflects the new administrations" not in public_page.content.decode()

    sign_url = reverse("agreements:version_sign", args=[world.agreement.pk, 2])
    for officer, council in ((world.east_officer, world.east), (world.mid_officer, world.mid)):
        signed = client_for(officer).post(
            sign_url,
            {
                "organisation": council.pk,
                "signatory_name": f"Chief Executive of {council}",
                "position": "Chief Executive",
                "signed_on_day": "3",
                "signed_on_month": "6",
                "signed_on_year": "2026",
            },
        )
        assert signed.status_code == 302, signed.content.decode()
    page = (
        client_for(None)
        .get(reverse("agreements:agreement", args=[world.agreement.pk]))
        .content.decode()
    )
    assert "Version 2, in force" in page
    assert "Superseded" in page
    assert "Reflects the new administrations" in page


def test_drafts_are_visible_only_to_the_partnership(world, client_for):
    from joinedup.agreements import actions

    actions.revise_agreement(
        world.agreement,
        by=world.jpm,
        legal_form="statement_of_intent",
        effective_on=datetime.date(2026, 6, 3),
        change_summary="Secret draft",
    )
    draft_url = reverse("agreements:version", args=[world.agreement.pk, 2])
    assert client_for(None).get(draft_url).status_code == 404
    assert client_for(world.essex_officer).get(draft_url).status_code == 404
    assert client_for(world.east_officer).get(draft_url).status_code == 200
    listing = client_for(None).get(reverse("agreements:agreement", args=[world.agreement.pk]))
    assert "Secret draft" not in listing.content.decode()


def test_serving_notice_shows_the_end_date_where_the_party_is_listed(world, client_for):
    party = world.partnership.parties.get(organisation=world.mid)
    response = client_for(world.mid_officer).post(
        reverse("agreements:party_withdraw", args=["elm", party.pk]),
        {
            "agreement": world.agreement.pk,
            "served_on_day": "31",
            "served_on_month": "12",
            "served_on_year": "2099",
        },
    )
    assert response.status_code == 302
    for url in (
        reverse("agreements:partnership", args=["elm"]),
        reverse("agreements:partnerships"),
    ):
        assert "28 February 2100" in client_for(None).get(url).content.decode()


def test_a_party_cannot_serve_notice_for_another(world, client_for):
    party = world.partnership.parties.get(organisation=world.mid)
    url = reverse("agreements:party_withdraw", args=["elm", party.pk])
    assert client_for(world.east_officer).get(url).status_code == 403


def test_accession_through_the_page_adds_the_party(world, client_for):
    response = client_for(world.jpm).post(
        reverse("agreements:agreement_accede", args=[world.agreement.pk]),
        {
            "organisation": world.essex.pk,
            "signatory_name": "Cllr Example",
            "position": "Leader",
            "signed_on_day": "1",
            "signed_on_month": "4",
            "signed_on_year": "2026",
        },
    )
    assert response.status_code == 302
    assert world.partnership.parties.filter(organisation=world.essex).exists()


def test_termination_needs_confirmation(world, client_for):
    url = reverse("agreements:agreement_terminate", args=[world.agreement.pk])
    response = client_for(world.jpm).post(
        url, {"terminated_on_day": "1", "terminated_on_month": "4", "terminated_on_year": "2026"}
    )
    assert "Confirm that every party has agreed to terminate it" in response.content.decode()
    assert Agreement.objects.get(pk=world.agreement.pk).terminated_on is None


def test_an_agreement_with_a_review_before_it_takes_effect_is_refused(world, client_for):
    response = client_for(world.mid_officer).post(
        reverse("agreements:agreement_create", args=["elm"]),
        {
            "title": "Data sharing protocol",
            "kind": "protocol",
            "legal_form": "other",
            "effective_on_day": "1",
            "effective_on_month": "4",
            "effective_on_year": "2026",
            "review_on_day": "1",
            "review_on_month": "4",
            "review_on_year": "2025",
            "notice_period_months": "0",
            "withdrawal_timing": "after_notice",
        },
    )
    assert "Review date must be on or after the effective date" in response.content.decode()
    assert not Agreement.objects.filter(title="Data sharing protocol").exists()


def test_the_list_of_partnerships_comes_a_page_at_a_time(world, client):
    Partnership.objects.bulk_create(
        Partnership(name=f"Shared service {n:03d}", slug=f"shared-{n:03d}", is_published=True)
        for n in range(60)
    )
    first = client.get(reverse("agreements:partnerships")).content.decode()
    assert "Shared service 000" in first
    assert "Shared service 055" not in first
    assert 'rel="next"' in first

    second = client.get(reverse("agreements:partnerships") + "?page=2").content.decode()
    assert "Shared service 055" in second
    assert "Shared service 000" not in second
    # The unpublished partnership is on no page for the public.
    assert "Unpublished partnership" not in first + second
