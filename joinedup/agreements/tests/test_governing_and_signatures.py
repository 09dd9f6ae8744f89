"""Agreements end one at a time; versions come into force by signature (issue 13 point 3).

A partnership ends only when its governing agreement is terminated or its last parties leave.
A version is a draft until every organisation that is a party on its effective date has signed
it; then it supersedes the version before.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from joinedup.agreements import actions
from joinedup.agreements.models import Agreement, LegalForm, Party, VersionStatus
from joinedup.agreements.tests.factories import AgreementFactory, sign_by_every_party

D = datetime.date
TERMS = {"legal_form": LegalForm.STATEMENT_OF_INTENT, "notice_period_months": 2}


@pytest.fixture
def lothians(world):
    """The MoU governs; a small archaeology SLA of its own sits beside it, signed by both."""
    world.agreement.is_governing = True
    world.agreement.save()
    world.sla = actions.create_agreement(
        world.partnership,
        by=world.jpm,
        title="Archaeology Service Level Agreement",
        kind="sla",
        legal_form=LegalForm.CONTRACT,
        effective_on=D(2014, 4, 1),
        notice_period_months=3,
    )
    sign_by_every_party(world.sla.versions.get(), by=world.jpm)
    return world


def _parties(partnership):
    return sorted(
        Party.objects.filter(partnership=partnership).values_list(
            "organisation__code", "left_on", "leaving_route"
        )
    )


# Termination -------------------------------------------------------------------------------


def test_terminating_a_service_agreement_ends_that_agreement_only(lothians, client_for):
    before = _parties(lothians.partnership)

    actions.terminate_by_agreement(lothians.sla, by=lothians.jpm, on=D(2026, 3, 31))

    assert _parties(lothians.partnership) == before
    assert [p for p in before if p[1] is not None] == [], "both councils were and are parties"
    lothians.sla.refresh_from_db()
    assert lothians.sla.terminated_on == D(2026, 3, 31)
    page = client_for(None).get(reverse("agreements:partnership", args=["elm"])).content.decode()
    assert "This partnership ended" not in page
    assert "Governed by" in page and "Terminated 31 March 2026" in page
    assert lothians.partnership.has_agreement_in_force(D(2026, 4, 1)), "the MoU still stands"


def test_terminating_a_service_agreement_leaves_a_bodys_quorum_and_ratification(lothians):
    from joinedup.governance.models import MemberRole
    from joinedup.governance.tests.factories import (
        BodyFactory,
        MembershipFactory,
        QuorumRequirementFactory,
    )
    from joinedup.meetings import decisions, quorum
    from joinedup.meetings.tests.factories import (
        AgendaItemFactory,
        DecisionFactory,
        MeetingFactory,
        at,
    )
    from joinedup.organisations.tests.factories import PersonFactory

    jlg = BodyFactory(jlg=True, partnership=lothians.partnership, first_host=lothians.mid)
    QuorumRequirementFactory(body=jlg, roles=[MemberRole.ELECTED_MEMBER], minimum=1)
    for council in (lothians.east, lothians.mid):
        MembershipFactory(
            body=jlg,
            person=PersonFactory(organisation=council),
            role=MemberRole.ELECTED_MEMBER,
            started_on=D(2013, 6, 3),
        )
    meeting = MeetingFactory(body=jlg, starts_at=at(2026, 3, 2), quorate=True)
    item = AgendaItemFactory(meeting=meeting)
    decision = DecisionFactory(item=item, awaiting_ratification=True)

    def as_it_stands():
        result = quorum.evaluate(meeting, item)
        progress = decisions.ratification(decision, D(2026, 6, 1))
        return result.is_quorate, result.reasons, (len(progress.given), progress.needed)

    before = as_it_stands()
    assert before[0] is True and before[2] == (0, 2)

    actions.terminate_by_agreement(lothians.sla, by=lothians.jpm, on=D(2026, 3, 31))

    assert as_it_stands() == before


def test_terminating_the_governing_agreement_ends_the_partnership(lothians, client_for, api):
    actions.terminate_by_agreement(lothians.agreement, by=lothians.jpm, on=D(2026, 3, 31))

    assert _parties(lothians.partnership) == [
        ("S12000010", D(2026, 3, 31), "by_agreement"),
        ("S12000019", D(2026, 3, 31), "by_agreement"),
    ]
    assert not lothians.partnership.parties_on(D(2026, 3, 31)).exists()
    assert lothians.partnership.parties_on(D(2026, 3, 30)).count() == 2
    assert not lothians.partnership.has_agreement_in_force(D(2026, 4, 1))
    page = client_for(None).get(reverse("agreements:partnership", args=["elm"])).content.decode()
    assert "This partnership ended on 31 March 2026" in page
    assert "Memorandum of Understanding, which governs it, was terminated" in page
    partnership = api("get", "/partnerships/elm").json()
    assert partnership["ended_on"] == "2026-03-31"
    assert partnership["governing_agreement_id"] == lothians.agreement.pk


def test_a_partnership_ends_when_its_last_parties_withdraw(lothians):
    for party in lothians.partnership.parties.all():
        actions.serve_withdrawal_notice(party, by=lothians.jpm, served_on=D(2026, 1, 10))
    # Served with no agreement named: the governing MoU's two months.
    assert {p.left_on for p in lothians.partnership.parties.all()} == {D(2026, 3, 10)}
    partnership = type(lothians.partnership).objects.get(pk=lothians.partnership.pk)
    assert partnership.ended_on == D(2026, 3, 10)


def test_withdrawal_notice_follows_the_governing_agreement_unless_another_is_named(lothians):
    east = lothians.partnership.parties.get(organisation=lothians.east)
    mid = lothians.partnership.parties.get(organisation=lothians.mid)
    actions.serve_withdrawal_notice(east, by=lothians.east_officer, served_on=D(2026, 1, 10))
    actions.serve_withdrawal_notice(
        mid, by=lothians.mid_officer, agreement=lothians.sla, served_on=D(2026, 1, 10)
    )
    assert (east.left_on, east.notice_under) == (D(2026, 3, 10), lothians.agreement)
    assert (mid.left_on, mid.notice_under) == (D(2026, 4, 10), lothians.sla)


def test_without_a_governing_agreement_the_notice_must_name_one(world):
    party = world.partnership.parties.get(organisation=world.mid)
    with pytest.raises(ValidationError) as error:
        actions.serve_withdrawal_notice(party, by=world.mid_officer, served_on=D(2026, 1, 10))
    assert "agreement" in error.value.message_dict
    party.refresh_from_db()
    assert party.left_on is None


def test_notice_cannot_be_served_under_a_terminated_agreement(lothians):
    actions.terminate_by_agreement(lothians.sla, by=lothians.jpm, on=D(2025, 3, 31))
    lothians.sla.refresh_from_db()
    party = lothians.partnership.parties.get(organisation=lothians.mid)
    with pytest.raises(ValidationError, match="was terminated on 31 March 2025"):
        actions.serve_withdrawal_notice(
            party, by=lothians.mid_officer, agreement=lothians.sla, served_on=D(2026, 1, 10)
        )


# The governing flag ------------------------------------------------------------------------


def test_a_partnership_has_at_most_one_governing_agreement(lothians, client_for, api):
    with pytest.raises(ValidationError) as error:
        actions.update_agreement(lothians.sla, by=lothians.jpm, is_governing=True)
    assert "already governs" in error.value.message_dict["is_governing"][0]

    response = client_for(lothians.mid_officer).post(
        reverse("agreements:agreement_edit", args=[lothians.sla.pk]),
        {"title": lothians.sla.title, "kind": "sla", "is_governing": "on"},
    )
    assert response.status_code == 200
    assert "Memorandum of Understanding already governs" in response.content.decode()

    response = api(
        "patch",
        f"/agreements/{lothians.sla.pk}",
        user=lothians.mid_officer,
        body={"is_governing": True},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "is_governing"]

    lothians.sla.refresh_from_db()
    assert not lothians.sla.is_governing
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=lothians.sla.pk).update(is_governing=True)


def test_the_governing_agreement_moves_when_the_old_one_gives_it_up(lothians, client_for, api):
    response = api(
        "patch",
        f"/agreements/{lothians.agreement.pk}",
        user=lothians.east_officer,
        body={"is_governing": False},
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_governing"] is False
    response = client_for(lothians.mid_officer).post(
        reverse("agreements:agreement_edit", args=[lothians.sla.pk]),
        {"title": "Archaeology SLA", "kind": "sla", "is_governing": "on"},
    )
    assert response.status_code == 302
    lothians.sla.refresh_from_db()
    assert (lothians.sla.title, lothians.sla.is_governing) == ("Archaeology SLA", True)


def test_only_those_who_change_the_agreement_set_whether_it_governs(lothians, client_for, api):
    url = reverse("agreements:agreement_edit", args=[lothians.sla.pk])
    for user in (lothians.essex_officer, lothians.mid_member, lothians.public):
        assert client_for(user).post(url, {"title": "x", "kind": "sla"}).status_code == 403
        with pytest.raises(PermissionDenied):
            actions.update_agreement(lothians.agreement, by=user, is_governing=False)
    response = api(
        "patch",
        f"/agreements/{lothians.agreement.pk}",
        user=lothians.essex_officer,
        body={"is_governing": False},
    )
    assert response.status_code == 403
    assert api("patch", f"/agreements/{lothians.agreement.pk}", body={}).status_code == 401
    lothians.agreement.refresh_from_db()
    assert lothians.agreement.is_governing


def test_a_terminated_agreement_keeps_its_governing_flag(lothians):
    actions.terminate_by_agreement(lothians.agreement, by=lothians.jpm, on=D(2026, 3, 31))
    with pytest.raises(ValidationError, match="was terminated on 31 March 2026"):
        actions.update_agreement(lothians.agreement, by=lothians.jpm, is_governing=False)


def test_a_new_agreement_is_made_governing_on_its_form(world, client_for):
    response = client_for(world.mid_officer).post(
        reverse("agreements:agreement_create", args=["elm"]),
        {
            "title": "Partnership agreement",
            "kind": "legal",
            "is_governing": "on",
            "legal_form": "inter_authority_agreement",
            "effective_on_day": "1",
            "effective_on_month": "4",
            "effective_on_year": "2026",
            "notice_period_months": "6",
            "withdrawal_timing": "end_of_financial_year",
        },
    )
    assert response.status_code == 302, response.content.decode()
    agreement = Agreement.objects.get(title="Partnership agreement")
    assert agreement.is_governing
    assert agreement.versions.get().status == VersionStatus.DRAFT
    page = client_for(None).get(reverse("agreements:partnership", args=["elm"])).content.decode()
    assert "Governed by" in page and "Partnership agreement" in page


# In force by signature ---------------------------------------------------------------------


def test_a_new_agreement_is_a_draft_until_every_party_has_signed(world):
    agreement = actions.create_agreement(
        world.partnership,
        by=world.jpm,
        title="Data sharing protocol",
        kind="protocol",
        effective_on=D(2026, 4, 1),
        **TERMS,
    )
    version = agreement.versions.get()
    assert version.status == VersionStatus.DRAFT
    assert {o.code for o in version.still_to_sign()} == {"S12000010", "S12000019"}

    actions.sign(
        version,
        by=world.east_officer,
        organisation=world.east,
        signatory_name="Monica Patterson",
        position="Chief Executive",
        signed_on=D(2026, 3, 20),
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT, "one signature is missing"
    assert [o.code for o in version.still_to_sign()] == ["S12000019"]
    assert agreement.current_version is None

    actions.sign(
        version,
        by=world.mid_officer,
        organisation=world.mid,
        signatory_name="Kenneth Lawrie",
        position="Chief Executive",
        signed_on=D(2026, 3, 25),
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert version.effective_on == D(2026, 4, 1), "the effective date is kept"


def test_a_revision_missing_a_signature_is_not_in_force(world):
    world.partnership.agreements.update(is_governing=True)
    world.agreement.versions.update(status=VersionStatus.DRAFT)
    assert not world.partnership.has_agreement_in_force(D(2026, 1, 1))
    version = world.agreement.versions.get()
    actions.sign(
        version,
        by=world.jpm,
        organisation=world.mid,
        signatory_name="Kenneth Lawrie",
        position="Chief Executive",
        signed_on=D(2013, 6, 3),
    )
    assert not world.partnership.has_agreement_in_force(D(2026, 1, 1))
    sign_by_every_party(version, by=world.jpm)
    assert world.partnership.has_agreement_in_force(D(2026, 1, 1))
    assert not world.partnership.has_agreement_in_force(D(2013, 6, 2)), "before it took effect"


def test_a_signed_revision_supersedes_on_its_effective_date(world):
    revision = actions.revise_agreement(
        world.agreement, by=world.jpm, effective_on=D(2099, 6, 3), **TERMS
    )
    sign_by_every_party(revision, by=world.jpm, signed_on=D(2026, 1, 1))
    first = world.agreement.versions.get(number=1)
    assert (first.status, first.superseded_on) == (VersionStatus.SUPERSEDED, D(2099, 6, 3))
    # Until the revision takes effect the first version still held.
    assert world.partnership.has_agreement_in_force(D(2099, 6, 2))
    assert world.partnership.has_agreement_in_force(D(2099, 6, 3))


def test_who_signs_is_who_is_a_party_on_the_effective_date(world):
    """A council that left before the effective date does not sign; one that joins after it
    accedes instead."""
    mid = world.partnership.parties.get(organisation=world.mid)
    actions.serve_withdrawal_notice(
        mid, by=world.mid_officer, agreement=world.agreement, served_on=D(2026, 1, 1)
    )
    revision = actions.revise_agreement(
        world.agreement, by=world.jpm, effective_on=D(2026, 6, 3), **TERMS
    )
    assert [o.code for o in revision.still_to_sign()] == ["S12000010"]
    with pytest.raises(ValidationError, match="was not a party on 3 June 2026"):
        actions.sign(
            revision,
            by=world.jpm,
            organisation=world.mid,
            signatory_name="Kenneth Lawrie",
            position="Chief Executive",
            signed_on=D(2026, 6, 3),
        )
    revision = sign_by_every_party(revision, by=world.jpm)
    assert revision.status == VersionStatus.IN_FORCE


def test_an_accession_signature_adds_a_party_and_leaves_the_version_in_force(world):
    party = actions.accede(
        world.agreement,
        by=world.jpm,
        organisation=world.essex,
        signatory_name="Cllr Example",
        position="Leader",
        signed_on=D(2026, 4, 1),
    )
    assert party in world.partnership.parties_on(D(2026, 4, 1))
    assert party not in world.partnership.parties_on(D(2026, 3, 31))
    assert world.agreement.current_version.number == 1


def test_a_council_records_only_its_own_signature(world, client_for, api):
    draft = actions.revise_agreement(
        world.agreement, by=world.jpm, effective_on=D(2026, 6, 3), **TERMS
    )
    details = {
        "signatory_name": "Kenneth Lawrie",
        "position": "Chief Executive",
        "signed_on": D(2026, 6, 3),
    }
    for user in (world.east_officer, world.essex_officer, world.mid_member, world.public):
        with pytest.raises(PermissionDenied):
            actions.sign(draft, by=user, organisation=world.mid, **details)
    url = reverse("agreements:version_sign", args=[world.agreement.pk, 2])
    form = client_for(world.east_officer).get(url).content.decode()
    assert "East Lothian Council" in form and "Midlothian Council" not in form
    response = client_for(world.east_officer).post(
        url,
        {
            "organisation": world.mid.pk,
            "signatory_name": "X",
            "position": "Y",
            "signed_on_day": "3",
            "signed_on_month": "6",
            "signed_on_year": "2026",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "Choose" in (
        response.content.decode()
    )
    response = api(
        "post",
        f"/agreements/{world.agreement.pk}/versions/2/signatures",
        user=world.east_officer,
        body={
            "organisation_code": "S12000019",
            "signatory_name": "X",
            "position": "Y",
            "signed_on": "2026-06-03",
        },
    )
    assert response.status_code == 403
    assert not draft.signatures.exists()
    # Its own officer, and the partnership's manager for any party, record it.
    actions.sign(draft, by=world.mid_officer, organisation=world.mid, **details)
    actions.sign(draft, by=world.jpm, organisation=world.east, **details)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_FORCE


def test_the_draft_page_says_who_has_still_to_sign(world, client_for):
    draft = actions.revise_agreement(
        world.agreement, by=world.jpm, effective_on=D(2026, 6, 3), **TERMS
    )
    actions.sign(
        draft,
        by=world.mid_officer,
        organisation=world.mid,
        signatory_name="Kenneth Lawrie",
        position="Chief Executive",
        signed_on=D(2026, 5, 1),
    )
    page = (
        client_for(world.east_officer)
        .get(reverse("agreements:agreement", args=[world.agreement.pk]))
        .content.decode()
    )
    assert "Version 2, draft" in page
    still_to_sign = page.split("Still to sign:")[1].split("</ul>")[0]
    assert "East Lothian Council" in still_to_sign
    assert "Midlothian Council" not in still_to_sign
    assert "Bring version" not in page


def test_the_api_creates_drafts_and_shows_who_has_still_to_sign(world, api):
    response = api(
        "post",
        "/partnerships/elm/agreements",
        user=world.mid_officer,
        body={
            "title": "Data sharing protocol",
            "kind": "protocol",
            "legal_form": "other",
            "effective_on": "2026-04-01",
            "in_force": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_governing"] is False
    assert body["versions"][0]["status"] == "draft"
    assert body["versions"][0]["awaiting_signature_from"] == ["S12000010", "S12000019"]
    # Drafts are the parties' business.
    assert api("get", f"/agreements/{body['id']}").json()["versions"] == []


def test_a_version_needs_an_effective_date_in_the_api_and_on_the_page(world, api, client_for):
    response = api(
        "post",
        f"/agreements/{world.agreement.pk}/versions",
        user=world.mid_officer,
        body={"legal_form": "statement_of_intent"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "effective_on"
    response = client_for(world.mid_officer).post(
        reverse("agreements:agreement_revise", args=[world.agreement.pk]),
        {"legal_form": "statement_of_intent", "notice_period_months": "2"},
    )
    assert "Enter the date this version takes effect" in response.content.decode()
    assert world.agreement.versions.count() == 1


# Visibility (issue 21.2, 21.3) -------------------------------------------------------------


@pytest.fixture
def former_party(world):
    """East Lothian was a party to the unpublished partnership and left it in 2020; a draft
    version of its agreement is under way."""
    from joinedup.agreements.tests.factories import AgreementVersionFactory, PartyFactory

    PartyFactory(
        partnership=world.hidden,
        organisation=world.east,
        joined_on=D(2013, 6, 3),
        left_on=D(2020, 3, 31),
        leaving_route="withdrawal",
    )
    world.hidden_agreement = AgreementFactory(partnership=world.hidden, title="Hidden MoU")
    AgreementVersionFactory(agreement=world.hidden_agreement, number=1)
    AgreementVersionFactory(
        agreement=world.hidden_agreement,
        number=2,
        status=VersionStatus.DRAFT,
        change_summary="Draft terms",
        effective_on=D(2027, 4, 1),
    )
    world.east_member = type(world.mid_member).objects.create(
        username="east.member", organisation=world.east, role="elected_member"
    )
    return world


def test_a_council_that_has_left_no_longer_reads_the_unpublished_partnership(
    former_party, client_for, api
):
    w = former_party
    pages = [
        reverse("agreements:partnership", args=["hidden"]),
        reverse("agreements:agreement", args=[w.hidden_agreement.pk]),
        reverse("agreements:version", args=[w.hidden_agreement.pk, 2]),
    ]
    for user in (w.east_officer, w.east_member):
        for url in pages:
            assert client_for(user).get(url).status_code == 404, url
        assert api("get", "/partnerships/hidden", user=user).status_code == 404
        assert api("get", f"/agreements/{w.hidden_agreement.pk}", user=user).status_code == 404
        listed = api("get", "/partnerships", user=user).json()["items"]
        assert "hidden" not in [p["slug"] for p in listed]
    # Midlothian, still a party, reads all of it, drafts included.
    for url in pages:
        assert client_for(w.mid_officer).get(url).status_code == 200, url
    versions = api("get", f"/agreements/{w.hidden_agreement.pk}", user=w.mid_member).json()
    assert [v["number"] for v in versions["versions"]] == [1, 2]


def test_a_former_party_does_not_see_drafts_of_a_published_partnership(world, client_for, api):
    from joinedup.agreements.tests.factories import PartyFactory

    PartyFactory(
        partnership=world.partnership,
        organisation=world.essex,
        joined_on=D(2011, 1, 1),
        left_on=D(2012, 1, 1),
    )
    actions.revise_agreement(
        world.agreement,
        by=world.jpm,
        effective_on=D(2026, 6, 3),
        change_summary="Secret draft",
        **TERMS,
    )
    draft_url = reverse("agreements:version", args=[world.agreement.pk, 2])
    assert client_for(world.essex_officer).get(draft_url).status_code == 404
    assert client_for(world.east_officer).get(draft_url).status_code == 200
    agreement = api("get", f"/agreements/{world.agreement.pk}", user=world.essex_officer).json()
    assert [v["number"] for v in agreement["versions"]] == [1]
    agreement = api("get", f"/agreements/{world.agreement.pk}", user=world.east_officer).json()
    assert [v["number"] for v in agreement["versions"]] == [1, 2]


def test_a_user_with_no_organisation_does_not_see_an_unpublished_partnership_with_no_parties(
    world, client_for, api
):
    from joinedup.agreements.tests.factories import PartnershipFactory

    PartnershipFactory(name="Empty unpublished", slug="empty", is_published=False)
    no_organisation = type(world.public).objects.create(username="nobody", role="officer")
    for user in (world.public, no_organisation):
        assert (
            client_for(user).get(reverse("agreements:partnership", args=["empty"])).status_code
            == 404
        )
        listing = client_for(user).get(reverse("agreements:partnerships")).content.decode()
        assert "Empty unpublished" not in listing
        assert api("get", "/partnerships/empty", user=user).status_code == 404
        slugs = [p["slug"] for p in api("get", "/partnerships", user=user).json()["items"]]
        assert "empty" not in slugs and "elm" in slugs
    # Its manager still reads it.
    from joinedup.agreements.models import Partnership

    Partnership.objects.get(slug="empty").managers.add(world.essex_officer)
    assert api("get", "/partnerships/empty", user=world.essex_officer).status_code == 200
    assert api("get", "/partnerships/empty", user=world.admin).status_code == 200


def test_a_member_of_the_public_attached_to_a_council_reads_only_what_is_published(world, api):
    attached = type(world.public).objects.create(
        username="sso.newcomer", organisation=world.mid, role="public"
    )
    assert api("get", "/partnerships/hidden", user=attached).status_code == 404
    assert api("get", "/partnerships/hidden", user=world.mid_member).status_code == 200
