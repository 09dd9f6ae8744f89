"""000: business cases "will be approved through the respective governance processes at each
council"; the initiative is approved only when every participating council has approved."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from joinedup.agreements.tests.factories import (
    AgreementVersionFactory,
    PartnershipFactory,
    PartyFactory,
)
from joinedup.organisations.models import Consent
from joinedup.organisations.tests.factories import OrganisationFactory, UserFactory
from joinedup.programme import actions
from joinedup.programme.models import Status
from joinedup.programme.tests.factories import InitiativeFactory

D = datetime.date


@pytest.fixture
def essex(db):
    """Working Better Together: three councils, and a business case with each of them."""
    county = OrganisationFactory(code="E10000012", name="Essex County Council", kind="county")
    braintree = OrganisationFactory(code="E07000067", name="Braintree District Council")
    brentwood = OrganisationFactory(code="E07000068", name="Brentwood Borough Council")
    partnership = PartnershipFactory(name="Working Better Together", slug="wbt")
    for council in (county, braintree, brentwood):
        PartyFactory(partnership=partnership, organisation=council, joined_on=D(2011, 2, 8))
    AgreementVersionFactory(agreement__partnership=partnership, effective_on=D(2011, 2, 8))
    manager = UserFactory(organisation=county)
    partnership.managers.add(manager)
    initiative = InitiativeFactory(
        partnership=partnership, title="Regulatory services", business_case=True
    )
    initiative.status_changes.update(changed_on=D(2011, 2, 15))
    initiative.business_case.submitted_on = D(2011, 2, 15)
    initiative.business_case.save()
    initiative.business_case.approval_request.__class__.objects.filter(
        pk=initiative.business_case.approval_request_id
    ).update(put_on=D(2011, 2, 15))
    return SimpleNamespace(
        county=county,
        braintree=braintree,
        brentwood=brentwood,
        partnership=partnership,
        manager=manager,
        initiative=initiative,
        business_case=initiative.business_case,
        officers={c: UserFactory(organisation=c) for c in (county, braintree, brentwood)},
    )


def approve(essex, council, on, by=None, given_by_name=""):
    return actions.record_approval(
        essex.business_case,
        by=by or essex.officers[council],
        organisation=council,
        body_name="Cabinet",
        decided_on=on,
        decision_reference=f"CAB/{on:%y%m%d}",
        given_by_name=given_by_name,
    )


def given(essex):
    return essex.business_case.approval_request.consents.filter(given_on__isnull=False)


def test_the_initiative_is_approved_only_when_every_participating_council_has_approved(essex):
    approve(essex, essex.county, D(2011, 3, 1))
    approve(essex, essex.braintree, D(2011, 3, 15))
    essex.initiative.refresh_from_db()
    assert essex.initiative.status == Status.BUSINESS_CASE
    assert essex.business_case.awaiting() == [essex.brentwood]

    approve(essex, essex.brentwood, D(2011, 4, 5))
    essex.initiative.refresh_from_db()
    assert essex.initiative.status == Status.APPROVED
    approved = essex.initiative.lifecycle[-1]
    assert (approved.status, approved.changed_on) == (Status.APPROVED, D(2011, 4, 5))
    assert essex.business_case.awaiting() == []


def test_the_last_approval_need_not_have_the_latest_date(essex):
    """The initiative is approved on the date of the latest decision, whichever is recorded last."""
    approve(essex, essex.county, D(2011, 4, 20))
    approve(essex, essex.braintree, D(2011, 3, 15))
    approve(essex, essex.brentwood, D(2011, 3, 1))
    essex.initiative.refresh_from_db()
    assert essex.initiative.lifecycle[-1].changed_on == D(2011, 4, 20)


def test_approving_by_hand_is_refused_while_councils_are_awaited(essex):
    approve(essex, essex.county, D(2011, 3, 1))
    with pytest.raises(ValidationError) as refusal:
        actions.change_status(essex.initiative, by=essex.manager, to="approved", on=D(2011, 5, 1))
    message = refusal.value.messages[0]
    assert "Braintree District Council, Brentwood Borough Council" in message
    assert "Essex County Council" not in message


def test_a_council_approval_is_counted_once(essex):
    approve(essex, essex.county, D(2011, 3, 1))
    with pytest.raises(ValidationError) as refusal:
        approve(essex, essex.county, D(2011, 3, 2), by=essex.manager)
    assert "already approved this business case, on 1 March 2011" in str(refusal.value)
    assert given(essex).count() == 1
    essex.initiative.refresh_from_db()
    assert essex.initiative.status == Status.BUSINESS_CASE


def test_the_database_holds_one_approval_per_council(essex):
    approve(essex, essex.county, D(2011, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            request=essex.business_case.approval_request,
            organisation=essex.county,
            given_on=D(2011, 3, 3),
        )


def test_an_officer_records_only_their_own_councils_approval(essex):
    with pytest.raises(PermissionDenied):
        approve(essex, essex.braintree, D(2011, 3, 1), by=essex.officers[essex.county])
    assert not given(essex).exists()


def test_the_manager_records_an_approval_on_a_councils_behalf(essex):
    approval = approve(
        essex, essex.brentwood, D(2011, 3, 1), by=essex.manager, given_by_name="Cllr Demo Leader"
    )
    assert (approval.organisation, approval.recorded_by) == (essex.brentwood, essex.manager)
    assert (approval.given_by_name, approval.given_on, approval.recorded_on_behalf) == (
        "Cllr Demo Leader",
        D(2011, 3, 1),
        True,
    )


def test_the_manager_must_say_who_gave_a_councils_approval(essex):
    with pytest.raises(ValidationError) as refusal:
        approve(essex, essex.brentwood, D(2011, 3, 1), by=essex.manager)
    assert "Enter the name of the person at Brentwood Borough Council" in " ".join(
        refusal.value.message_dict["given_by_name"]
    )
    assert not given(essex).exists()


def test_another_councils_officer_cannot_record_an_approval_even_for_the_host(essex):
    """Issue 13 point 6, from the other side: Braintree's officer cannot record Essex's."""
    with pytest.raises(PermissionDenied):
        approve(essex, essex.county, D(2011, 3, 1), by=essex.officers[essex.braintree])
    assert not given(essex).exists()


def test_a_council_not_taking_part_cannot_approve(essex):
    outsider = OrganisationFactory(name="Chelmsford City Council")
    with pytest.raises(ValidationError, match="not taking part"):
        approve(essex, outsider, D(2011, 3, 1), by=essex.manager)


def test_an_approval_cannot_precede_the_business_case(essex):
    with pytest.raises(ValidationError, match="before the business case was submitted"):
        approve(essex, essex.county, D(2011, 2, 14))


@pytest.mark.parametrize(
    "trait", ["approved", "live", "review"], ids=["already-approved", "live", "under-review"]
)
def test_approvals_are_recorded_only_at_the_business_case_stage(world, trait):
    initiative = InitiativeFactory(partnership=world.partnership, **{trait: True})
    with pytest.raises(ValidationError, match="while the business case is with the councils"):
        actions.record_approval(
            initiative.business_case,
            by=world.jpm,
            organisation=world.east,
            body_name="Cabinet",
            decided_on=D(2014, 1, 1),
            decision_reference="X",
            given_by_name="Someone",
        )


def test_the_approval_table_shows_who_has_and_who_has_not(essex):
    approve(essex, essex.braintree, D(2011, 3, 15))
    rows = essex.business_case.approval().answers
    assert [(a.organisation.name, a.state) for a in rows] == [
        ("Braintree District Council", "given"),
        ("Brentwood Borough Council", "awaited"),
        ("Essex County Council", "awaited"),
    ]


def test_a_business_case_cannot_change_once_a_council_has_approved_it(essex):
    approve(essex, essex.county, D(2011, 3, 1))
    with pytest.raises(ValidationError, match="Essex County Council approved it on 1 March 2011"):
        actions.update_business_case(
            essex.business_case,
            by=essex.manager,
            summary="Rewritten",
            costs="C",
            benefits="B",
            is_published=True,
        )
    case = essex.business_case
    published = actions.update_business_case(
        case,
        by=essex.manager,
        summary=case.summary,
        costs=case.costs,
        benefits=case.benefits,
        is_published=False,
    )
    assert published.is_published is False


def test_the_initiative_does_not_pass_its_business_case_without_an_agreement_in_force(essex):
    """DOMAIN rule 6: no partnership becomes operational without a signed agreement."""
    from joinedup.agreements.models import AgreementVersion

    AgreementVersion.objects.filter(agreement__partnership=essex.partnership).update(
        effective_on=D(2012, 1, 1)
    )
    approve(essex, essex.county, D(2011, 3, 1))
    approve(essex, essex.braintree, D(2011, 3, 15))
    with pytest.raises(ValidationError) as refusal:
        approve(essex, essex.brentwood, D(2011, 4, 5))
    assert "no signed agreement in force on 5 April 2011" in " ".join(
        refusal.value.message_dict["decided_on"]
    )
    essex.initiative.refresh_from_db()
    assert essex.initiative.status == Status.BUSINESS_CASE
    assert given(essex).count() == 2, "nothing half-written"
