import datetime

import factory

from joinedup.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementVersion,
    LegalForm,
    Partnership,
    Party,
    VersionStatus,
)
from joinedup.organisations.tests.factories import OrganisationFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    is_published = True


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    joined_on = datetime.date(2013, 6, 3)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partnership = factory.SubFactory(PartnershipFactory)
    title = "Memorandum of Understanding"
    kind = AgreementKind.MOU
    is_governing = False


class AgreementVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgreementVersion

    agreement = factory.SubFactory(AgreementFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = VersionStatus.IN_FORCE
    legal_form = LegalForm.STATEMENT_OF_INTENT
    effective_on = datetime.date(2013, 6, 3)
    notice_period_months = 2


def sign_by_every_party(version: AgreementVersion, *, by, signed_on=None) -> AgreementVersion:
    """Record, through the action, the signature of every party still to sign the version;
    the last one brings a draft into force. Returns the version as it now stands."""
    from joinedup.agreements import actions

    for organisation in version.still_to_sign():
        actions.sign(
            version,
            by=by,
            organisation=organisation,
            signatory_name=f"Signatory of {organisation}",
            position="Chief Executive",
            signed_on=signed_on or version.effective_on,
        )
    version.refresh_from_db()
    return version
