import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.agreements import actions
from joinedup.agreements.models import LegalForm, VersionStatus
from joinedup.agreements.tests.factories import sign_by_every_party

D = datetime.date
TERMS = {"legal_form": LegalForm.STATEMENT_OF_INTENT, "notice_period_months": 2}


def test_a_revision_supersedes_the_version_in_force_and_both_are_kept(world):
    """Once both councils have signed it (changed: a revision was in force when saved)."""
    version = actions.revise_agreement(
        world.agreement,
        by=world.jpm,
        effective_on=D(2026, 6, 3),
        change_summary="New administrations",
        **TERMS,
    )
    version = sign_by_every_party(version, by=world.jpm)

    versions = list(world.agreement.versions.order_by("number"))
    assert [(v.number, v.status) for v in versions] == [
        (1, VersionStatus.SUPERSEDED),
        (2, VersionStatus.IN_FORCE),
    ]
    assert versions[0].superseded_on == D(2026, 6, 3)
    assert world.agreement.current_version == version


def test_a_draft_revision_leaves_the_version_in_force_alone(world):
    actions.revise_agreement(world.agreement, by=world.jpm, effective_on=D(2026, 6, 3), **TERMS)

    statuses = list(world.agreement.versions.order_by("number").values_list("status", flat=True))
    assert statuses == [VersionStatus.IN_FORCE, VersionStatus.DRAFT]


def test_a_revision_needs_an_effective_date(world):
    """Who must sign a version depends on who the parties are on its effective date (changed:
    a draft could be saved without one, and then never come into force)."""
    with pytest.raises(ValidationError) as error:
        actions.revise_agreement(world.agreement, by=world.jpm, **TERMS)
    assert list(error.value.message_dict) == ["effective_on"]
    assert world.agreement.versions.count() == 1


def test_a_revision_cannot_take_effect_before_the_version_it_supersedes(world):
    with pytest.raises(ValidationError, match="must take effect on or after"):
        actions.revise_agreement(world.agreement, by=world.jpm, effective_on=D(2012, 1, 1), **TERMS)
    assert world.agreement.versions.count() == 1, "nothing half-written"


def test_another_councils_officer_cannot_revise_the_agreement(world):
    for user in (world.essex_officer, world.mid_member, world.public):
        with pytest.raises(PermissionDenied):
            actions.revise_agreement(world.agreement, by=user, effective_on=D(2026, 1, 1), **TERMS)
    assert world.agreement.versions.count() == 1


def test_a_new_organisation_accedes_by_signing_the_version_in_force(world):
    party = actions.accede(
        world.agreement,
        by=world.jpm,
        organisation=world.essex,
        signatory_name="Cllr Example",
        position="Leader",
        signed_on=D(2026, 4, 1),
    )
    assert party.joined_on == D(2026, 4, 1)
    assert party.is_current(D(2026, 4, 1))
    signature = world.agreement.current_version.signatures.get(organisation=world.essex)
    assert signature.is_accession


def test_a_current_party_cannot_accede_again(world):
    with pytest.raises(ValidationError, match="already a party"):
        actions.accede(
            world.agreement,
            by=world.jpm,
            organisation=world.mid,
            signatory_name="X",
            position="Y",
            signed_on=D(2026, 4, 1),
        )


def test_a_signature_is_one_per_party_per_version(world):
    version = world.agreement.current_version
    actions.sign(
        version,
        by=world.jpm,
        organisation=world.mid,
        signatory_name="Kenneth Lawrie",
        position="Chief Executive",
        signed_on=D(2013, 6, 3),
    )
    with pytest.raises(ValidationError, match="already signed"):
        actions.sign(
            version,
            by=world.jpm,
            organisation=world.mid,
            signatory_name="Someone",
            position="Chief Executive",
            signed_on=D(2013, 6, 4),
        )


def test_only_a_party_can_sign(world):
    with pytest.raises(ValidationError, match="not a party"):
        actions.sign(
            world.agreement.current_version,
            by=world.jpm,
            organisation=world.essex,
            signatory_name="X",
            position="Y",
            signed_on=D(2013, 6, 3),
        )
